package server

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/outlay"
	"outlay/reports"
)

// reportDownload answers GET /reports/quarterly.xlsx?fy=&quarter=&basis= with the
// quarterly finance pack. A choice that cannot be read shows the Reports page again,
// as a 400 with the messages beside the fields.
func (s *Server) reportDownload(c *gin.Context) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	q, bad := packQueryFrom(c.Request.URL.Query(), st, s.Now())
	if len(bad) > 0 {
		s.reportPage(c, http.StatusBadRequest, bad)
		return
	}
	s.sendPack(c, q)
}

// apiPackDownload answers GET /api/v1/exports/quarterly?fy=&quarter=&basis= with the
// same workbook, or 400 with a message per field it cannot read.
func (s *Server) apiPackDownload(c *gin.Context) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.apiFail(c, err)
		return
	}
	q, bad := packQueryFrom(c.Request.URL.Query(), st, s.Now())
	if err := bad.Err(); err != nil {
		s.apiFail(c, err)
		return
	}
	s.sendPack(c, q)
}

// sendPack builds the pack for q through the export gate, reading its data only once a
// slot is held, in one snapshot, and sends it as "outlay-FY2027-Q2.xlsx".
func (s *Server) sendPack(c *gin.Context, q outlay.PackQuery) {
	if u := currentUser(c); u != nil {
		q.By = u.Email
	}
	ctx := c.Request.Context()
	s.sendExportAs(c, reports.PackFileName(q.FY, q.Quarter), func(w io.Writer) error {
		p, err := books.FinancePack(ctx, s.work, q)
		if err != nil {
			return err
		}
		return reports.QuarterlyPack(w, p, reports.PackOptions{})
	})
}
