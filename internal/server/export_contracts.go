package server

import (
	"bytes"

	"github.com/gin-gonic/gin"

	"outlay/reports"
)

// contractExport downloads the contract list, with the page's filters and sort but
// without pagination, as an Excel workbook: one row per contract with its current term
// and key dates.
func (s *Server) contractExport(c *gin.Context) {
	l := newList(c, "key_date", false, contractSortKeys...)
	f := s.contractFilterFromList(c, l)
	cs, _, err := s.contracts.FindContracts(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	meta, err := s.exportMeta(c, "Contract register", l.Query)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := reports.ContractRegister(&buf, meta, cs); err != nil {
		s.fail(c, err)
		return
	}
	sendWorkbook(c, "contracts", meta, buf.Bytes())
}
