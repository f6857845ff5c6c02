package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// payRow is one stored contract payment as the budget figures read it.
type payRow struct {
	due, start, end string
	amount          int64
	base            sql.NullInt64
	projected       bool
	invoiced        bool
	code            string
}

func (r payRow) String() string {
	base := "NULL"
	if r.base.Valid {
		base = fmt.Sprint(r.base.Int64)
	}
	return fmt.Sprintf("%s [%s..%s] %d base %s projected %v invoiced %v %s", r.due, r.start, r.end, r.amount, base,
		r.projected, r.invoiced, r.code)
}

// payRows returns a contract's stored payments in due order.
func payRows(t *testing.T, d *sqlite.DB, contractID int64) []payRow {
	t.Helper()
	rows, err := d.ReadDB().Query(`SELECT due, period_start, period_end, amount, base_amount, projected, invoiced, budget_line_code
		FROM contract_payments WHERE contract_id = ? ORDER BY due, id`, contractID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []payRow
	for rows.Next() {
		var r payRow
		if err := rows.Scan(&r.due, &r.start, &r.end, &r.amount, &r.base, &r.projected, &r.invoiced, &r.code); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func payCount(t *testing.T, d *sqlite.DB, where string, args ...any) int {
	t.Helper()
	var n int
	if err := d.ReadDB().QueryRow(`SELECT count(*) FROM contract_payments WHERE `+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// payDump prints rows one a line for failure messages.
func payDump(rows []payRow) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("\n\t" + r.String())
	}
	return b.String()
}

func TestPaymentsAnnualAutoContractWithProjectedRenewal(t *testing.T) {
	d := MustOpen(t) // today 2026-11-25, fiscal year = calendar year: horizon 2027-12-31
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Platform", "2025-07-01", "2027-06-30")
	c.Terms[0].Price = 2400000 // two annual periods of 12,000.00
	c.RenewalTermMonths = 12
	c.UpliftBasisPoints = 350
	c.BudgetLineCode = "INF-CLOUD"
	mustCreateContract(t, d, c)

	got := payRows(t, d, c.ID)
	want := []payRow{
		{"2025-07-01", "2025-07-01", "2026-06-30", 1200000, sql.NullInt64{Int64: 1200000, Valid: true}, false, false, "INF-CLOUD"},
		{"2026-07-01", "2026-07-01", "2027-06-30", 1200000, sql.NullInt64{Int64: 1200000, Valid: true}, false, false, "INF-CLOUD"},
		// The renewal it rolls into, priced 24,000.00 + 3.5 %, billed annually like the term.
		{"2027-07-01", "2027-07-01", "2028-06-30", 2484000, sql.NullInt64{Int64: 2484000, Valid: true}, true, false, "INF-CLOUD"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("payments:%s\nwant:%s", payDump(got), payDump(want))
	}
}

func TestPaymentsMonthlyBillingTwelveAYear(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Monthly", "2026-01-01", "2026-12-31")
	c.Terms[0].Billing = "monthly"
	c.RenewalTermMonths = 12
	mustCreateContract(t, d, c)

	rows := payRows(t, d, c.ID)
	perYear := map[string]int{}
	projected := map[string]int{}
	for _, r := range rows {
		perYear[r.due[:4]]++
		if r.projected {
			projected[r.due[:4]]++
		}
		if r.amount != 100000 || r.due != r.start || r.start[8:] != "01" {
			t.Errorf("row %s", r)
		}
	}
	if perYear["2026"] != 12 || perYear["2027"] != 12 || len(perYear) != 2 || projected["2026"] != 0 || projected["2027"] != 12 {
		t.Fatalf("rows per year %v, projected %v", perYear, projected)
	}
}

func TestPaymentsCancelDecisionAndArchive(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	c := annualContract(v, "Quarterly", "2026-01-01", "2026-12-31")
	c.Terms[0].Billing = "quarterly"
	c.RenewalTermMonths = 12
	mustCreateContract(t, d, c)
	if n := payCount(t, d, "contract_id = ? AND projected = 1", c.ID); n != 4 {
		t.Fatalf("%d projected rows before the decision, want 4", n)
	}

	if err := d.DecideTerm(ctx, c.ID, outlay.Decision{Kind: "cancel"}); err != nil {
		t.Fatal(err)
	}
	rows := payRows(t, d, c.ID)
	if len(rows) != 4 || payCount(t, d, "contract_id = ? AND projected = 1", c.ID) != 0 {
		t.Fatalf("after cancel:%s", payDump(rows))
	}
	// Changing one's mind brings the renewal back.
	if err := d.DecideTerm(ctx, c.ID, outlay.Decision{Kind: "renegotiate"}); err != nil {
		t.Fatal(err)
	}
	if n := payCount(t, d, "contract_id = ? AND projected = 1", c.ID); n != 4 {
		t.Fatalf("%d projected rows after renegotiate, want 4", n)
	}

	if err := d.ArchiveContract(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if n := payCount(t, d, "contract_id = ?", c.ID); n != 0 {
		t.Fatalf("archived contract keeps %d payments", n)
	}
}

func TestPaymentsRenewTurnsProjectedIntoReal(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	c := annualContract(v, "Quarterly", "2026-01-01", "2026-12-31")
	c.Terms[0].Billing = "quarterly"
	c.RenewalTermMonths = 12
	c.UpliftBasisPoints = 1000
	mustCreateContract(t, d, c)
	before := payRows(t, d, c.ID)
	if len(before) != 8 {
		t.Fatalf("before renewal:%s", payDump(before))
	}

	if _, err := d.RenewContract(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	after := payRows(t, d, c.ID)
	if len(after) != 8 {
		t.Fatalf("after renewal (no duplicates, nothing beyond the horizon):%s", payDump(after))
	}
	seen := map[string]bool{}
	for i, r := range after {
		if seen[r.due] {
			t.Errorf("duplicate due %s", r.due)
		}
		seen[r.due] = true
		if r.projected {
			t.Errorf("still projected after renewal: %s", r)
		}
		// The recorded term is what was projected: same periods, same uplifted price.
		b := before[i]
		if r.due != b.due || r.end != b.end || r.amount != b.amount {
			t.Errorf("renewed %s, projected %s", r, b)
		}
	}
	if after[4].amount != 330000 {
		t.Errorf("2027 quarter: %d, want 3,300.00 (12,000.00 + 10 %% over four quarters)", after[4].amount)
	}
}

func TestPaymentsForeignCurrencyFollowRates(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "admin@example.com")
	c := annualContract(v, "US hosting", "2026-07-01", "2027-06-30")
	c.Currency = "USD"
	c.Terms[0].Price = 1000000 // 10,000.00 USD
	c.Terms[0].Billing = "quarterly"
	c.RenewalTermMonths = 12
	mustCreateContract(t, d, c)
	eur := mustCreateContract(t, d, annualContract(v, "EU hosting", "2026-01-01", "2026-12-31"))

	bases := func() []string {
		var out []string
		for _, r := range payRows(t, d, c.ID) {
			if r.base.Valid {
				out = append(out, fmt.Sprintf("%s=%d", r.due, r.base.Int64))
			} else {
				out = append(out, r.due+"=NULL")
			}
		}
		return out
	}
	check := func(step string, want ...string) {
		t.Helper()
		if got := bases(); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("%s:\n got %v\nwant %v", step, got, want)
		}
	}
	check("no rate yet", "2026-07-01=NULL", "2026-10-01=NULL", "2027-01-01=NULL", "2027-04-01=NULL", "2027-07-01=NULL", "2027-10-01=NULL")

	first := &outlay.Rate{Currency: "USD", EffectiveFrom: civilDay("2026-01-01"), RateMicros: 920000}
	if err := d.CreateRate(ctx, first); err != nil {
		t.Fatal(err)
	}
	// 2,500.00 USD a quarter at 0.92; future dues take the latest known rate.
	check("after a rate", "2026-07-01=230000", "2026-10-01=230000", "2027-01-01=230000", "2027-04-01=230000", "2027-07-01=230000", "2027-10-01=230000")

	if err := d.CreateRate(ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: civilDay("2027-05-01"), RateMicros: 900000}); err != nil {
		t.Fatal(err)
	}
	check("after a later rate", "2026-07-01=230000", "2026-10-01=230000", "2027-01-01=230000", "2027-04-01=230000", "2027-07-01=225000", "2027-10-01=225000")

	if err := d.DeleteRate(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	check("after deleting the first", "2026-07-01=NULL", "2026-10-01=NULL", "2027-01-01=NULL", "2027-04-01=NULL", "2027-07-01=225000", "2027-10-01=225000")

	for _, r := range payRows(t, d, eur.ID) {
		if !r.base.Valid || r.base.Int64 != r.amount {
			t.Errorf("base-currency payment: %s", r)
		}
	}
}

func TestPaymentsInvoicedBySpendInThePeriod(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	v := seedVendorRow(t, d, "Acme")
	line := blCreate(t, d, blFixture("INF-CLOUD", 4000000, func(b *outlay.BudgetLine) { b.FY = 2026 }))
	c := annualContract(v, "Hosting", "2026-01-01", "2026-12-31")
	c.Terms[0].Billing = "quarterly"
	c.BudgetLineCode = "INF-CLOUD"
	mustCreateContract(t, d, c)

	invoiced := func() []string {
		var out []string
		for _, r := range payRows(t, d, c.ID) {
			if r.invoiced {
				out = append(out, r.due)
			}
		}
		return out
	}
	// Dated on the last day of the second quarter's period.
	e := &outlay.SpendEntry{Date: civilDay("2026-06-30"), VendorID: v, Description: "Hosting Q2", InvoiceNumber: "H-2",
		Amount: 300000, Currency: "EUR", ContractID: &c.ID, Allocations: []outlay.Allocation{{BudgetLineID: line.ID}}}
	if err := d.CreateSpend(ctx, e); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(invoiced()); got != "[2026-04-01]" {
		t.Fatalf("invoiced after the spend entry: %s", got)
	}

	// Recomputing the schedule reaches the same answer as the spend storage.
	c.Notes = "renegotiated in spring"
	if err := d.UpdateContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(invoiced()); got != "[2026-04-01]" {
		t.Fatalf("invoiced after recomputing: %s", got)
	}
	for _, r := range payRows(t, d, c.ID) {
		if r.code != "INF-CLOUD" {
			t.Errorf("budget line code: %s", r)
		}
	}
	if n := payCount(t, d, "budget_line_code = 'INF-CLOUD' AND invoiced = 0 AND due >= '2026-01-01' AND due <= '2026-12-31'"); n != 3 {
		t.Errorf("%d committed payments in FY2026, want 3", n)
	}
}

func TestEnsurePaymentHorizon(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Monthly", "2026-01-01", "2026-12-31")
	c.Terms[0].Billing = "monthly"
	c.RenewalTermMonths = 12
	mustCreateContract(t, d, c)
	stored := func() string {
		var s string
		d.ReadDB().QueryRow(`SELECT value FROM settings WHERE key = 'payments_until'`).Scan(&s)
		return s
	}

	if err := d.EnsurePaymentHorizon(ctx); err != nil {
		t.Fatal(err)
	}
	if stored() != "2027-12-31" {
		t.Fatalf("stored horizon %q", stored())
	}
	// A row no refresh would write: it survives as long as nothing is recomputed.
	if _, err := d.WriteDB().Exec(`INSERT INTO contract_payments (contract_id, due, period_start, period_end, amount)
		VALUES (?, '2000-01-01', '2000-01-01', '2000-01-31', 1)`, c.ID); err != nil {
		t.Fatal(err)
	}
	sentinel := func() int { return payCount(t, d, "due = '2000-01-01'") }
	if err := d.EnsurePaymentHorizon(ctx); err != nil {
		t.Fatal(err)
	}
	if sentinel() != 1 {
		t.Fatal("a second call with the same horizon recomputed the payments")
	}

	if _, err := d.WriteDB().Exec(`UPDATE settings SET value = '2026-12-31' WHERE key = 'payments_until'`); err != nil {
		t.Fatal(err)
	}
	if err := d.EnsurePaymentHorizon(ctx); err != nil {
		t.Fatal(err)
	}
	if sentinel() != 0 || stored() != "2027-12-31" || payCount(t, d, "contract_id = ?", c.ID) != 24 {
		t.Fatalf("after a changed horizon: sentinel %d, stored %q, rows %d", sentinel(), stored(), payCount(t, d, "contract_id = ?", c.ID))
	}

	// A new fiscal year moves the horizon a year on.
	d.Now = func() time.Time { return time.Date(2027, 1, 2, 8, 0, 0, 0, time.UTC) }
	if err := d.EnsurePaymentHorizon(ctx); err != nil {
		t.Fatal(err)
	}
	if stored() != "2028-12-31" || payCount(t, d, "contract_id = ? AND due LIKE '2028-%'", c.ID) != 12 {
		t.Fatalf("new year: stored %q, 2028 rows %d", stored(), payCount(t, d, "contract_id = ? AND due LIKE '2028-%'", c.ID))
	}
}

func TestPaymentsFollowTheFiscalCalendarSetting(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "admin@example.com")
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Monthly", "2026-01-01", "2026-12-31")
	c.Terms[0].Billing = "monthly"
	c.RenewalTermMonths = 12
	mustCreateContract(t, d, c)

	st, err := d.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.FYStartMonth = 7 // today (2026-11-25) is in FY2027; the horizon is the end of FY2028, 2028-06-30
	if err := d.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	rows := payRows(t, d, c.ID)
	if last := rows[len(rows)-1]; len(rows) != 30 || last.due != "2028-06-01" {
		t.Fatalf("after the July start: %d rows, last %s", len(rows), last)
	}
	var stored string
	d.ReadDB().QueryRow(`SELECT value FROM settings WHERE key = 'payments_until'`).Scan(&stored)
	if stored != "2028-06-30" {
		t.Fatalf("stored horizon %q", stored)
	}
	if got, _ := d.GetSettings(ctx); got.FYStartMonth != 7 {
		t.Fatalf("settings read back: %+v", got)
	}
}

func TestRefreshAllContractPayments(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	db := d.WriteDB()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	// 300 contracts written behind storage's back, so none has payments yet.
	billings := []string{"monthly", "quarterly", "annual"}
	perTerm := map[string]int{"monthly": 12, "quarterly": 4, "annual": 1}
	want := 0
	var archivedID int64
	for i := range 300 {
		archived := any(nil)
		if i%10 == 0 {
			archived = "2026-06-01T00:00:00.000000Z"
		}
		res, err := tx.Exec(`INSERT INTO contracts (vendor_id, title, kind, owner_email, renewal_type, notice_unit,
			renewal_term_months, currency, archived_at, created_at, updated_at)
			VALUES (?, ?, 'subscription', 'o@example.com', 'auto', 'months', 12, 'EUR', ?, 'x', 'x')`, v, fmt.Sprint("C", i), archived)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		b := billings[i%3]
		decision := ""
		if i%7 == 0 {
			decision = "cancel"
		}
		if _, err := tx.Exec(`INSERT INTO contract_terms (contract_id, start_date, end_date, price, billing, decision, created_at)
			VALUES (?, '2026-01-01', '2026-12-31', 1200000, ?, ?, 'x')`, id, b, decision); err != nil {
			t.Fatal(err)
		}
		switch {
		case archived != nil:
			archivedID = id
		case decision == "cancel":
			want += perTerm[b]
		default:
			want += 2 * perTerm[b] // the term and the renewal it rolls into, up to 2027-12-31
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// A stale row of an archived contract goes too.
	if _, err := db.Exec(`INSERT INTO contract_payments (contract_id, due, period_start, period_end, amount)
		VALUES (?, '2026-01-01', '2026-01-01', '2026-12-31', 1)`, archivedID); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	n, err := d.RefreshAllContractPayments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	t.Logf("refreshed %d contracts (%d payments) in %v", n, want, elapsed)
	if n != 300 {
		t.Fatalf("refreshed %d contracts, want 300", n)
	}
	if got := payCount(t, d, "1=1"); got != want {
		t.Fatalf("%d payments, want %d", got, want)
	}
	if elapsed > 2*time.Second {
		t.Errorf("refreshing 300 contracts took %v: is something running a query per contract?", elapsed)
	}

	// Small batches page through every contract exactly once and write the same rows.
	if n, err := d.RefreshAllContractPaymentsBatch(context.Background(), 7); err != nil || n != 300 {
		t.Fatalf("in batches of 7: %d, %v", n, err)
	}
	if got := payCount(t, d, "1=1"); got != want {
		t.Fatalf("in batches of 7: %d payments, want %d", got, want)
	}
	if n, err := d.RefreshAllContractPaymentsBatch(context.Background(), 300); err != nil || n != 300 {
		t.Fatalf("one full batch: %d, %v", n, err)
	}
}
