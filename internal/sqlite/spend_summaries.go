package sqlite

import (
	"context"

	"outlay/internal/outlay"
)

// Spend summaries (line_month_actuals, vendor_month_spend) are rebuilt for the budget
// lines and vendors a spend change touches, from the detail rows, inside the change's
// transaction. Rebuilding a key's rows (rather than adding and subtracting) keeps them
// right whatever the change was; a line or vendor has at most a few thousand rows to
// add up.

// spendKeys are the budget lines and vendors whose summaries a change affects.
type spendKeys struct {
	lines   map[int64]bool
	vendors map[int64]bool
}

func newSpendKeys() *spendKeys {
	return &spendKeys{lines: map[int64]bool{}, vendors: map[int64]bool{}}
}

// addEntry records the keys of a spend entry as stored now (call it before and after a
// change, so both the old and the new lines and vendor are rebuilt).
func (k *spendKeys) addEntry(ctx context.Context, tx *Tx, spendID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT budget_line_id FROM spend_allocations WHERE spend_id = ?`, spendID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		k.lines[id] = true
	}
	var vendor int64
	if err := tx.QueryRowContext(ctx, `SELECT vendor_id FROM spend_entries WHERE id = ?`, spendID).Scan(&vendor); err == nil {
		k.vendors[vendor] = true
	}
	return rows.Err()
}

// add records the keys of an entry as it is held in memory: the lines of its
// allocations and its vendor.
func (k *spendKeys) add(e *outlay.SpendEntry) {
	for _, a := range e.Allocations {
		k.lines[a.BudgetLineID] = true
	}
	k.vendors[e.VendorID] = true
}

// merge records the keys of other too.
func (k *spendKeys) merge(other *spendKeys) {
	for id := range other.lines {
		k.lines[id] = true
	}
	for id := range other.vendors {
		k.vendors[id] = true
	}
}

// rebuild recomputes the summary rows of the recorded keys.
func (k *spendKeys) rebuild(ctx context.Context, tx *Tx) error {
	for id := range k.lines {
		if _, err := tx.ExecContext(ctx, `DELETE FROM line_month_actuals WHERE budget_line_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO line_month_actuals (budget_line_id, month, cash, accrual)
			SELECT ?, month, SUM(cash), SUM(accrual) FROM (
				SELECT substr(date, 1, 7) AS month, amount AS cash, 0 AS accrual FROM spend_allocations WHERE budget_line_id = ?
				UNION ALL
				SELECT month, 0, amount FROM spend_accruals WHERE budget_line_id = ?
			) GROUP BY month`, id, id, id); err != nil {
			return err
		}
	}
	for id := range k.vendors {
		if _, err := tx.ExecContext(ctx, `DELETE FROM vendor_month_spend WHERE vendor_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO vendor_month_spend (vendor_id, month, entries, amount)
			SELECT vendor_id, substr(date, 1, 7), count(*), SUM(base_amount) FROM spend_entries WHERE vendor_id = ?
			GROUP BY substr(date, 1, 7)`, id); err != nil {
			return err
		}
	}
	return nil
}
