-- A person's display name and start date (the day their curricula start,
-- for the team page's overdue rule; the day they were added until set),
-- the signer's name kept with a sign-off as it was when they signed, and
-- settings the service records for the commands (the site URL).

ALTER TABLE people ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN start_ms BIGINT NOT NULL DEFAULT 0;
UPDATE people SET start_ms = created_ms;

ALTER TABLE signoffs ADD COLUMN signer_name TEXT NOT NULL DEFAULT '';

CREATE INDEX ticks_email_ticked ON ticks (email, ticked_ms);

CREATE TABLE settings (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
