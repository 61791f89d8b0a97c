-- Open deals by stage, for the Monday forecast call.
SELECT stage, count(*) AS deals, sum(acv) AS acv
FROM deals
WHERE closed_at IS NULL
GROUP BY stage;
