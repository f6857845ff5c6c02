package outlay

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Audit actions.
const (
	ActionCreate   = "create"
	ActionUpdate   = "update"
	ActionArchive  = "archive"
	ActionDecision = "decision"
	ActionRenew    = "renew"
	ActionReveal   = "reveal"
)

// AuditEntry records one change: who, when, which record, and its values before and
// after (JSON objects; Before is empty for a create).
type AuditEntry struct {
	ID        int64
	At        time.Time
	UserID    *int64 // nil for system work
	UserEmail string // kept even if the user is later renamed or deactivated
	Action    string
	Entity    string // vendor, contract, term, user, token, …
	EntityID  int64
	Before    json.RawMessage
	After     json.RawMessage
}

// Changes is the entry's before and after as a readable list: see AuditDiff.
func (e *AuditEntry) Changes() []FieldChange { return AuditDiff(e.Before, e.After) }

// AuditFilter selects audit entries, newest first. From and To are civil dates (UTC),
// both included; zero means open.
type AuditFilter struct {
	Entity   string
	EntityID *int64
	UserID   *int64
	Action   string
	From, To time.Time
	Offset   int
	Limit    int
}

// AuditService reads the audit log. Writing happens inside each change's transaction.
type AuditService interface {
	FindAuditEntries(ctx context.Context, filter AuditFilter) ([]*AuditEntry, int, error)
	// EachAuditEntry calls fn for every matching entry, newest first (paging ignored).
	EachAuditEntry(ctx context.Context, filter AuditFilter, fn func(*AuditEntry) error) error
}

// AuditKind is a value the audit log stores (an entity or an action) with its label.
type AuditKind struct{ Value, Label string }

// AuditEntities are the kinds of record that write audit entries, in the order the
// audit page offers them. A test in internal/sqlite checks every entity written there is
// listed, so a new kind of record cannot be left out of the filter.
var AuditEntities = []AuditKind{
	{"vendor", "Vendor"}, {"contract", "Contract"}, {"licence", "Licence"}, {"spend", "Spend entry"},
	{"budget_line", "Budget line"}, {"rate", "Exchange rate"}, {"settings", "Settings"},
	{"user", "User"}, {"token", "API token"}, {"demo", "Demo data"},
	{"email", "Email"},
}

// AuditActions are the actions audit entries record, with their labels. The same test
// checks every action written in internal/sqlite is listed.
var AuditActions = []AuditKind{
	{ActionCreate, "Created"}, {ActionUpdate, "Updated"}, {ActionArchive, "Archived"}, {"delete", "Deleted"},
	{ActionRenew, "Renewed"}, {"roll", "Renewed by itself"}, {ActionDecision, "Renewal decision"},
	{ActionCorrectTerm, "Term corrected"}, {ActionRemoveTerm, "Term removed"},
	{ActionReveal, "Key revealed"}, {"revoke", "Revoked"},
	{"retry", "Retried"},
}

// AuditLabel is the label of an entity or action in kinds, or the value made readable
// when it is not listed (an entry written by an older or newer version still reads).
func AuditLabel(kinds []AuditKind, value string) string {
	for _, k := range kinds {
		if k.Value == value {
			return k.Label
		}
	}
	return humanField(value)
}

// FieldChange is one field of an audit entry: its readable name and its value before
// and after, "" when the field had no value on that side.
type FieldChange struct {
	Field, Before, After string
}

// Hidden is shown in place of a secret's value.
const Hidden = "(hidden)"

// secretFields are field names whose values are never shown. The audit already keeps
// secrets out (a licence stores key_set, a password change stores "changed", a token its
// prefix only); this is the second lock, in case a later change stores one by mistake.
var secretFields = map[string]bool{
	"password": true, "password_hash": true, "hash": true, "token_hash": true, "token": true,
	"key": true, "licence_key": true, "secret": true,
}

// secretMarkers are the words the audit stores in a secret field to say what happened
// to it without its value; they are safe to show.
var secretMarkers = map[string]bool{"changed": true, "revealed": true, "set": true, "removed": true}

// AuditDiff turns an entry's stored before and after JSON into a readable list, sorted
// by field: nested objects are flattened ("Term · Price"), lists of values joined, lists
// of objects numbered ("Allocations 1 · Amount"). When both sides are there, only the
// fields that differ are listed; a create (no before) or a delete (no after) lists every
// field. Secret fields show Hidden.
func AuditDiff(before, after json.RawMessage) []FieldChange {
	b, a := flattenAudit(before), flattenAudit(after)
	both := b != nil && a != nil
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]FieldChange, 0, len(names))
	for _, k := range names {
		bv, av := b[k], a[k]
		if both && bv == av {
			continue
		}
		out = append(out, FieldChange{Field: k, Before: bv, After: av})
	}
	return out
}

// flattenAudit reads a stored JSON object into readable field → value; nil when there
// is nothing (empty or null). A value that is not an object is one field, "Value".
func flattenAudit(raw json.RawMessage) map[string]string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return map[string]string{"Value": string(raw)}
	}
	out := map[string]string{}
	if _, ok := v.(map[string]any); !ok {
		out["Value"] = auditValue(v)
		return out
	}
	flattenInto(out, "", "", v)
	return out
}

func flattenInto(out map[string]string, prefix, name string, v any) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 && prefix != "" {
			out[prefix] = ""
		}
		for k, e := range x {
			flattenInto(out, join(prefix, humanField(k)), k, e)
		}
		return
	case []any:
		if hasObjects(x) {
			for i, e := range x {
				flattenInto(out, join(prefix, strconv.Itoa(i+1)), name, e)
			}
			return
		}
		vals := make([]string, len(x))
		for i, e := range x {
			vals[i] = auditValue(e)
		}
		out[prefix] = hideSecret(name, strings.Join(vals, ", "))
		return
	}
	out[prefix] = hideSecret(name, auditValue(v))
}

// hideSecret is s, or Hidden when the field is a secret and s is a value, not a marker.
func hideSecret(name, s string) string {
	if secretFields[name] && s != "" && !secretMarkers[s] {
		return Hidden
	}
	return s
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	if _, err := strconv.Atoi(name); err == nil {
		return prefix + " " + name
	}
	return prefix + " · " + name
}

func hasObjects(xs []any) bool {
	for _, e := range xs {
		switch e.(type) {
		case map[string]any, []any:
			return true
		}
	}
	return false
}

// auditValue writes a JSON scalar for people: yes/no for booleans, "" for null.
func auditValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case string:
		return x
	case json.Number:
		return x.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// fieldWords are abbreviations written in capitals in field names.
var fieldWords = map[string]string{"id": "ID", "fx": "FX", "po": "PO", "fy": "FY", "gl": "GL", "url": "URL"}

// humanField makes a stored field name readable: "budget_line_code" → "Budget line code",
// "vendor_id" → "Vendor ID".
func humanField(s string) string {
	words := strings.Fields(strings.ReplaceAll(s, "_", " "))
	for i, w := range words {
		if u, ok := fieldWords[w]; ok {
			words[i] = u
		} else if i == 0 {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
