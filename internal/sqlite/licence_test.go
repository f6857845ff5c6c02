package sqlite_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// insertVendor adds a vendor row directly, so licence tests do not depend on the vendor
// service.
func insertVendor(t *testing.T, d *sqlite.DB, name string) int64 {
	t.Helper()
	res, err := d.WriteDB().Exec(`INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at)
		VALUES (?, lower(?), 'software', 'active', 'medium', 'x', 'x')`, name, name)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// insertContract adds a contract row directly for the vendor.
func insertContract(t *testing.T, d *sqlite.DB, vendorID int64, title string) int64 {
	t.Helper()
	res, err := d.WriteDB().Exec(`INSERT INTO contracts (vendor_id, title, kind, owner_email, renewal_type, notice_unit, currency, created_at, updated_at)
		VALUES (?, ?, 'subscription', 'ann@example.com', 'auto', 'days', 'EUR', 'x', 'x')`, vendorID, title)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

func day(s string) time.Time {
	t, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func strp(s string) *string { return &s }

func newLicence(vendorID int64, product string) *outlay.Licence {
	return &outlay.Licence{Product: product, VendorID: vendorID, Kind: "per_user", SeatsPurchased: 10, SeatsAssigned: 7,
		UnitPrice: 1500, Currency: "EUR", Billing: "annual", StartDate: day("2026-01-01"), ExpiryDate: day("2026-12-31")}
}

func TestLicenceKeyEncryptedRevealedAndAudited(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	vid := insertVendor(t, d, "Adobe")
	const key = "SECRET-KEY-1234-5678"
	l := newLicence(vid, "Creative Cloud")
	if err := d.CreateLicence(ctx, l, strp("  "+key+"\n")); err != nil {
		t.Fatal(err)
	}
	if !l.KeySet || l.VendorName != "Adobe" {
		t.Fatalf("created = %+v", l)
	}
	var raw []byte
	if err := d.ReadDB().QueryRow(`SELECT key_cipher FROM licences WHERE id = ?`, l.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if len(raw) == 0 || bytes.Contains(raw, []byte(key)) || bytes.Contains(raw, []byte("SECRET")) {
		t.Fatalf("key_cipher holds the plaintext or nothing: %q", raw)
	}
	got, err := d.FindLicenceByID(ctx, l.ID)
	if err != nil || !got.KeySet {
		t.Fatalf("find: %+v %v", got, err)
	}
	revealed, err := d.RevealLicenceKey(ctx, l.ID)
	if err != nil || revealed != key {
		t.Fatalf("reveal = %q, %v", revealed, err)
	}
	entries, _, _ := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "licence", EntityID: &l.ID})
	if len(entries) != 2 || entries[0].Action != "reveal" || entries[0].UserEmail != "ann@example.com" || entries[1].Action != "create" {
		t.Fatalf("audit = %+v", entries)
	}
	for _, e := range entries {
		if strings.Contains(string(e.Before)+string(e.After), "SECRET") {
			t.Fatalf("audit entry %s holds the key: %s %s", e.Action, e.Before, e.After)
		}
	}
	if !strings.Contains(string(entries[1].After), `"key":"set"`) {
		t.Fatalf("create audit does not say a key was set: %s", entries[1].After)
	}

	// Only an administrator may reveal, and a refused reveal leaves no trace.
	editor := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 2, Email: "ed@example.com", Role: outlay.RoleEditor, Active: true})
	for _, c := range []context.Context{editor, context.Background()} {
		if _, err := d.RevealLicenceKey(c, l.ID); outlay.ErrorCode(err) != outlay.EFORBIDDEN {
			t.Fatalf("non-admin reveal: %v", err)
		}
	}
	if _, err := d.RevealLicenceKey(ctx, 999); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown licence: %v", err)
	}

	// A ciphertext copied onto another licence does not open there.
	other := newLicence(vid, "Acrobat")
	if err := d.CreateLicence(ctx, other, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := d.WriteDB().Exec(`UPDATE licences SET key_cipher = ? WHERE id = ?`, raw, other.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.RevealLicenceKey(ctx, other.ID); outlay.ErrorCode(err) != outlay.EINTERNAL {
		t.Fatalf("moved ciphertext opened: %v", err)
	}
}

func TestLicenceKeyUpdateKeepsChangesRemoves(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	vid := insertVendor(t, d, "Microsoft")
	l := newLicence(vid, "Visio")
	if err := d.CreateLicence(ctx, l, nil); err != nil {
		t.Fatal(err)
	}
	if l.KeySet {
		t.Fatal("key set without a key")
	}
	steps := []struct {
		key     *string
		wantSet bool
		wantKey string // revealed value when set
		audit   string // the "key" value in the audit entry, "" for none
	}{
		{nil, false, "", ""},
		{strp(""), false, "", ""},
		{strp("FIRST-KEY"), true, "FIRST-KEY", "set"},
		{nil, true, "FIRST-KEY", ""},
		{strp("SECOND-KEY"), true, "SECOND-KEY", "changed"},
		{strp(""), false, "", "removed"},
	}
	for i, st := range steps {
		l.SeatsAssigned = int64(i)
		if err := d.UpdateLicence(ctx, l, st.key); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		got, _ := d.FindLicenceByID(ctx, l.ID)
		if got.KeySet != st.wantSet || l.KeySet != st.wantSet {
			t.Fatalf("step %d: KeySet stored %v, returned %v, want %v", i, got.KeySet, l.KeySet, st.wantSet)
		}
		if st.wantSet {
			if k, err := d.RevealLicenceKey(ctx, l.ID); err != nil || k != st.wantKey {
				t.Fatalf("step %d: reveal %q %v", i, k, err)
			}
		} else if _, err := d.RevealLicenceKey(ctx, l.ID); outlay.ErrorCode(err) != outlay.ENOTFOUND {
			t.Fatalf("step %d: reveal without key: %v", i, err)
		}
		entries, _, _ := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "licence", EntityID: &l.ID, Limit: 5})
		var upd *outlay.AuditEntry
		for _, e := range entries {
			if e.Action == "update" {
				upd = e
				break
			}
		}
		if strings.Contains(string(upd.After)+string(upd.Before), "KEY") {
			t.Fatalf("step %d: audit holds the key: %s", i, upd.After)
		}
		hasKey := strings.Contains(string(upd.After), `"key":"`+st.audit+`"`)
		if st.audit != "" && !hasKey || st.audit == "" && strings.Contains(string(upd.After), `"key":"`) {
			t.Fatalf("step %d: audit after = %s, want key %q", i, upd.After, st.audit)
		}
	}
	if err := d.UpdateLicence(ctx, l, strp(strings.Repeat("x", outlay.MaxKeyLength+1))); outlay.ErrorFields(err)["key"] == "" {
		t.Fatalf("overlong key: %v", err)
	}
	l.ID = 999
	if err := d.UpdateLicence(ctx, l, nil); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("update unknown: %v", err)
	}
}

