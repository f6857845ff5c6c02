-- +goose Up
-- Sign-in failures keyed by keyed hashes instead of what was typed. The old table kept the
-- typed email in clear, of any size: a password typed into the email field was stored as
-- is, and twenty 9 MiB "emails" grew the database by 414 MiB. Its rows are only a
-- throttle's memory of the last minutes, so they are dropped, not converted.
DROP TABLE login_failures;

-- The HMAC key of the throttle's hashes, made once here so that it survives restarts
-- (failures recorded before a restart keep counting) and travels with a backup of the
-- database. It is no secret from someone holding the file; it only makes the stored
-- values fixed-size, unreadable and useless outside this database.
CREATE TABLE login_throttle_key (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    key BLOB    NOT NULL CHECK (length(key) = 32)
) STRICT;
INSERT INTO login_throttle_key (id, key) VALUES (1, randomblob(32));

-- One row per sign-in attempt not (yet) known to be right: account is HMAC-SHA256 of the
-- normalised email, address of the normalised client address (an IPv6 /64).
CREATE TABLE login_failures (
    id      INTEGER PRIMARY KEY,
    account BLOB NOT NULL CHECK (length(account) = 32),
    address BLOB NOT NULL CHECK (length(address) = 32),
    at      TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_pair_idx ON login_failures (account, address, at);
CREATE INDEX login_failures_address_idx ON login_failures (address, at);
CREATE INDEX login_failures_at_idx ON login_failures (at);

-- +goose Down
DROP TABLE login_failures;
DROP TABLE login_throttle_key;
CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);
