package server

import (
	"io"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/outlay"
	"outlay/reports"
)

// budgetExport downloads one fiscal year's budget lines (the list's filters, sort and
// quarter, every page) and its unbudgeted money with the figures the budget list shows,
// from the same function, and a totals row. The title names the period, the basis and
// the base currency, as the page does.
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
	quarter := budgetPageQuarter(l.Query.Get("quarter"))
	today := s.today()
	meta := s.exportMeta(c, st, budgetExportTitle(st, fy, quarter, today), l.Query)
	s.sendExport(c, "budget-fy"+strconv.Itoa(fy), meta, func(w io.Writer) error {
		year, err := s.books().BudgetYear(ctx, books.BudgetQuery{Filter: f, Quarter: quarter, Today: today, Settings: &st})
		if err != nil {
			return err
		}
		return reports.BudgetRegister(w, meta, reports.BudgetSheet{Currency: st.BaseCurrency, Quarter: quarter,
			Lines: year.Lines, Unbudgeted: year.Unbudgeted, Totals: year.Totals})
	})
}

// budgetExportTitle names what the budget sheet holds: "Budget FY2027 Q2 (2026-10-01 –
// 2026-12-31) · accrual basis · amounts in EUR · year to date 2026-07-01 – 2026-12-31".
func budgetExportTitle(st outlay.Settings, fy, quarter int, today time.Time) string {
	cal := st.Calendar()
	from, to, ytdTo := books.Period(st, fy, quarter, today)
	title := "Budget " + cal.Label(fy)
	if quarter > 0 {
		title += " Q" + strconv.Itoa(quarter) + " (" + outlay.FormatDate(from) + " – " + outlay.FormatDate(to) + ")"
	}
	title += " · " + st.Basis + " basis · amounts in " + st.BaseCurrency
	if ytdTo.IsZero() {
		return title + " · year to date not started"
	}
	fyStart, _ := cal.Bounds(fy)
	return title + " · year to date " + outlay.FormatDate(fyStart) + " – " + outlay.FormatDate(ytdTo)
}
