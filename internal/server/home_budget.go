package server

import (
	"html/template"
	"slices"
	"sort"

	"github.com/gin-gonic/gin"

	"outlay/internal/figures"
	"outlay/internal/money"
	"outlay/internal/outlay"
	"time"
)

// homeBudget is the money half of the dashboard: where the current fiscal year stands.
type homeBudget struct {
	FY       int
	FYLabel  string
	Currency string
	Basis    string
	HasLines bool

	Plan, Actual, Committed, Forecast, Variance int64

	ByCategory      []homeCategoryRow
	CategoryChart   template.HTML
	Months          []homeMonthRow
	CumulativeChart template.HTML

	OverBudget []outlay.LineFigures
	TopVendors []outlay.VendorSpend

	// Shelfware is the unused licence seats' cost converted to the base currency;
	// Unconverted lists what could not be converted for lack of a rate.
	Shelfware   int64
	Unconverted []money.Money
	// MissingRates counts the year's contract payments left out of committed because
	// their currency has no exchange rate.
	MissingRates int
}

// homeCategoryRow is one category's figures for the year.
type homeCategoryRow struct {
	Category               string
	Plan, Actual, Forecast int64
}

// homeMonthRow is one fiscal month: plan and actual in the month and cumulated.
type homeMonthRow struct {
	Month              figures.Month
	Label              string
	Plan, Actual       int64
	CumPlan, CumActual int64
	Past               bool // on or before today's month: actual is known
}

// homeBudgetTop bounds the dashboard's short tables.
const homeBudgetTop = 10

// homeBudget computes the dashboard's figures from one figures query for the year: the
// category and month views are sums of the lines' already-converted figures.
func (s *Server) homeBudget(c *gin.Context, today time.Time) (homeBudget, error) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		return homeBudget{}, err
	}
	cal := st.Calendar()
	fy := cal.Year(today)
	hb := homeBudget{FY: fy, FYLabel: cal.Label(fy), Currency: st.BaseCurrency, Basis: st.Basis}
	lines, err := s.numbers.BudgetFigures(ctx, outlay.FiguresQuery{FY: fy, Today: today})
	if err != nil {
		return hb, err
	}
	hb.HasLines = len(lines) > 0
	byCat := map[string]*homeCategoryRow{}
	months := map[figures.Month]*homeMonthRow{}
	var order []figures.Month
	for _, l := range lines {
		hb.Plan += l.AnnualPlan
		hb.Actual += l.Actual
		hb.Committed += l.Committed
		hb.Forecast += l.Forecast
		hb.Variance += l.ForecastVariance
		row := byCat[l.Category]
		if row == nil {
			row = &homeCategoryRow{Category: l.Category}
			byCat[l.Category] = row
		}
		row.Plan += l.AnnualPlan
		row.Actual += l.Actual
		row.Forecast += l.Forecast
		for _, m := range l.PlanByMonth {
			if months[m.Month] == nil {
				months[m.Month] = &homeMonthRow{Month: m.Month, Label: m.Month.Start().Format("Jan"), Past: m.Month.Compare(figures.MonthOf(today)) <= 0}
				order = append(order, m.Month)
			}
			months[m.Month].Plan += m.Amount
		}
		for _, m := range l.ActualByMonth {
			if r := months[m.Month]; r != nil {
				r.Actual += m.Amount
			}
		}
		if l.ForecastVariance < 0 {
			hb.OverBudget = append(hb.OverBudget, l)
		}
	}
	for _, cat := range outlay.VendorCategories {
		if r := byCat[cat]; r != nil {
			hb.ByCategory = append(hb.ByCategory, *r)
		}
	}
	slices.SortFunc(order, func(a, b figures.Month) int { return a.Compare(b) })
	var cumPlan, cumActual int64
	for _, m := range order {
		r := months[m]
		cumPlan += r.Plan
		cumActual += r.Actual
		r.CumPlan, r.CumActual = cumPlan, cumActual
		hb.Months = append(hb.Months, *r)
	}
	sort.SliceStable(hb.OverBudget, func(i, j int) bool { return hb.OverBudget[i].ForecastVariance < hb.OverBudget[j].ForecastVariance })
	if len(hb.OverBudget) > homeBudgetTop {
		hb.OverBudget = hb.OverBudget[:homeBudgetTop]
	}
	if hb.HasLines {
		hb.CategoryChart, hb.CumulativeChart = homeCharts(hb)
	}
	if hb.TopVendors, err = s.numbers.TopVendors(ctx, fy, homeBudgetTop); err != nil {
		return hb, err
	}
	if hb.MissingRates, err = s.numbers.MissingRatePayments(ctx, fy); err != nil {
		return hb, err
	}
	shelf, err := s.licences().ShelfwareTotals(ctx)
	if err != nil {
		return hb, err
	}
	for _, m := range shelf {
		if m.Currency == st.BaseCurrency {
			hb.Shelfware += m.Amount
			continue
		}
		r, err := s.rates.RateOn(ctx, m.Currency, today)
		if err != nil {
			hb.Unconverted = append(hb.Unconverted, m)
			continue
		}
		fd, _ := money.Digits(m.Currency)
		bd, _ := money.Digits(st.BaseCurrency)
		hb.Shelfware += figures.Convert(m.Amount, fd, bd, r.RateMicros)
	}
	return hb, nil
}

// homeCharts draws the category bars and the cumulative month lines.
func homeCharts(hb homeBudget) (template.HTML, template.HTML) {
	var labels []string
	plan, actual, forecast := chartSeries{Name: "Plan"}, chartSeries{Name: "Actual"}, chartSeries{Name: "Forecast"}
	for _, r := range hb.ByCategory {
		labels = append(labels, humanize(r.Category))
		plan.Values = append(plan.Values, r.Plan)
		actual.Values = append(actual.Values, r.Actual)
		forecast.Values = append(forecast.Values, r.Forecast)
	}
	bars := barChart("Plan, actual and forecast by category, "+hb.FYLabel, hb.Currency, labels, []chartSeries{plan, actual, forecast})
	var mlabels []string
	cumPlan, cumActual := chartSeries{Name: "Plan, cumulative"}, chartSeries{Name: "Actual, cumulative"}
	for _, m := range hb.Months {
		mlabels = append(mlabels, m.Label)
		cumPlan.Values = append(cumPlan.Values, m.CumPlan)
		if m.Past {
			cumActual.Values = append(cumActual.Values, m.CumActual)
		}
	}
	lines := lineChart("Cumulative actual against plan by month, "+hb.FYLabel, hb.Currency, mlabels, []chartSeries{cumPlan, cumActual})
	return bars, lines
}
