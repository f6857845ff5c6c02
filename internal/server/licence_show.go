package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

type licenceShowView struct {
	licenceRow
	WindowDays int
	// Revealed holds the decrypted key only on the page answering an administrator's
	// reveal POST; it is never kept in the session or put in a URL.
	Revealed string
	Audit    []*outlay.AuditEntry
}

func (s *Server) licenceShow(c *gin.Context) { s.renderLicence(c, "") }

// licenceReveal decrypts the key (storage audits the reveal) and answers with the detail
// page showing it, marked no-store so no cache keeps it.
func (s *Server) licenceReveal(c *gin.Context) {
	id, err := pathID(c, "Licence")
	if err != nil {
		s.fail(c, err)
		return
	}
	key, err := s.licences().RevealLicenceKey(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	licenceNoStore(c)
	s.renderLicence(c, key)
}

func (s *Server) renderLicence(c *gin.Context, revealed string) {
	ctx := c.Request.Context()
	l, err := s.loadLicence(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	audit, _, err := s.audit.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "licence", EntityID: &l.ID, Limit: 100})
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.page(c, l.Product, "licences", Crumb{"Licences", "/licences"}, Crumb{Label: l.Product})
	p.Data = licenceShowView{licenceRow: s.licenceRow(l), WindowDays: st.WindowDays(), Revealed: revealed, Audit: audit}
	s.render(c, http.StatusOK, "licence_show", p)
}
