package books_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"outlay/internal/books"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// The pack's fixture: FY2026 is calendar 2026 (January start), the pack is Q4
// (October–December), made on 25 November 2026. Worked numbers are in the tests.
var packNow = time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)

type packBook struct {
	t       *testing.T
	db      *sqlite.DB
	ctx     context.Context
	books   *books.Books
	vendors map[string]int64
	lines   map[string]*outlay.BudgetLine
}

func day(s string) time.Time {
	d, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func dayPtr(s string) *time.Time { d := day(s); return &d }

func newPackBook(t *testing.T) *packBook {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return packNow }
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "ann@example.com", Role: outlay.RoleAdmin, Active: true})
	b := &packBook{t: t, db: db, ctx: ctx, books: &books.Books{Budget: db, Figures: db, Licences: db, Rates: db},
		vendors: map[string]int64{}, lines: map[string]*outlay.BudgetLine{}}
	st := outlay.DefaultSettings()
	st.OrgName = "Acme Ltd"
	b.must(db.UpdateSettings(ctx, st))
	for _, r := range []struct {
		cur, from string
		micros    int64
	}{{"USD", "2025-01-01", 900_000}, {"USD", "2026-01-01", 920_000}, {"GBP", "2026-10-15", 1_150_000}, {"GBP", "2027-02-01", 1_200_000}} {
		b.must(db.CreateRate(ctx, &outlay.Rate{Currency: r.cur, EffectiveFrom: day(r.from), RateMicros: r.micros}))
	}
	for _, name := range []string{"Dell", "AWS", "Microsoft", "Veeam", "Adobe", "Idle Ltd"} {
		v := &outlay.Vendor{Name: name, Category: "software"}
		b.must(db.CreateVendor(ctx, v))
		b.vendors[name] = v.ID
	}
	b.line(2026, "HW-LAPTOP", "hardware", 1_000_01, nil)
	b.line(2026, "INF-CLOUD", "cloud", 12_000_00, &[4]int64{1_000_00, 2_000_00, 3_000_00, 6_000_00})
	b.line(2026, "SW-OFFICE", "software", 5_000_00, nil)
	b.line(2025, "OLD-TEL", "telecom", 2_000_00, nil)
	b.line(2025, "TEL-MOBILE", "telecom", 100_00, nil) // the code exists, but has no FY2026 line

	// Contracts: a monthly one with overdue and future uninvoiced payments (its October
	// is invoiced by E2), an auto one in USD whose cancel-by date falls in the next
	// quarter, an upfront one of 184 days, and an auto one whose cancel-by date passed
	// on 1 November with nobody deciding, charged to a code without a line.
	b.contract("AWS", "Cloud platform", "manual", "EUR", "INF-CLOUD", "2026-01-01", "2026-12-31", 12_000_00, "monthly", 0)
	b.contract("Microsoft", "Office 365", "auto", "USD", "SW-OFFICE", "2025-04-01", "2027-03-31", 2_400_00, "annual", 1)
	b.contract("Dell", "Support", "none", "EUR", "HW-LAPTOP", "2026-07-01", "2026-12-31", 1_000_00, "upfront", 0)
	b.contract("Veeam", "Backup", "auto", "EUR", "TEL-MOBILE", "2026-02-01", "2027-01-31", 4_000_00, "quarterly", 3)

	aws := b.contractID("Cloud platform")
	b.spend("Dell", "E1", "2026-10-05", 1_000_00, "EUR", nil, nil, nil, map[string]int64{"HW-LAPTOP": 600_00, "SW-OFFICE": 400_00})
	b.spend("AWS", "E2", "2026-10-03", 1_000_00, "EUR", &aws, nil, nil, map[string]int64{"INF-CLOUD": 0})
	b.spend("AWS", "E3", "2026-12-10", 3_000_00, "USD", nil, dayPtr("2026-12-01"), dayPtr("2027-02-28"), map[string]int64{"INF-CLOUD": 0})
	b.spend("Microsoft", "E4", "2026-09-20", 900_00, "EUR", nil, dayPtr("2026-09-16"), dayPtr("2026-10-15"), map[string]int64{"SW-OFFICE": 0})
	b.spend("Veeam", "E5", "2025-12-15", 1_200_00, "EUR", nil, dayPtr("2025-12-01"), dayPtr("2026-11-30"), map[string]int64{"OLD-TEL": 0})
	b.spend("Dell", "E6", "2026-08-14", 500_00, "EUR", nil, nil, nil, map[string]int64{"HW-LAPTOP": 0})
	b.spend("Dell", "E7", "2026-11-20", -50_00, "EUR", nil, nil, nil, map[string]int64{"HW-LAPTOP": 0})

	// Licences: 15 unused seats of 60.00 USD, expiring in the window with no contract;
	// 10 unused of 12.34 EUR without expiry; one expired in June, not in use.
	b.licence("Adobe", "Creative Cloud", "USD", 50, 35, 60_00, "2027-05-31")
	b.licence("Dell", "Imaging", "EUR", 20, 10, 12_34, "")
	b.licence("Dell", "Old tool", "EUR", 5, 0, 100_00, "2026-06-30")
	return b
}

