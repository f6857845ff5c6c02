package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// mustVendor creates a vendor with the given name and category, failing the test on error.
func mustVendor(t *testing.T, d *sqlite.DB, ctx context.Context, name, category string, edit ...func(*outlay.Vendor)) *outlay.Vendor {
	t.Helper()
	v := &outlay.Vendor{Name: name, Category: category}
	for _, e := range edit {
		e(v)
	}
	if err := d.CreateVendor(ctx, v); err != nil {
		t.Fatalf("create %q: %v", name, err)
	}
	return v
}

// addContract inserts a bare contract row for a vendor: the contract service belongs to
// another package, and only the count matters here.
func addContract(t *testing.T, d *sqlite.DB, vendorID int64, archived bool) {
	t.Helper()
	var at any
	if archived {
		at = "2026-11-01T00:00:00.000000Z"
	}
	_, err := d.WriteDB().Exec(`INSERT INTO contracts (vendor_id, title, kind, owner_email, renewal_type, notice_unit,
		currency, archived_at, created_at, updated_at) VALUES (?, 'C', 'subscription', 'o@example.com', 'auto', 'days', 'EUR', ?, 'x', 'x')`,
		vendorID, at)
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreateAndFindVendor(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(7, "ann@example.com")
	v := mustVendor(t, d, ctx, "  Acme Cloud ", "cloud", func(v *outlay.Vendor) {
		v.Website = "https://acme.example"
		v.ContactEmail = " Sales@Acme.Example "
		v.SupportContact = "portal.acme.example"
	})
	if v.ID == 0 || v.Status != "active" || v.Criticality != "medium" {
		t.Fatalf("defaults not filled: %+v", v)
	}
	got, err := d.FindVendorByID(context.Background(), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Acme Cloud" || got.ContactEmail != "sales@acme.example" || got.Website != "https://acme.example" ||
		got.SupportContact != "portal.acme.example" || got.ArchivedAt != nil || got.CreatedAt.IsZero() || got.ContractCount != 0 {
		t.Fatalf("stored vendor = %+v", got)
	}
	if _, err := d.FindVendorByID(context.Background(), 9999); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestCreateVendorInvalid(t *testing.T) {
	d := MustOpen(t)
	// What a person types is checked by the input's rules (internal/server); storage
	// still refuses a vendor outside the domain's choices, whoever writes it.
	err := d.CreateVendor(context.Background(), &outlay.Vendor{Name: "Acme", Category: "", Status: "gone"})
	fields := outlay.ErrorFields(err)
	if outlay.ErrorCode(err) != outlay.EINVALID || fields["category"] == "" || fields["status"] == "" {
		t.Fatalf("err = %v", err)
	}
	if _, n, _ := d.FindVendors(context.Background(), outlay.VendorFilter{}); n != 0 {
		t.Fatalf("invalid vendor stored")
	}
}

func TestVendorNameUniqueRegardlessOfCase(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	mustVendor(t, d, ctx, "Acme", "cloud")
	other := mustVendor(t, d, ctx, "Globex", "software")

	err := d.CreateVendor(ctx, &outlay.Vendor{Name: "ACME", Category: "software"})
	if outlay.ErrorCode(err) != outlay.ECONFLICT || outlay.ErrorFields(err)["name"] != "a vendor with this name already exists" {
		t.Fatalf("duplicate create: %v", err)
	}
	other.Name = "acme "
	err = d.UpdateVendor(ctx, other)
	if outlay.ErrorCode(err) != outlay.ECONFLICT || outlay.ErrorFields(err)["name"] == "" {
		t.Fatalf("duplicate rename: %v", err)
	}
	// Changing only the case of one's own name is fine.
	other.Name = "GLOBEX"
	if err := d.UpdateVendor(ctx, other); err != nil {
		t.Fatal(err)
	}
}

func TestFindVendorsFilterSortPaginate(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	a := mustVendor(t, d, ctx, "Alpha Networks", "telecom", func(v *outlay.Vendor) { v.Criticality = "critical" })
	mustVendor(t, d, ctx, "beta Soft", "software", func(v *outlay.Vendor) { v.Status = "prospect"; v.Criticality = "low" })
	c := mustVendor(t, d, ctx, "Gamma 100% Cloud", "cloud", func(v *outlay.Vendor) { v.Criticality = "high" })
	arch := mustVendor(t, d, ctx, "Zeta Archived", "cloud")
	if err := d.ArchiveVendor(ctx, arch.ID); err != nil {
		t.Fatal(err)
	}
	addContract(t, d, c.ID, false)
	addContract(t, d, c.ID, false)
	addContract(t, d, c.ID, true) // archived contracts do not count
	addContract(t, d, a.ID, false)

	names := func(vs []*outlay.Vendor) string {
		s := ""
		for _, v := range vs {
			s += v.Name + ";"
		}
		return s
	}
	tests := []struct {
		name  string
		f     outlay.VendorFilter
		want  string
		total int
	}{
		{"default by name, archived hidden", outlay.VendorFilter{}, "Alpha Networks;beta Soft;Gamma 100% Cloud;", 3},
		{"archived included", outlay.VendorFilter{Archived: true}, "Alpha Networks;beta Soft;Gamma 100% Cloud;Zeta Archived;", 4},
		{"query ignores case", outlay.VendorFilter{Query: "SOFT"}, "beta Soft;", 1},
		{"query percent is literal", outlay.VendorFilter{Query: "100%"}, "Gamma 100% Cloud;", 1},
		{"query underscore is literal", outlay.VendorFilter{Query: "a_p"}, "", 0},
		{"status", outlay.VendorFilter{Status: "prospect"}, "beta Soft;", 1},
		{"category", outlay.VendorFilter{Category: "cloud", Archived: true}, "Gamma 100% Cloud;Zeta Archived;", 2},
		{"criticality", outlay.VendorFilter{Criticality: "critical"}, "Alpha Networks;", 1},
		{"name desc", outlay.VendorFilter{Sort: "name", Desc: true}, "Gamma 100% Cloud;beta Soft;Alpha Networks;", 3},
		{"criticality by rank", outlay.VendorFilter{Sort: "criticality"}, "beta Soft;Gamma 100% Cloud;Alpha Networks;", 3},
		{"contracts desc", outlay.VendorFilter{Sort: "contracts", Desc: true}, "Gamma 100% Cloud;Alpha Networks;beta Soft;", 3},
		{"category", outlay.VendorFilter{Sort: "category"}, "Gamma 100% Cloud;beta Soft;Alpha Networks;", 3},
		{"unknown sort falls back to name", outlay.VendorFilter{Sort: "name_key; DROP TABLE vendors"}, "Alpha Networks;beta Soft;Gamma 100% Cloud;", 3},
		{"page", outlay.VendorFilter{Limit: 2, Offset: 2}, "Gamma 100% Cloud;", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, total, err := d.FindVendors(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(vs); got != tt.want || total != tt.total {
				t.Fatalf("got %q (total %d), want %q (total %d)", got, total, tt.want, tt.total)
			}
		})
	}
	got, _ := d.FindVendorByID(ctx, c.ID)
	if got.ContractCount != 2 {
		t.Fatalf("contract count = %d, want 2", got.ContractCount)
	}
}

func TestFindVendorsLargePages(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	for i := 1; i <= 60; i++ {
		mustVendor(t, d, ctx, fmt.Sprintf("Vendor %02d", i), "other")
	}
	p1, total, _ := d.FindVendors(ctx, outlay.VendorFilter{Limit: 50})
	p2, _, _ := d.FindVendors(ctx, outlay.VendorFilter{Limit: 50, Offset: 50})
	if total != 60 || len(p1) != 50 || len(p2) != 10 || p2[0].Name != "Vendor 51" {
		t.Fatalf("total %d, page sizes %d and %d", total, len(p1), len(p2))
	}
}

func TestUpdateVendorAudited(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(7, "ann@example.com")
	v := mustVendor(t, d, ctx, "Acme", "cloud")
	v.Status, v.Notes = "inactive", "Contract lapsed."
	if err := d.UpdateVendor(asUser(8, "bob@example.com"), v); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindVendorByID(ctx, v.ID)
	if got.Status != "inactive" || got.Notes != "Contract lapsed." {
		t.Fatalf("not updated: %+v", got)
	}
	if err := d.UpdateVendor(ctx, &outlay.Vendor{ID: 999, Name: "X", Category: "cloud"}); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}

	id := v.ID
	entries, total, err := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "vendor", EntityID: &id})
	if err != nil || total != 2 {
		t.Fatalf("audit entries: %d, %v", total, err)
	}
	upd, create := entries[0], entries[1]
	if create.Action != outlay.ActionCreate || create.UserEmail != "ann@example.com" || *create.UserID != 7 || create.Before != nil {
		t.Fatalf("create entry: %+v", create)
	}
	if upd.Action != outlay.ActionUpdate || upd.UserEmail != "bob@example.com" {
		t.Fatalf("update entry: %+v", upd)
	}
	var before, after map[string]any
	json.Unmarshal(upd.Before, &before)
	json.Unmarshal(upd.After, &after)
	if before["status"] != "active" || after["status"] != "inactive" || after["notes"] != "Contract lapsed." || after["name"] != "Acme" {
		t.Fatalf("before %v after %v", before, after)
	}
}

