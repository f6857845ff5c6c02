package sqlite

import (
	"context"

	"outlay/internal/figures"
	"outlay/internal/outlay"
)

// The finance pack's spend is read with the rules the stored summaries are built by
// (spend_summaries.go): line_month_actuals.cash adds up allocations by the month of
// their date, line_month_actuals.accrual adds up spend_accruals by month. Reading the
// same rows for the same months is what makes every code's counted charges add up to
// its actual to the cent, on both bases.

// packAccrued is the allocations' accrual shares within a range of months, one row per
// allocation whose shares there do not cancel out. Budget lines lead so that the
// shares' (budget_line_id, month) index answers each line's months; spend_accruals
// has no index on the month alone.
const packAccrued = `SELECT sa.allocation_id AS id, SUM(sa.amount) AS counted
	FROM budget_lines bl CROSS JOIN spend_accruals sa ON sa.budget_line_id = bl.id AND sa.month >= ? AND sa.month <= ?
	GROUP BY sa.allocation_id HAVING SUM(sa.amount) <> 0`

// chargeMonths returns the month keys of q's period, for the accrual shares.
func chargeMonths(q outlay.ChargeQuery) (string, string) {
	return figures.MonthOf(q.From).Key(), figures.MonthOf(q.To).Key()
}

// eachPackCharge streams the charges q counts: on the cash basis the allocations of the
// entries dated in the period (the entries' date index leads), on the accrual basis the
// allocations with shares in the period's months, each with the amount counted.
func eachPackCharge(ctx context.Context, rq queryer, q outlay.ChargeQuery, fn func(*outlay.PackCharge) error) error {
	const from = ` FROM spend_entries e JOIN vendors v ON v.id = e.vendor_id LEFT JOIN contracts c ON c.id = e.contract_id`
	var query string
	var args []any
	if q.Basis == outlay.BasisAccrual {
		lo, hi := chargeMonths(q)
		query = `WITH k AS (` + packAccrued + `) SELECT ` + spendChargeColumns + `, k.counted
			FROM k JOIN spend_allocations a ON a.id = k.id JOIN spend_entries e ON e.id = a.spend_id
			JOIN vendors v ON v.id = e.vendor_id LEFT JOIN contracts c ON c.id = e.contract_id
			JOIN budget_lines b ON b.id = a.budget_line_id
			ORDER BY e.date, e.id, a.id`
		args = []any{lo, hi}
	} else {
		query = `SELECT ` + spendChargeColumns + `, a.amount` + from + `
			CROSS JOIN spend_allocations a ON a.spend_id = e.id JOIN budget_lines b ON b.id = a.budget_line_id
			WHERE e.date >= ? AND e.date <= ? AND a.amount <> 0
			ORDER BY e.date, e.id, a.id`
		args = []any{outlay.FormatDate(q.From), outlay.FormatDate(q.To)}
	}
	rows, err := rq.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var sc spendChargeScanner
	var pc outlay.PackCharge
	for rows.Next() {
		var counted int64
		ch, err := sc.scan(rows, &counted)
		if err != nil {
			return err
		}
		pc = outlay.PackCharge{SpendCharge: *ch, Counted: counted}
		if err := fn(&pc); err != nil {
			return err
		}
	}
	return rows.Err()
}

// vendorCharges adds up what eachPackCharge would stream, per vendor, in one aggregate.
func vendorCharges(ctx context.Context, rq queryer, q outlay.ChargeQuery) ([]outlay.VendorSpend, error) {
	var query string
	var args []any
	if q.Basis == outlay.BasisAccrual {
		lo, hi := chargeMonths(q)
		query = `WITH k AS (` + packAccrued + `) SELECT e.vendor_id, v.name, count(*), SUM(k.counted)
			FROM k JOIN spend_allocations a ON a.id = k.id JOIN spend_entries e ON e.id = a.spend_id
			JOIN vendors v ON v.id = e.vendor_id GROUP BY e.vendor_id ORDER BY e.vendor_id`
		args = []any{lo, hi}
	} else {
		query = `SELECT e.vendor_id, v.name, count(*), SUM(a.amount) FROM spend_entries e JOIN vendors v ON v.id = e.vendor_id
			CROSS JOIN spend_allocations a ON a.spend_id = e.id
			WHERE e.date >= ? AND e.date <= ? AND a.amount <> 0 GROUP BY e.vendor_id ORDER BY e.vendor_id`
		args = []any{outlay.FormatDate(q.From), outlay.FormatDate(q.To)}
	}
	rows, err := rq.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (outlay.VendorSpend, error) {
		var v outlay.VendorSpend
		err := row.Scan(&v.VendorID, &v.VendorName, &v.Entries, &v.Amount)
		return v, err
	})
}
