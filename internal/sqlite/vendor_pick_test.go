package sqlite_test

import (
	"fmt"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// A searchable vendor field offers names that start with what was typed first, then
// names that hold it elsewhere, in any letter case, bounded, and archived vendors only
// where asked for.
func TestPickVendors(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	for _, name := range []string{"Acme Cloud", "ACME Hosting", "Dacme Ltd", "Beta 100% Co", "Gamma_Acme", "Zed"} {
		mustVendor(t, d, ctx, name, "cloud")
	}
	old := mustVendor(t, d, ctx, "Acme Archive", "cloud")
	if err := d.ArchiveVendor(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	names := func(ps []outlay.VendorPick) string {
		var out []string
		for _, p := range ps {
			n := p.Name
			if p.Archived {
				n += " (archived)"
			}
			out = append(out, n)
		}
		return strings.Join(out, ", ")
	}
	for _, tc := range []struct {
		q        string
		archived bool
		limit    int
		want     string
	}{
		{"acm", false, 20, "Acme Cloud, ACME Hosting, Dacme Ltd, Gamma_Acme"},
		{"ACME", true, 20, "Acme Archive (archived), Acme Cloud, ACME Hosting, Dacme Ltd, Gamma_Acme"},
		{"acm", false, 3, "Acme Cloud, ACME Hosting, Dacme Ltd"},
		{"acm", false, 1, "Acme Cloud"},
		{"  hosting ", false, 20, "ACME Hosting"},
		{"%", false, 20, "Beta 100% Co"}, // LIKE's wildcards match only themselves
		{"_", false, 20, "Gamma_Acme"},
		{"", false, 2, "Acme Cloud, ACME Hosting"},
		{"nothing", false, 20, ""},
	} {
		got, err := d.PickVendors(ctx, tc.q, tc.archived, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if names(got) != tc.want {
			t.Errorf("PickVendors(%q, archived %v, %d) = %q, want %q", tc.q, tc.archived, tc.limit, names(got), tc.want)
		}
	}
}

// The names that start with the typed text are read from the name index, not by
// scanning every vendor.
func TestPickVendorsUsesTheNameIndex(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	for i := range 50 {
		mustVendor(t, d, ctx, fmt.Sprintf("Vendor %03d", i), "cloud")
	}
	rows, err := d.ReadDB().Query(`EXPLAIN QUERY PLAN SELECT id, name, archived_at IS NOT NULL FROM vendors
		WHERE name_key >= ? AND name_key < ? AND archived_at IS NULL ORDER BY name_key LIMIT ?`, "ven", "ven\U0010FFFF", 20)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	joined := strings.Join(plan, "; ")
	if !strings.Contains(joined, "USING INDEX sqlite_autoindex_vendors_1 (name_key>? AND name_key<?)") {
		t.Fatalf("the prefix search does not use the name index: %s", joined)
	}
}
