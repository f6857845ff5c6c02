package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
	"outlay/internal/sqlite"
)

// civilDay parses a civil date for tests.
func civilDay(s string) time.Time {
	t, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// seedVendorRow stores a vendor with raw SQL: vendor storage is another service's, and
// these tests need only a row to point at.
func seedVendorRow(t *testing.T, d *sqlite.DB, name string) int64 {
	t.Helper()
	res, err := d.WriteDB().Exec(`INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at)
		VALUES (?, lower(?), 'software', 'active', 'medium', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')`, name, name)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// annualContract is an auto-renewing annual contract with three months' notice; tests
// change what they care about.
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

func contractAuditEntries(t *testing.T, d *sqlite.DB, id int64) []*outlay.AuditEntry {
	t.Helper()
	entries, _, err := d.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "contract", EntityID: &id})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestCreateContractWithFirstTerm(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme Cloud")
	c := annualContract(v, "  Acme platform  ", "2026-04-01", "2027-03-31")
	c.OwnerEmail = "Owner@Example.com"
	c.UpliftBasisPoints = 350
	mustCreateContract(t, d, c)
	if c.ID == 0 || len(c.Terms) != 1 || c.Terms[0].ID == 0 {
		t.Fatalf("created: %+v", c)
	}

	got, err := d.FindContractByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Acme platform" || got.OwnerEmail != "owner@example.com" || got.VendorName != "Acme Cloud" {
		t.Errorf("normalised fields: %q %q %q", got.Title, got.OwnerEmail, got.VendorName)
	}
	if f := outlay.FormatDate; f(got.RenewsOn) != "2027-04-01" || f(got.CancelBy) != "2027-01-01" || f(got.KeyDate) != "2027-01-01" {
		t.Errorf("derived: renews %s cancel %s key %s", f(got.RenewsOn), f(got.CancelBy), f(got.KeyDate))
	}
	if got.DaysLeft != 37 || got.Status != "notice" {
		t.Errorf("as of 2026-11-25: days left %d status %s, want 37 notice", got.DaysLeft, got.Status)
	}

	// The denormalised columns hold the current term's figures for lists.
	var termStart, termEnd, renewsOn, cancelBy, keyDate, firstStart string
	var price int64
	err = d.ReadDB().QueryRow(`SELECT first_start, term_start, term_end, term_price, renews_on, cancel_by, key_date FROM contracts WHERE id = ?`, c.ID).
		Scan(&firstStart, &termStart, &termEnd, &price, &renewsOn, &cancelBy, &keyDate)
	if err != nil {
		t.Fatal(err)
	}
	if firstStart != "2026-04-01" || termStart != "2026-04-01" || termEnd != "2027-03-31" || price != 1200000 ||
		renewsOn != "2027-04-01" || cancelBy != "2027-01-01" || keyDate != "2027-01-01" {
		t.Errorf("denormalised: %s %s %s %d %s %s %s", firstStart, termStart, termEnd, price, renewsOn, cancelBy, keyDate)
	}

	entries := contractAuditEntries(t, d, c.ID)
	if len(entries) != 1 || entries[0].Action != "create" || entries[0].UserEmail != "ed@example.com" || entries[0].Before != nil {
		t.Fatalf("audit: %+v", entries)
	}
	var after map[string]any
	json.Unmarshal(entries[0].After, &after)
	ft, _ := after["first_term"].(map[string]any)
	if after["title"] != "Acme platform" || after["uplift_percent"] != "3.50" || ft["price"] != "12000.00" || ft["start_date"] != "2026-04-01" {
		t.Errorf("audit after: %s", entries[0].After)
	}
}

