package sqlite

import (
	"context"
	"strings"
	"time"

	"outlay/internal/figures"
	"outlay/internal/outlay"
)

var _ outlay.FiguresService = (*DB)(nil)

// BudgetFigures computes the figures of a fiscal year's lines from three aggregates —
// plan (the lines), actual (allocations by month, or their accrual shares), committed
// (uninvoiced contract payments by due date) — each one grouped query over indexed
// pre-computed rows, never a query per line and never the spend entries themselves.
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
	rows, err := rq.QueryContext(ctx, `SELECT bl.id, bl.code, bl.name, bl.category, bl.planned, bl.q1, bl.q2, bl.q3, bl.q4
		FROM budget_lines bl WHERE `+lineWhere+` ORDER BY bl.code`, lineArgs...)
	if err != nil {
		return nil, err
	}
	var out []outlay.LineFigures
	byID := map[int64]int{}
	byCode := map[string]int{}
	for rows.Next() {
		var lf outlay.LineFigures
		var qs [4]int64
		if err := rows.Scan(&lf.LineID, &lf.Code, &lf.Name, &lf.Category, &lf.AnnualPlan, &qs[0], &qs[1], &qs[2], &qs[3]); err != nil {
			rows.Close()
			return nil, err
		}
		lf.PlanByMonth = figures.PlanMonths(cal, q.FY, qs)
		byID[lf.LineID], byCode[lf.Code] = len(out), len(out)
		out = append(out, lf)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}

	// Actual by line and month, for the whole fiscal year (the forecast needs all of it),
	// from the monthly summaries that every spend change keeps up to date.
	column := "cash"
	if basis == outlay.BasisAccrual {
		column = "accrual"
	}
	actual := `SELECT a.budget_line_id, a.month, a.` + column + ` FROM line_month_actuals a JOIN budget_lines bl ON bl.id = a.budget_line_id
		WHERE ` + lineWhere + ` AND a.month >= ? AND a.month <= ? AND a.` + column + ` <> 0`
	actualArgs := append(append([]any{}, lineArgs...), figures.MonthOf(fyStart).Key(), figures.MonthOf(fyEnd).Key())
	arows, err := rq.QueryContext(ctx, actual, actualArgs...)
	if err != nil {
		return nil, err
	}
	for arows.Next() {
		var id, sum int64
		var month string
		if err := arows.Scan(&id, &month, &sum); err != nil {
			arows.Close()
			return nil, err
		}
		m, err := figures.ParseMonth(month)
		if err != nil {
			continue
		}
		if i, ok := byID[id]; ok {
			out[i].ActualByMonth = append(out[i].ActualByMonth, figures.MonthAmount{Month: m, Amount: sum})
		}
	}
	arows.Close()
	if err := arows.Err(); err != nil {
		return nil, err
	}

	// Committed: uninvoiced payments of contracts charged to the lines' codes, by due date.
	codes := make([]any, 0, len(out))
	for _, lf := range out {
		codes = append(codes, lf.Code)
	}
	committed := map[string][]figures.DatedAmount{}
	crows, err := rq.QueryContext(ctx, `SELECT budget_line_code, due, SUM(base_amount) FROM contract_payments
		WHERE invoiced = 0 AND base_amount IS NOT NULL AND due >= ? AND due <= ? AND budget_line_code IN (`+marks(len(codes))+`)
		GROUP BY budget_line_code, due`, append([]any{outlay.FormatDate(fyStart), outlay.FormatDate(fyEnd)}, codes...)...)
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
		committed[code] = append(committed[code], figures.DatedAmount{Date: parseDate(due), Amount: sum})
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return nil, err
	}

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

// marks returns n comma-separated SQL placeholders.
func marks(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
