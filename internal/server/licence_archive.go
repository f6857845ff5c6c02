package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

type licenceArchiveView struct{ L *outlay.Licence }

func (s *Server) licenceArchiveConfirm(c *gin.Context) {
	l, err := s.loadLicence(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if l.ArchivedAt != nil {
		s.flash(c, "info", "This licence is already archived.")
		redirect(c, licencePath(l.ID))
		return
	}
	p := s.page(c, "Archive "+l.Product, "licences", Crumb{"Licences", "/licences"}, Crumb{l.Product, licencePath(l.ID)}, Crumb{Label: "Archive"})
	p.Data = licenceArchiveView{L: l}
	s.render(c, http.StatusOK, "licence_archive", p)
}

func (s *Server) licenceArchive(c *gin.Context) {
	l, err := s.loadLicence(c)
	if err == nil {
		err = s.licences().ArchiveLicence(c.Request.Context(), l.ID)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Licence archived: "+l.Product+". It no longer counts in lists or shelfware totals; its history is kept.")
	redirect(c, "/licences")
}