func TestCreateContractRefusesBadInput(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	archived := seedVendorRow(t, d, "Old Co")
	d.WriteDB().Exec(`UPDATE vendors SET archived_at = '2026-01-02T00:00:00.000000Z' WHERE id = ?`, archived)

	tests := []struct {
		name   string
		change func(c *outlay.Contract)
		field  string
		msg    string
	}{
		{"unknown vendor", func(c *outlay.Contract) { c.VendorID = 999 }, "vendor_id", "no such vendor"},
		{"archived vendor", func(c *outlay.Contract) { c.VendorID = archived }, "vendor_id", "the vendor is archived; restore it or choose another"},
		{"end before start", func(c *outlay.Contract) { c.Terms[0].EndDate = civilDay("2026-03-01") }, "first_term.end_date", "must be on or after the start date"},
		{"no term", func(c *outlay.Contract) { c.Terms = nil }, "first_term", "required"},
		{"bad billing", func(c *outlay.Contract) { c.Terms[0].Billing = "weekly" }, "first_term.billing", "must be one of: monthly, quarterly, annual, upfront"},
		{"bad currency", func(c *outlay.Contract) { c.Currency = "EURO" }, "currency", "not a known ISO 4217 currency code"},
		{"backup same as owner", func(c *outlay.Contract) { c.BackupOwnerEmail = "owner@example.com" }, "backup_owner_email", "must differ from the owner"},
		{"offset over a year", func(c *outlay.Contract) { c.ReminderOffsets = []int{90, 366} }, "reminder_offsets", outlay.OffsetsHint},
		{"offset of zero days", func(c *outlay.Contract) { c.ReminderOffsets = []int{0} }, "reminder_offsets", outlay.OffsetsHint},
		{"thirteen offsets", func(c *outlay.Contract) { c.ReminderOffsets = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13} }, "reminder_offsets", "at most 12 offsets"},
	}
	for _, tt := range tests {
		c := annualContract(v, "X", "2026-04-01", "2027-03-31")
		tt.change(c)
		err := d.CreateContract(asUser(1, "ed@example.com"), c)
		if outlay.ErrorCode(err) != outlay.EINVALID || outlay.ErrorFields(err)[tt.field] != tt.msg {
			t.Errorf("%s: %v, want %s: %s", tt.name, err, tt.field, tt.msg)
		}
	}
	var n int
	d.ReadDB().QueryRow(`SELECT count(*) FROM contracts`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d contracts stored from bad input", n)
	}
}

