package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

func TestFindAuditEntries(t *testing.T) {
	d := MustOpen(t)
	ann := asUser(1, "ann@example.com")
	bob := asUser(2, "bob@example.com")
	write := func(ctx context.Context, action, entity string, id int64, before, after any) {
		t.Helper()
		tx, err := d.BeginTx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := tx.Audit(action, entity, id, before, after); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	write(ann, outlay.ActionCreate, "vendor", 1, nil, map[string]any{"name": "Acme"})
	write(bob, outlay.ActionUpdate, "vendor", 1, map[string]any{"name": "Acme"}, map[string]any{"name": "Acme Ltd"})
	write(ann, outlay.ActionCreate, "contract", 5, nil, map[string]any{"title": "Support"})
	write(context.Background(), outlay.ActionRenew, "contract", 5, nil, map[string]any{"term": 2})
	write(bob, outlay.ActionArchive, "vendor", 2, map[string]any{"archived": false}, map[string]any{"archived": true})

	ctx := context.Background()
	id := func(n int64) *int64 { return &n }
	tests := []struct {
		name    string
		filter  outlay.AuditFilter
		total   int
		actions []string // newest first
	}{
		{"all", outlay.AuditFilter{}, 5, []string{"archive", "renew", "create", "update", "create"}},
		{"by entity", outlay.AuditFilter{Entity: "vendor"}, 3, []string{"archive", "update", "create"}},
		{"by entity and id", outlay.AuditFilter{Entity: "vendor", EntityID: id(1)}, 2, []string{"update", "create"}},
		{"by user", outlay.AuditFilter{UserID: id(1)}, 2, []string{"create", "create"}},
		{"by user and entity", outlay.AuditFilter{UserID: id(2), Entity: "vendor", EntityID: id(2)}, 1, []string{"archive"}},
		{"page 2 of 2", outlay.AuditFilter{Limit: 3, Offset: 3}, 5, []string{"update", "create"}},
		{"first page", outlay.AuditFilter{Limit: 2}, 5, []string{"archive", "renew"}},
		{"none", outlay.AuditFilter{Entity: "licence"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, total, err := d.FindAuditEntries(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, e := range entries {
				actions = append(actions, e.Action)
			}
			if total != tt.total || len(actions) != len(tt.actions) {
				t.Fatalf("total %d, actions %v; want %d, %v", total, actions, tt.total, tt.actions)
			}
			for i := range actions {
				if actions[i] != tt.actions[i] {
					t.Fatalf("actions %v, want %v", actions, tt.actions)
				}
			}
		})
	}

	entries, _, _ := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "vendor", EntityID: id(1)})
	upd, cre := entries[0], entries[1]
	if upd.UserID == nil || *upd.UserID != 2 || upd.UserEmail != "bob@example.com" || string(upd.Before) != `{"name":"Acme"}` ||
		string(upd.After) != `{"name":"Acme Ltd"}` || upd.At.IsZero() {
		t.Fatalf("update entry: %+v", upd)
	}
	if cre.Before != nil || string(cre.After) != `{"name":"Acme"}` {
		t.Fatalf("create entry: before %q, after %q", cre.Before, cre.After)
	}
	sys, _, _ := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "contract", Limit: 1})
	if sys[0].UserID != nil || sys[0].UserEmail != "" {
		t.Fatalf("system entry names a user: %+v", sys[0])
	}
}

