package server

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// auditEntities are the entities the audit page offers as a filter. Entries of other
// entities still show and still filter through the URL.
var auditEntities = []string{"vendor", "contract", "user", "token"}

// auditParamLabels name the numeric filters in messages.
var auditParamLabels = map[string]string{"id": "The record number", "user_id": "The user"}

// auditListView is the audit log page.
type auditListView struct {
	List     *List
	Count    string
	Entries  []auditRow
	Entities []Option
	Users    []Option
	// FilterError explains a filter that could not be read, such as a non-numeric id.
	FilterError string
}

// auditRow is one audit entry with the link to the record it is about, when the record
// has a page of its own.
type auditRow struct {
	*outlay.AuditEntry
	Link string
}

// auditFilterFrom reads entity, id and user_id from the URL. An id that is not a whole
// number is an EINVALID error naming the parameter.
func auditFilterFrom(c *gin.Context) (outlay.AuditFilter, error) {
	f := outlay.AuditFilter{Entity: strings.TrimSpace(c.Query("entity"))}
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
	return f, errs.Err()
}

func (s *Server) auditList(c *gin.Context) {
	ctx := c.Request.Context()
	l := newList(c, "", true)
	v := auditListView{List: l, Entities: auditEntityOptions(l.Filter("entity"))}
	filter, err := auditFilterFrom(c)
	if err != nil {
		msgs := []string{}
		for k, m := range outlay.ErrorFields(err) {
			msgs = append(msgs, auditParamLabels[k]+" "+m+".")
		}
		sort.Strings(msgs)
		v.FilterError = "That filter was left out: " + strings.Join(msgs, " ")
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
		v.Entries = append(v.Entries, auditRow{AuditEntry: e, Link: auditLink(e)})
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

// auditEntityOptions lists the known entities, plus the one in the URL if it is
// another, so the select shows what the list is filtered by.
func auditEntityOptions(current string) []Option {
	opts := options(auditEntities, "All records")
	known := current == ""
	for _, e := range auditEntities {
		known = known || e == current
	}
	if !known {
		opts = append(opts, Option{Value: current, Label: humanize(current)})
	}
	return opts
}

// auditLink is the page of the record an entry is about, or "" when it has none.
func auditLink(e *outlay.AuditEntry) string {
	switch e.Entity {
	case "vendor":
		return "/vendors/" + strconv.FormatInt(e.EntityID, 10)
	case "contract":
		return "/contracts/" + strconv.FormatInt(e.EntityID, 10)
	}
	return ""
}
