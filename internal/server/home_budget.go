package server

import (
	"context"
	"html/template"
	"time"

	"outlay/internal/books"
	"outlay/internal/outlay"
)

// homeBudget is the money half of the dashboard: where the current fiscal year stands,
// as books computes it, with the charts drawn from the same numbers.
type homeBudget struct {
	*books.Dashboard
	FYLabel  string
	HasLines bool

	CategoryChart   template.HTML
	CumulativeChart template.HTML
}

// homeBudget reads the dashboard's figures for today's fiscal year and draws its charts.
func (s *Server) homeBudget(ctx context.Context, st outlay.Settings, today time.Time) (homeBudget, error) {
	d, err := s.books().Dashboard(ctx, st, today)
	if err != nil {
		return homeBudget{}, err
	}
	hb := homeBudget{Dashboard: d, FYLabel: st.Calendar().Label(d.FY), HasLines: d.Totals.Lines > 0}
	if hb.HasLines {
		hb.CategoryChart, hb.CumulativeChart = homeCharts(hb)
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
		mlabels = append(mlabels, m.Month.Start().Format("Jan"))
		cumPlan.Values = append(cumPlan.Values, m.CumPlan)
		// Every month's actual, later months' too (invoices recorded for them), as the
		// table beside the chart and the Actual card count them.
		cumActual.Values = append(cumActual.Values, m.CumActual)
	}
	lines := lineChart("Cumulative actual against plan by month, "+hb.FYLabel, hb.Currency, mlabels, []chartSeries{cumPlan, cumActual})
	return bars, lines
}
