package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

type spendDeleteView struct {
	E    *outlay.SpendEntry
	Base string
}

func (s *Server) spendDeleteConfirm(c *gin.Context) {
	e, ok := s.findSpend(c)
	if !ok {
		return
	}
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.page(c, "Delete "+spendTitle(e), "spend", Crumb{"Spend", "/spend"}, Crumb{spendTitle(e), fmt.Sprintf("/spend/%d", e.ID)}, Crumb{Label: "Delete"})
	p.Data = spendDeleteView{E: e, Base: st.BaseCurrency}
	s.render(c, http.StatusOK, "spend_delete", p)
}

// spendDelete removes an entry. Spend is deleted rather than archived: an entry recorded
// by mistake should not count anywhere, and the audit log keeps what it was.
func (s *Server) spendDelete(c *gin.Context) {
	id, err := pathID(c, "Spend entry")
	if err == nil {
		err = s.spend().DeleteSpend(c.Request.Context(), id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Spend entry deleted. Its budget lines no longer count it.")
	redirect(c, "/spend")
}
