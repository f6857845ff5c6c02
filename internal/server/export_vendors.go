package server

import (
	"io"

	"github.com/gin-gonic/gin"

	"outlay/reports"
)

// vendorExport downloads the vendor list, with the page's filters and sort but without
// pagination, as an Excel workbook.
func (s *Server) vendorExport(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := newList(c, "name", false, vendorSortKeys...)
	f, _ := vendorFilterFromQuery(l.Query)
	f.Sort, f.Desc = l.Sort, l.Desc
	meta := s.exportMeta(c, st, "Vendor register", l.Query)
	s.sendExport(c, "vendors", meta, func(w io.Writer) error {
		vendors, _, err := s.vendors.FindVendors(ctx, f)
		if err != nil {
			return err
		}
		return reports.VendorRegister(w, meta, vendors)
	})
}
