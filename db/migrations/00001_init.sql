-- +goose Up
-- Times are RFC 3339 UTC text; civil dates are YYYY-MM-DD text; money is INTEGER minor
-- units next to its currency code.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    last_login_at TEXT
) STRICT;

-- The table alexedwards/scs sqlite3store expects.
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry REAL NOT NULL
) STRICT;
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    hash         TEXT    NOT NULL UNIQUE, -- SHA-256 of the secret, hex
    created_at   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
) STRICT;
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

CREATE TABLE vendors (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL UNIQUE, -- lower-cased name: unique regardless of case
    category        TEXT NOT NULL,
    status          TEXT NOT NULL,
    criticality     TEXT NOT NULL,
    website         TEXT NOT NULL DEFAULT '',
    contact_name    TEXT NOT NULL DEFAULT '',
    contact_email   TEXT NOT NULL DEFAULT '',
    contact_phone   TEXT NOT NULL DEFAULT '',
    support_contact TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    archived_at     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX vendors_status_idx ON vendors (status, name_key);
CREATE INDEX vendors_category_idx ON vendors (category, name_key);
CREATE INDEX vendors_criticality_idx ON vendors (criticality, name_key);

CREATE TABLE contracts (
    id                  INTEGER PRIMARY KEY,
    vendor_id           INTEGER NOT NULL REFERENCES vendors (id),
    title               TEXT    NOT NULL,
    reference           TEXT    NOT NULL DEFAULT '',
    kind                TEXT    NOT NULL,
    owner_email         TEXT    NOT NULL,
    backup_owner_email  TEXT    NOT NULL DEFAULT '',
    renewal_type        TEXT    NOT NULL CHECK (renewal_type IN ('auto', 'manual', 'none')),
    notice_value        INTEGER NOT NULL DEFAULT 0,
    notice_unit         TEXT    NOT NULL CHECK (notice_unit IN ('days', 'months')),
    renewal_term_months INTEGER NOT NULL DEFAULT 0,
    uplift_bp           INTEGER NOT NULL DEFAULT 0, -- basis points: 350 = 3.50 %
    currency            TEXT    NOT NULL,
    budget_line_code    TEXT    NOT NULL DEFAULT '',
    notes               TEXT    NOT NULL DEFAULT '',
    justification       TEXT    NOT NULL DEFAULT '',
    archived_at         TEXT,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    -- Copied from the current (latest) term by storage on every change, so that lists can
    -- filter and sort by key date without a query per row. Never typed in.
    first_start         TEXT    NOT NULL DEFAULT '',
    term_start          TEXT    NOT NULL DEFAULT '',
    term_end            TEXT    NOT NULL DEFAULT '',
    term_price          INTEGER NOT NULL DEFAULT 0,
    term_billing        TEXT    NOT NULL DEFAULT '',
    renews_on           TEXT    NOT NULL DEFAULT '',
    cancel_by           TEXT    NOT NULL DEFAULT '',
    key_date            TEXT    NOT NULL DEFAULT '',
    decision            TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX contracts_vendor_idx ON contracts (vendor_id, key_date);
CREATE INDEX contracts_key_date_idx ON contracts (key_date, id);
CREATE INDEX contracts_owner_idx ON contracts (owner_email, key_date);
CREATE INDEX contracts_backup_owner_idx ON contracts (backup_owner_email, key_date);
CREATE INDEX contracts_renewal_type_idx ON contracts (renewal_type, key_date);
CREATE INDEX contracts_budget_line_idx ON contracts (budget_line_code);

CREATE TABLE contract_terms (
    id            INTEGER PRIMARY KEY,
    contract_id   INTEGER NOT NULL REFERENCES contracts (id),
    start_date    TEXT    NOT NULL,
    end_date      TEXT    NOT NULL,
    price         INTEGER NOT NULL CHECK (price >= 0),
    billing       TEXT    NOT NULL CHECK (billing IN ('monthly', 'quarterly', 'annual', 'upfront')),
    decision      TEXT    NOT NULL DEFAULT '' CHECK (decision IN ('', 'renew', 'renegotiate', 'cancel')),
    decision_note TEXT    NOT NULL DEFAULT '',
    decided_by    TEXT    NOT NULL DEFAULT '',
    decided_at    TEXT,
    created_at    TEXT    NOT NULL,
    CHECK (end_date >= start_date),
    UNIQUE (contract_id, start_date)
) STRICT;

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    user_id    INTEGER,
    user_email TEXT    NOT NULL DEFAULT '',
    action     TEXT    NOT NULL,
    entity     TEXT    NOT NULL,
    entity_id  INTEGER NOT NULL,
    before     TEXT    NOT NULL DEFAULT '',
    after      TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE contract_terms;
DROP TABLE contracts;
DROP TABLE vendors;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
