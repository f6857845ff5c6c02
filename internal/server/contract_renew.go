package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

type contractRenewView struct {
	C       contractView
	Next    *outlay.Term // what renewing would add (the same computation storage does)
	Blocked string       // why the contract cannot be renewed, or ""
}

// contractRenewConfirm shows the term a renewal would create before anything changes.
func (s *Server) contractRenewConfirm(c *gin.Context) {
	ct, ok := s.loadContract(c)
	if !ok {
		return
	}
	v := contractRenewView{C: contractView{Contract: ct, Window: s.windowDays(c)}}
	status := http.StatusOK
	if err := ct.CheckRenewable(); err != nil {
		v.Blocked, status = outlay.ErrorMessage(err), http.StatusConflict
	} else {
		v.Next = ct.NextTerm()
	}
	id := strconv.FormatInt(ct.ID, 10)
	p := s.page(c, "Renew "+ct.Title, "contracts", Crumb{"Contracts", "/contracts"}, Crumb{ct.Title, "/contracts/" + id}, Crumb{"Renew", ""})
	p.Data = v
	s.render(c, status, "contract_renew", p)
}

// contractRenew adds the next term and says which one.
func (s *Server) contractRenew(c *gin.Context) {
	id, err := pathID(c, "Contract")
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.contracts.RenewContract(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Renewed: new term "+contractTermLabel(t)+".")
	redirect(c, "/contracts/"+strconv.FormatInt(id, 10))
}
