-- +goose Up
-- The money side: settings, exchange rates, licences, budget lines, spend, and the small
-- pre-computed pieces that let budget figures be SQL aggregates instead of loading every
-- invoice per request.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- 1 unit of currency = rate_micros / 10^6 units of the base currency, from effective_from.
CREATE TABLE fx_rates (
    id             INTEGER PRIMARY KEY,
    currency       TEXT    NOT NULL,
    effective_from TEXT    NOT NULL,
    rate_micros    INTEGER NOT NULL CHECK (rate_micros > 0),
    created_at     TEXT    NOT NULL,
    UNIQUE (currency, effective_from)
) STRICT;

CREATE TABLE licences (
    id               INTEGER PRIMARY KEY,
    product          TEXT    NOT NULL,
    vendor_id        INTEGER NOT NULL REFERENCES vendors (id),
    contract_id      INTEGER REFERENCES contracts (id),
    kind             TEXT    NOT NULL,
    seats_purchased  INTEGER NOT NULL DEFAULT 0 CHECK (seats_purchased >= 0),
    seats_assigned   INTEGER NOT NULL DEFAULT 0 CHECK (seats_assigned >= 0),
    unit_price       INTEGER NOT NULL DEFAULT 0 CHECK (unit_price >= 0),
    currency         TEXT    NOT NULL,
    billing          TEXT    NOT NULL,
    start_date       TEXT    NOT NULL DEFAULT '',
    expiry_date      TEXT    NOT NULL DEFAULT '',
    owner_email      TEXT    NOT NULL DEFAULT '',
    budget_line_code TEXT    NOT NULL DEFAULT '',
    notes            TEXT    NOT NULL DEFAULT '',
    key_cipher       BLOB, -- AES-GCM nonce || ciphertext; NULL when no key is stored
    archived_at      TEXT,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
) STRICT;
CREATE INDEX licences_vendor_idx ON licences (vendor_id);
CREATE INDEX licences_contract_idx ON licences (contract_id);
CREATE INDEX licences_expiry_idx ON licences (expiry_date);
CREATE INDEX licences_budget_line_idx ON licences (budget_line_code);
CREATE INDEX licences_product_idx ON licences (product COLLATE NOCASE);

CREATE TABLE budget_lines (
    id            INTEGER PRIMARY KEY,
    fy            INTEGER NOT NULL,
    code          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    expense_type  TEXT    NOT NULL CHECK (expense_type IN ('capex', 'opex')),
    cost_centre   TEXT    NOT NULL DEFAULT '',
    gl_account    TEXT    NOT NULL DEFAULT '',
    owner_email   TEXT    NOT NULL DEFAULT '',
    planned       INTEGER NOT NULL CHECK (planned >= 0), -- base currency minor units
    q1            INTEGER NOT NULL,
    q2            INTEGER NOT NULL,
    q3            INTEGER NOT NULL,
    q4            INTEGER NOT NULL,
    quarters_set  INTEGER NOT NULL DEFAULT 0 CHECK (quarters_set IN (0, 1)), -- explicit split
    justification TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    UNIQUE (fy, code),
    CHECK (q1 + q2 + q3 + q4 = planned)
) STRICT;
CREATE INDEX budget_lines_code_idx ON budget_lines (code, fy);

CREATE TABLE spend_entries (
    id             INTEGER PRIMARY KEY,
    date           TEXT    NOT NULL,
    vendor_id      INTEGER NOT NULL REFERENCES vendors (id),
    description    TEXT    NOT NULL,
    invoice_number TEXT    NOT NULL DEFAULT '',
    po_number      TEXT    NOT NULL DEFAULT '',
    amount         INTEGER NOT NULL,           -- in currency, minor units
    currency       TEXT    NOT NULL,
    fx_rate_micros INTEGER NOT NULL,           -- rate used at entry (10^6 for base currency)
    base_amount    INTEGER NOT NULL,           -- converted once, at entry, never silently
    contract_id    INTEGER REFERENCES contracts (id),
    licence_id     INTEGER REFERENCES licences (id),
    service_from   TEXT,
    service_to     TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
) STRICT;
-- An invoice number is unique per vendor, regardless of case.
CREATE UNIQUE INDEX spend_invoice_idx ON spend_entries (vendor_id, invoice_number COLLATE NOCASE) WHERE invoice_number <> '';
CREATE INDEX spend_date_idx ON spend_entries (date, id);
CREATE INDEX spend_vendor_idx ON spend_entries (vendor_id, date);
CREATE INDEX spend_contract_idx ON spend_entries (contract_id, date);
CREATE INDEX spend_licence_idx ON spend_entries (licence_id);

-- Parts of an entry's base amount charged to budget lines; they add up to base_amount.
-- date repeats the entry's date so cash-basis actuals are one indexed aggregate.
CREATE TABLE spend_allocations (
    id             INTEGER PRIMARY KEY,
    spend_id       INTEGER NOT NULL REFERENCES spend_entries (id) ON DELETE CASCADE,
    budget_line_id INTEGER NOT NULL REFERENCES budget_lines (id),
    amount         INTEGER NOT NULL,
    date           TEXT    NOT NULL
) STRICT;
CREATE INDEX spend_allocations_spend_idx ON spend_allocations (spend_id);
CREATE INDEX spend_allocations_line_idx ON spend_allocations (budget_line_id, date, amount);

-- Each allocation spread over the months of its entry's service period (accrual basis),
-- computed when the entry is written.
CREATE TABLE spend_accruals (
    allocation_id  INTEGER NOT NULL REFERENCES spend_allocations (id) ON DELETE CASCADE,
    budget_line_id INTEGER NOT NULL,
    month          TEXT    NOT NULL, -- YYYY-MM
    amount         INTEGER NOT NULL,
    PRIMARY KEY (allocation_id, month)
) STRICT, WITHOUT ROWID;
CREATE INDEX spend_accruals_line_idx ON spend_accruals (budget_line_id, month, amount);

-- Each contract's payment schedule, existing terms and the terms an auto contract will
-- roll into, recomputed whenever the contract, its terms, its spend or the rates change.
CREATE TABLE contract_payments (
    id               INTEGER PRIMARY KEY,
    contract_id      INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    due              TEXT    NOT NULL,
    period_start     TEXT    NOT NULL,
    period_end       TEXT    NOT NULL,
    amount           INTEGER NOT NULL, -- contract currency
    base_amount      INTEGER,          -- NULL while no rate is known for the currency
    projected        INTEGER NOT NULL DEFAULT 0 CHECK (projected IN (0, 1)),
    invoiced         INTEGER NOT NULL DEFAULT 0 CHECK (invoiced IN (0, 1)),
    budget_line_code TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX contract_payments_contract_idx ON contract_payments (contract_id, period_start);
CREATE INDEX contract_payments_code_idx ON contract_payments (budget_line_code, due, invoiced);

-- +goose Down
DROP TABLE contract_payments;
DROP TABLE spend_accruals;
DROP TABLE spend_allocations;
DROP TABLE spend_entries;
DROP TABLE budget_lines;
DROP TABLE licences;
DROP TABLE fx_rates;
DROP TABLE settings;
