-- +goose Up
-- Email goes out through an outbox: whatever plans an email (a reminder run, a password
-- reset, an admin's test) writes it here in its own transaction, and a worker delivers it
-- afterwards, never holding the business writer while it talks to the mail server.
-- dedupe_key names what the email is for ("reminder/contract/12/2027-01-01/30/a@b.example"):
-- it exists once, so planning the same email twice writes it once.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('reminder', 'passed', 'digest', 'pack', 'password_reset', 'test')),
    dedupe_key      TEXT    NOT NULL UNIQUE,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,
    -- secret: the body holds a secret (a password reset link). It is never shown and is
    -- emptied once the email is sent or failed.
    secret          INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
    message_id      TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    -- when a pending email may be tried (again); for a sending one, when its claim lapses
    -- so that an email whose sender died is tried again.
    next_attempt_at TEXT    NOT NULL,
    -- the first temporary failure of the current series: 48 hours after it the email fails.
    failing_since   TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT
) STRICT;
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at);
CREATE INDEX outbox_created_idx ON outbox (created_at, id);

-- An attachment (the quarterly finance pack) is kept apart so that the outbox's rows stay
-- small for the worker's and the Notifications page's reads.
CREATE TABLE outbox_attachments (
    outbox_id    INTEGER PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL
) STRICT;

-- The reminder steps a run has recorded (DOMAIN.md "Reminders"): each (item, key date,
-- offset, recipient) once, whether it was sent, skipped by the catch-up rule or is the
-- "deadline passed" notice (offset -1). The outbox row of a sent step is written in the
-- same transaction.
CREATE TABLE reminder_steps (
    kind        TEXT    NOT NULL CHECK (kind IN ('contract', 'licence')),
    item_id     INTEGER NOT NULL,
    key_date    TEXT    NOT NULL,
    offset_days INTEGER NOT NULL,
    recipient   TEXT    NOT NULL COLLATE NOCASE,
    status      TEXT    NOT NULL CHECK (status IN ('sent', 'skipped', 'passed')),
    what        TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    outbox_id   INTEGER REFERENCES outbox (id),
    PRIMARY KEY (kind, item_id, key_date, offset_days, recipient)
) STRICT, WITHOUT ROWID;

-- Leases keep scheduled runs from overlapping, also across two servers on one database:
-- a run takes the lease (holder, until) in a write transaction and gives it back when done;
-- a lease whose holder died lapses at until.
CREATE TABLE leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  TEXT NOT NULL
) STRICT;

-- One row per scheduled or command-line reminder run, for the Notifications page.
CREATE TABLE reminder_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT    NOT NULL,
    finished_at TEXT,
    as_of       TEXT    NOT NULL,
    holder      TEXT    NOT NULL,
    planned     INTEGER NOT NULL DEFAULT 0,
    sent        INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    rolled      INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    error       TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX reminder_runs_started_idx ON reminder_runs (started_at);

-- Password reset links: the SHA-256 of the secret, valid for an hour, used once.
CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    hash       TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT
) STRICT;
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

-- A user's secret calendar feed address: the SHA-256 of the secret in its URL. At most one
-- live feed per user; revoking it ends the address.
CREATE TABLE calendar_feeds (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    prefix     TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
) STRICT;
CREATE INDEX calendar_feeds_user_idx ON calendar_feeds (user_id);

-- Each user may turn the weekly digest off in their profile.
ALTER TABLE users ADD COLUMN weekly_digest INTEGER NOT NULL DEFAULT 1 CHECK (weekly_digest IN (0, 1));

-- +goose Down
ALTER TABLE users DROP COLUMN weekly_digest;
DROP TABLE calendar_feeds;
DROP TABLE password_resets;
DROP TABLE reminder_runs;
DROP TABLE leases;
DROP TABLE reminder_steps;
DROP TABLE outbox_attachments;
DROP TABLE outbox;