func TestFindContractsFiltersSortsAndPages(t *testing.T) {
	d := MustOpen(t)
	acme := seedVendorRow(t, d, "Acme")
	globex := seedVendorRow(t, d, "Globex")
	ctx := context.Background()

	a := annualContract(acme, "Cloud hosting", "2026-04-01", "2027-03-31") // key 2027-01-01
	a.Reference = "PO-100_A"
	mustCreateContract(t, d, a)
	b := annualContract(globex, "Office licences", "2026-01-01", "2026-12-31") // key 2026-10-01
	b.BackupOwnerEmail = "backup@example.com"
	mustCreateContract(t, d, b)
	c := annualContract(acme, "Support desk", "2026-06-01", "2027-05-31") // manual: key 2027-05-31
	c.RenewalType, c.OwnerEmail = "manual", "other@example.com"
	c.Terms[0].Price = 50000
	mustCreateContract(t, d, c)
	e := annualContract(globex, "Archived deal", "2026-01-01", "2026-12-31")
	mustCreateContract(t, d, e)
	if err := d.ArchiveContract(asUser(1, "ed@example.com"), e.ID); err != nil {
		t.Fatal(err)
	}

	ids := func(f outlay.ContractFilter) ([]int64, int) {
		t.Helper()
		cs, total, err := d.FindContracts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, c := range cs {
			if len(c.Terms) != 1 || c.VendorName == "" || c.KeyDate.IsZero() {
				t.Fatalf("list row lacks its current term or derived fields: %+v", c)
			}
			out = append(out, c.ID)
		}
		return out, total
	}
	eq := func(name string, got []int64, want ...int64) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	all, total := ids(outlay.ContractFilter{})
	eq("default: key date, soonest first, archived left out", all, b.ID, a.ID, c.ID)
	if total != 3 {
		t.Errorf("total %d", total)
	}
	got, _ := ids(outlay.ContractFilter{Desc: true})
	eq("key date desc", got, c.ID, a.ID, b.ID)
	got, _ = ids(outlay.ContractFilter{Sort: "title"})
	eq("title", got, a.ID, b.ID, c.ID)
	got, _ = ids(outlay.ContractFilter{Sort: "price"})
	eq("price", got, c.ID, a.ID, b.ID)
	got, _ = ids(outlay.ContractFilter{Sort: "vendor", Desc: true})
	eq("vendor desc", got, b.ID, c.ID, a.ID)
	got, _ = ids(outlay.ContractFilter{Sort: "'; DROP TABLE contracts; --"})
	eq("unknown sort falls back to key date", got, b.ID, a.ID, c.ID)
	got, _ = ids(outlay.ContractFilter{Query: "globex"})
	eq("query matches vendor name", got, b.ID)
	got, _ = ids(outlay.ContractFilter{Query: "100_a"})
	eq("query matches reference", got, a.ID)
	got, _ = ids(outlay.ContractFilter{Query: "_"})
	eq("underscore is not a wildcard", got, a.ID)
	got, _ = ids(outlay.ContractFilter{VendorID: &acme})
	eq("vendor", got, a.ID, c.ID)
	got, _ = ids(outlay.ContractFilter{OwnerEmail: "BACKUP@example.com"})
	eq("backup owner", got, b.ID)
	got, _ = ids(outlay.ContractFilter{OwnerEmail: "owner@example.com"})
	eq("owner", got, b.ID, a.ID)
	got, _ = ids(outlay.ContractFilter{RenewalType: "manual"})
	eq("renewal type", got, c.ID)
	got, _ = ids(outlay.ContractFilter{Archived: true, Query: "deal"})
	eq("archived included on request", got, e.ID)
	got, total = ids(outlay.ContractFilter{Limit: 2, Offset: 2})
	eq("second page", got, c.ID)
	if total != 3 {
		t.Errorf("paged total %d", total)
	}
	from, to := civilDay("2026-11-25"), civilDay("2027-02-23")
	got, _ = ids(outlay.ContractFilter{KeyDateFrom: &from, KeyDateTo: &to})
	eq("key dates in the next 90 days", got, a.ID)
	got, _ = ids(outlay.ContractFilter{KeyDateFrom: &from, KeyDateTo: &to, LateUndecided: true})
	eq("with late undecided ones", got, b.ID, a.ID)
	if err := d.DecideTerm(asUser(1, "ed@example.com"), b.ID, outlay.Decision{Kind: "renew"}); err != nil {
		t.Fatal(err)
	}
	got, _ = ids(outlay.ContractFilter{KeyDateFrom: &from, KeyDateTo: &to, LateUndecided: true})
	eq("a decided late one drops out", got, a.ID)
}