func (b *packBook) must(err error) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
}

func (b *packBook) line(fy int, code, category string, planned int64, quarters *[4]int64) {
	b.t.Helper()
	l := &outlay.BudgetLine{FY: fy, Code: code, Name: "Line " + code, Category: category, ExpenseType: "opex", Planned: planned}
	if quarters != nil {
		l.Quarters, l.QuartersSet = *quarters, true
	}
	b.must(b.db.CreateBudgetLine(b.ctx, l))
	b.lines[code] = l
}

func (b *packBook) contract(vendor, title, renewalType, currency, code, start, end string, price int64, billing string, noticeMonths int) {
	b.t.Helper()
	c := &outlay.Contract{VendorID: b.vendors[vendor], Title: title, Reference: "REF-" + title, Kind: "subscription",
		OwnerEmail: "owner@example.com", RenewalType: renewalType, NoticeValue: noticeMonths, NoticeUnit: "months",
		Currency: currency, BudgetLineCode: code,
		Terms: []*outlay.Term{{StartDate: day(start), EndDate: day(end), Price: price, Billing: billing}}}
	b.must(b.db.CreateContract(b.ctx, c))
}

func (b *packBook) contractID(title string) int64 {
	b.t.Helper()
	cs, _, err := b.db.FindContracts(b.ctx, outlay.ContractFilter{Query: title})
	if err != nil || len(cs) != 1 {
		b.t.Fatalf("contract %q: %v, %v", title, cs, err)
	}
	return cs[0].ID
}

func (b *packBook) spend(vendor, invoice, date string, amount int64, currency string, contract *int64, from, to *time.Time, alloc map[string]int64) {
	b.t.Helper()
	e := &outlay.SpendEntry{Date: day(date), VendorID: b.vendors[vendor], Description: "Invoice " + invoice, InvoiceNumber: invoice,
		Amount: amount, Currency: currency, ContractID: contract, ServiceFrom: from, ServiceTo: to}
	for _, code := range []string{"HW-LAPTOP", "INF-CLOUD", "SW-OFFICE", "OLD-TEL"} {
		if v, ok := alloc[code]; ok {
			e.Allocations = append(e.Allocations, outlay.Allocation{BudgetLineID: b.lines[code].ID, Amount: v})
		}
	}
	b.must(b.db.CreateSpend(b.ctx, e))
}

func (b *packBook) licence(vendor, product, currency string, purchased, assigned, price int64, expiry string) {
	b.t.Helper()
	l := &outlay.Licence{Product: product, VendorID: b.vendors[vendor], Kind: "per_user", SeatsPurchased: purchased,
		SeatsAssigned: assigned, UnitPrice: price, Currency: currency, Billing: "annual", OwnerEmail: "it@example.com"}
	if expiry != "" {
		l.ExpiryDate = day(expiry)
	}
	b.must(b.db.CreateLicence(b.ctx, l, nil))
}

func (b *packBook) pack(fy, quarter int, basis string) *outlay.FinancePack {
	b.t.Helper()
	p, err := books.FinancePack(b.ctx, b.db.Work(), outlay.PackQuery{FY: fy, Quarter: quarter, Basis: basis, Now: packNow, By: "ann@example.com"})
	if err != nil {
		b.t.Fatal(err)
	}
	return p
}

