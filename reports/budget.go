package reports

import (
	"io"
	"strconv"

	"outlay/internal/figures"
	"outlay/internal/outlay"
)

// BudgetSheet is what BudgetRegister writes: a fiscal year's lines and unbudgeted money
// with their figures for the year or one quarter, and the totals over both, as the
// budget list shows them (books.BudgetYear).
type BudgetSheet struct {
	Currency string
	// Quarter is 1–4 for a quarter's figures, 0 for the whole year.
	Quarter    int
	Lines      []outlay.BudgetLineFigures
	Unbudgeted []outlay.LineFigures
	Totals     outlay.BudgetLineTotals
}

// BudgetRegister writes a fiscal year's budget lines, then its unbudgeted money (marked
// "unbudgeted", no plan), with a totals row of SUM formulas over both, so the total is
// all that was spent and committed. For the whole year the columns are the plan and its
// quarters, actual, committed, forecast and variances, the overdue and prepaid parts and
// the year to date; for a quarter, that quarter's plan, actual, committed, overdue and
// variance, the year to date through it, and the year's plan, actual, committed,
// forecast and forecast variance. meta.Title should name the period, the basis and the
// base currency, as the page does.
func BudgetRegister(w io.Writer, meta Meta, sheet BudgetSheet) error {
	if meta.Title == "" {
		meta.Title = "Budget"
	}
	cols := []column{
		{"Code", colText, 14}, {"Name", colText, 30}, {"Category", colText, 12}, {"Type", colText, 8},
		{"Cost centre", colText, 12}, {"GL account", colText, 11}, {"Owner", colText, 26},
	}
	fixed := len(cols)
	// amounts are the money columns of a row, in the order of their headers.
	var amounts func(planned int64, q [4]int64, f figures.Figures) []int64
	if sheet.Quarter == 0 {
		cols = append(cols, moneyCols("Planned", "Q1", "Q2", "Q3", "Q4", "Actual", "Committed", "Forecast", "Variance",
			"Forecast variance", "Overdue, not invoiced", "Prepaid for later months", "YTD planned", "YTD actual")...)
		amounts = func(planned int64, q [4]int64, f figures.Figures) []int64 {
			return []int64{planned, q[0], q[1], q[2], q[3], f.Actual, f.Committed, f.Forecast, f.Variance,
				f.ForecastVariance, f.Overdue, f.Prepaid, f.YTDPlanned, f.YTDActual}
		}
	} else {
		p := "Q" + strconv.Itoa(sheet.Quarter)
		cols = append(cols, moneyCols(p+" planned", p+" actual", p+" committed", p+" overdue, not invoiced", p+" variance",
			"YTD planned", "YTD actual", "Planned (year)", "Actual (year)", "Committed (year)", "Forecast", "Forecast variance")...)
		amounts = func(_ int64, _ [4]int64, f figures.Figures) []int64 {
			return []int64{f.Planned, f.Actual, f.Committed, f.Overdue, f.Variance,
				f.YTDPlanned, f.YTDActual, f.AnnualPlan, f.YearActual, f.YearCommitted, f.Forecast, f.ForecastVariance}
		}
	}
	// The year and the justification let the file come back in as the same lines.
	cols = append(cols, column{"Budget", colText, 12}, column{"Fiscal year", colText, 10}, column{"Justification", colText, 40})
	r, err := newRegister("Budget", meta, cols)
	if err != nil {
		return err
	}
	defer r.close()
	cur := sheet.Currency
	cells := func(vals []int64) []any {
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = moneyCell{v, cur}
		}
		return out
	}
	for _, l := range sheet.Lines {
		b := l.Line
		row := []any{b.Code, b.Name, b.Category, b.ExpenseType, b.CostCentre, b.GLAccount, b.OwnerEmail}
		row = append(append(row, cells(amounts(b.Planned, b.Quarters, l.Figures))...), "line", "FY"+strconv.Itoa(b.FY), b.Justification)
		if err := r.add(row...); err != nil {
			return err
		}
	}
	for _, u := range sheet.Unbudgeted {
		row := []any{u.Code, "", "", "", "", "", ""}
		row = append(append(row, cells(amounts(0, [4]int64{}, u.Figures))...), "unbudgeted", "", "")
		if err := r.add(row...); err != nil {
			return err
		}
	}
	if len(sheet.Lines)+len(sheet.Unbudgeted) > 0 {
		t := sheet.Totals
		sums := map[string]moneyCell{}
		for i, v := range amounts(t.Planned, t.Quarters, t.Figures) {
			sums[r.cols[fixed+i].Header] = moneyCell{v, cur}
		}
		if err := r.addTotals("Total", sums); err != nil {
			return err
		}
	}
	return r.finish(w)
}

// moneyCols are money columns with the given headers.
func moneyCols(headers ...string) []column {
	out := make([]column, len(headers))
	for i, h := range headers {
		out[i] = column{h, colMoney, 15}
	}
	return out
}