// TestContractStatusSQLAgreesWithRenewalStatus checks the status filter written in SQL
// against renewal.Status, the rule, on contracts and days chosen around every boundary.
func TestContractStatusSQLAgreesWithRenewalStatus(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")

	type spec struct {
		renewalType string
		notice      int
		unit        string
		start, end  string
		renewed     bool // add a second term with Renew
		decision    string
		archived    bool
		offsets     []int // the contract's own reminder offsets; nil for the settings'
	}
	var specs []spec
	for _, rt := range []string{"auto", "manual", "none"} {
		for _, dec := range []string{"", "renew", "renegotiate", "cancel"} {
			specs = append(specs,
				spec{rt, 3, "months", "2026-04-01", "2027-03-31", false, dec, false, nil},
				spec{rt, 30, "days", "2026-01-01", "2026-12-31", false, dec, false, nil},
				spec{rt, 0, "days", "2025-04-01", "2026-03-31", true, dec, false, nil},
				spec{rt, 1, "months", "2027-06-01", "2028-05-31", false, dec, false, nil},
				// Cancel-by dates clamped at a month's end, in a leap year: renews on
				// 2028-05-31, cancel by 2028-02-29 (notice missed from 2028-03-01).
				spec{rt, 3, "months", "2027-05-31", "2028-05-30", false, dec, false, nil},
				// Archived: an archived auto contract does not roll, so it ends.
				spec{rt, 3, "months", "2026-04-01", "2027-03-31", false, dec, true, nil},
				// Offsets of its own: the window is their largest, wider or narrower
				// than the settings'.
				spec{rt, 3, "months", "2026-04-01", "2027-03-31", false, dec, false, []int{120, 7}},
				spec{rt, 30, "days", "2026-01-01", "2026-12-31", false, dec, false, []int{10}},
			)
		}
	}
	var ids []int64
	for i, s := range specs {
		c := annualContract(v, fmt.Sprintf("case %d", i), s.start, s.end)
		c.RenewalType, c.NoticeValue, c.NoticeUnit, c.ReminderOffsets = s.renewalType, s.notice, s.unit, s.offsets
		if s.renewed {
			// A second term, as a renewal or a roll leaves it (a fixed-term contract is
			// never renewed by hand, but an import may bring one with two terms).
			c.Terms = append(c.Terms, c.NextTerm())
		}
		mustCreateContract(t, d, c)
		if s.decision != "" {
			if err := d.DecideTerm(ctx, c.ID, outlay.Decision{Kind: s.decision}); err != nil {
				t.Fatal(err)
			}
		}
		if s.archived {
			if err := d.ArchiveContract(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, c.ID)
	}
	var days []time.Time
	for _, s := range []string{"2025-03-31", "2025-04-01", "2026-03-31", "2026-04-01", "2026-07-03", "2026-07-04",
		"2026-10-01", "2026-10-02", "2026-10-03", "2026-12-01", "2026-12-02", "2026-12-31", "2027-01-01",
		"2027-01-02", "2027-02-01", "2027-03-31", "2027-04-01", "2027-05-31", "2027-06-01", "2027-12-01",
		"2028-02-28", "2028-02-29", "2028-03-01", "2028-05-30", "2028-05-31", "2028-06-01"} {
		days = append(days, civilDay(s))
	}

	checked, seen := 0, map[string]int{}
	for _, today := range days {
		for _, window := range []int{90, 30, 1} {
			bySQL := map[int64]string{}
			for _, status := range []string{"upcoming", "active", "notice", "notice_missed", "cancelled", "ended"} {
				cs, _, err := d.FindContracts(context.Background(), outlay.ContractFilter{Status: status, Today: today, WindowDays: window, Archived: true})
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cs {
					if prev, dup := bySQL[c.ID]; dup {
						t.Fatalf("contract %d has two statuses in SQL: %s and %s", c.ID, prev, status)
					}
					bySQL[c.ID] = status
					if c.Status != status {
						t.Errorf("%s window %d: contract %d filtered as %s but Derive says %s", outlay.FormatDate(today), window, c.ID, status, c.Status)
					}
				}
			}
			for i, id := range ids {
				c, err := d.FindContractByID(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				cur := c.CurrentTerm()
				w := window
				if len(c.ReminderOffsets) > 0 {
					w = c.ReminderOffsets[0] // stored largest first
				}
				want := renewal.Status(today, renewal.StatusInput{
					RenewalType: c.RenewalType, FirstStart: c.Terms[0].StartDate, TermStart: cur.StartDate,
					TermEnd: cur.EndDate, Notice: c.Notice(), Decision: c.Decision(), WindowDays: w, Archived: c.Archived(),
				})
				seen[want]++
				if bySQL[id] != want {
					t.Errorf("%s window %d, case %+v: SQL says %q, renewal.Status %q", outlay.FormatDate(today), window, specs[i], bySQL[id], want)
				}
				checked++
			}
		}
	}
	if checked < 5000 {
		t.Fatalf("only %d cases checked", checked)
	}
	for _, st := range []string{"upcoming", "active", "notice", "notice_missed", "cancelled", "ended"} {
		if seen[st] == 0 {
			t.Errorf("no case has status %s", st)
		}
	}
}

func TestRenewContractWithoutDrift(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	// A monthly term that starts on 31 January renews on 28 February, 31 March, 30 April.
	c := annualContract(v, "Monthly", "2027-01-31", "2027-02-27")
	c.RenewalTermMonths = 1
	c.UpliftBasisPoints = 1000 // 10 %
	c.Terms[0].Price = 10000
	c.Terms[0].Billing = "monthly"
	mustCreateContract(t, d, c)

	want := []struct {
		start, end string
		price      int64
	}{
		{"2027-02-28", "2027-03-30", 11000},
		{"2027-03-31", "2027-04-29", 12100},
		{"2027-04-30", "2027-05-30", 13310},
	}
	latest := c.CurrentTerm().StartDate
	for i, w := range want {
		// Renewing is for the latest term once it runs: each renewal happens on the day
		// the term before it starts.
		d.Now = func() time.Time { return latest }
		term, err := d.RenewContract(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if outlay.FormatDate(term.StartDate) != w.start || outlay.FormatDate(term.EndDate) != w.end || term.Price != w.price || term.Billing != "monthly" {
			t.Errorf("renewal %d: %s..%s %d %s, want %s..%s %d", i+1, outlay.FormatDate(term.StartDate), outlay.FormatDate(term.EndDate),
				term.Price, term.Billing, w.start, w.end, w.price)
		}
		latest = term.StartDate
	}
	got, err := d.FindContractByID(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Terms) != 4 || outlay.FormatDate(got.Terms[0].StartDate) != "2027-01-31" || outlay.FormatDate(got.CurrentTerm().StartDate) != "2027-04-30" {
		t.Fatalf("terms: %d, current %s", len(got.Terms), outlay.FormatDate(got.CurrentTerm().StartDate))
	}
	if outlay.FormatDate(got.RenewsOn) != "2027-05-31" {
		t.Errorf("renews on %s", outlay.FormatDate(got.RenewsOn))
	}
	// The list shows the new current term and keeps the first start for the status.
	cs, _, _ := d.FindContracts(context.Background(), outlay.ContractFilter{})
	if len(cs) != 1 || cs[0].CurrentTerm().Price != 13310 || outlay.FormatDate(cs[0].FirstStart) != "2027-01-31" {
		t.Fatalf("list row: %+v", cs[0])
	}
	entries := contractAuditEntries(t, d, c.ID)
	if len(entries) != 4 || entries[0].Action != "renew" {
		t.Fatalf("audit: %d entries, newest %s", len(entries), entries[0].Action)
	}
	var after map[string]any
	json.Unmarshal(entries[0].After, &after)
	if ct, _ := after["current_term"].(map[string]any); ct["start_date"] != "2027-04-30" || ct["price"] != "133.10" {
		t.Errorf("renew audit after: %s", entries[0].After)
	}
}

func TestRenewContractRefused(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	cancelled := mustCreateContract(t, d, annualContract(v, "Cancelled", "2026-04-01", "2027-03-31"))
	if err := d.DecideTerm(ctx, cancelled.ID, outlay.Decision{Kind: "cancel", Note: "moving away"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.RenewContract(ctx, cancelled.ID); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Errorf("renew with cancel decision: %v", err)
	}
	archived := mustCreateContract(t, d, annualContract(v, "Archived", "2026-04-01", "2027-03-31"))
	d.ArchiveContract(ctx, archived.ID)
	if _, err := d.RenewContract(ctx, archived.ID); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Errorf("renew archived: %v", err)
	}
	if _, err := d.RenewContract(ctx, 999); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Errorf("renew unknown: %v", err)
	}
	var n int
	d.ReadDB().QueryRow(`SELECT count(*) FROM contract_terms`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d terms after refused renewals", n)
	}
}

func TestDecideTerm(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	c := mustCreateContract(t, d, annualContract(v, "Hosting", "2026-04-01", "2027-03-31"))
	ctx := asUser(7, "dana@example.com")

	if err := d.DecideTerm(ctx, c.ID, outlay.Decision{Kind: "maybe"}); outlay.ErrorFields(err)["decision"] == "" {
		t.Fatalf("bad decision kind: %v", err)
	}
	if err := d.DecideTerm(ctx, c.ID, outlay.Decision{Kind: "cancel", Note: " moving to Globex ", By: "forged@example.com"}); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindContractByID(context.Background(), c.ID)
	dec := got.CurrentTerm().Decision
	if dec == nil || dec.Kind != "cancel" || dec.Note != "moving to Globex" || dec.By != "dana@example.com" || !dec.At.Equal(time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("decision: %+v", dec)
	}
	if got.Status != "cancelled" {
		t.Errorf("status %s", got.Status)
	}
	cs, _, _ := d.FindContracts(context.Background(), outlay.ContractFilter{Status: "cancelled"})
	if len(cs) != 1 || cs[0].CurrentTerm().Decision == nil || cs[0].CurrentTerm().Decision.By != "dana@example.com" {
		t.Fatalf("cancelled list: %+v", cs)
	}
	entries := contractAuditEntries(t, d, c.ID)
	if entries[0].Action != "decision" || entries[0].UserEmail != "dana@example.com" {
		t.Fatalf("audit: %+v", entries[0])
	}
	var after map[string]map[string]any
	json.Unmarshal(entries[0].After, &after)
	if after["decision"]["decision"] != "cancel" || after["decision"]["note"] != "moving to Globex" {
		t.Errorf("audit after: %s", entries[0].After)
	}
	// Changing one's mind is another decision, audited too.
	if err := d.DecideTerm(ctx, c.ID, outlay.Decision{Kind: "renew"}); err != nil {
		t.Fatal(err)
	}
	got, _ = d.FindContractByID(context.Background(), c.ID)
	if got.Status != "active" || got.Decision() != "renew" {
		t.Errorf("after renew decision: %s %s", got.Status, got.Decision())
	}
}

func TestUpdateContract(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	w := seedVendorRow(t, d, "Globex")
	ctx := asUser(1, "ed@example.com")
	c := mustCreateContract(t, d, annualContract(v, "Hosting", "2026-04-01", "2027-03-31"))

	edit, _ := d.FindContractByID(context.Background(), c.ID)
	edit.Title, edit.VendorID, edit.NoticeValue, edit.NoticeUnit = "Hosting (EU)", w, 60, "days"
	if err := d.UpdateContract(ctx, edit); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindContractByID(context.Background(), c.ID)
	if got.Title != "Hosting (EU)" || got.VendorName != "Globex" || outlay.FormatDate(got.KeyDate) != "2027-01-31" || len(got.Terms) != 1 {
		t.Fatalf("after update: %q %q key %s terms %d", got.Title, got.VendorName, outlay.FormatDate(got.KeyDate), len(got.Terms))
	}
	var keyDate string
	d.ReadDB().QueryRow(`SELECT key_date FROM contracts WHERE id = ?`, c.ID).Scan(&keyDate)
	if keyDate != "2027-01-31" {
		t.Errorf("denormalised key date %s after the notice changed", keyDate)
	}
	entries := contractAuditEntries(t, d, c.ID)
	var before, after map[string]any
	json.Unmarshal(entries[0].Before, &before)
	json.Unmarshal(entries[0].After, &after)
	if entries[0].Action != "update" || before["title"] != "Hosting" || after["title"] != "Hosting (EU)" || after["notice_value"] != float64(60) {
		t.Errorf("audit: %s -> %s", entries[0].Before, entries[0].After)
	}

	got.Currency = "USD"
	if err := d.UpdateContract(ctx, got); outlay.ErrorFields(err)["currency"] == "" {
		t.Errorf("currency change: %v", err)
	}
	got.Currency, got.ID = "EUR", 999
	if err := d.UpdateContract(ctx, got); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Errorf("unknown contract: %v", err)
	}
}

func TestArchiveContract(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	c := mustCreateContract(t, d, annualContract(v, "Hosting", "2026-04-01", "2027-03-31"))
	if err := d.ArchiveContract(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.ArchiveContract(ctx, c.ID); err != nil {
		t.Fatalf("archiving twice: %v", err)
	}
	if cs, total, _ := d.FindContracts(context.Background(), outlay.ContractFilter{}); total != 0 || len(cs) != 0 {
		t.Fatalf("archived contract listed")
	}
	got, err := d.FindContractByID(context.Background(), c.ID)
	if err != nil || !got.Archived() {
		t.Fatalf("archived contract by id: %v %+v", err, got)
	}
	entries := contractAuditEntries(t, d, c.ID)
	if len(entries) != 2 || entries[0].Action != "archive" {
		t.Fatalf("audit: %d entries", len(entries))
	}
	if err := d.DecideTerm(ctx, c.ID, outlay.Decision{Kind: "renew"}); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Errorf("decision on archived: %v", err)
	}
	if err := d.ArchiveContract(ctx, 999); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Errorf("unknown: %v", err)
	}
}

