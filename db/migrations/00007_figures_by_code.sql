-- +goose Up
-- Budget figures count money under its budget line code in the months where it falls,
-- whichever year's line it was allocated to (a share of a service period that crosses
-- into the next fiscal year counts against that year's line with the same code), and
-- money whose code has no line in a year shows as unbudgeted. Both read a fiscal year's
-- months across every line, and every uninvoiced payment due in the year whatever its
-- code: these indexes answer those reads from the index alone.
CREATE INDEX line_month_actuals_month_idx ON line_month_actuals (month, budget_line_id, cash, accrual);
CREATE INDEX contract_payments_due_idx ON contract_payments (invoiced, due, budget_line_code, base_amount);

-- +goose Down
DROP INDEX contract_payments_due_idx;
DROP INDEX line_month_actuals_month_idx;
