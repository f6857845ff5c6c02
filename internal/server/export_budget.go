package server

import (
	"bytes"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/reports"
)

// budgetExport downloads one fiscal year's budget lines (the list's filters and sort,
// every page) with plan, quarters, actual, committed and forecast, and a totals row.
func (s *Server) budgetExport(c *gin.Context) {
	ctx := c.Request.Context()
	bs, err := s.loadBudgetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := newList(c, "code", false, outlay.BudgetLineSortKeys...)
	fy, ok := budgetParseFY(l.Query.Get("fy"))
	if !ok {
		fy = bs.Current
	}
	f, _ := budgetFilterFromQuery(l.Query)
	f.FY, f.Sort, f.Desc = fy, l.Sort, l.Desc
	lines, _, err := s.budgetService().FindBudgetLines(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	figs, err := s.numbers.BudgetFigures(ctx, outlay.FiguresQuery{FY: fy, Today: s.today()})
	if err != nil {
		s.fail(c, err)
		return
	}
	byID := make(map[int64]outlay.LineFigures, len(figs))
	for _, lf := range figs {
		byID[lf.LineID] = lf
	}
	rows := make([]reports.BudgetLineFigures, 0, len(lines))
	for _, b := range lines {
		lf := byID[b.ID]
		rows = append(rows, reports.BudgetLineFigures{Line: b, Actual: lf.Actual, Committed: lf.Committed,
			Forecast: lf.Forecast, Variance: lf.Variance, ForecastVariance: lf.ForecastVariance})
	}
	meta, err := s.exportMeta(c, "Budget "+bs.Calendar.Label(fy), l.Query)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := reports.BudgetRegister(&buf, meta, bs.Currency, rows); err != nil {
		s.fail(c, err)
		return
	}
	sendWorkbook(c, "budget-fy"+strconv.Itoa(fy), meta, buf.Bytes())
}
