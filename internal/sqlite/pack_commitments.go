package sqlite

import (
	"context"
	"database/sql"
	"time"

	"outlay/internal/outlay"
)

// packCommitments reads the uninvoiced scheduled payments due from from to to, the
// rows the committed figures add up (budgetFigures' committed query: invoiced = 0 and a
// due date in range), with the contract and vendor they belong to. Archived contracts
// keep no payments, so none of theirs is here, as none is in the figures. A payment
// whose currency has no rate is listed with BaseKnown false: the figures leave it out.
// The unary plus keeps SQLite from walking the code index in order over every payment
// of every year: the due-date range is the narrow condition, and its rows are few
// enough to sort.
func packCommitments(ctx context.Context, rq queryer, from, to time.Time) ([]outlay.PackCommitment, error) {
	// Counted first (from the due-date index alone), so the rows are read into a slice
	// of the right size: tens of thousands of them, grown by doubling, would allocate
	// several times what they hold.
	var n int
	if err := rq.QueryRowContext(ctx, `SELECT count(*) FROM contract_payments p WHERE p.invoiced = 0 AND p.due >= ? AND p.due <= ?`,
		outlay.FormatDate(from), outlay.FormatDate(to)).Scan(&n); err != nil {
		return nil, err
	}
	rows, err := rq.QueryContext(ctx, `SELECT p.budget_line_code, p.contract_id, c.title, c.reference, v.name,
		p.due, p.period_start, p.period_end, p.amount, c.currency, p.base_amount
		FROM contract_payments p JOIN contracts c ON c.id = p.contract_id JOIN vendors v ON v.id = c.vendor_id
		WHERE p.invoiced = 0 AND p.due >= ? AND p.due <= ?
		ORDER BY +p.budget_line_code, p.due, p.contract_id, p.id`, outlay.FormatDate(from), outlay.FormatDate(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// A contract has a payment a month at most: its words are read once and shared by
	// its rows, and the few distinct dates are parsed once each.
	type words struct{ title, reference, vendor, currency string }
	byContract := map[int64]words{}
	dates := dateCache{}
	out := make([]outlay.PackCommitment, 0, n)
	// Declared once: the driver reuses the raw buffers from row to row.
	var code, title, reference, vendor, currency, due, start, end sql.RawBytes
	var base sql.NullInt64
	for rows.Next() {
		var p outlay.PackCommitment
		if err := rows.Scan(&code, &p.ContractID, &title, &reference, &vendor,
			&due, &start, &end, &p.Amount, &currency, &base); err != nil {
			return nil, err
		}
		w, ok := byContract[p.ContractID]
		if !ok {
			w = words{string(title), string(reference), string(vendor), string(currency)}
			byContract[p.ContractID] = w
		}
		if len(out) > 0 && out[len(out)-1].BudgetLineCode == string(code) {
			p.BudgetLineCode = out[len(out)-1].BudgetLineCode // rows come by code
		} else {
			p.BudgetLineCode = string(code)
		}
		p.ContractTitle, p.Reference, p.VendorName, p.Currency = w.title, w.reference, w.vendor, w.currency
		p.Due, p.PeriodFrom, p.PeriodTo = dates.parse(due), dates.parse(start), dates.parse(end)
		p.BaseAmount, p.BaseKnown = base.Int64, base.Valid
		out = append(out, p)
	}
	return out, rows.Err()
}

// dateCache parses YYYY-MM-DD columns, each distinct one once.
type dateCache map[string]time.Time

func (c dateCache) parse(b []byte) time.Time {
	if t, ok := c[string(b)]; ok { // no allocation for a lookup by converted bytes
		return t
	}
	t := parseDate(string(b))
	c[string(b)] = t
	return t
}
