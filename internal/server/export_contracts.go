package server

import (
	"io"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/reports"
)

// contractExport downloads the contract list, with the page's filters and sort but
// without pagination, as an Excel workbook: one row per contract with its current term
// and key dates, read through a cursor straight into the sheet.
func (s *Server) contractExport(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := newList(c, "key_date", false, contractSortKeys...)
	f, err := s.contractFilterFromList(c, l)
	if err != nil {
		s.fail(c, err)
		return
	}
	f.Offset, f.Limit = 0, 0
	meta := s.exportMeta(c, st, "Contract register", l.Query)
	s.sendExport(c, "contracts", meta, func(w io.Writer) error {
		each := func(fn func(*outlay.Contract) error) error { return s.contracts.EachContract(ctx, f, fn) }
		return reports.ContractRegister(w, meta, each)
	})
}