// budgetList is what the budget list shows for the quarter, read apart from the pack.
func (b *packBook) budgetList(fy, quarter int, basis string) *books.BudgetYear {
	b.t.Helper()
	st, err := b.db.GetSettings(b.ctx)
	b.must(err)
	y, err := b.books.BudgetYear(b.ctx, books.BudgetQuery{Filter: outlay.BudgetLineFilter{FY: fy}, Quarter: quarter,
		Today: day("2026-11-25"), Settings: &st, Basis: basis})
	b.must(err)
	return y
}

// quarterActuals maps every code of a budget list to its quarter actual.
func quarterActuals(y *books.BudgetYear) map[string]int64 {
	out := map[string]int64{}
	for _, l := range y.Lines {
		out[l.Code] = l.Actual
	}
	for _, u := range y.Unbudgeted {
		out[u.Code] = u.Actual
	}
	return out
}

func TestFinancePackSpendAddsUpToEachCodesActualOnBothBases(t *testing.T) {
	b := newPackBook(t)
	for _, tc := range []struct {
		basis string
		want  map[string]int64 // worked by hand
	}{
		// Cash: E1's 600/400 split, E2 and E3 (2,760.00 EUR at 0.92), E7's credit note.
		{outlay.BasisCash, map[string]int64{"HW-LAPTOP": 550_00, "SW-OFFICE": 400_00, "INF-CLOUD": 3_760_00}},
		// Accrual: E4's October half (450.00), E3's December share of 2,760.00 (31 of 90
		// days: 950.67), E5's October and November shares of 1,200.00 (31 and 30 of 365
		// days: 101.91 and 98.63; October is the last of seven 31-day months of 101.9178…
		// and the largest remainder's six cents go to the first six) under OLD-TEL, which
		// has no FY2026 line.
		{outlay.BasisAccrual, map[string]int64{"HW-LAPTOP": 550_00, "SW-OFFICE": 850_00, "INF-CLOUD": 1_950_67, "OLD-TEL": 200_54}},
	} {
		t.Run(tc.basis, func(t *testing.T) {
			p := b.pack(2026, 4, tc.basis)
			if p.Basis != tc.basis {
				t.Fatalf("basis = %q", p.Basis)
			}
			counted := map[string]int64{}
			var total int64
			for _, c := range p.Spend {
				if c.Counted == 0 {
					t.Errorf("charge of %s counts nothing", c.Entry.InvoiceNumber)
				}
				counted[c.Allocation.BudgetLineCode] += c.Counted
				total += c.Counted
			}
			list := quarterActuals(b.budgetList(2026, 4, tc.basis))
			for code, actual := range list {
				if counted[code] != actual {
					t.Errorf("%s: charges count %d, the budget list's quarter actual is %d", code, counted[code], actual)
				}
			}
			for code, want := range tc.want {
				if counted[code] != want || list[code] != want {
					t.Errorf("%s: counted %d, list %d, worked %d", code, counted[code], list[code], want)
				}
			}
			for code := range counted {
				if _, ok := list[code]; !ok {
					t.Errorf("%s has charges but no row in the budget list", code)
				}
			}
			if total != p.Totals.Figures.Actual {
				t.Errorf("charges add up to %d, the quarter's actual is %d", total, p.Totals.Figures.Actual)
			}
			// Vendors: the quarter adds up to the actual, the year to date to the YTD actual.
			var q, ytd int64
			for _, v := range p.Vendors {
				q += v.QuarterSpend
				ytd += v.YTDSpend
			}
			if q != p.Totals.Figures.Actual || ytd != p.Totals.Figures.YTDActual {
				t.Errorf("vendors add up to %d in the quarter, %d to date; the totals say %d and %d", q, ytd, p.Totals.Figures.Actual, p.Totals.Figures.YTDActual)
			}
		})
	}
}

