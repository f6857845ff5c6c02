package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// budgetCopyView is the data of the "copy to next year" confirmation page.
type budgetCopyView struct {
	From, To           int
	FromLabel, ToLabel string
	ToCopy, Skipped    int
}

// budgetCopyYears reads from and to; to defaults to the year after from, and from to
// the current fiscal year.
func budgetCopyYears(from, to string, current int) (int, int) {
	fromFY, ok := budgetParseFY(from)
	if !ok {
		fromFY = current
	}
	toFY, ok := budgetParseFY(to)
	if !ok {
		toFY = fromFY + 1
	}
	return fromFY, toFY
}

// budgetCopyConfirm shows how many lines a copy would create before it is done.
func (s *Server) budgetCopyConfirm(c *gin.Context) {
	ctx := c.Request.Context()
	bs, err := s.loadBudgetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	from, to := budgetCopyYears(c.Query("from"), c.Query("to"), bs.Current)
	toCopy, skipped, err := s.budgetService().PreviewBudgetCopy(ctx, from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	view := budgetCopyView{From: from, To: to, FromLabel: bs.Calendar.Label(from), ToLabel: bs.Calendar.Label(to),
		ToCopy: toCopy, Skipped: skipped}
	p := s.page(c, "Copy "+view.FromLabel+" to "+view.ToLabel, "budget",
		Crumb{"Budget", "/budget?fy=" + strconv.Itoa(from)}, Crumb{"Copy to " + view.ToLabel, ""})
	p.Data = view
	s.render(c, http.StatusOK, "budget_copy", p)
}

// budgetCopy creates next year's lines and shows them.
func (s *Server) budgetCopy(c *gin.Context) {
	ctx := c.Request.Context()
	bs, err := s.loadBudgetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	from, to := budgetCopyYears(c.PostForm("from"), c.PostForm("to"), bs.Current)
	n, err := s.budgetService().CopyBudgetYear(ctx, from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	toLabel := bs.Calendar.Label(to)
	switch n {
	case 0:
		s.flash(c, "info", "Nothing copied: "+toLabel+" already has every code of "+bs.Calendar.Label(from)+".")
	case 1:
		s.flash(c, "success", "Copied 1 line to "+toLabel+".")
	default:
		s.flash(c, "success", "Copied "+thousands(int64(n))+" lines to "+toLabel+".")
	}
	redirect(c, "/budget?fy="+strconv.Itoa(to))
}