func TestAuditRolledBackWithItsChange(t *testing.T) {
	d := MustOpen(t)
	tx, err := d.BeginTx(asUser(1, "ann@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Audit(outlay.ActionCreate, "vendor", 1, nil, map[string]any{"name": "Acme"}); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if _, total, _ := d.FindAuditEntries(context.Background(), outlay.AuditFilter{}); total != 0 {
		t.Fatalf("a rolled-back change left %d audit entries", total)
	}
}

func TestFindAuditEntriesByActionAndDate(t *testing.T) {
	d := MustOpen(t)
	ann := asUser(1, "ann@example.com")
	write := func(at time.Time, action, entity string) {
		t.Helper()
		d.Now = func() time.Time { return at }
		tx, err := d.BeginTx(ann)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := tx.Audit(action, entity, 1, nil, map[string]any{"n": 1}); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	day := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }
	write(day(10, 31, 23), outlay.ActionCreate, "vendor")
	write(day(11, 1, 0), outlay.ActionUpdate, "vendor")
	write(day(11, 15, 12), outlay.ActionUpdate, "licence")
	write(day(11, 30, 23), "delete", "spend")
	write(day(12, 1, 0), outlay.ActionUpdate, "spend")

	ctx := context.Background()
	date := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		filter   outlay.AuditFilter
		entities []string // newest first
	}{
		{"by action", outlay.AuditFilter{Action: outlay.ActionUpdate}, []string{"spend", "licence", "vendor"}},
		{"by action and entity", outlay.AuditFilter{Action: outlay.ActionUpdate, Entity: "vendor"}, []string{"vendor"}},
		// Both ends are whole days, included: November is the 1st 00:00 to the 30th 23:00.
		{"November", outlay.AuditFilter{From: date(11, 1), To: date(11, 30)}, []string{"spend", "licence", "vendor"}},
		{"from only", outlay.AuditFilter{From: date(11, 15)}, []string{"spend", "spend", "licence"}},
		{"to only", outlay.AuditFilter{To: date(10, 31)}, []string{"vendor"}},
		{"one day", outlay.AuditFilter{From: date(12, 1), To: date(12, 1)}, []string{"spend"}},
		{"deletes", outlay.AuditFilter{Action: "delete"}, []string{"spend"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, total, err := d.FindAuditEntries(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				got = append(got, e.Entity)
			}
			if total != len(tt.entities) || strings.Join(got, ",") != strings.Join(tt.entities, ",") {
				t.Fatalf("total %d, entities %v; want %v", total, got, tt.entities)
			}
			// The export's cursor reads the same entries, paging ignored.
			got = nil
			paged := tt.filter
			paged.Limit = 1
			err = d.EachAuditEntry(ctx, paged, func(e *outlay.AuditEntry) error {
				got = append(got, e.Entity)
				return nil
			})
			if err != nil || strings.Join(got, ",") != strings.Join(tt.entities, ",") {
				t.Fatalf("each: %v, %v; want %v", err, got, tt.entities)
			}
		})
	}
}

// auditCall finds where storage writes audit entries: the action and entity arguments.
var auditCall = regexp.MustCompile(`\.(?:a|A)udit\(\s*([A-Za-z."]+),\s*([A-Za-z_"]+),`)

// TestAuditFilterListsEveryKind reads the code that writes audit entries (storage and
// the demo loader) and checks that every entity and action it writes is one the audit
// page offers as a filter, with a label: a new kind of record cannot be left out.
func TestAuditFilterListsEveryKind(t *testing.T) {
	consts := map[string]string{
		"outlay.ActionCreate": outlay.ActionCreate, "outlay.ActionUpdate": outlay.ActionUpdate,
		"outlay.ActionArchive": outlay.ActionArchive, "outlay.ActionDecision": outlay.ActionDecision,
		"outlay.ActionRenew": outlay.ActionRenew, "outlay.ActionReveal": outlay.ActionReveal,
		"outlay.ActionCorrectTerm": outlay.ActionCorrectTerm, "outlay.ActionRemoveTerm": outlay.ActionRemoveTerm,
		"ActionRoll": sqlite.ActionRoll, "budgetLineEntity": "budget_line",
	}
	listed := func(kinds []outlay.AuditKind, v string) bool {
		for _, k := range kinds {
			if k.Value == v {
				return true
			}
		}
		return false
	}
	files, _ := filepath.Glob("*.go")
	demo, _ := filepath.Glob("../demo/*.go")
	calls := 0
	for _, f := range append(files, demo...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range auditCall.FindAllStringSubmatch(string(src), -1) {
			if m[1] == "action" { // the helper passing its argument on
				continue
			}
			calls++
			for i, kinds := range [][]outlay.AuditKind{outlay.AuditActions, outlay.AuditEntities} {
				v := m[i+1]
				if strings.HasPrefix(v, `"`) {
					v = strings.Trim(v, `"`)
				} else if c, ok := consts[v]; ok {
					v = c
				} else {
					t.Errorf("%s: audit argument %s: add the constant to this test", f, v)
					continue
				}
				if !listed(kinds, v) {
					t.Errorf("%s writes %q, which the audit filter does not list (outlay.AuditEntities / AuditActions)", f, v)
				}
			}
		}
	}
	if calls < 25 {
		t.Fatalf("found only %d audit calls: the pattern no longer matches the code", calls)
	}
}
