package server

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// contractDecisionFields are the inputs of the decision form on a contract's page.
var contractDecisionFields = []string{"decision", "note"}

// contractDecide records a renewal decision on the current term. A refused decision
// comes back on the contract's page with status 422 and the note kept.
func (s *Server) contractDecide(c *gin.Context) {
	ct, ok := s.loadContract(c)
	if !ok {
		return
	}
	f := newForm(c, contractDecisionFields...)
	var in input.Decision
	bindForm(f, &in)
	err := pageRules.Check(&in).Err()
	if err == nil {
		err = s.contracts.DecideTerm(c.Request.Context(), ct.ID, outlay.Decision{Kind: in.Decision, Note: in.Note})
	}
	if err != nil {
		if f.Fail(err, nil) {
			s.renderContractShow(c, statusOf(outlay.ErrorCode(err), false), ct, f)
			return
		}
		s.fail(c, err)
		return
	}
	msg := "Decision recorded: " + f.Get("decision") + "."
	if f.Get("decision") == renewal.DecisionCancel && ct.RenewalType == renewal.RenewalAuto {
		msg += " The notice must reach the vendor by " + outlay.FormatDate(ct.CancelBy) + "."
	}
	s.flash(c, "success", msg)
	redirect(c, "/contracts/"+strconv.FormatInt(ct.ID, 10))
}
