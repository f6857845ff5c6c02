package server

import (
	"io"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/outlay"
	"outlay/reports"
)

// budgetExport downloads one fiscal year's budget lines (the list's filters and sort,
// every page) with plan, quarters, actual, committed and forecast, and a totals row: the
// lines and totals the budget list shows, from the same function.
func (s *Server) budgetExport(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	cal := st.Calendar()
	l := newList(c, "code", false, outlay.BudgetLineSortKeys...)
	fy, ok := budgetParseFY(l.Query.Get("fy"))
	if !ok {
		fy = cal.Year(s.today())
	}
	f, _ := budgetFilterFromQuery(l.Query)
	f.FY, f.Sort, f.Desc = fy, l.Sort, l.Desc
	meta := s.exportMeta(c, st, "Budget "+cal.Label(fy), l.Query)
	s.sendExport(c, "budget-fy"+strconv.Itoa(fy), meta, func(w io.Writer) error {
		year, err := s.books().BudgetYear(ctx, books.BudgetQuery{Filter: f, Today: s.today(), Settings: &st})
		if err != nil {
			return err
		}
		return reports.BudgetRegister(w, meta, st.BaseCurrency, year.Lines, year.Totals)
	})
}
