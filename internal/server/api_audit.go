package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// APIAuditEntry is an audit entry in the JSON API. Before is null for a create; After is
// the record's values after the change. Changes is the same readable list the page and
// the export show (outlay.AuditDiff): changed fields for an update, every field for a
// create or delete, secrets hidden.
type APIAuditEntry struct {
	ID        int64            `json:"id"`
	At        string           `json:"at"` // RFC 3339, UTC
	UserID    *int64           `json:"user_id"`
	UserEmail string           `json:"user_email"`
	Action    string           `json:"action"`
	Entity    string           `json:"entity"`
	EntityID  int64            `json:"entity_id"`
	Before    json.RawMessage  `json:"before"`
	After     json.RawMessage  `json:"after"`
	Changes   []APIFieldChange `json:"changes"`
}

// APIFieldChange is one field of an audit entry, named for people: "Term · Price".
type APIFieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

func newAPIAuditEntry(e *outlay.AuditEntry) APIAuditEntry {
	changes := []APIFieldChange{}
	for _, ch := range e.Changes() {
		changes = append(changes, APIFieldChange{Field: ch.Field, Before: ch.Before, After: ch.After})
	}
	return APIAuditEntry{
		ID: e.ID, At: e.At.UTC().Format(time.RFC3339), UserID: e.UserID, UserEmail: e.UserEmail,
		Action: e.Action, Entity: e.Entity, EntityID: e.EntityID, Before: e.Before, After: e.After, Changes: changes,
	}
}

// apiAuditList answers GET /api/v1/audit?entity=&id=&action=&user_id=&from=&to=&page=&per_page=,
// newest first (from and to are dates, both included). It is open to viewers on purpose:
// auditors are viewers.
func (s *Server) apiAuditList(c *gin.Context) {
	l, err := newAPIList(c, "", true)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	filter, err := auditFilterFrom(c)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	filter.Offset, filter.Limit = l.Offset(), l.PerPage
	entries, total, err := s.audit.FindAuditEntries(c.Request.Context(), filter)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l.Total = total
	items := make([]APIAuditEntry, 0, len(entries))
	for _, e := range entries {
		items = append(items, newAPIAuditEntry(e))
	}
	c.JSON(http.StatusOK, newListResponse(items, l))
}
