package server

import (
	"bytes"

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
	f, _ := s.licenceFilter(c, l, st.WindowDays())
	f.Offset, f.Limit = 0, 0
	licences, _, err := s.licences().FindLicences(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	meta, err := s.exportMeta(c, "Licence register", l.Query)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := reports.LicenceRegister(&buf, meta, licences); err != nil {
		s.fail(c, err)
		return
	}
	sendWorkbook(c, "licences", meta, buf.Bytes())
}
