-- +goose Up
-- Sessions moved to a database file of their own (sessions.db beside outlay.db), so that
-- learning who is signed in never waits on the business writer. The old table is dropped;
-- whoever was signed in signs in once more after the upgrade.
DROP TABLE sessions;

-- +goose Down
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry REAL NOT NULL
) STRICT;
CREATE INDEX sessions_expiry_idx ON sessions (expiry);
