package server

import (
	"bytes"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/reports"
)

// spendExport downloads every spend entry that matches the list's filters (all pages),
// streamed from the database into the workbook, with a formula total of the base amounts.
func (s *Server) spendExport(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := newList(c, "date", true, spendSortKeys...)
	f, _ := spendFilterFrom(c, st, s.today(), false)
	f.Sort, f.Desc = l.Sort, l.Desc
	meta, err := s.exportMeta(c, "Spend", l.Query)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	each := func(fn func(*outlay.SpendEntry) error) error { return s.spend().EachSpend(ctx, f, fn) }
	if err := reports.SpendRegister(&buf, meta, st.BaseCurrency, each); err != nil {
		s.fail(c, err)
		return
	}
	sendWorkbook(c, "spend", meta, buf.Bytes())
}
