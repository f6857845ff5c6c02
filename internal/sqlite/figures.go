package sqlite

import (
	"context"
	"sort"
	"time"

	"outlay/internal/figures"
	"outlay/internal/outlay"
)

var _ outlay.FiguresService = (*DB)(nil)

// BudgetFigures computes the figures of a fiscal year's lines, and of the year's
// unbudgeted money, from three aggregates — plan (the lines), actual (the monthly
// summaries of the year's months, by code), committed (uninvoiced contract payments due
// in the year, by code and due date) — each one grouped query over indexed
// pre-computed rows, never a query per line and never the spend entries themselves.
//
// Actual and committed are grouped by budget line code, not by line: codes are stable
// from year to year, and money counts in the months where it falls against that year's
// line with the same code, so an accrual share of a FY2026 invoice for service in July
// (FY2027 with a July start) counts on FY2027's line. A code with money but no line in
// the year is returned as unbudgeted. Because the summaries stay keyed by line and the
// code is read through the line at query time, changing a line's code moves its money
// with it without rebuilding anything.
func (d *DB) BudgetFigures(ctx context.Context, q outlay.FiguresQuery) ([]outlay.LineFigures, error) {
	return d.budgetFigures(ctx, d.read, q)
}

func (d *DB) budgetFigures(ctx context.Context, rq queryer, q outlay.FiguresQuery) ([]outlay.LineFigures, error) {
	var st outlay.Settings
	if q.Settings != nil {
		st = *q.Settings
	} else {
		var err error
		if st, err = outlay.MemoSettings(ctx, func() (outlay.Settings, error) { return getSettings(ctx, rq) }); err != nil {
			return nil, err
		}
	}
	cal := st.Calendar()
	basis := q.Basis
	if basis == "" {
		basis = st.Basis
	}
	today := q.Today
	if today.IsZero() {
		today = d.today()
	}
	fyStart, fyEnd := cal.Bounds(q.FY)
	period := [2]time.Time{fyStart, fyEnd}
	if q.Quarter >= 1 && q.Quarter <= 4 {
		period[0], period[1] = cal.QuarterBounds(q.FY, q.Quarter)
	}

	lineWhere, lineArgs := "bl.fy = ?", []any{q.FY}
	if q.LineID != nil {
		lineWhere, lineArgs = lineWhere+" AND bl.id = ?", append(lineArgs, *q.LineID)
	}
	rows, err := rq.QueryContext(ctx, `SELECT bl.id, bl.code, bl.name, bl.category, bl.q1, bl.q2, bl.q3, bl.q4
		FROM budget_lines bl WHERE `+lineWhere+` ORDER BY bl.code`, lineArgs...)
	if err != nil {
		return nil, err
	}
	var out []outlay.LineFigures
	byCode := map[string]int{}
	for rows.Next() {
		var lf outlay.LineFigures
		var qs [4]int64
		if err := rows.Scan(&lf.LineID, &lf.Code, &lf.Name, &lf.Category, &qs[0], &qs[1], &qs[2], &qs[3]); err != nil {
			rows.Close()
			return nil, err
		}
		lf.PlanByMonth = figures.PlanMonths(cal, q.FY, qs)
		byCode[lf.Code] = len(out)
		out = append(out, lf)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// One line asked for: its code's money only; a line that does not exist has none.
	codeWhere, paymentCodeWhere, codeArgs := "", "", []any{}
	if q.LineID != nil {
		if len(out) == 0 {
			return out, nil
		}
		codeWhere, paymentCodeWhere, codeArgs = " AND bl.code = ?", " AND budget_line_code = ?", []any{out[0].Code}
	}
	// row finds the figures of code, adding an unbudgeted row for a code without a line.
	var unbudgeted []outlay.LineFigures
	unbudgetedAt := map[string]int{}
	row := func(code string) *outlay.LineFigures {
		if i, ok := byCode[code]; ok {
			return &out[i]
		}
		i, ok := unbudgetedAt[code]
		if !ok {
			i = len(unbudgeted)
			unbudgetedAt[code] = i
			unbudgeted = append(unbudgeted, outlay.LineFigures{Code: code, Unbudgeted: true})
		}
		return &unbudgeted[i]
	}

	// Actual by code and month, for the whole fiscal year (the forecast needs all of it),
	// from the monthly summaries that every spend change keeps up to date.
	column := "cash"
	if basis == outlay.BasisAccrual {
		column = "accrual"
	}
	arows, err := rq.QueryContext(ctx, `SELECT bl.code, a.month, SUM(a.`+column+`) FROM line_month_actuals a
		JOIN budget_lines bl ON bl.id = a.budget_line_id
		WHERE a.month >= ? AND a.month <= ? AND a.`+column+` <> 0`+codeWhere+`
		GROUP BY bl.code, a.month HAVING SUM(a.`+column+`) <> 0 ORDER BY bl.code, a.month`,
		append([]any{figures.MonthOf(fyStart).Key(), figures.MonthOf(fyEnd).Key()}, codeArgs...)...)
	if err != nil {
		return nil, err
	}
	for arows.Next() {
		var code, month string
		var sum int64
		if err := arows.Scan(&code, &month, &sum); err != nil {
			arows.Close()
			return nil, err
		}
		m, err := figures.ParseMonth(month)
		if err != nil {
			continue
		}
		r := row(code)
		r.ActualByMonth = append(r.ActualByMonth, figures.MonthAmount{Month: m, Amount: sum})
	}
	arows.Close()
	if err := arows.Err(); err != nil {
		return nil, err
	}

	// Committed: uninvoiced payments due in the year, by the code of their contract.
	committed := map[string][]figures.DatedAmount{}
	crows, err := rq.QueryContext(ctx, `SELECT budget_line_code, due, SUM(base_amount) FROM contract_payments
		WHERE invoiced = 0 AND due >= ? AND due <= ? AND base_amount IS NOT NULL`+paymentCodeWhere+`
		GROUP BY budget_line_code, due ORDER BY budget_line_code, due`,
		append([]any{outlay.FormatDate(fyStart), outlay.FormatDate(fyEnd)}, codeArgs...)...)
	if err != nil {
		return nil, err
	}
	for crows.Next() {
		var code, due string
		var sum int64
		if err := crows.Scan(&code, &due, &sum); err != nil {
			crows.Close()
			return nil, err
		}
		if sum == 0 {
			continue
		}
		row(code)
		committed[code] = append(committed[code], figures.DatedAmount{Date: parseDate(due), Amount: sum})
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return nil, err
	}

	sort.Slice(unbudgeted, func(i, j int) bool { return unbudgeted[i].Code < unbudgeted[j].Code })
	out = append(out, unbudgeted...)
	for i := range out {
		lf := &out[i]
		lf.Figures = figures.Compute(figures.Input{
			Period: period, FYStart: fyStart, FYEnd: fyEnd, Today: today,
			PlanByMonth: lf.PlanByMonth, ActualByMonth: lf.ActualByMonth, CommittedPayments: committed[lf.Code],
		})
	}
	return out, nil
}

// MissingRatePayments counts the period's scheduled payments without a base amount.
func (d *DB) MissingRatePayments(ctx context.Context, from, to time.Time) (int, error) {
	var n int
	err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM contract_payments WHERE base_amount IS NULL AND due >= ? AND due <= ?`,
		outlay.FormatDate(from), outlay.FormatDate(to)).Scan(&n)
	return n, err
}

// TopVendors sums the period's spend per vendor from the monthly vendor summaries.
func (d *DB) TopVendors(ctx context.Context, from, to time.Time, limit int) ([]outlay.VendorSpend, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT s.vendor_id, v.name, SUM(s.entries), SUM(s.amount) AS total
		FROM vendor_month_spend s JOIN vendors v ON v.id = s.vendor_id
		WHERE s.month >= ? AND s.month <= ? GROUP BY s.vendor_id ORDER BY total DESC, v.name_key LIMIT ?`,
		figures.MonthOf(from).Key(), figures.MonthOf(to).Key(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []outlay.VendorSpend
	for rows.Next() {
		var v outlay.VendorSpend
		if err := rows.Scan(&v.VendorID, &v.VendorName, &v.Entries, &v.Amount); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
