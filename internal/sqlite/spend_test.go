package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// spendFixture is a database with two vendors, budget lines in FY2026 and FY2027 and a
// contract, inserted by raw SQL because their own storage belongs to other slices.
type spendFixture struct {
	t                  *testing.T
	d                  *sqlite.DB
	ctx                context.Context
	acme, globex       int64 // vendors
	cloud, soft, old   int64 // budget lines: INF-CLOUD and SW-LIC in FY2026, INF-CLOUD in FY2025
	contract           int64 // Acme's
	otherVendorContrac int64 // Globex's
}

func newSpendFixture(t *testing.T) *spendFixture {
	t.Helper()
	d := MustOpen(t)
	f := &spendFixture{t: t, d: d, ctx: asUser(1, "ann@example.com")}
	f.acme = f.exec(`INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at)
		VALUES ('Acme Cloud', 'acme cloud', 'cloud', 'active', 'high', 'x', 'x')`)
	f.globex = f.exec(`INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at)
		VALUES ('Globex', 'globex', 'software', 'active', 'low', 'x', 'x')`)
	f.cloud = f.line(2026, "INF-CLOUD")
	f.soft = f.line(2026, "SW-LIC")
	f.old = f.line(2025, "INF-CLOUD")
	f.contract = f.exec(`INSERT INTO contracts (vendor_id, title, kind, owner_email, renewal_type, notice_unit, currency, created_at, updated_at)
		VALUES (?, 'Hosting', 'subscription', 'ann@example.com', 'auto', 'months', 'EUR', 'x', 'x')`, f.acme)
	f.otherVendorContrac = f.exec(`INSERT INTO contracts (vendor_id, title, kind, owner_email, renewal_type, notice_unit, currency, created_at, updated_at)
		VALUES (?, 'Office', 'subscription', 'ann@example.com', 'auto', 'months', 'EUR', 'x', 'x')`, f.globex)
	return f
}