func TestArchiveVendor(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(7, "ann@example.com")
	v := mustVendor(t, d, ctx, "Acme", "cloud")
	if err := d.ArchiveVendor(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindVendorByID(ctx, v.ID)
	if got.ArchivedAt == nil || !got.ArchivedAt.Equal(d.Now().UTC()) {
		t.Fatalf("archived_at = %v", got.ArchivedAt)
	}
	if err := d.ArchiveVendor(ctx, v.ID); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Fatalf("second archive: %v", err)
	}
	if err := d.ArchiveVendor(ctx, 999); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}
	got.Notes = "late edit"
	if err := d.UpdateVendor(ctx, got); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Fatalf("update archived: %v", err)
	}
	// The name stays taken: a new vendor cannot reuse an archived one's name silently.
	err := d.CreateVendor(ctx, &outlay.Vendor{Name: "acme", Category: "cloud"})
	if outlay.ErrorFields(err)["name"] != "an archived vendor with this name already exists" {
		t.Fatalf("reuse archived name: %v", err)
	}

	id := v.ID
	entries, total, _ := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "vendor", EntityID: &id})
	if total != 2 || entries[0].Action != outlay.ActionArchive || entries[0].UserEmail != "ann@example.com" {
		t.Fatalf("audit: %d entries, latest %+v", total, entries[0])
	}
	var before, after map[string]any
	json.Unmarshal(entries[0].Before, &before)
	json.Unmarshal(entries[0].After, &after)
	if before["archived"] != false || after["archived"] != true || after["archived_at"] == nil {
		t.Fatalf("before %v after %v", before, after)
	}
}
