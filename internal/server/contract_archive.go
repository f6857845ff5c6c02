package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
)

// contractArchiveConfirm asks before a contract is archived, on a page of its own so it
// works without JavaScript.
func (s *Server) contractArchiveConfirm(c *gin.Context) {
	ct, ok := s.loadContract(c)
	if !ok {
		return
	}
	id := strconv.FormatInt(ct.ID, 10)
	p := s.page(c, "Archive "+ct.Title, "contracts", Crumb{"Contracts", "/contracts"}, Crumb{ct.Title, "/contracts/" + id}, Crumb{"Archive", ""})
	p.Data = contractView{Contract: ct, Window: s.windowDays(c)}
	s.render(c, http.StatusOK, "contract_archive", p)
}

// contractArchive archives the contract and returns to the list.
func (s *Server) contractArchive(c *gin.Context) {
	ct, ok := s.loadContract(c)
	if !ok {
		return
	}
	if err := s.contracts.ArchiveContract(c.Request.Context(), ct.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Contract archived: "+ct.Title+". It no longer appears in lists or reminders; its terms and history are kept.")
	redirect(c, "/contracts")
}
