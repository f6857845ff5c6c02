package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

type termDeleteView struct {
	C       contractView
	Term    *outlay.Term
	Prev    *outlay.Term // the term that becomes the current one again
	Blocked string       // why the term cannot be removed, or ""
}

// contractTermDeleteConfirm asks before the latest future term is removed, saying what
// becomes of the key dates.
func (s *Server) contractTermDeleteConfirm(c *gin.Context) {
	ct, i, ok := s.loadTerm(c)
	if !ok {
		return
	}
	v := termDeleteView{C: contractView{Contract: ct, Window: s.windowDays(c)}, Term: ct.Terms[i]}
	status := http.StatusOK
	if err := ct.CheckTermRemoval(s.today(), ct.Terms[i].ID); err != nil {
		v.Blocked, status = outlay.ErrorMessage(err), statusOf(outlay.ErrorCode(err), false)
	} else {
		v.Prev = ct.Terms[i-1]
	}
	id := strconv.FormatInt(ct.ID, 10)
	p := s.page(c, "Remove a term of "+ct.Title, "contracts", Crumb{"Contracts", "/contracts"}, Crumb{ct.Title, "/contracts/" + id}, Crumb{"Remove term", ""})
	p.Data = v
	s.render(c, status, "term_delete", p)
}

// contractTermDelete removes the latest future term; a refusal goes back to the
// contract with the reason.
func (s *Server) contractTermDelete(c *gin.Context) {
	ct, i, ok := s.loadTerm(c)
	if !ok {
		return
	}
	t := ct.Terms[i]
	to := "/contracts/" + strconv.FormatInt(ct.ID, 10)
	if err := s.contracts.DeleteTerm(c.Request.Context(), ct.ID, t.ID); err != nil {
		if outlay.ErrorCode(err) == outlay.ECONFLICT {
			s.flash(c, "error", outlay.ErrorMessage(err))
			redirect(c, to)
			return
		}
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Term "+contractTermLabel(t)+" removed.")
	redirect(c, to)
}