func TestFinancePackSplitEntryIsTwoCharges(t *testing.T) {
	p := newPackBook(t).pack(2026, 4, "")
	var parts []int64
	for _, c := range p.Spend {
		if c.Entry.InvoiceNumber == "E1" {
			parts = append(parts, c.Counted)
			if c.Entry.BaseAmount != 1_000_00 {
				t.Errorf("E1's base amount = %d", c.Entry.BaseAmount)
			}
		}
	}
	if len(parts) != 2 || parts[0] != 600_00 || parts[1] != 400_00 {
		t.Fatalf("E1's charges = %v, want 600.00 and 400.00", parts)
	}
	// Spend runs by date: E2 (3 Oct), E1 (5 Oct), E7 (20 Nov), E3 (10 Dec).
	var order []string
	for _, c := range p.Spend {
		if len(order) == 0 || order[len(order)-1] != c.Entry.InvoiceNumber {
			order = append(order, c.Entry.InvoiceNumber)
		}
	}
	if got := len(order); got != 4 || order[0] != "E2" || order[1] != "E1" || order[2] != "E7" || order[3] != "E3" {
		t.Fatalf("spend order = %v", order)
	}
}

func TestFinancePackHeaderLinesAndRates(t *testing.T) {
	p := newPackBook(t).pack(2026, 4, "")
	if p.OrgName != "Acme Ltd" || p.Base != "EUR" || p.Basis != outlay.BasisCash || p.FY != 2026 || p.Quarter != 4 ||
		!p.From.Equal(day("2026-10-01")) || !p.To.Equal(day("2026-12-31")) ||
		!p.YearFrom.Equal(day("2026-01-01")) || !p.YearTo.Equal(day("2026-12-31")) ||
		!p.GeneratedAt.Equal(packNow) || p.GeneratedBy != "ann@example.com" {
		t.Fatalf("header = %+v", p)
	}
	// Category then code: hardware, software, cloud (the domain's order), not codes.
	var codes []string
	for _, l := range p.Lines {
		codes = append(codes, l.Code)
	}
	if len(codes) != 3 || codes[0] != "HW-LAPTOP" || codes[1] != "SW-OFFICE" || codes[2] != "INF-CLOUD" {
		t.Fatalf("lines = %v", codes)
	}
	// Quarter plans: the default split gives Q4 of 1,000.01 250.00; the explicit one 6,000.00.
	if p.Lines[0].Planned != 250_00 || p.Lines[2].Planned != 6_000_00 || p.Totals.Figures.Planned != 250_00+1_250_00+6_000_00 {
		t.Errorf("quarter plans = %d, %d, total %d", p.Lines[0].Planned, p.Lines[2].Planned, p.Totals.Figures.Planned)
	}
	// Unbudgeted: TEL-MOBILE's committed (Backup); on cash OLD-TEL has no FY2026 money.
	if len(p.Unbudgeted) != 1 || p.Unbudgeted[0].Code != "TEL-MOBILE" || p.Unbudgeted[0].Committed != 1_000_00 {
		t.Errorf("unbudgeted = %+v", p.Unbudgeted)
	}
	// Rates: USD's in effect on 1 October, GBP's taking effect on 15 October; neither the
	// superseded USD rate nor February's GBP one.
	if len(p.Rates) != 2 || p.Rates[0].Currency != "GBP" || p.Rates[0].RateMicros != 1_150_000 ||
		p.Rates[1].Currency != "USD" || p.Rates[1].RateMicros != 920_000 {
		t.Fatalf("rates = %+v %+v", p.Rates[0], p.Rates)
	}
}

