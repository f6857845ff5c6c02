package server

import (
	"context"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/reports"
)

// auditExport downloads the audit log with the page's filters, every matching entry
// (no pagination), one row per changed field, through the export gate. A filter that
// cannot be read is left out, as on the page.
func (s *Server) auditExport(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	filter, _ := auditFilterFrom(c)
	meta := s.exportMeta(c, st, "Audit log", url.Values{})
	meta.Filter = s.auditFilterWords(ctx, filter)
	s.sendExport(c, "audit", meta, func(w io.Writer) error {
		return reports.AuditLog(w, meta, func(fn func(*outlay.AuditEntry) error) error {
			return s.audit.EachAuditEntry(ctx, filter, fn)
		})
	})
}

// auditFilterWords says what a filter selects, for the workbook's header:
// "Contract #12; action Updated; by ann@example.com; from 2026-11-01 to 2026-11-30".
func (s *Server) auditFilterWords(ctx context.Context, f outlay.AuditFilter) string {
	var parts []string
	switch {
	case f.Entity != "" && f.EntityID != nil:
		parts = append(parts, outlay.AuditLabel(outlay.AuditEntities, f.Entity)+" #"+strconv.FormatInt(*f.EntityID, 10))
	case f.Entity != "":
		parts = append(parts, "every "+strings.ToLower(outlay.AuditLabel(outlay.AuditEntities, f.Entity)))
	case f.EntityID != nil:
		parts = append(parts, "record #"+strconv.FormatInt(*f.EntityID, 10))
	}
	if f.Action != "" {
		parts = append(parts, "action "+outlay.AuditLabel(outlay.AuditActions, f.Action))
	}
	if f.UserID != nil {
		by := "user #" + strconv.FormatInt(*f.UserID, 10)
		if u, err := s.users.FindUserByID(ctx, *f.UserID); err == nil {
			by = u.Email
		}
		parts = append(parts, "by "+by)
	}
	switch {
	case !f.From.IsZero() && !f.To.IsZero():
		parts = append(parts, "from "+outlay.FormatDate(f.From)+" to "+outlay.FormatDate(f.To))
	case !f.From.IsZero():
		parts = append(parts, "from "+outlay.FormatDate(f.From))
	case !f.To.IsZero():
		parts = append(parts, "up to "+outlay.FormatDate(f.To))
	}
	return strings.Join(parts, "; ")
}