func (f *spendFixture) exec(q string, args ...any) int64 {
	f.t.Helper()
	res, err := f.d.WriteDB().Exec(q, args...)
	if err != nil {
		f.t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

func (f *spendFixture) line(fy int, code string) int64 {
	return f.exec(`INSERT INTO budget_lines (fy, code, name, category, expense_type, planned, q1, q2, q3, q4, created_at, updated_at)
		VALUES (?, ?, ?, 'cloud', 'opex', 400000, 100000, 100000, 100000, 100000, 'x', 'x')`, fy, code, code+" line")
}

func (f *spendFixture) rate(cur, from string, micros int64) {
	f.t.Helper()
	if err := f.d.CreateRate(f.ctx, &outlay.Rate{Currency: cur, EffectiveFrom: spendDay(from), RateMicros: micros}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *spendFixture) count(table string) int {
	f.t.Helper()
	var n int
	if err := f.d.ReadDB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func spendDay(s string) time.Time {
	t, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func spendDayp(s string) *time.Time { t := spendDay(s); return &t }

// entry is a valid EUR entry of Acme charged wholly to INF-CLOUD FY2026.
func (f *spendFixture) entry(invoice string, amount int64) *outlay.SpendEntry {
	return &outlay.SpendEntry{Date: spendDay("2026-03-15"), VendorID: f.acme, Description: "Hosting March", InvoiceNumber: invoice,
		Amount: amount, Currency: "EUR", Allocations: []outlay.Allocation{{BudgetLineID: f.cloud}}}
}

func TestSpendCreateSpendInBaseCurrency(t *testing.T) {
	f := newSpendFixture(t)
	e := f.entry("INV-1", 120000)
	if err := f.d.CreateSpend(f.ctx, e); err != nil {
		t.Fatal(err)
	}
	got, err := f.d.FindSpendByID(f.ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FXRateMicros != 1_000_000 || got.BaseAmount != 120000 || got.VendorName != "Acme Cloud" ||
		len(got.Allocations) != 1 || got.Allocations[0].Amount != 120000 || got.Allocations[0].BudgetLineCode != "INF-CLOUD" {
		t.Fatalf("stored = %+v", got)
	}
	entries, _, _ := f.d.FindAuditEntries(f.ctx, outlay.AuditFilter{Entity: "spend", EntityID: &e.ID})
	if len(entries) != 1 || entries[0].Action != "create" || !strings.Contains(string(entries[0].After), `"base_amount":"1200.00"`) {
		t.Fatalf("audit = %+v", entries)
	}
	if f.count("spend_accruals") != 1 {
		t.Fatalf("accrual rows = %d", f.count("spend_accruals"))
	}
	if _, err := f.d.FindSpendByID(f.ctx, 999); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestSpendForeignSpendKeepsItsRate(t *testing.T) {
	f := newSpendFixture(t)
	f.rate("USD", "2026-01-01", 900000)
	f.rate("USD", "2026-03-01", 920000)
	e := f.entry("US-1", 120000) // 1,200.00 USD on 2026-03-15
	e.Currency = "usd"
	if err := f.d.CreateSpend(f.ctx, e); err != nil {
		t.Fatal(err)
	}
	if e.FXRateMicros != 920000 || e.BaseAmount != 110400 || e.Allocations[0].Amount != 110400 {
		t.Fatalf("converted = rate %d base %d alloc %d", e.FXRateMicros, e.BaseAmount, e.Allocations[0].Amount)
	}
	// A rate added later for the same period changes nothing already recorded, and an
	// edit that leaves the date, amount and currency alone keeps the old rate too.
	f.rate("USD", "2026-03-10", 950000)
	e.Description = "Hosting March (corrected)"
	e.Allocations = []outlay.Allocation{{BudgetLineID: f.cloud, Amount: 110400}}
	if err := f.d.UpdateSpend(f.ctx, e); err != nil {
		t.Fatal(err)
	}
	got, _ := f.d.FindSpendByID(f.ctx, e.ID)
	if got.FXRateMicros != 920000 || got.BaseAmount != 110400 || got.Description != "Hosting March (corrected)" {
		t.Fatalf("after new rate and edit: %+v", got)
	}
	// Changing the amount converts again, at the rate now effective on the date.
	got.Amount = 100000
	got.Allocations = []outlay.Allocation{{BudgetLineID: f.cloud}}
	if err := f.d.UpdateSpend(f.ctx, got); err != nil {
		t.Fatal(err)
	}
	if got.FXRateMicros != 950000 || got.BaseAmount != 95000 {
		t.Fatalf("reconverted = rate %d base %d", got.FXRateMicros, got.BaseAmount)
	}
	entries, _, _ := f.d.FindAuditEntries(f.ctx, outlay.AuditFilter{Entity: "spend", EntityID: &e.ID})
	if len(entries) != 3 || !strings.Contains(string(entries[0].Before), `"fx_rate":"0.920000"`) || !strings.Contains(string(entries[0].After), `"fx_rate":"0.950000"`) {
		t.Fatalf("audit = %d entries", len(entries))
	}
}

func TestSpendConversionRoundsByCurrencyDigits(t *testing.T) {
	f := newSpendFixture(t)
	f.rate("JPY", "2026-01-01", 6200)    // 1 JPY = 0.0062 EUR
	f.rate("KWD", "2026-01-01", 3000000) // 1 KWD = 3 EUR
	f.rate("USD", "2026-01-01", 920000)
	for _, tc := range []struct {
		cur          string
		amount, want int64
	}{
		{"JPY", 1_000_000, 620000}, // 1,000,000 JPY = 6,200.00 EUR
		{"KWD", 1250, 375},         // 1.250 KWD = 3.75 EUR
		{"USD", 12345, 11357},      // 123.45 USD = 113.574 EUR
		{"USD", -12345, -11357},    // a credit note mirrors its invoice
		{"USD", 5, 5},              // 0.05 USD = 0.046 EUR
	} {
		e := f.entry("", tc.amount)
		e.Currency = tc.cur
		if err := f.d.CreateSpend(f.ctx, e); err != nil {
			t.Fatalf("%s %d: %v", tc.cur, tc.amount, err)
		}
		if e.BaseAmount != tc.want {
			t.Errorf("%d %s = %d EUR cents, want %d", tc.amount, tc.cur, e.BaseAmount, tc.want)
		}
	}
}

func TestSpendRefusals(t *testing.T) {
	f := newSpendFixture(t)
	f.rate("USD", "2026-04-01", 920000)
	withFields := func(field, want string) func(error) string {
		return func(err error) string {
			if got := outlay.ErrorFields(err)[field]; !strings.Contains(got, want) {
				return field + " = " + got + "; want " + want + " (" + spendErrString(err) + ")"
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name  string
		edit  func(e *outlay.SpendEntry)
		check func(error) string
	}{
		{"missing rate", func(e *outlay.SpendEntry) { e.Currency = "USD" },
			withFields("currency", "No USD exchange rate is effective on 2026-03-15")},
		{"not adding up", func(e *outlay.SpendEntry) {
			e.Amount = 110400
			e.Allocations = []outlay.Allocation{{BudgetLineID: f.cloud, Amount: 50000}, {BudgetLineID: f.soft, Amount: 50000}}
		}, withFields("allocations", "the allocations add up to 1,000.00 EUR, not the entry's 1,104.00 EUR")},
		{"nothing left for the rest", func(e *outlay.SpendEntry) {
			e.Allocations = []outlay.Allocation{{BudgetLineID: f.cloud, Amount: 120000}, {BudgetLineID: f.soft}}
		}, withFields("allocations", "leaves nothing")},
		{"line of another year", func(e *outlay.SpendEntry) { e.Allocations = []outlay.Allocation{{BudgetLineID: f.old}} },
			withFields("allocations", "INF-CLOUD is a FY2025 line; this entry is dated in FY2026")},
		{"unknown line", func(e *outlay.SpendEntry) { e.Allocations = []outlay.Allocation{{BudgetLineID: 999}} },
			withFields("allocations", "no such budget line")},
		{"no allocation", func(e *outlay.SpendEntry) { e.Allocations = nil }, withFields("allocations", "at least one")},
		{"unknown vendor", func(e *outlay.SpendEntry) { e.VendorID = 999 }, withFields("vendor_id", "no such vendor")},
		{"contract of another vendor", func(e *outlay.SpendEntry) { e.ContractID = &f.otherVendorContrac },
			withFields("contract_id", "another vendor")},
		{"half a service period", func(e *outlay.SpendEntry) { e.ServiceFrom = spendDayp("2026-01-01") },
			withFields("service_to", "both")},
		{"service period backwards", func(e *outlay.SpendEntry) {
			e.ServiceFrom, e.ServiceTo = spendDayp("2026-06-01"), spendDayp("2026-05-31")
		}, withFields("service_to", "on or after")},
		{"zero amount", func(e *outlay.SpendEntry) { e.Amount = 0 }, withFields("amount", "zero")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := f.entry("R-1", 120000)
			tc.edit(e)
			if msg := tc.check(f.d.CreateSpend(f.ctx, e)); msg != "" {
				t.Error(msg)
			}
		})
	}
	// No refusal left anything behind.
	for _, table := range []string{"spend_entries", "spend_allocations", "spend_accruals"} {
		if n := f.count(table); n != 0 {
			t.Errorf("%s has %d rows after refusals", table, n)
		}
	}
	var audits int
	f.d.ReadDB().QueryRow(`SELECT count(*) FROM audit_log WHERE entity = 'spend'`).Scan(&audits)
	if audits != 0 {
		t.Errorf("%d audit entries after refusals", audits)
	}
}

func spendErrString(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

func TestSpendSplitAcrossLines(t *testing.T) {
	f := newSpendFixture(t)
	f.rate("USD", "2026-01-01", 920000)
	e := f.entry("SPLIT-1", 120000) // 1,200.00 USD = 1,104.00 EUR
	e.Currency = "USD"
	e.Allocations = []outlay.Allocation{{BudgetLineID: f.cloud, Amount: 70000}, {BudgetLineID: f.soft}}
	if err := f.d.CreateSpend(f.ctx, e); err != nil {
		t.Fatal(err)
	}
	got, _ := f.d.FindSpendByID(f.ctx, e.ID)
	if len(got.Allocations) != 2 || got.Allocations[0].Amount != 70000 || got.Allocations[1].Amount != 40400 {
		t.Fatalf("allocations = %+v", got.Allocations)
	}
	exact := f.entry("SPLIT-2", 110400)
	exact.Allocations = []outlay.Allocation{{BudgetLineID: f.cloud, Amount: 55200}, {BudgetLineID: f.soft, Amount: 55200}}
	if err := f.d.CreateSpend(f.ctx, exact); err != nil {
		t.Fatal(err)
	}
}

func TestSpendDuplicateInvoicePerVendor(t *testing.T) {
	f := newSpendFixture(t)
	first := f.entry("INV-7", 10000)
	if err := f.d.CreateSpend(f.ctx, first); err != nil {
		t.Fatal(err)
	}
	dup := f.entry("inv-7", 20000)
	err := f.d.CreateSpend(f.ctx, dup)
	if outlay.ErrorCode(err) != outlay.ECONFLICT || outlay.ErrorFields(err)["invoice_number"] != "already recorded for this vendor" ||
		outlay.ExistingSpendID(err) != first.ID || !strings.Contains(outlay.ErrorMessage(err), "/spend/") {
		t.Fatalf("duplicate: %v", err)
	}
	other := f.entry("INV-7", 10000)
	other.VendorID = f.globex
	if err := f.d.CreateSpend(f.ctx, other); err != nil {
		t.Fatalf("same number, other vendor: %v", err)
	}
	// Moving another entry onto the number is refused as well, and leaves it as it was.
	second := f.entry("INV-8", 10000)
	if err := f.d.CreateSpend(f.ctx, second); err != nil {
		t.Fatal(err)
	}
	second.InvoiceNumber = "Inv-7"
	if err := f.d.UpdateSpend(f.ctx, second); outlay.ExistingSpendID(err) != first.ID {
		t.Fatalf("update onto a taken number: %v", err)
	}
	if got, _ := f.d.FindSpendByID(f.ctx, second.ID); got.InvoiceNumber != "INV-8" {
		t.Fatalf("refused update changed the entry: %q", got.InvoiceNumber)
	}
	// Entries without an invoice number never clash.
	for range 2 {
		if err := f.d.CreateSpend(f.ctx, f.entry("", 500)); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.count("spend_entries"); n != 5 {
		t.Fatalf("entries = %d", n)
	}
}

func TestSpendAccrualRowsSpreadTheServicePeriod(t *testing.T) {
	f := newSpendFixture(t)
	e := f.entry("3Y", 3_600_000) // 36,000.00 for three years of service
	e.ServiceFrom, e.ServiceTo = spendDayp("2026-01-01"), spendDayp("2028-12-31")
	e.Allocations = []outlay.Allocation{{BudgetLineID: f.cloud, Amount: 1_000_001}, {BudgetLineID: f.soft}}
	if err := f.d.CreateSpend(f.ctx, e); err != nil {
		t.Fatal(err)
	}
	rows, err := f.d.ReadDB().Query(`SELECT a.amount, count(r.month), sum(r.amount), min(r.month), max(r.month)
		FROM spend_allocations a JOIN spend_accruals r ON r.allocation_id = a.id GROUP BY a.id ORDER BY a.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var amount, sum int64
		var months int
		var first, last string
		if err := rows.Scan(&amount, &months, &sum, &first, &last); err != nil {
			t.Fatal(err)
		}
		if months != 36 || sum != amount || first != "2026-01" || last != "2028-12" {
			t.Errorf("allocation %d: %d months summing to %d, %s..%s", amount, months, sum, first, last)
		}
		n++
	}
	if n != 2 {
		t.Fatalf("%d allocations with accruals", n)
	}
	// January 2026 has 31 of the 1,096 days: the second line's 25,999.99 × 31/1096 is
	// 735.39…, 73539 or 73540 cents depending on the largest remainders.
	var jan int64
	f.d.ReadDB().QueryRow(`SELECT amount FROM spend_accruals WHERE budget_line_id = ? AND month = '2026-01'`, f.soft).Scan(&jan)
	if jan < 73539 || jan > 73540 {
		t.Errorf("January share = %d", jan)
	}
	// A partial month counts its days only: 2026-03-20..2026-04-09 is 12 + 9 days.
	part := f.entry("PART", 2100)
	part.ServiceFrom, part.ServiceTo = spendDayp("2026-03-20"), spendDayp("2026-04-09")
	if err := f.d.CreateSpend(f.ctx, part); err != nil {
		t.Fatal(err)
	}
	var mar, apr int64
	f.d.ReadDB().QueryRow(`SELECT r.amount FROM spend_accruals r JOIN spend_allocations a ON a.id = r.allocation_id WHERE a.spend_id = ? AND r.month = '2026-03'`, part.ID).Scan(&mar)
	f.d.ReadDB().QueryRow(`SELECT r.amount FROM spend_accruals r JOIN spend_allocations a ON a.id = r.allocation_id WHERE a.spend_id = ? AND r.month = '2026-04'`, part.ID).Scan(&apr)
	if mar != 1200 || apr != 900 {
		t.Errorf("partial months = %d, %d", mar, apr)
	}
}

func TestSpendFYCheckFollowsTheFiscalCalendar(t *testing.T) {
	f := newSpendFixture(t)
	// A database whose calendar started in July from the beginning: once lines exist the
	// month can no longer be changed through the settings (TestFiscalCalendarLocked…).
	f.exec(`INSERT INTO settings (key, value) VALUES ('fy_start_month', '7') ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
	// With a July start, 2026-03-15 is in FY2026 and 2026-08-01 in FY2027.
	if err := f.d.CreateSpend(f.ctx, f.entry("A", 100)); err != nil {
		t.Fatal(err)
	}
	late := f.entry("B", 100)
	late.Date = spendDay("2026-08-01")
	err := f.d.CreateSpend(f.ctx, late)
	if got := outlay.ErrorFields(err)["allocations"]; got != "INF-CLOUD is a FY2026 line; this entry is dated in FY2027" {
		t.Fatalf("FY mismatch: %v", err)
	}
}

func TestSpendContractPaymentsMarkedInvoiced(t *testing.T) {
	f := newSpendFixture(t)
	q1 := f.exec(`INSERT INTO contract_payments (contract_id, due, period_start, period_end, amount) VALUES (?, '2026-01-01', '2026-01-01', '2026-03-31', 300000)`, f.contract)
	q2 := f.exec(`INSERT INTO contract_payments (contract_id, due, period_start, period_end, amount) VALUES (?, '2026-04-01', '2026-04-01', '2026-06-30', 300000)`, f.contract)
	invoiced := func(id int64) bool {
		var v int
		f.d.ReadDB().QueryRow(`SELECT invoiced FROM contract_payments WHERE id = ?`, id).Scan(&v)
		return v == 1
	}
	e := f.entry("C-1", 300000)
	e.ContractID = &f.contract
	if err := f.d.CreateSpend(f.ctx, e); err != nil {
		t.Fatal(err)
	}
	if !invoiced(q1) || invoiced(q2) {
		t.Fatalf("after create: q1 %v q2 %v", invoiced(q1), invoiced(q2))
	}
	got, _ := f.d.FindSpendByID(f.ctx, e.ID)
	if got.ContractTitle != "Hosting" {
		t.Fatalf("contract title = %q", got.ContractTitle)
	}
	got.Date = spendDay("2026-04-10")
	if err := f.d.UpdateSpend(f.ctx, got); err != nil {
		t.Fatal(err)
	}
	if invoiced(q1) || !invoiced(q2) {
		t.Fatalf("after moving: q1 %v q2 %v", invoiced(q1), invoiced(q2))
	}
	got.ContractID = nil
	if err := f.d.UpdateSpend(f.ctx, got); err != nil {
		t.Fatal(err)
	}
	if invoiced(q2) {
		t.Fatal("unlinking left the period invoiced")
	}
	got.ContractID = &f.contract
	if err := f.d.UpdateSpend(f.ctx, got); err != nil {
		t.Fatal(err)
	}
	if err := f.d.DeleteSpend(f.ctx, got.ID); err != nil {
		t.Fatal(err)
	}
	if invoiced(q2) {
		t.Fatal("deleting left the period invoiced")
	}
	for _, table := range []string{"spend_entries", "spend_allocations", "spend_accruals"} {
		if n := f.count(table); n != 0 {
			t.Errorf("%s has %d rows after delete", table, n)
		}
	}
	entries, _, _ := f.d.FindAuditEntries(f.ctx, outlay.AuditFilter{Entity: "spend", EntityID: &got.ID})
	if len(entries) != 5 || entries[0].Action != "delete" || len(entries[0].After) != 0 {
		t.Fatalf("audit after delete: %d entries", len(entries))
	}
	if err := f.d.DeleteSpend(f.ctx, got.ID); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("delete twice: %v", err)
	}
}

func TestSpendFindSpendFiltersAndTotals(t *testing.T) {
	f := newSpendFixture(t)
	add := func(date, invoice, desc string, vendor int64, allocs ...outlay.Allocation) *outlay.SpendEntry {
		t.Helper()
		var amount int64
		for _, a := range allocs {
			amount += a.Amount
		}
		e := &outlay.SpendEntry{Date: spendDay(date), VendorID: vendor, Description: desc, InvoiceNumber: invoice,
			Amount: amount, Currency: "EUR", Allocations: allocs}
		if err := f.d.CreateSpend(f.ctx, e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	a := add("2026-01-10", "A-1", "Hosting January", f.acme, outlay.Allocation{BudgetLineID: f.cloud, Amount: 10000})
	b := add("2026-02-10", "B-1", "Licences 50% off", f.globex, outlay.Allocation{BudgetLineID: f.cloud, Amount: 3000}, outlay.Allocation{BudgetLineID: f.soft, Amount: 7000})
	c := add("2026-05-10", "A-2", "Hosting May", f.acme, outlay.Allocation{BudgetLineID: f.soft, Amount: 500})
	ids := func(es []*outlay.SpendEntry) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	ptr := func(v int64) *int64 { return &v }
	for _, tc := range []struct {
		name  string
		f     outlay.SpendFilter
		want  []int64
		total int
		sum   int64
	}{
		{"all, newest first", outlay.SpendFilter{}, []int64{c.ID, b.ID, a.ID}, 3, 20500},
		{"Q1", outlay.SpendFilter{From: spendDayp("2026-01-01"), To: spendDayp("2026-03-31")}, []int64{b.ID, a.ID}, 2, 20000},
		{"vendor", outlay.SpendFilter{VendorID: &f.acme}, []int64{c.ID, a.ID}, 2, 10500},
		{"budget line totals its allocations", outlay.SpendFilter{BudgetLineID: &f.cloud}, []int64{b.ID, a.ID}, 2, 13000},
		{"budget line and quarter", outlay.SpendFilter{BudgetLineID: &f.soft, From: spendDayp("2026-01-01"), To: spendDayp("2026-03-31")}, []int64{b.ID}, 1, 7000},
		{"search description", outlay.SpendFilter{Query: "hosting"}, []int64{c.ID, a.ID}, 2, 10500},
		{"search invoice", outlay.SpendFilter{Query: "b-1"}, []int64{b.ID}, 1, 10000},
		{"search is literal", outlay.SpendFilter{Query: "50%"}, []int64{b.ID}, 1, 10000},
		{"underscore is no wildcard", outlay.SpendFilter{Query: "A_1"}, nil, 0, 0},
		{"sort by amount", outlay.SpendFilter{Sort: "amount"}, []int64{c.ID, a.ID, b.ID}, 3, 20500},
		{"sort by vendor", outlay.SpendFilter{Sort: "vendor"}, []int64{c.ID, a.ID, b.ID}, 3, 20500},
		{"page", outlay.SpendFilter{Limit: 1, Offset: 1}, []int64{b.ID}, 3, 20500},
		{"contract", outlay.SpendFilter{ContractID: ptr(f.contract)}, nil, 0, 0},
		{"unknown sort falls back", outlay.SpendFilter{Sort: "id; DROP TABLE x"}, []int64{c.ID, b.ID, a.ID}, 3, 20500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, total, sum, err := f.d.FindSpend(f.ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if g := ids(got); len(g) != len(tc.want) || (len(g) > 0 && !spendEqualIDs(g, tc.want)) || total != tc.total || sum != tc.sum {
				t.Errorf("got %v total %d sum %d; want %v %d %d", g, total, sum, tc.want, tc.total, tc.sum)
			}
		})
	}
	got, _, _, _ := f.d.FindSpend(f.ctx, outlay.SpendFilter{ID: &b.ID})
	if len(got) != 1 || len(got[0].Allocations) != 2 || got[0].Allocations[1].BudgetLineCode != "SW-LIC" || got[0].VendorName != "Globex" {
		t.Fatalf("allocations on the page: %+v", got)
	}
}

func spendEqualIDs(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSpendPickers(t *testing.T) {
	f := newSpendFixture(t)
	f.exec(`UPDATE vendors SET archived_at = 'x' WHERE id = ?`, f.globex)
	f.exec(`UPDATE contracts SET archived_at = 'x' WHERE id = ?`, f.contract)
	lines, contracts, err := f.d.SpendPickers(f.ctx, &f.acme, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || lines[0].Label != "INF-CLOUD — INF-CLOUD line" {
		t.Fatalf("lines = %+v", lines)
	}
	if len(contracts) != 1 || contracts[0].Label != "Hosting (archived)" {
		t.Fatalf("Acme's contracts = %+v", contracts)
	}
	lines, contracts, _ = f.d.SpendPickers(f.ctx, nil, 2026, 2025)
	if contracts != nil {
		t.Fatalf("contracts without a vendor = %+v; want none (there may be thousands)", contracts)
	}
	if len(lines) != 3 || !strings.HasSuffix(lines[2].Label, "(FY2025)") {
		t.Fatalf("lines of two years = %+v", lines)
	}
}
