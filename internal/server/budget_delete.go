package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// budgetDeleteView is the data of the delete confirmation page.
type budgetDeleteView struct {
	Line     *outlay.BudgetLine
	Currency string
	FYLabel  string
	// Refused holds why the line cannot be deleted (spend is charged to it); the page
	// then explains instead of offering the button.
	Refused string
}

func (s *Server) renderBudgetDelete(c *gin.Context, status int, b *outlay.BudgetLine, refused string) {
	bs, err := s.loadBudgetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	show := "/budget/" + strconv.FormatInt(b.ID, 10)
	p := s.page(c, "Delete "+b.Code, "budget", Crumb{"Budget", "/budget?fy=" + strconv.Itoa(b.FY)}, Crumb{b.Code, show}, Crumb{"Delete", ""})
	p.Data = budgetDeleteView{Line: b, Currency: bs.Currency, FYLabel: bs.Calendar.Label(b.FY), Refused: refused}
	s.render(c, status, "budget_delete", p)
}

// budgetDeleteConfirm asks before a line is deleted, or says why it cannot be.
func (s *Server) budgetDeleteConfirm(c *gin.Context) {
	b, err := s.loadBudgetLine(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	refused := ""
	if b.AllocationCount > 0 {
		refused = "Spend is charged to this line, so it cannot be deleted. Move that spend to another line first."
	}
	s.renderBudgetDelete(c, http.StatusOK, b, refused)
}

// budgetDelete deletes a line with no spend; with spend it shows the refusal (409).
func (s *Server) budgetDelete(c *gin.Context) {
	b, err := s.loadBudgetLine(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.budgetService().DeleteBudgetLine(c.Request.Context(), b.ID); err != nil {
		if outlay.ErrorCode(err) == outlay.ECONFLICT {
			s.renderBudgetDelete(c, http.StatusConflict, b, outlay.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	bs, err := s.loadBudgetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Budget line "+b.Code+" deleted from "+bs.Calendar.Label(b.FY)+".")
	redirect(c, "/budget?fy="+strconv.Itoa(b.FY))
}
