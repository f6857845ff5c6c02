package sqlite_test

import (
	"context"
	"testing"

	"outlay/internal/outlay"
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
