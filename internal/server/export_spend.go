package server

import (
	"io"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/reports"
)

// spendExport downloads one row per allocation of every spend entry that matches the
// list's filters (all pages), streamed from the database into the workbook, with a
// formula total of the amounts charged: the list's total, or its "Charged to" figure
// when filtered by a budget line.
func (s *Server) spendExport(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := newList(c, "date", true, spendSortKeys...)
	f, _ := spendFilterFrom(c, st, s.today(), false)
	if _, err := s.spendListVendor(c, l, &f); err != nil {
		s.fail(c, err)
		return
	}
	f.Sort, f.Desc = l.Sort, l.Desc
	meta := s.exportMeta(c, st, "Spend", l.Query)
	s.sendExport(c, "spend", meta, func(w io.Writer) error {
		each := func(fn func(*outlay.SpendCharge) error) error { return s.spend().EachSpendCharge(ctx, f, fn) }
		return reports.SpendRegister(w, meta, st.BaseCurrency, st.Calendar(), each)
	})
}