func TestFinancePackCommitmentsAreTheCommittedOfTheYear(t *testing.T) {
	b := newPackBook(t)
	p := b.pack(2026, 4, "")
	if len(p.Commitments) == 0 {
		t.Fatal("no commitments")
	}
	var all, inQuarter, overdueInQuarter int64
	var earlier int
	for i, c := range p.Commitments {
		if i > 0 {
			prev := p.Commitments[i-1]
			if c.BudgetLineCode < prev.BudgetLineCode || c.BudgetLineCode == prev.BudgetLineCode && c.Due.Before(prev.Due) {
				t.Errorf("commitment %d out of order: %+v after %+v", i, c, prev)
			}
		}
		if c.Overdue != c.Due.Before(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("commitment %d overdue = %v, due %s", i, c.Overdue, outlay.FormatDate(c.Due))
		}
		if c.Due.Before(p.YearFrom) || c.Due.After(p.YearTo) {
			t.Errorf("commitment %d due %s, outside the year", i, outlay.FormatDate(c.Due))
		}
		all += c.BaseAmount
		if c.Due.Before(p.From) {
			earlier++
			continue
		}
		inQuarter += c.BaseAmount
		if c.Overdue {
			overdueInQuarter += c.BaseAmount
		}
	}
	// Uninvoiced payments of Q1–Q3 are still to come, so they are listed.
	if earlier == 0 {
		t.Error("no commitment of an earlier quarter: the fixture should have some")
	}
	if all != p.Totals.Figures.YearCommitted {
		t.Errorf("commitments add up to %d, year committed %d", all, p.Totals.Figures.YearCommitted)
	}
	if inQuarter != p.Totals.Figures.Committed || overdueInQuarter != p.Totals.Figures.Overdue {
		t.Errorf("Q4 commitments add up to %d (%d overdue), figures say %d (%d)", inQuarter, overdueInQuarter, p.Totals.Figures.Committed, p.Totals.Figures.Overdue)
	}
	if got := p.Totals.Figures.YearActual + all; got != p.Totals.Figures.Forecast {
		t.Errorf("year actual + commitments = %d, forecast %d", got, p.Totals.Figures.Forecast)
	}
	for _, c := range p.Commitments {
		if c.BudgetLineCode == "INF-CLOUD" && c.BudgetLineName != "Line INF-CLOUD" || c.BudgetLineCode == "TEL-MOBILE" && c.BudgetLineName != "" {
			t.Errorf("line name of %s = %q", c.BudgetLineCode, c.BudgetLineName)
		}
	}
	// The list is the year's, whichever quarter the pack is for.
	if p3 := b.pack(2026, 3, ""); len(p3.Commitments) != len(p.Commitments) {
		t.Errorf("Q3 pack lists %d commitments, Q4 %d", len(p3.Commitments), len(p.Commitments))
	}
}

func TestFinancePackContractsVendorsRenewalsLicences(t *testing.T) {
	b := newPackBook(t)
	p := b.pack(2026, 4, "")

	// Annual values: Office 365, 2,400.00 USD for 730 days, is 1,200.00 USD a year, at
	// 0.92 1,104.00 EUR; Support, 1,000.00 for 184 days, is 1,983.695… → 1,983.70.
	annual := map[string]outlay.PackContract{}
	for _, c := range p.Contracts {
		annual[c.Contract.Title] = c
	}
	for title, want := range map[string]int64{"Office 365": 1_104_00, "Support": 1_983_70, "Cloud platform": 12_000_00, "Backup": 4_000_00} {
		if c := annual[title]; !c.AnnualKnown || c.AnnualValue != want {
			t.Errorf("%s: annual %d (%v), want %d", title, c.AnnualValue, c.AnnualKnown, want)
		}
	}
	if len(p.Contracts) != 4 {
		t.Errorf("%d contracts in the register", len(p.Contracts))
	}

	// Renewals: the missed cancel-by date first, then, since Q4 still runs, the dates from
	// today through the next two quarters (2027 Q1–Q2), soonest first: Cloud platform's
	// and Support's term ends on 31 December are in it, though before Q1.
	type row struct{ date, what, title string }
	want := []row{{"2026-11-01", "Cancel by", "Backup"}, {"2026-12-31", "Term ends", "Cloud platform"}, {"2026-12-31", "Term ends", "Support"},
		{"2027-03-01", "Cancel by", "Office 365"}, {"2027-05-31", "Licence expires", "Creative Cloud"}}
	if len(p.Renewals) != len(want) {
		t.Fatalf("renewals = %+v", p.Renewals)
	}
	for i, r := range p.Renewals {
		if outlay.FormatDate(r.Date) != want[i].date || r.What != want[i].what || r.Title != want[i].title {
			t.Errorf("renewal %d = %s %s %s, want %+v", i, outlay.FormatDate(r.Date), r.What, r.Title, want[i])
		}
	}
	if r := p.Renewals[3]; r.Price != 2_400_00 || r.Currency != "USD" || r.AnnualValue != 1_104_00 || r.DaysLeft != 96 || r.OwnerEmail != "owner@example.com" || r.RenewalType != "auto" {
		t.Errorf("Office 365 renewal = %+v", r)
	}
	if r := p.Renewals[0]; r.Status != "notice_missed" || r.DaysLeft != -24 {
		t.Errorf("Backup renewal = %+v", r)
	}

	// Vendors: those with spend to date or a running contract, by name; Adobe (a licence
	// only) and Idle Ltd are not among them.
	type vrow struct {
		q, ytd int64
		active int
		next   string
		what   string
	}
	wantV := map[string]vrow{
		"AWS":       {3_760_00, 3_760_00, 1, "2026-12-31", "Term ends: Cloud platform"},
		"Dell":      {950_00, 1_450_00, 1, "2026-12-31", "Term ends: Support"},
		"Microsoft": {0, 900_00, 1, "2027-03-01", "Cancel by: Office 365"},
		"Veeam":     {0, 0, 1, "2026-11-01", "Cancel by: Backup"},
	}
	var names []string
	for _, v := range p.Vendors {
		names = append(names, v.Vendor.Name)
		w, ok := wantV[v.Vendor.Name]
		got := vrow{v.QuarterSpend, v.YTDSpend, v.ActiveContracts, outlay.FormatDate(v.NextKeyDate), v.NextKeyWhat}
		if !ok || got != w {
			t.Errorf("%s = %+v, want %+v", v.Vendor.Name, got, w)
		}
	}
	if len(names) != 4 || names[0] != "AWS" || names[3] != "Veeam" {
		t.Errorf("vendors = %v", names)
	}

	// Licences in use: 15 × 60.00 USD = 900.00 USD at 0.92 is 828.00 EUR; 10 × 12.34 EUR.
	got := map[string]int64{}
	var total int64
	for _, l := range p.Licences {
		got[l.Licence.Product] = l.UnusedCostBase
		total += l.UnusedCostBase
		if !l.Converted {
			t.Errorf("%s not converted", l.Licence.Product)
		}
	}
	if len(p.Licences) != 2 || got["Creative Cloud"] != 828_00 || got["Imaging"] != 123_40 {
		t.Errorf("licences = %v", got)
	}
	// The same figure as the dashboard's shelfware card.
	st, err := b.db.GetSettings(b.ctx)
	b.must(err)
	d, err := b.books.Dashboard(b.ctx, st, day("2026-11-25"))
	b.must(err)
	if total != 951_40 || d.Shelfware != total {
		t.Errorf("unused cost = %d, dashboard shelfware %d", total, d.Shelfware)
	}
}

