-- +goose Up
-- Monthly sums of spend, kept up to date by every spend change, so that budget figures
-- and the dashboard read a few thousand rows instead of aggregating 250,000 invoices per
-- request. They are derived data: the detail tables stay the record.

-- Per budget line and calendar month: cash (allocations by entry date) and accrual
-- (allocations spread over their service period).
CREATE TABLE line_month_actuals (
    budget_line_id INTEGER NOT NULL,
    month          TEXT    NOT NULL, -- YYYY-MM
    cash           INTEGER NOT NULL DEFAULT 0,
    accrual        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (budget_line_id, month)
) STRICT, WITHOUT ROWID;

-- Per vendor and calendar month: entries and their base amount.
CREATE TABLE vendor_month_spend (
    vendor_id INTEGER NOT NULL,
    month     TEXT    NOT NULL,
    entries   INTEGER NOT NULL,
    amount    INTEGER NOT NULL,
    PRIMARY KEY (vendor_id, month)
) STRICT, WITHOUT ROWID;
CREATE INDEX vendor_month_spend_month_idx ON vendor_month_spend (month, vendor_id, amount, entries);

INSERT INTO line_month_actuals (budget_line_id, month, cash, accrual)
SELECT budget_line_id, month, SUM(cash), SUM(accrual) FROM (
    SELECT budget_line_id, substr(date, 1, 7) AS month, amount AS cash, 0 AS accrual FROM spend_allocations
    UNION ALL
    SELECT budget_line_id, month, 0, amount FROM spend_accruals
) GROUP BY budget_line_id, month;

INSERT INTO vendor_month_spend (vendor_id, month, entries, amount)
SELECT vendor_id, substr(date, 1, 7), count(*), SUM(base_amount) FROM spend_entries GROUP BY vendor_id, substr(date, 1, 7);

-- Committed figures read uninvoiced payments by code and due date: an index that holds
-- the amount answers without touching the table.
CREATE INDEX contract_payments_committed_idx ON contract_payments (budget_line_code, invoiced, due, base_amount);
CREATE INDEX contract_payments_missing_idx ON contract_payments (due) WHERE base_amount IS NULL;

-- +goose Down
DROP INDEX contract_payments_missing_idx;
DROP INDEX contract_payments_committed_idx;
DROP TABLE vendor_month_spend;
DROP TABLE line_month_actuals;