func TestLicenceValidationAndLinks(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	adobe := insertVendor(t, d, "Adobe")
	ms := insertVendor(t, d, "Microsoft")
	msContract := insertContract(t, d, ms, "EA 2026")
	adobeContract := insertContract(t, d, adobe, "VIP")

	bad := newLicence(adobe, "")
	bad.Kind, bad.SeatsPurchased, bad.Currency, bad.Billing = "floating", -1, "EURO", "weekly"
	bad.StartDate, bad.ExpiryDate = day("2027-01-01"), day("2026-12-31")
	err := d.CreateLicence(ctx, bad, strp(strings.Repeat("k", outlay.MaxKeyLength+1)))
	f := outlay.ErrorFields(err)
	// The product is typed-in text, checked by the input's rules (internal/server).
	for _, field := range []string{"kind", "seats_purchased", "currency", "billing", "expiry_date", "key"} {
		if f[field] == "" {
			t.Errorf("no message for %s: %v", field, err)
		}
	}

	l := newLicence(999, "Ghost")
	if err := d.CreateLicence(ctx, l, nil); outlay.ErrorFields(err)["vendor_id"] != "no such vendor" {
		t.Fatalf("unknown vendor: %v", err)
	}
	l = newLicence(adobe, "Photoshop")
	l.ContractID = &msContract
	if err := d.CreateLicence(ctx, l, nil); outlay.ErrorFields(err)["contract_id"] != "this contract belongs to another vendor" {
		t.Fatalf("contract of another vendor: %v", err)
	}
	missing := int64(999)
	l.ContractID = &missing
	if err := d.CreateLicence(ctx, l, nil); outlay.ErrorFields(err)["contract_id"] != "no such contract" {
		t.Fatalf("unknown contract: %v", err)
	}
	l.ContractID = &adobeContract
	if err := d.CreateLicence(ctx, l, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindLicenceByID(ctx, l.ID)
	if got.ContractTitle != "VIP" || got.VendorName != "Adobe" || *got.ContractID != adobeContract {
		t.Fatalf("links = %+v", got)
	}

	// Over-deployed is allowed, and flagged.
	over := newLicence(ms, "Project")
	over.SeatsPurchased, over.SeatsAssigned = 10, 12
	if err := d.CreateLicence(ctx, over, nil); err != nil {
		t.Fatalf("over-deployed refused: %v", err)
	}
	if !over.OverDeployed() || over.UnusedSeats() != 0 || over.ShelfwareCost() != 0 ||
		over.OverDeployedMessage() != "Over-deployed: 12 seats assigned above the 10 purchased." {
		t.Fatalf("over-deployed flags: %v %d %q", over.OverDeployed(), over.UnusedSeats(), over.OverDeployedMessage())
	}
}

func TestLicenceFiltersSortAndShelfware(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	adobe := insertVendor(t, d, "Adobe")
	ms := insertVendor(t, d, "Microsoft")
	ea := insertContract(t, d, ms, "EA")
	add := func(vendor int64, product, kind string, purchased, assigned, price int64, cur, expiry string, contract *int64) *outlay.Licence {
		t.Helper()
		l := &outlay.Licence{Product: product, VendorID: vendor, ContractID: contract, Kind: kind, SeatsPurchased: purchased,
			SeatsAssigned: assigned, UnitPrice: price, Currency: cur, Billing: "annual"}
		if expiry != "" {
			l.ExpiryDate = day(expiry)
		}
		if err := d.CreateLicence(ctx, l, nil); err != nil {
			t.Fatal(err)
		}
		return l
	}
	cc := add(adobe, "Creative Cloud", "per_user", 100, 60, 60000, "EUR", "2027-01-31", nil) // 40 × 600.00 = 24,000.00 EUR
	acro := add(adobe, "Acrobat", "per_user", 50, 50, 20000, "USD", "2026-12-15", nil)       // none
	visio := add(ms, "Visio", "per_device", 20, 5, 10000, "USD", "2026-10-01", &ea)          // 15 × 100.00 = 1,500.00 USD, expired
	site := add(ms, "Windows Server", "site", 0, 0, 0, "EUR", "", &ea)                       // nothing purchased
	proj := add(ms, "Project", "concurrent", 10, 12, 5000, "EUR", "2027-06-30", &ea)         // over-deployed
	archived := add(ms, "Old Office", "per_user", 10, 0, 1000, "EUR", "", nil)               // archived below
	if err := d.ArchiveLicence(ctx, archived.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.ArchiveLicence(ctx, archived.ID); err != nil { // twice is fine
		t.Fatal(err)
	}

	names := func(ls []*outlay.Licence) string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Product)
		}
		return strings.Join(out, ",")
	}
	in90 := day("2027-02-23")
	today := day("2026-11-25")
	cases := []struct {
		name string
		f    outlay.LicenceFilter
		want string
	}{
		{"default by product", outlay.LicenceFilter{}, "Acrobat,Creative Cloud,Project,Visio,Windows Server"},
		{"archived included", outlay.LicenceFilter{Archived: true}, "Acrobat,Creative Cloud,Old Office,Project,Visio,Windows Server"},
		{"query product", outlay.LicenceFilter{Query: "cLoUd"}, "Creative Cloud"},
		{"query vendor name", outlay.LicenceFilter{Query: "adob"}, "Acrobat,Creative Cloud"},
		{"query wildcard is literal", outlay.LicenceFilter{Query: "%"}, ""},
		{"vendor", outlay.LicenceFilter{VendorID: &ms}, "Project,Visio,Windows Server"},
		{"contract", outlay.LicenceFilter{ContractID: &ea, Kind: "site"}, "Windows Server"},
		{"expiring within 90 days", outlay.LicenceFilter{ExpiringFrom: &today, ExpiringBefore: &in90}, "Acrobat,Creative Cloud"},
		{"expiring before", outlay.LicenceFilter{ExpiringBefore: &in90}, "Acrobat,Creative Cloud,Visio"},
		{"sort utilisation", outlay.LicenceFilter{Sort: "utilisation"}, "Visio,Creative Cloud,Acrobat,Project,Windows Server"},
		{"sort utilisation desc", outlay.LicenceFilter{Sort: "utilisation", Desc: true}, "Project,Acrobat,Creative Cloud,Visio,Windows Server"},
		{"sort shelfware desc", outlay.LicenceFilter{Sort: "shelfware", Desc: true}, "Creative Cloud,Visio,Acrobat,Project,Windows Server"},
		{"sort expiry", outlay.LicenceFilter{Sort: "expiry"}, "Visio,Acrobat,Creative Cloud,Project,Windows Server"},
		{"sort vendor desc", outlay.LicenceFilter{Sort: "vendor", Desc: true}, "Project,Visio,Windows Server,Acrobat,Creative Cloud"},
		{"unknown sort falls back", outlay.LicenceFilter{Sort: "id; DROP TABLE licences"}, "Acrobat,Creative Cloud,Project,Visio,Windows Server"},
		{"page", outlay.LicenceFilter{Limit: 2, Offset: 2}, "Project,Visio"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ls, total, err := d.FindLicences(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(ls); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
			if c.f.Limit == 0 && total != len(ls) {
				t.Fatalf("total %d for %d rows", total, len(ls))
			}
		})
	}
	if _, total, _ := d.FindLicences(ctx, outlay.LicenceFilter{Limit: 2}); total != 5 {
		t.Fatalf("paged total = %d", total)
	}

	byCurrency := func(gs []outlay.ShelfwareGroup, err error) ([]money.Money, error) {
		var out []money.Money
		for _, g := range gs {
			if n := len(out); n > 0 && out[n-1].Currency == g.Currency {
				out[n-1].Amount += g.Cost * g.Licences
			} else {
				out = append(out, money.Money{Amount: g.Cost * g.Licences, Currency: g.Currency})
			}
		}
		return out, err
	}
	sums, err := byCurrency(d.LicenceShelfware(ctx, outlay.LicenceFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	want := []money.Money{{Amount: 2400000, Currency: "EUR"}, {Amount: 150000, Currency: "USD"}}
	if len(sums) != 2 || sums[0] != want[0] || sums[1] != want[1] {
		t.Fatalf("shelfware on all = %v", sums)
	}
	if sums, _ := byCurrency(d.LicenceShelfware(ctx, outlay.LicenceFilter{VendorID: &ms})); len(sums) != 1 || sums[0] != want[1] {
		t.Fatalf("shelfware on Microsoft = %v", sums)
	}
	// The dashboard leaves out expired (Visio) and archived (Old Office) licences.
	totals, err := byCurrency(d.ShelfwareTotals(ctx))
	if err != nil || len(totals) != 1 || totals[0] != want[0] {
		t.Fatalf("ShelfwareTotals = %v, %v", totals, err)
	}
	_, _, _ = acro, site, proj
	if cc.UtilisationPercent() != "60.0" || !cc.LowUtilisation() || visio.UtilisationPercent() != "25.0" || site.UtilisationPercent() != "" {
		t.Fatalf("utilisation: %s %s %s", cc.UtilisationPercent(), visio.UtilisationPercent(), site.UtilisationPercent())
	}
}

func TestLicenceUtilisationRounding(t *testing.T) {
	cases := []struct {
		purchased, assigned int64
		pct                 string
		low, over           bool
	}{
		{6, 5, "83.3", false, false},
		{3, 2, "66.7", true, false},
		{10, 7, "70.0", false, false},
		{1000, 699, "69.9", true, false},
		{10, 12, "120.0", false, true},
		{0, 3, "", false, true},
		{8, 1, "12.5", true, false},
	}
	for _, c := range cases {
		l := outlay.Licence{SeatsPurchased: c.purchased, SeatsAssigned: c.assigned}
		if l.UtilisationPercent() != c.pct || l.LowUtilisation() != c.low || l.OverDeployed() != c.over {
			t.Errorf("%d/%d: %q low=%v over=%v", c.assigned, c.purchased, l.UtilisationPercent(), l.LowUtilisation(), l.OverDeployed())
		}
	}
}