// countingView counts View calls and, once the snapshot has been read from (the
// settings, the pack's first read), lets a write commit from outside the transaction.
type countingView struct {
	work  outlay.Viewer
	views int
	write func()
}

func (v *countingView) View(ctx context.Context, fn func(tx outlay.ReadTx) error) error {
	v.views++
	return v.work.View(ctx, func(tx outlay.ReadTx) error { return fn(&writeAfterFirstRead{ReadTx: tx, write: v.write}) })
}

type writeAfterFirstRead struct {
	outlay.ReadTx
	write func()
}

func (w *writeAfterFirstRead) GetSettings(ctx context.Context) (outlay.Settings, error) {
	st, err := w.ReadTx.GetSettings(ctx)
	if w.write != nil {
		w.write()
		w.write = nil
	}
	return st, err
}

func TestFinancePackReadsOneSnapshot(t *testing.T) {
	b := newPackBook(t)
	late := func() {
		b.spend("Dell", "LATE", "2026-11-24", 777_00, "EUR", nil, nil, nil, map[string]int64{"HW-LAPTOP": 0})
		b.contract("Dell", "Late contract", "manual", "EUR", "HW-LAPTOP", "2026-01-01", "2026-12-31", 1_200_00, "monthly", 0)
	}
	v := &countingView{work: b.db.Work(), write: late}
	p, err := books.FinancePack(b.ctx, v, outlay.PackQuery{FY: 2026, Quarter: 4, Now: packNow})
	if err != nil {
		t.Fatal(err)
	}
	if v.views != 1 {
		t.Fatalf("%d View calls; the pack must read one snapshot", v.views)
	}
	var total int64
	for _, c := range p.Spend {
		total += c.Counted
		if c.Entry.InvoiceNumber == "LATE" {
			t.Error("the pack shows an entry committed after its snapshot began")
		}
	}
	if total != 4_710_00 || p.Totals.Figures.Actual != 4_710_00 || len(p.Contracts) != 4 || len(p.Commitments) != 17 {
		t.Errorf("snapshot: spend %d, actual %d, %d contracts, %d commitments", total, p.Totals.Figures.Actual, len(p.Contracts), len(p.Commitments))
	}
	// The write did commit: the next pack has it everywhere (the late contract adds its
	// twelve monthly payments of the year, none invoiced).
	after := b.pack(2026, 4, "")
	if after.Totals.Figures.Actual != 4_710_00+777_00 || len(after.Contracts) != 5 || len(after.Commitments) != 29 {
		t.Errorf("after: actual %d, %d contracts, %d commitments", after.Totals.Figures.Actual, len(after.Contracts), len(after.Commitments))
	}
}

