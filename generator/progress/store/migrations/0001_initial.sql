-- People, their credentials, their ticks and sign-offs, and the audit log.
-- Times are milliseconds since the Unix epoch, UTC. The one dialect
-- difference, an auto-numbered key, is written {{serial}}.

CREATE TABLE people (
	email      TEXT PRIMARY KEY,
	role       TEXT NOT NULL CHECK (role IN ('member', 'manager', 'admin')),
	manager    TEXT NOT NULL DEFAULT '',
	created_ms BIGINT NOT NULL
);
CREATE INDEX people_manager ON people (manager);

-- A token is "id.secret"; only the SHA-256 of the secret is kept.
CREATE TABLE tokens (
	id         TEXT PRIMARY KEY,
	hash       TEXT NOT NULL,
	email      TEXT NOT NULL REFERENCES people (email),
	created_ms BIGINT NOT NULL,
	revoked_ms BIGINT
);
CREATE INDEX tokens_email ON tokens (email);

CREATE TABLE invitations (
	id         TEXT PRIMARY KEY,
	hash       TEXT NOT NULL,
	email      TEXT NOT NULL REFERENCES people (email),
	created_ms BIGINT NOT NULL,
	expires_ms BIGINT NOT NULL,
	used_ms    BIGINT,
	revoked_ms BIGINT
);
CREATE INDEX invitations_email ON invitations (email);

CREATE TABLE ticks (
	email       TEXT NOT NULL REFERENCES people (email),
	page        TEXT NOT NULL,
	item        TEXT NOT NULL,
	done        INTEGER NOT NULL CHECK (done IN (0, 1)),
	ticked_ms   BIGINT NOT NULL,
	received_ms BIGINT NOT NULL,
	PRIMARY KEY (email, page, item)
);

CREATE TABLE signoffs (
	email     TEXT NOT NULL REFERENCES people (email),
	module    TEXT NOT NULL,
	signer    TEXT NOT NULL,
	signed_ms BIGINT NOT NULL,
	PRIMARY KEY (email, module)
);

CREATE TABLE audit (
	id      {{serial}},
	at_ms   BIGINT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	detail  TEXT NOT NULL
);
