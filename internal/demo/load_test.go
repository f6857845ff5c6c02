package demo_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"outlay/internal/demo"
	"outlay/internal/figures"
	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/password"
	"outlay/internal/sqlite"
	"outlay/internal/upkeep"
)

// demoToday is the day the tests generate and load the demo for.
var demoToday = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// open opens a fresh database file in a temporary folder with "now" fixed at demoToday.
func open(tb testing.TB) *sqlite.DB {
	tb.Helper()
	d, err := sqlite.Open(filepath.Join(tb.TempDir(), "outlay.db"))
	if err != nil {
		tb.Fatal(err)
	}
	d.Now = func() time.Time { return demoToday.Add(9*time.Hour + 30*time.Minute) }
	tb.Cleanup(func() { d.Close() })
	return d
}

// load loads ds into d and runs the rolls that follow, as `outlay demo` does.
func load(ctx context.Context, d *sqlite.DB, ds *demo.Dataset, progress func(string, int, int)) error {
	if err := demo.Load(ctx, d.Work(), ds, progress); err != nil {
		return err
	}
	_, err := upkeep.Run(ctx, d.Work(), ds.Today)
	return err
}

func loadSmallDemo(t *testing.T) (*sqlite.DB, *demo.Dataset) {
	t.Helper()
	d := open(t)
	ds, err := demo.Generate(demo.SizeSmall, demoToday, demo.Calendar())
	if err != nil {
		t.Fatal(err)
	}
	stages := map[string]bool{}
	err = load(context.Background(), d, ds, func(stage string, done, total int) {
		if done < 0 || done > total {
			t.Errorf("progress %s: %d of %d", stage, done, total)
		}
		stages[stage] = true
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{demo.StageVendors, demo.StageContracts, demo.StageSpend, sqlite.LoadStageDerived, sqlite.LoadStageCommit} {
		if !stages[s] {
			t.Errorf("no progress reported for %q", s)
		}
	}
	return d, ds
}

func countRows(t *testing.T, d *sqlite.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.ReadDB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestLoadDemoSmall(t *testing.T) {
	d, ds := loadSmallDemo(t)
	ctx := context.Background()
	c := ds.Counts()

	for _, tc := range []struct {
		table string
		want  int
	}{
		{"users", 4}, {"fx_rates", c.Rates}, {"vendors", 40}, {"budget_lines", 30}, {"contracts", 150},
		{"contract_terms", c.Terms}, {"licences", 80}, {"spend_entries", 3000}, {"spend_allocations", c.Allocations},
	} {
		if got := countRows(t, d, `SELECT count(*) FROM `+tc.table); got != tc.want {
			t.Errorf("%s: %d rows, want %d", tc.table, got, tc.want)
		}
	}
	if n := countRows(t, d, `SELECT count(*) FROM audit_log`); n != 1 {
		t.Errorf("%d audit entries, want the one demo entry", n)
	}
	entries, _, err := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "demo"})
	if err != nil || len(entries) != 1 || entries[0].Action != outlay.ActionCreate {
		t.Errorf("demo audit entry: %v %v", entries, err)
	}
	if n := countRows(t, d, `SELECT count(*) FROM licences WHERE key_cipher IS NOT NULL`); n != 0 {
		t.Errorf("%d licences with a key; the demo has none", n)
	}

	// Every entry's allocations add up to its base amount.
	if n := countRows(t, d, `SELECT count(*) FROM spend_entries e WHERE e.base_amount <>
		(SELECT coalesce(sum(a.amount), 0) FROM spend_allocations a WHERE a.spend_id = e.id)`); n != 0 {
		t.Errorf("%d entries whose allocations do not add up to the base amount", n)
	}
	// Every allocation's accrual rows add up to it, and it carries its entry's date.
	if n := countRows(t, d, `SELECT count(*) FROM spend_allocations a WHERE a.amount <>
		(SELECT coalesce(sum(r.amount), 0) FROM spend_accruals r WHERE r.allocation_id = a.id)`); n != 0 {
		t.Errorf("%d allocations whose accrual rows do not add up to them", n)
	}
	if n := countRows(t, d, `SELECT count(*) FROM spend_allocations a JOIN spend_entries e ON e.id = a.spend_id
		WHERE a.date <> e.date`); n != 0 {
		t.Errorf("%d allocations without their entry's date", n)
	}
	if n := countRows(t, d, `SELECT count(*) FROM spend_accruals WHERE amount = 0`); n != 0 {
		t.Errorf("%d zero accrual rows; storage leaves them out", n)
	}
	if n := countRows(t, d, `SELECT count(*) FROM spend_accruals r JOIN spend_allocations a ON a.id = r.allocation_id
		WHERE r.budget_line_id <> a.budget_line_id`); n != 0 {
		t.Errorf("%d accrual rows on another line than their allocation", n)
	}
	// An entry is charged to its own fiscal year's lines (July start: FY = year of the
	// date, plus one from July).
	if n := countRows(t, d, `SELECT count(*) FROM spend_allocations a JOIN budget_lines b ON b.id = a.budget_line_id
		WHERE b.fy <> CAST(substr(a.date, 1, 4) AS INTEGER) + (CAST(substr(a.date, 6, 2) AS INTEGER) >= 7)`); n != 0 {
		t.Errorf("%d allocations charged to another fiscal year's line", n)
	}

	// Foreign entries carry the rate effective on their date and the amount it gives.
	foreign, _, _, err := d.FindSpend(ctx, outlay.SpendFilter{})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range foreign {
		if e.Currency == "EUR" {
			if e.FXRateMicros != outlay.SpendRateMicros || e.BaseAmount != e.Amount {
				t.Errorf("EUR entry %d converted: %+v", e.ID, e)
			}
			continue
		}
		r, err := d.RateOn(ctx, e.Currency, e.Date)
		if err != nil {
			t.Fatal(err)
		}
		fd, _ := money.Digits(e.Currency)
		if want := figures.Convert(e.Amount, fd, 2, r.RateMicros); e.FXRateMicros != r.RateMicros || e.BaseAmount != want {
			t.Errorf("entry %d: %d %s at %d = %d; want rate %d, %d", e.ID, e.Amount, e.Currency, e.FXRateMicros, e.BaseAmount, r.RateMicros, want)
		}
		checked++
	}
	if checked < 100 {
		t.Errorf("only %d foreign-currency entries checked", checked)
	}

	// The denormalised columns are what FindContractByID derives from the terms.
	for _, want := range ds.Contracts {
		got, err := d.FindContractByID(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		var firstStart, termStart, termEnd, renewsOn, cancelBy, keyDate, billing, decision string
		var price int64
		if err := d.ReadDB().QueryRow(`SELECT first_start, term_start, term_end, term_price, term_billing, renews_on,
			cancel_by, key_date, decision FROM contracts WHERE id = ?`, want.ID).Scan(&firstStart, &termStart, &termEnd,
			&price, &billing, &renewsOn, &cancelBy, &keyDate, &decision); err != nil {
			t.Fatal(err)
		}
		cur := got.CurrentTerm()
		if len(got.Terms) != len(want.Terms) || firstStart != outlay.FormatDate(got.Terms[0].StartDate) ||
			termStart != outlay.FormatDate(cur.StartDate) || termEnd != outlay.FormatDate(cur.EndDate) ||
			price != cur.Price || billing != cur.Billing || renewsOn != outlay.FormatDate(got.RenewsOn) ||
			cancelBy != outlay.FormatDate(got.CancelBy) || keyDate != outlay.FormatDate(got.KeyDate) || decision != got.Decision() {
			t.Errorf("contract %d: stored %s %s %s %d %s %s %s %s %q; derived %+v", want.ID, firstStart, termStart, termEnd,
				price, billing, renewsOn, cancelBy, keyDate, decision, got)
		}
	}

	// The dashboard has something to show: key dates in the next 90 days and late ones.
	from, to := demoToday, demoToday.AddDate(0, 0, 90)
	_, soon, err := d.FindContracts(ctx, outlay.ContractFilter{KeyDateFrom: &from, KeyDateTo: &to})
	if err != nil {
		t.Fatal(err)
	}
	_, withLate, err := d.FindContracts(ctx, outlay.ContractFilter{KeyDateFrom: &from, KeyDateTo: &to, LateUndecided: true})
	if err != nil {
		t.Fatal(err)
	}
	if soon < 10 || withLate <= soon {
		t.Errorf("dashboard: %d key dates in 90 days, %d with the late ones", soon, withLate)
	}

	st, err := d.GetSettings(ctx)
	if err != nil || st.BaseCurrency != "EUR" || st.FYStartMonth != int(demo.FYStartMonth) {
		t.Errorf("settings: %+v %v", st, err)
	}
	admin, err := d.FindUserByEmail(ctx, demo.AdminEmail)
	if err != nil || admin.Role != outlay.RoleAdmin || !admin.Active {
		t.Fatalf("admin: %+v %v", admin, err)
	}
	if ok, err := password.Verify(demo.Password, admin.PasswordHash); !ok || err != nil {
		t.Errorf("the documented demo password does not open the admin account: %v", err)
	}
}

func TestLoadDemoRefusesADatabaseWithData(t *testing.T) {
	d, ds := loadSmallDemo(t)
	err := load(context.Background(), d, ds, nil)
	if outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Fatalf("second load: %v; want ECONFLICT", err)
	}
	if n := countRows(t, d, `SELECT count(*) FROM vendors`); n != 40 {
		t.Errorf("%d vendors after the refused load", n)
	}

	// One user is data too: the demo never mixes with a real installation.
	d2 := open(t)
	if err := d2.CreateFirstAdmin(context.Background(), &outlay.User{Email: "me@example.com", Name: "Me", PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	if full, err := d2.HoldsData(context.Background()); !full || err != nil {
		t.Errorf("HoldsData with one user = %v, %v", full, err)
	}
	if err := load(context.Background(), d2, ds, nil); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Errorf("load beside a user: %v; want ECONFLICT", err)
	}
}

func TestLoadDemoInterruptedLeavesNothing(t *testing.T) {
	d := open(t)
	ds, err := demo.Generate(demo.SizeSmall, demoToday, demo.Calendar())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err = load(ctx, d, ds, func(stage string, done, total int) {
		if stage == demo.StageSpend && done > 0 {
			cancel() // Ctrl-C half-way through the spend
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted load: %v", err)
	}
	if full, err := d.HoldsData(context.Background()); full || err != nil {
		t.Fatalf("after an interrupted load HoldsData = %v, %v; want an empty database", full, err)
	}
	// The database stays usable, and the load can simply be run again.
	if err := load(context.Background(), d, ds, nil); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, d, `SELECT count(*) FROM spend_entries`); n != 3000 {
		t.Errorf("%d entries after the second load", n)
	}
}

// BenchmarkLoadDemoLarge loads the large dataset (2,000 vendors, 20,000 contracts,
// 10,000 licences, 250,000 spend entries) into a fresh database per iteration. One
// iteration takes tens of seconds, so it is a benchmark (go test -bench
// LoadDemoLarge ./internal/demo), never part of the plain test run, and -short skips
// it.
func BenchmarkLoadDemoLarge(b *testing.B) {
	if testing.Short() {
		b.Skip("the large demo load takes tens of seconds")
	}
	ds, err := demo.Generate(demo.SizeLarge, demoToday, demo.Calendar())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d, err := sqlite.Open(filepath.Join(b.TempDir(), "outlay.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := load(context.Background(), d, ds, nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		d.Close()
	}
	b.ReportMetric(float64(len(ds.Spend))*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// rows reads a query's rows as strings, in order, to compare two states of a table.
func rows(t *testing.T, d *sqlite.DB, query string) []string {
	t.Helper()
	rs, err := d.ReadDB().Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out []string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLoadDerivesWhatTheFormsDerive checks the rows the load computes once at its end
// against the same rows computed record by record, as a person's forms compute them:
// the spend summaries against a recomputation from the detail rows, and the payment
// schedules and invoiced flags against a refresh of every contract.
func TestLoadDerivesWhatTheFormsDerive(t *testing.T) {
	d, ds := loadSmallDemo(t)
	ctx := context.Background()

	const lineSummaries = `SELECT budget_line_id, month, cash, accrual FROM line_month_actuals ORDER BY budget_line_id, month`
	const vendorSummaries = `SELECT vendor_id, month, entries, amount FROM vendor_month_spend ORDER BY vendor_id, month`
	const payments = `SELECT contract_id, due, period_start, period_end, amount, base_amount, projected, budget_line_code, invoiced
		FROM contract_payments ORDER BY contract_id, due, period_start`
	lines, vendors, schedule := rows(t, d, lineSummaries), rows(t, d, vendorSummaries), rows(t, d, payments)
	if len(lines) == 0 || len(vendors) == 0 || len(schedule) == 0 {
		t.Fatalf("nothing derived: %d line, %d vendor summaries, %d payments", len(lines), len(vendors), len(schedule))
	}
	wantLines := rows(t, d, `SELECT budget_line_id, month, SUM(cash), SUM(accrual) FROM (
			SELECT budget_line_id, substr(date, 1, 7) AS month, amount AS cash, 0 AS accrual FROM spend_allocations
			UNION ALL
			SELECT budget_line_id, month, 0, amount FROM spend_accruals
		) GROUP BY budget_line_id, month ORDER BY budget_line_id, month`)
	wantVendors := rows(t, d, `SELECT vendor_id, substr(date, 1, 7) AS month, count(*), SUM(base_amount) FROM spend_entries
		GROUP BY vendor_id, month ORDER BY vendor_id, month`)
	if !slices.Equal(lines, wantLines) {
		t.Errorf("line summaries differ from a recomputation: %d rows, want %d", len(lines), len(wantLines))
	}
	if !slices.Equal(vendors, wantVendors) {
		t.Errorf("vendor summaries differ from a recomputation: %d rows, want %d", len(vendors), len(wantVendors))
	}
	if n, err := d.RefreshAllContractPayments(ctx); err != nil || n != len(ds.Contracts) {
		t.Fatalf("refresh: %d, %v", n, err)
	}
	if again := rows(t, d, payments); !slices.Equal(schedule, again) {
		t.Errorf("payment schedules differ from a refresh of every contract: %d rows, want %d", len(schedule), len(again))
	}
	if n := countRows(t, d, `SELECT count(*) FROM contract_payments WHERE invoiced = 1`); n == 0 {
		t.Error("no payment is invoiced, though the demo's spend invoices contracts")
	}

	// The contracts' denormalised columns, derived at the end of the load many contracts
	// at a time, are what saving each contract's form derives for it.
	const columns = `SELECT id, first_start, term_start, term_end, term_price, term_billing, renews_on, cancel_by,
		key_date, decision FROM contracts ORDER BY id`
	derived := rows(t, d, columns)
	for _, dc := range ds.Contracts {
		c, err := d.FindContractByID(ctx, dc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.UpdateContract(ctx, c); err != nil {
			t.Fatalf("saving contract %d: %v", dc.ID, err)
		}
	}
	if again := rows(t, d, columns); !slices.Equal(derived, again) {
		t.Errorf("contract columns differ from those each contract's save derives: %d rows, want %d", len(derived), len(again))
	}
	if n := countRows(t, d, `SELECT count(*) FROM contracts WHERE first_start = '' OR key_date = ''`); n != 0 {
		t.Errorf("%d contracts without derived columns", n)
	}

	// A spend entry added through the form path afterwards keeps the summaries equal to
	// the recomputation too: the load and the form share one rule.
	e := &outlay.SpendEntry{Date: demoToday, VendorID: 1, Description: "Extra", InvoiceNumber: "X-1", Amount: 12345,
		Currency: "EUR", Allocations: []outlay.Allocation{{BudgetLineID: ds.BudgetLines[len(ds.BudgetLines)/3].ID}}}
	if err := d.CreateSpend(ctx, e); err != nil {
		t.Fatal(err)
	}
	if got, want := rows(t, d, lineSummaries), rows(t, d, `SELECT budget_line_id, month, SUM(cash), SUM(accrual) FROM (
			SELECT budget_line_id, substr(date, 1, 7) AS month, amount AS cash, 0 AS accrual FROM spend_allocations
			UNION ALL
			SELECT budget_line_id, month, 0, amount FROM spend_accruals
		) GROUP BY budget_line_id, month ORDER BY budget_line_id, month`); !slices.Equal(got, want) {
		t.Error("line summaries after a form's entry differ from a recomputation")
	}
}

// TestLoadChecksRecordsAsTheFormsDo: a record the forms would refuse is refused in the
// load too, by the same check and with its message, and the load leaves nothing.
func TestLoadChecksRecordsAsTheFormsDo(t *testing.T) {
	d := open(t)
	ds, err := demo.Generate(demo.SizeSmall, demoToday, demo.Calendar())
	if err != nil {
		t.Fatal(err)
	}
	// The first entry of a contract, pointed at a contract of another vendor.
	var s *demo.Spend
	for _, e := range ds.Spend {
		if e.ContractID != 0 {
			s = e
			break
		}
	}
	for _, c := range ds.Contracts {
		if c.VendorID != s.VendorID {
			s.ContractID = c.ID
			break
		}
	}
	err = demo.Load(context.Background(), d.Work(), ds, nil)
	if err == nil || !strings.Contains(err.Error(), "this contract is with another vendor") {
		t.Fatalf("load with a misfiled entry: %v; want the spend form's refusal", err)
	}
	if full, err := d.HoldsData(context.Background()); full || err != nil {
		t.Errorf("after the refused load HoldsData = %v, %v; want an empty database", full, err)
	}
}
