-- +goose Up
-- One row per backup Outlay took: nightly by `serve`, by hand with `outlay backup`, or
-- before a migration. The dashboard and /readyz read the newest; Notifications lists them.
CREATE TABLE backup_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('nightly', 'manual', 'pre_migration')),
    started_at  TEXT    NOT NULL,
    finished_at TEXT,
    path        TEXT    NOT NULL DEFAULT '',
    size_bytes  INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    ok          INTEGER NOT NULL DEFAULT 0 CHECK (ok IN (0, 1)),
    error       TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX backup_runs_started_idx ON backup_runs (started_at);

-- +goose Down
DROP TABLE backup_runs;
