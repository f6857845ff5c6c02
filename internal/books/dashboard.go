package books

import (
	"context"
	"slices"
	"sort"
	"time"

	"outlay/internal/figures"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// Dashboard is where a fiscal year stands, in the base currency: the totals of every
// budget line (the same totals the budget list and its export show), by category and by
// month, the lines forecast over their plan, the top vendors and the shelfware.
type Dashboard struct {
	FY       int
	Currency string
	Basis    string
	// Totals are BudgetYear's totals over every line of the year.
	Totals     outlay.BudgetLineTotals
	ByCategory []CategoryFigures
	Months     []MonthFigures
	// OverBudget are the lines with the largest forecast overrun, worst first.
	OverBudget []outlay.LineFigures
	TopVendors []outlay.VendorSpend

	// Shelfware is the unused licence seats' cost converted to the base currency at
	// today's rates; Unconverted lists what could not be converted for lack of a rate.
	Shelfware   int64
	Unconverted []money.Money
	// MissingRates counts the year's contract payments left out of committed because
	// their currency has no exchange rate.
	MissingRates int
}

// CategoryFigures are one category's figures for the year.
type CategoryFigures struct {
	Category               string
	Plan, Actual, Forecast int64
}

// MonthFigures are one fiscal month's plan and actual, in the month and cumulated.
type MonthFigures struct {
	Month              figures.Month
	Plan, Actual       int64
	CumPlan, CumActual int64
	// Past is true on or before today's month; a later month's actual is prepaid
	// (recorded invoices for service still to come, or dated later).
	Past bool
}

// DashboardTop bounds the dashboard's short tables.
const DashboardTop = 10

// Dashboard computes the fiscal year of today from BudgetYear over every line of the
// year: the category and month views are sums of the lines' already-converted figures.
func (b *Books) Dashboard(ctx context.Context, st outlay.Settings, today time.Time) (*Dashboard, error) {
	cal := st.Calendar()
	fy := cal.Year(today)
	from, to := cal.Bounds(fy)
	d := &Dashboard{FY: fy, Currency: st.BaseCurrency, Basis: st.Basis}
	year, err := b.BudgetYear(ctx, BudgetQuery{Filter: outlay.BudgetLineFilter{FY: fy}, Today: today, Settings: &st})
	if err != nil {
		return nil, err
	}
	d.Totals = year.Totals
	rows := make([]outlay.LineFigures, 0, len(year.Lines)+len(year.Unbudgeted))
	for _, l := range year.Lines {
		rows = append(rows, l.LineFigures)
	}
	var fyMonths []figures.Month
	for m := figures.MonthOf(from); m.Compare(figures.MonthOf(to)) <= 0; m = m.Next() {
		fyMonths = append(fyMonths, m)
	}
	if err := d.addLines(append(rows, year.Unbudgeted...), fyMonths, today); err != nil {
		return nil, err
	}
	if d.TopVendors, err = b.Figures.TopVendors(ctx, from, to, DashboardTop); err != nil {
		return nil, err
	}
	if d.MissingRates, err = b.Figures.MissingRatePayments(ctx, from, to); err != nil {
		return nil, err
	}
	if err := b.shelfware(ctx, d, today); err != nil {
		return nil, err
	}
	return d, nil
}

// UnbudgetedCategory is the category row of the year's unbudgeted money, after the
// categories of the lines, so the category view adds up to the totals.
const UnbudgetedCategory = "unbudgeted"

// addLines fills the category, month and over-budget views from the year's lines and
// unbudgeted money. Every month shows its actual, later months' too (invoices recorded
// for service still to come), so the month table adds up to the Actual card.
func (d *Dashboard) addLines(lines []outlay.LineFigures, order []figures.Month, today time.Time) error {
	var s sums
	byCat := map[string]*CategoryFigures{}
	months := map[figures.Month]*MonthFigures{}
	thisMonth := figures.MonthOf(today)
	for _, m := range order {
		months[m] = &MonthFigures{Month: m, Past: m.Compare(thisMonth) <= 0}
	}
	for _, l := range lines {
		cat := l.Category
		if l.Unbudgeted {
			cat = UnbudgetedCategory
		}
		row := byCat[cat]
		if row == nil {
			row = &CategoryFigures{Category: cat}
			byCat[cat] = row
		}
		s.add(&row.Plan, l.AnnualPlan)
		s.add(&row.Actual, l.Actual)
		s.add(&row.Forecast, l.Forecast)
		for _, m := range l.PlanByMonth {
			if r := months[m.Month]; r != nil {
				s.add(&r.Plan, m.Amount)
			}
		}
		for _, m := range l.ActualByMonth {
			if r := months[m.Month]; r != nil {
				s.add(&r.Actual, m.Amount)
			}
		}
		if l.ForecastVariance < 0 && !l.Unbudgeted {
			d.OverBudget = append(d.OverBudget, l)
		}
	}
	for _, cat := range append(slices.Clone(outlay.VendorCategories), UnbudgetedCategory) {
		if r := byCat[cat]; r != nil {
			d.ByCategory = append(d.ByCategory, *r)
		}
	}
	var cumPlan, cumActual int64
	for _, m := range order {
		r := months[m]
		s.add(&cumPlan, r.Plan)
		s.add(&cumActual, r.Actual)
		r.CumPlan, r.CumActual = cumPlan, cumActual
		d.Months = append(d.Months, *r)
	}
	sort.SliceStable(d.OverBudget, func(i, j int) bool { return d.OverBudget[i].ForecastVariance < d.OverBudget[j].ForecastVariance })
	if len(d.OverBudget) > DashboardTop {
		d.OverBudget = d.OverBudget[:DashboardTop]
	}
	return s.err()
}

// shelfware is the shelfware of the licences in use, in the base currency.
func (b *Books) shelfware(ctx context.Context, d *Dashboard, today time.Time) error {
	groups, err := b.Licences.ShelfwareTotals(ctx)
	if err != nil {
		return err
	}
	sh, err := b.ConvertShelfware(ctx, groups, d.Currency, today)
	if err != nil {
		return err
	}
	d.Shelfware, d.Unconverted = sh.Base, sh.Unconverted
	return nil
}