// TestContractReminderOffsets stores a contract's own reminder offsets and reads them
// back from every read, with the column's text, the settings' offsets for a contract
// without its own, and the audit of each change in words.
func TestContractReminderOffsets(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	column := func(id int64) string {
		t.Helper()
		var s string
		if err := d.ReadDB().QueryRow(`SELECT reminder_offsets FROM contracts WHERE id = ?`, id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	settings := outlay.DefaultSettings()

	own := annualContract(v, "Hosting", "2026-04-01", "2027-03-31")
	own.ReminderOffsets = []int{7, 90, 30, 30} // any order, a repeat
	mustCreateContract(t, d, own)
	plain := mustCreateContract(t, d, annualContract(v, "Office", "2026-04-01", "2027-03-31"))

	if got := column(own.ID); got != "90,30,7" {
		t.Errorf("stored %q, want 90,30,7", got)
	}
	if got := column(plain.ID); got != "" {
		t.Errorf("stored %q for a contract following the settings, want ''", got)
	}
	got, err := d.FindContractByID(context.Background(), own.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.ReminderOffsets, []int{90, 30, 7}) || !slices.Equal(got.EffectiveOffsets(settings), []int{90, 30, 7}) {
		t.Errorf("read %v (in effect %v), want [90 30 7]", got.ReminderOffsets, got.EffectiveOffsets(settings))
	}
	list, _, err := d.FindContracts(context.Background(), outlay.ContractFilter{Sort: "title"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || !slices.Equal(list[0].ReminderOffsets, []int{90, 30, 7}) || list[1].ReminderOffsets != nil ||
		!slices.Equal(list[1].EffectiveOffsets(settings), outlay.DefaultReminderOffsets) {
		t.Errorf("list: %+v", list)
	}
	var created map[string]any
	json.Unmarshal(contractAuditEntries(t, d, own.ID)[0].After, &created)
	if created["reminder_offsets"] != "90, 30, 7 days" {
		t.Errorf("create audit: %s", contractAuditEntries(t, d, own.ID)[0].After)
	}

	// Back to the settings: the column empties and the audit says so in words.
	got.ReminderOffsets = nil
	if err := d.UpdateContract(ctx, got); err != nil {
		t.Fatal(err)
	}
	if s := column(own.ID); s != "" {
		t.Errorf("after clearing: stored %q", s)
	}
	if ch := offsetsChange(t, d, own.ID); ch != (outlay.FieldChange{Field: "Reminder offsets", Before: "90, 30, 7 days", After: "the settings'"}) {
		t.Errorf("audit change %+v", ch)
	}

	// From the settings to offsets of its own.
	p, _ := d.FindContractByID(context.Background(), plain.ID)
	p.ReminderOffsets = []int{14, 60}
	if err := d.UpdateContract(ctx, p); err != nil {
		t.Fatal(err)
	}
	if s := column(plain.ID); s != "60,14" {
		t.Errorf("after setting: stored %q", s)
	}
	if ch := offsetsChange(t, d, plain.ID); ch != (outlay.FieldChange{Field: "Reminder offsets", Before: "the settings'", After: "60, 14 days"}) {
		t.Errorf("audit change %+v", ch)
	}

	// A refused change leaves the stored offsets alone.
	p.ReminderOffsets = []int{60, 400}
	if err := d.UpdateContract(ctx, p); outlay.ErrorFields(err)["reminder_offsets"] != outlay.OffsetsHint {
		t.Errorf("bad offsets: %v", err)
	}
	if s := column(plain.ID); s != "60,14" {
		t.Errorf("after a refused change: stored %q", s)
	}
}

// offsetsChange is the reminder offsets' line of the contract's latest audit entry.
func offsetsChange(t *testing.T, d *sqlite.DB, id int64) outlay.FieldChange {
	t.Helper()
	e := contractAuditEntries(t, d, id)[0]
	if e.Action != "update" {
		t.Fatalf("latest audit entry %s", e.Action)
	}
	for _, ch := range e.Changes() {
		if ch.Field == "Reminder offsets" {
			return ch
		}
	}
	return outlay.FieldChange{}
}
