package server

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// auditParamLabels name the filters in messages.
var auditParamLabels = map[string]string{
	"id": "The record number", "user_id": "The user", "from": "The start date", "to": "The end date",
}

// auditFilterParams are the query parameters of the audit filter; the page, the API and
// the export all read them with auditFilterFrom.
var auditFilterParams = []string{"entity", "id", "action", "user_id", "from", "to"}

// auditListView is the audit log page.
type auditListView struct {
	List      *List
	Count     string
	Entries   []auditRow
	Entities  []Option
	Actions   []Option
	Users     []Option
	Filtered  bool
	ExportURL string
	// FilterError explains a filter that could not be read, such as a non-numeric id.
	FilterError string
}

// auditRow is one audit entry as the page and the export show it: labels for its
// action and record, the link to the record when it has a page of its own, and its
// fields before and after.
type auditRow struct {
	*outlay.AuditEntry
	ActionLabel string
	Record      string // "Contract #12"
	Link        string
	Changes     []outlay.FieldChange
	// Pair is true when the entry has values before and after, so each field reads
	// "before → after"; a create or a delete lists its fields' values alone.
	Pair bool
}

// newAuditRow describes an entry for people; the page and the export both use it.
func newAuditRow(e *outlay.AuditEntry) auditRow {
	return auditRow{
		AuditEntry:  e,
		ActionLabel: outlay.AuditLabel(outlay.AuditActions, e.Action),
		Record:      outlay.AuditLabel(outlay.AuditEntities, e.Entity) + " #" + strconv.FormatInt(e.EntityID, 10),
		Link:        auditLink(e),
		Changes:     e.Changes(),
		Pair:        len(e.Before) > 0 && len(e.After) > 0 && string(e.Before) != "null" && string(e.After) != "null",
	}
}

// auditFilterFrom reads the filter from the URL: entity, id, action, user_id, and from
// and to as dates. A value that cannot be read is an EINVALID error naming the parameter;
// the rest of the filter still applies.
func auditFilterFrom(c *gin.Context) (outlay.AuditFilter, error) {
	f := outlay.AuditFilter{Entity: strings.TrimSpace(c.Query("entity")), Action: strings.TrimSpace(c.Query("action"))}
	errs := outlay.FieldErrors{}
	for _, p := range []struct {
		name string
		dst  **int64
	}{{"id", &f.EntityID}, {"user_id", &f.UserID}} {
		v := strings.TrimSpace(c.Query(p.name))
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			errs.Add(p.name, "must be a whole number above zero")
			continue
		}
		*p.dst = &n
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		v := strings.TrimSpace(c.Query(p.name))
		if v == "" {
			continue
		}
		d, err := outlay.ParseDate(v)
		if err != nil {
			errs.Add(p.name, "must be a date such as 2026-01-31")
			continue
		}
		*p.dst = d
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		errs.Add("to", "must not be before the start date")
		f.To = time.Time{}
	}
	return f, errs.Err()
}

// auditFilterMessage says in a sentence which filters were left out and why.
func auditFilterMessage(err error) string {
	msgs := []string{}
	for k, m := range outlay.ErrorFields(err) {
		msgs = append(msgs, auditParamLabels[k]+" "+m+".")
	}
	sort.Strings(msgs)
	return "That filter was left out: " + strings.Join(msgs, " ")
}

// auditList is the audit log page, open to viewers: auditors are viewers. It only reads.
func (s *Server) auditList(c *gin.Context) {
	ctx := c.Request.Context()
	l := newList(c, "", true)
	v := auditListView{
		List:      l,
		Entities:  auditOptions(outlay.AuditEntities, "All records", l.Filter("entity")),
		Actions:   auditOptions(outlay.AuditActions, "Any action", l.Filter("action")),
		ExportURL: l.ExportURL("/admin/audit/export.xlsx"),
	}
	for _, p := range auditFilterParams {
		v.Filtered = v.Filtered || l.Filter(p) != ""
	}
	filter, err := auditFilterFrom(c)
	if err != nil {
		v.FilterError = auditFilterMessage(err)
	}
	filter.Offset, filter.Limit = l.Offset(), l.PerPage
	entries, total, err := s.audit.FindAuditEntries(ctx, filter)
	if err != nil {
		s.fail(c, err)
		return
	}
	l.Total = total
	v.Count = countOf(total, "change", "changes")
	for _, e := range entries {
		v.Entries = append(v.Entries, newAuditRow(e))
	}
	users, _, err := s.users.FindUsers(ctx, outlay.UserFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	v.Users = []Option{{Value: "", Label: "Anyone"}}
	for _, u := range users {
		v.Users = append(v.Users, Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (" + u.Email + ")"})
	}
	p := s.page(c, "Audit log", "audit", Crumb{Label: "Audit log"})
	p.Data = v
	s.render(c, http.StatusOK, "audit_list", p)
}

// auditOptions lists the known kinds with their labels, plus the one in the URL if it
// is another, so the select shows what the list is filtered by.
func auditOptions(kinds []outlay.AuditKind, blank, current string) []Option {
	opts := []Option{{Value: "", Label: blank}}
	known := current == ""
	for _, k := range kinds {
		opts = append(opts, Option{Value: k.Value, Label: k.Label})
		known = known || k.Value == current
	}
	if !known {
		opts = append(opts, Option{Value: current, Label: outlay.AuditLabel(kinds, current)})
	}
	return opts
}

// auditLink is the page of the record an entry is about, or "" when it has none (or
// none a viewer may open).
func auditLink(e *outlay.AuditEntry) string {
	if e.Action == "delete" {
		return "" // the record is gone
	}
	id := strconv.FormatInt(e.EntityID, 10)
	switch e.Entity {
	case "vendor":
		return "/vendors/" + id
	case "contract":
		return "/contracts/" + id
	case "licence":
		return "/licences/" + id
	case "spend":
		return "/spend/" + id
	case "budget_line":
		return "/budget/" + id
	}
	return ""
}
