package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

type contractShowView struct {
	C         contractView
	Terms     []contractTermRow
	Decision  *outlay.Decision // on the current term, or nil
	Form      *Form            // the decision form
	Decisions []Option
	Renewable bool
	Audit     []*outlay.AuditEntry
}

// contractShow is a contract's page: key dates, fields, term history, the decision on
// the current term, and the audit trail.
func (s *Server) contractShow(c *gin.Context) {
	ct, ok := s.loadContract(c)
	if !ok {
		return
	}
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: contractDecisionFields}
	if d := ct.Decision(); d != "" {
		f.Set("decision", d)
	}
	s.renderContractShow(c, http.StatusOK, ct, f)
}

func (s *Server) renderContractShow(c *gin.Context, status int, ct *outlay.Contract, f *Form) {
	entries, _, err := s.audit.FindAuditEntries(c.Request.Context(), outlay.AuditFilter{Entity: "contract", EntityID: &ct.ID, Limit: 200})
	if err != nil {
		s.fail(c, err)
		return
	}
	v := contractShowView{
		C:         contractView{Contract: ct, Window: s.windowDays(c)},
		Terms:     contractTermRows(ct.Terms),
		Form:      f,
		Decisions: contractOptions(outlay.DecisionKinds, "Choose…"),
		Renewable: ct.CheckRenewable() == nil,
		Audit:     entries,
	}
	if t := ct.CurrentTerm(); t != nil {
		v.Decision = t.Decision
	}
	p := s.page(c, ct.Title, "contracts", Crumb{"Contracts", "/contracts"}, Crumb{ct.Title, ""})
	p.Data = v
	s.render(c, status, "contract_show", p)
}
