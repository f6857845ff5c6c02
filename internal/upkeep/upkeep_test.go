package upkeep_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
	"outlay/internal/upkeep"
)

// today is the database's "now" in these tests.
var today = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

func open(t *testing.T) *sqlite.DB {
	t.Helper()
	d, err := sqlite.Open(filepath.Join(t.TempDir(), "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	d.Now = func() time.Time { return today }
	t.Cleanup(func() { d.Close() })
	return d
}

func civilDay(s string) time.Time {
	t, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func asUser(id int64, email string) context.Context {
	return outlay.NewContextWithUser(context.Background(), &outlay.User{ID: id, Email: email, Role: outlay.RoleAdmin, Active: true})
}

func seedVendor(t *testing.T, d *sqlite.DB, name string) int64 {
	t.Helper()
	v := &outlay.Vendor{Name: name, Category: "software", Status: "active", Criticality: "medium"}
	if err := d.CreateVendor(asUser(1, "ed@example.com"), v); err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// annualContract is an auto-renewing annual contract with three months' notice.
func annualContract(vendorID int64, title, start, end string) *outlay.Contract {
	return &outlay.Contract{
		VendorID: vendorID, Title: title, Kind: "subscription", OwnerEmail: "owner@example.com",
		RenewalType: "auto", NoticeValue: 3, NoticeUnit: "months", Currency: "EUR",
		Terms: []*outlay.Term{{StartDate: civilDay(start), EndDate: civilDay(end), Price: 1200000, Billing: "annual"}},
	}
}

func mustCreateContract(t *testing.T, d *sqlite.DB, c *outlay.Contract) *outlay.Contract {
	t.Helper()
	if err := d.CreateContract(asUser(1, "ed@example.com"), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// createdOn makes the database's clock read day until the test resets it: contracts
// created then are not yet past their terms (creating one rolls it at once), so the
// upkeep has rolls left to do on a later day.
func createdOn(d *sqlite.DB, day string) (reset func()) {
	at := civilDay(day).Add(9 * time.Hour)
	d.Now = func() time.Time { return at }
	return func() { d.Now = func() time.Time { return today } }
}

func TestRollRenewsAutoContractsByThemselves(t *testing.T) {
	d := open(t)
	ctx := context.Background()
	v := seedVendor(t, d, "Acme")
	defer createdOn(d, "2026-02-01")()
	// Monthly auto contract from 31 January that nobody touched since: on 2026-05-10 it
	// has renewed into the terms starting 28 Feb, 31 Mar, 30 Apr, without drift.
	monthly := annualContract(v, "Monthly", "2026-01-31", "2026-02-27")
	monthly.Terms[0].Billing, monthly.Terms[0].Price = "monthly", 10000
	monthly.UpliftBasisPoints = 100 // 1 % each roll
	mustCreateContract(t, d, monthly)
	cancelled := mustCreateContract(t, d, annualContract(v, "Cancelled", "2025-04-01", "2026-03-31"))
	if err := d.DecideTerm(asUser(1, "ed@example.com"), cancelled.ID, outlay.Decision{Kind: "cancel", Note: "moving away"}); err != nil {
		t.Fatal(err)
	}
	manual := annualContract(v, "Manual", "2025-04-01", "2026-03-31")
	manual.RenewalType = "manual"
	mustCreateContract(t, d, manual)
	current := mustCreateContract(t, d, annualContract(v, "Current", "2026-04-01", "2027-03-31"))

	n, err := upkeep.Roll(ctx, d.Work(), civilDay("2026-05-10"))
	if err != nil || n != 3 {
		t.Fatalf("Roll = %d, %v; want 3 terms", n, err)
	}
	got, err := d.FindContractByID(ctx, monthly.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"}
	if len(got.Terms) != len(want) {
		t.Fatalf("terms = %d, want %d", len(got.Terms), len(want))
	}
	for i, w := range want {
		if s := outlay.FormatDate(got.Terms[i].StartDate); s != w {
			t.Errorf("term %d starts %s, want %s", i, s, w)
		}
	}
	if last := got.CurrentTerm(); outlay.FormatDate(last.EndDate) != "2026-05-30" || last.Price != 10303 {
		t.Errorf("current term %s–%s at %d, want to 2026-05-30 at 10303 (three 1 %% uplifts)", outlay.FormatDate(last.StartDate), outlay.FormatDate(last.EndDate), last.Price)
	}
	if outlay.FormatDate(got.RenewsOn) != "2026-05-31" {
		t.Errorf("renews on %s", outlay.FormatDate(got.RenewsOn))
	}
	entries, _, err := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "contract", EntityID: &monthly.ID})
	if err != nil {
		t.Fatal(err)
	}
	rolls := 0
	for _, e := range entries {
		if e.Action == "roll" {
			rolls++
			if e.UserID != nil {
				t.Errorf("a roll is the system's doing, got user %d", *e.UserID)
			}
		}
	}
	if rolls != 3 {
		t.Errorf("roll audit entries = %d, want 3", rolls)
	}
	for _, id := range []int64{cancelled.ID, manual.ID, current.ID} {
		c, _ := d.FindContractByID(ctx, id)
		if len(c.Terms) != 1 {
			t.Errorf("%s rolled: %d terms", c.Title, len(c.Terms))
		}
	}
	// Rolling again the same day does nothing.
	if n, err := upkeep.Roll(ctx, d.Work(), civilDay("2026-05-10")); err != nil || n != 0 {
		t.Fatalf("second roll = %d, %v", n, err)
	}
}

func TestRollingMovesThePaymentSchedule(t *testing.T) {
	d := open(t) // today is 2026-11-25
	v := seedVendor(t, d, "Acme")
	c := annualContract(v, "Lapsed", "2025-01-01", "2025-12-31")
	c.Terms[0].Billing = "quarterly"
	reset := createdOn(d, "2025-06-01")
	mustCreateContract(t, d, c)
	reset()
	if _, err := upkeep.Run(context.Background(), d.Work(), civilDay("2026-11-25")); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindContractByID(context.Background(), c.ID)
	if len(got.Terms) != 2 || outlay.FormatDate(got.CurrentTerm().StartDate) != "2026-01-01" {
		t.Fatalf("terms after upkeep: %d", len(got.Terms))
	}
	// The rolled term's four quarterly payments are real ones now, not projections.
	var real, projected int
	if err := d.ReadDB().QueryRow(`SELECT
		(SELECT count(*) FROM contract_payments WHERE contract_id = ? AND projected = 0 AND due >= '2026-01-01' AND due <= '2026-12-31'),
		(SELECT count(*) FROM contract_payments WHERE contract_id = ? AND projected = 1 AND due <= '2026-12-31')`, c.ID, c.ID).Scan(&real, &projected); err != nil {
		t.Fatal(err)
	}
	if real != 4 || projected != 0 {
		t.Fatalf("2026 payments: %d real, %d projected; want 4 real", real, projected)
	}
}

func TestRollsBy(t *testing.T) {
	day := civilDay("2026-05-10")
	archived := day
	base := func(edit func(c *outlay.Contract)) *outlay.Contract {
		c := annualContract(1, "C", "2025-04-01", "2026-03-31")
		edit(c)
		return c
	}
	for _, tc := range []struct {
		name string
		c    *outlay.Contract
		want bool
	}{
		{"auto, ended before today", base(func(*outlay.Contract) {}), true},
		{"ends today", base(func(c *outlay.Contract) { c.Terms[0].EndDate = day }), false},
		{"ended yesterday", base(func(c *outlay.Contract) { c.Terms[0].EndDate = day.AddDate(0, 0, -1) }), true},
		{"manual", base(func(c *outlay.Contract) { c.RenewalType = "manual" }), false},
		{"none", base(func(c *outlay.Contract) { c.RenewalType = "none" }), false},
		{"cancelled", base(func(c *outlay.Contract) { c.Terms[0].Decision = &outlay.Decision{Kind: "cancel"} }), false},
		{"renegotiate", base(func(c *outlay.Contract) { c.Terms[0].Decision = &outlay.Decision{Kind: "renegotiate"} }), true},
		{"archived", base(func(c *outlay.Contract) { c.ArchivedAt = &archived }), false},
		{"no terms", base(func(c *outlay.Contract) { c.Terms = nil }), false},
	} {
		if got := upkeep.RollsBy(tc.c, day); got != tc.want {
			t.Errorf("%s: RollsBy = %v, want %v", tc.name, got, tc.want)
		}
	}
}
