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
	rows, err := rq.QueryContext(ctx, `SELECT p.budget_line_code, p.contract_id, c.title, c.reference, v.name,
		p.due, p.period_start, p.period_end, p.amount, c.currency, p.base_amount
		FROM contract_payments p JOIN contracts c ON c.id = p.contract_id JOIN vendors v ON v.id = c.vendor_id
		WHERE p.invoiced = 0 AND p.due >= ? AND p.due <= ?
		ORDER BY +p.budget_line_code, p.due, p.contract_id, p.id`, outlay.FormatDate(from), outlay.FormatDate(to))
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (outlay.PackCommitment, error) {
		var p outlay.PackCommitment
		var due, start, end string
		var base sql.NullInt64
		if err := row.Scan(&p.BudgetLineCode, &p.ContractID, &p.ContractTitle, &p.Reference, &p.VendorName,
			&due, &start, &end, &p.Amount, &p.Currency, &base); err != nil {
			return p, err
		}
		p.Due, p.PeriodFrom, p.PeriodTo = parseDate(due), parseDate(start), parseDate(end)
		p.BaseAmount, p.BaseKnown = base.Int64, base.Valid
		return p, nil
	})
}
