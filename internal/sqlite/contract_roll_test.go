package sqlite_test

import (
	"context"
	"slices"
	"testing"

	"outlay/internal/outlay"
)

// auditActions lists a contract's audit actions, oldest first.
func auditActions(t *testing.T, entries []*outlay.AuditEntry) []string {
	t.Helper()
	slices.SortFunc(entries, func(a, b *outlay.AuditEntry) int { return int(a.ID - b.ID) })
	var out []string
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}

// termDates writes a contract's terms as "start..end @price" for messages.
func termDates(c *outlay.Contract) []string {
	var out []string
	for _, tm := range c.Terms {
		out = append(out, outlay.FormatDate(tm.StartDate)+".."+outlay.FormatDate(tm.EndDate))
	}
	return out
}

// TestCreatePastAutoContractRollsAtOnce: an auto contract whose first term ended last
// year is stored on its current term, in the transaction that creates it, each roll
// audited after the creation. Today is 2026-11-25.
func TestCreatePastAutoContractRollsAtOnce(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Lapsed", "2025-01-01", "2025-06-30") // a first half-year
	c.RenewalTermMonths, c.UpliftBasisPoints = 12, 500           // then years, +5 % each
	mustCreateContract(t, d, c)

	want := []string{"2025-01-01..2025-06-30", "2025-07-01..2026-06-30", "2026-07-01..2027-06-30"}
	if got := termDates(c); !slices.Equal(got, want) {
		t.Fatalf("created contract's terms %v, want %v", got, want)
	}
	stored, err := d.FindContractByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := termDates(stored); !slices.Equal(got, want) {
		t.Fatalf("stored terms %v, want %v", got, want)
	}
	// 12,000.00 -> 12,600.00 -> 13,230.00.
	for i, price := range []int64{1200000, 1260000, 1323000} {
		if stored.Terms[i].Price != price {
			t.Errorf("term %d price %d, want %d", i, stored.Terms[i].Price, price)
		}
	}
	// Renews on 2027-07-01, cancel by 2027-04-01: outside the 90-day window.
	if stored.Status != "active" || c.Status != "active" || outlay.FormatDate(stored.KeyDate) != "2027-04-01" {
		t.Errorf("status %s (returned %s), key date %s; want active, 2027-04-01", stored.Status, c.Status, outlay.FormatDate(stored.KeyDate))
	}
	if got := auditActions(t, contractAuditEntries(t, d, c.ID)); !slices.Equal(got, []string{"create", "roll", "roll"}) {
		t.Errorf("audit %v, want create, roll, roll", got)
	}
	// The list filters read the rolled term too: nothing lists it as ended.
	cs, _, err := d.FindContracts(context.Background(), outlay.ContractFilter{Status: "ended"})
	if err != nil || len(cs) != 0 {
		t.Errorf("ended contracts %d, %v; want none", len(cs), err)
	}
	// Its payments follow the current term: the annual payment due 2026-07-01 is stored.
	var due int
	if err := d.ReadDB().QueryRow(`SELECT count(*) FROM contract_payments WHERE contract_id = ? AND due = '2026-07-01' AND amount = 1323000`, c.ID).Scan(&due); err != nil || due != 1 {
		t.Errorf("payments due 2026-07-01 of 13,230.00: %d, %v", due, err)
	}
}

// TestCreateMonthlyAutoContractRollsManyTimes: a monthly term from 31 January 2026,
// created on 2026-11-25, rolls nine times without drifting at month ends.
func TestCreateMonthlyAutoContractRollsManyTimes(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Monthly", "2026-01-31", "2026-02-27")
	c.Terms[0].Billing, c.Terms[0].Price, c.NoticeValue, c.NoticeUnit = "monthly", 10000, 7, "days"
	mustCreateContract(t, d, c)
	if len(c.Terms) != 10 {
		t.Fatalf("terms %v, want 10", termDates(c))
	}
	if got := termDates(c)[9]; got != "2026-10-31..2026-11-29" {
		t.Errorf("current term %s, want 2026-10-31..2026-11-29", got)
	}
	if n := len(auditActions(t, contractAuditEntries(t, d, c.ID))); n != 10 {
		t.Errorf("audit entries %d, want the creation and nine rolls", n)
	}
	if got := termDates(c)[2]; got != "2026-03-31..2026-04-29" {
		t.Errorf("third term %s, want 2026-03-31..2026-04-29", got)
	}
}

// TestUpdateToAutoRollsAndAFailedUpdateRollsNothing: changing an ended manual contract
// to auto renews it in the same transaction; the same change refused by validation
// leaves everything as it was: no term, no audit entry, still manual.
func TestUpdateToAutoRollsAndAFailedUpdateRollsNothing(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Ended", "2025-01-01", "2025-12-31")
	c.RenewalType = "manual"
	mustCreateContract(t, d, c)
	if c.Status != "ended" || len(c.Terms) != 1 {
		t.Fatalf("manual contract past its end: %s with %d terms", c.Status, len(c.Terms))
	}

	bad := *c
	bad.Terms = nil
	bad.RenewalType, bad.BackupOwnerEmail = "auto", bad.OwnerEmail // refused: backup = owner
	if err := d.UpdateContract(ctx, &bad); outlay.ErrorCode(err) != outlay.EINVALID {
		t.Fatalf("update with a bad field: %v, want EINVALID", err)
	}
	after, err := d.FindContractByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Terms) != 1 || after.RenewalType != "manual" || after.Status != "ended" {
		t.Fatalf("after a refused update: %d terms, %s, %s", len(after.Terms), after.RenewalType, after.Status)
	}
	if got := auditActions(t, contractAuditEntries(t, d, c.ID)); !slices.Equal(got, []string{"create"}) {
		t.Fatalf("audit after a refused update %v, want create only", got)
	}

	good := *after
	good.Terms, good.RenewalType = nil, "auto"
	if err := d.UpdateContract(ctx, &good); err != nil {
		t.Fatal(err)
	}
	// Renewed into 2026: cancel by 2026-10-01 has passed on 2026-11-25 with no decision.
	if got := termDates(&good); !slices.Equal(got, []string{"2025-01-01..2025-12-31", "2026-01-01..2026-12-31"}) {
		t.Fatalf("terms after the change to auto %v", got)
	}
	if good.Status != "notice_missed" {
		t.Errorf("status %s, want notice_missed", good.Status)
	}
	if got := auditActions(t, contractAuditEntries(t, d, c.ID)); !slices.Equal(got, []string{"create", "update", "roll"}) {
		t.Errorf("audit %v, want create, update, roll", got)
	}
}

// TestTakingBackACancelRollsTheContract: an auto contract whose term ended under a cancel
// decision is cancelled; recording renew instead renews it at once.
func TestTakingBackACancelRollsTheContract(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Cancelled", "2026-01-01", "2026-12-31")
	c.Terms[0].Decision = &outlay.Decision{Kind: "cancel"}
	c.Terms[0].EndDate = civilDay("2026-06-30")
	mustCreateContract(t, d, c)
	if len(c.Terms) != 1 || c.Status != "cancelled" {
		t.Fatalf("cancelled contract: %d terms, %s", len(c.Terms), c.Status)
	}
	if err := d.DecideTerm(ctx, c.ID, outlay.Decision{Kind: "renew"}); err != nil {
		t.Fatal(err)
	}
	got, err := d.FindContractByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ds := termDates(got); !slices.Equal(ds, []string{"2026-01-01..2026-06-30", "2026-07-01..2026-12-31"}) || got.Status == "ended" {
		t.Errorf("after renew: %v, %s", ds, got.Status)
	}
}