func TestFinancePackRefusesABadQuery(t *testing.T) {
	b := newPackBook(t)
	for _, tc := range []struct {
		q     outlay.PackQuery
		field string
	}{
		{outlay.PackQuery{FY: 27, Quarter: 1}, "fy"},
		{outlay.PackQuery{FY: 2027, Quarter: 0}, "quarter"},
		{outlay.PackQuery{FY: 2027, Quarter: 5}, "quarter"},
		{outlay.PackQuery{FY: 2027, Quarter: 2, Basis: "accruals"}, "basis"},
	} {
		_, err := books.FinancePack(b.ctx, b.db.Work(), tc.q)
		if outlay.ErrorCode(err) != outlay.EINVALID || outlay.ErrorFields(err)[tc.field] == "" {
			t.Errorf("%+v: %v; want EINVALID on %s", tc.q, err, tc.field)
		}
	}
}

func TestFinancePackOfAYearWithoutLines(t *testing.T) {
	b := newPackBook(t)
	// FY2027 has no lines: no figures of lines, but E3's accrual shares in January and
	// February 2027 are unbudgeted money, and the register and licences are there.
	p := b.pack(2027, 1, outlay.BasisAccrual)
	if len(p.Lines) != 0 || p.Totals.Lines != 0 || len(p.Contracts) != 4 || len(p.Licences) != 2 {
		t.Fatalf("pack = %d lines, %d contracts, %d licences", len(p.Lines), len(p.Contracts), len(p.Licences))
	}
	var counted int64
	for _, c := range p.Spend {
		counted += c.Counted
	}
	if counted == 0 || counted != p.Totals.Figures.Actual || len(p.Unbudgeted) == 0 {
		t.Errorf("spend %d, actual %d, unbudgeted %+v", counted, p.Totals.Figures.Actual, p.Unbudgeted)
	}
}

func TestFinancePackVendorsNextKeyDateMayLieBeyondTheRenewals(t *testing.T) {
	b := newPackBook(t)
	// Idle Ltd's only tie: a three-year auto contract whose cancel-by date, 1 April 2029,
	// is far past the renewal window.
	b.contract("Idle Ltd", "Long lease", "auto", "EUR", "HW-LAPTOP", "2026-06-01", "2029-05-31", 3_000_00, "annual", 2)
	p := b.pack(2026, 4, "")
	for _, r := range p.Renewals {
		if r.Title == "Long lease" {
			t.Errorf("renewals list %+v, beyond the window", r)
		}
	}
	for _, v := range p.Vendors {
		if v.Vendor.Name == "Idle Ltd" {
			if v.ActiveContracts != 1 || outlay.FormatDate(v.NextKeyDate) != "2029-04-01" || v.NextKeyWhat != "Cancel by: Long lease" || v.QuarterSpend != 0 {
				t.Errorf("Idle Ltd = %+v", v)
			}
			return
		}
	}
	t.Fatal("Idle Ltd, with a running contract, is not among the vendors")
}

func TestFinancePackOfAPastQuarterKeepsTheMissedCancelByDates(t *testing.T) {
	// FY2026 Q1's window (Q2–Q3 2026) is behind the pack's day: of its dates only
	// Backup's missed cancel-by date, 1 November 2026, still needs a person.
	p := newPackBook(t).pack(2026, 1, "")
	if len(p.Renewals) != 1 || p.Renewals[0].Title != "Backup" || p.Renewals[0].What != "Cancel by" {
		t.Fatalf("renewals = %+v", p.Renewals)
	}
}
