package server

import (
	"io"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/reports"
)

// licenceExport downloads the licence list, with the page's filters and sort but without
// pagination, as an Excel workbook. Keys are never part of it.
func (s *Server) licenceExport(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := newList(c, "product", false, outlay.LicenceSorts...)
	f, _, err := s.licenceFilter(c, l, st.WindowDays())
	if err != nil {
		s.fail(c, err)
		return
	}
	f.Offset, f.Limit = 0, 0
	meta := s.exportMeta(c, st, "Licence register", l.Query)
	s.sendExport(c, "licences", meta, func(w io.Writer) error {
		licences, _, err := s.licences().FindLicences(ctx, f)
		if err != nil {
			return err
		}
		return reports.LicenceRegister(w, meta, licences)
	})
}
