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

var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// book is a real database with a vendor and books on it, as cmd wires them.
type book struct {
	t      *testing.T
	db     *sqlite.DB
	ctx    context.Context
	books  *books.Books
	vendor int64
}

func newBook(t *testing.T) *book {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return today.Add(9 * time.Hour) }
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "ann@example.com", Role: outlay.RoleAdmin, Active: true})
	v := &outlay.Vendor{Name: "Dell", Category: "hardware"}
	if err := db.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	return &book{t: t, db: db, ctx: ctx, vendor: v.ID,
		books: &books.Books{Budget: db, Figures: db, Licences: db, Rates: db}}
}

func (b *book) line(code, category string, planned int64) *outlay.BudgetLine {
	b.t.Helper()
	l := &outlay.BudgetLine{FY: 2026, Code: code, Name: "Line " + code, Category: category, ExpenseType: "opex", Planned: planned}
	if err := b.db.CreateBudgetLine(b.ctx, l); err != nil {
		b.t.Fatal(err)
	}
	return l
}

func (b *book) spend(invoice, date string, amount int64, line *outlay.BudgetLine) {
	b.t.Helper()
	d, _ := outlay.ParseDate(date)
	if err := b.db.CreateSpend(b.ctx, &outlay.SpendEntry{Date: d, VendorID: b.vendor, Description: "Invoice", InvoiceNumber: invoice,
		Amount: amount, Currency: "EUR", Allocations: []outlay.Allocation{{BudgetLineID: line.ID}}}); err != nil {
		b.t.Fatal(err)
	}
}

func TestBudgetYearTotalsEveryMatchingLineWhateverThePage(t *testing.T) {
	b := newBook(t)
	laptops := b.line("HW-LAPTOP", "hardware", 1_000_001)
	cloud := b.line("INF-CLOUD", "cloud", 2_000_000)
	b.line("INF-NET", "telecom", 500_00)
	b.line("SW-OFFICE", "software", 3_000_00)
	b.spend("A-1", "2026-02-10", 250_00, laptops)
	b.spend("A-2", "2026-03-10", 100_01, cloud)
	b.spend("A-3", "2026-04-10", 1, cloud)

	all, err := b.books.BudgetYear(b.ctx, books.BudgetQuery{Filter: outlay.BudgetLineFilter{FY: 2026}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Lines) != 4 || all.Totals.Lines != 4 || all.Totals.Planned != 1_000_001+2_000_000+500_00+3_000_00 {
		t.Fatalf("year = %d lines, totals %+v", len(all.Lines), all.Totals)
	}
	if all.Totals.Figures.Actual != 250_00+100_01+1 || all.Totals.Quarters[0]+all.Totals.Quarters[1]+all.Totals.Quarters[2]+all.Totals.Quarters[3] != all.Totals.Planned {
		t.Fatalf("totals = %+v", all.Totals)
	}

	// The second page of the "INF-" lines, by plan, largest first: one line, but the
	// totals of both.
	f := outlay.BudgetLineFilter{FY: 2026, Query: "inf-", Sort: "planned", Desc: true, Offset: 1, Limit: 1}
	page, err := b.books.BudgetYear(b.ctx, books.BudgetQuery{Filter: f, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Lines) != 1 || page.Lines[0].Line.Code != "INF-NET" || page.Lines[0].Actual != 0 {
		t.Fatalf("page = %+v", page.Lines)
	}
	if page.Totals.Lines != 2 || page.Totals.Planned != 2_000_000+500_00 || page.Totals.Figures.Actual != 100_02 {
		t.Fatalf("page totals = %+v", page.Totals)
	}
	// Each line's figures are the storage's figures for it.
	for _, l := range all.Lines {
		figs, err := b.db.BudgetFigures(b.ctx, outlay.FiguresQuery{FY: 2026, LineID: &l.Line.ID, Today: today})
		if err != nil || len(figs) != 1 || figs[0].Figures != l.Figures {
			t.Errorf("%s: %+v, storage says %+v (%v)", l.Line.Code, l.Figures, figs, err)
		}
	}
	// A page past the end is empty; the totals stay.
	f.Offset = 10
	past, err := b.books.BudgetYear(b.ctx, books.BudgetQuery{Filter: f, Today: today})
	if err != nil || len(past.Lines) != 0 || past.Totals.Lines != 2 {
		t.Fatalf("past the end = %+v, %v", past, err)
	}
}

func TestBudgetYearOfAQuarter(t *testing.T) {
	b := newBook(t)
	cloud := b.line("INF-CLOUD", "cloud", 4_000_00)
	b.spend("Q1", "2026-02-10", 70_00, cloud)
	b.spend("Q2", "2026-05-10", 30_00, cloud)
	q2, err := b.books.BudgetYear(b.ctx, books.BudgetQuery{Filter: outlay.BudgetLineFilter{FY: 2026}, Quarter: 2, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if got := q2.Totals.Figures; got.Planned != 1_000_00 || got.Actual != 30_00 || got.Variance != 970_00 {
		t.Fatalf("Q2 figures = %+v", got)
	}
	// The plan totals stay the year's: a quarter changes the figures, not the lines.
	if q2.Totals.Planned != 4_000_00 {
		t.Fatalf("Q2 plan total = %d", q2.Totals.Planned)
	}
}

func TestDashboardAddsUpTheYearsLines(t *testing.T) {
	b := newBook(t)
	laptops := b.line("HW-LAPTOP", "hardware", 1_200_00)
	desks := b.line("HW-DESK", "hardware", 600_00)
	cloud := b.line("INF-CLOUD", "cloud", 100_00)
	b.spend("A-1", "2026-01-20", 300_00, laptops)
	b.spend("A-2", "2026-02-20", 50_00, desks)
	b.spend("A-3", "2026-02-21", 150_00, cloud) // over its plan of 100
	st, err := b.db.GetSettings(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, err := b.books.Dashboard(b.ctx, st, today)
	if err != nil {
		t.Fatal(err)
	}
	year, err := b.books.BudgetYear(b.ctx, books.BudgetQuery{Filter: outlay.BudgetLineFilter{FY: 2026}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if d.FY != 2026 || d.Totals != year.Totals {
		t.Fatalf("dashboard totals %+v, budget year's %+v", d.Totals, year.Totals)
	}
	// Categories in the domain's order, hardware's two lines added up.
	if len(d.ByCategory) != 2 || d.ByCategory[0] != (books.CategoryFigures{Category: "hardware", Plan: 1_800_00, Actual: 350_00, Forecast: 350_00}) ||
		d.ByCategory[1].Category != "cloud" || d.ByCategory[1].Actual != 150_00 {
		t.Fatalf("by category = %+v", d.ByCategory)
	}
	// Twelve months, cumulated; the months after today's have no known actual.
	if len(d.Months) != 12 || d.Months[0].Actual != 300_00 || d.Months[1].CumActual != 500_00 || d.Months[11].CumPlan != 1_900_00 {
		t.Fatalf("months = %+v", d.Months)
	}
	if !d.Months[10].Past || d.Months[11].Past {
		t.Fatalf("November is past, December is not: %+v", d.Months[10:])
	}
	if len(d.OverBudget) != 1 || d.OverBudget[0].Code != "INF-CLOUD" || d.OverBudget[0].ForecastVariance != -50_00 {
		t.Fatalf("over budget = %+v", d.OverBudget)
	}
	if len(d.TopVendors) != 1 || d.TopVendors[0].Amount != 500_00 || d.TopVendors[0].Entries != 3 {
		t.Fatalf("top vendors = %+v", d.TopVendors)
	}
}

func TestDashboardShelfwareConvertsOrSaysWhichRateIsMissing(t *testing.T) {
	b := newBook(t)
	for _, l := range []*outlay.Licence{
		{Product: "Acrobat", Currency: "EUR", SeatsPurchased: 10, SeatsAssigned: 6, UnitPrice: 10_00},
		{Product: "Slack", Currency: "USD", SeatsPurchased: 5, SeatsAssigned: 3, UnitPrice: 10_00},
		{Product: "Sage", Currency: "GBP", SeatsPurchased: 2, SeatsAssigned: 1, UnitPrice: 100_00},
	} {
		l.VendorID, l.Kind, l.Billing = b.vendor, "per_user", "annual"
		if err := b.db.CreateLicence(b.ctx, l, nil); err != nil {
			t.Fatal(err)
		}
	}
	day, _ := outlay.ParseDate("2026-01-01")
	if err := b.db.CreateRate(b.ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: day, RateMicros: 900_000}); err != nil {
		t.Fatal(err)
	}
	st, _ := b.db.GetSettings(b.ctx)
	d, err := b.books.Dashboard(b.ctx, st, today)
	if err != nil {
		t.Fatal(err)
	}
	// 4 × 10 EUR + 2 × 10 USD at 0.90; the GBP licence has no rate.
	if d.Shelfware != 40_00+18_00 || len(d.Unconverted) != 1 || d.Unconverted[0].Currency != "GBP" || d.Unconverted[0].Amount != 100_00 {
		t.Fatalf("shelfware %d, unconverted %+v", d.Shelfware, d.Unconverted)
	}
}

// TestBudgetYearShowsUnbudgetedMoney: a contract charged to a code that only last year
// has a line commits money in FY2026 that no FY2026 line carries; it is an unbudgeted
// row under its code, in every total, on every page, and left out only by filters it
// cannot match (a category, an expense type, a search for another code).
func TestBudgetYearShowsUnbudgetedMoney(t *testing.T) {
	b := newBook(t)
	laptops := b.line("HW-LAPTOP", "hardware", 1_000_00)
	b.line("INF-CLOUD", "cloud", 2_000_00)
	old := &outlay.BudgetLine{FY: 2025, Code: "NET-WAN", Name: "WAN", Category: "telecom", ExpenseType: "opex", Planned: 1}
	if err := b.db.CreateBudgetLine(b.ctx, old); err != nil {
		t.Fatal(err)
	}
	start, _ := outlay.ParseDate("2026-12-01")
	end, _ := outlay.ParseDate("2027-11-30")
	c := &outlay.Contract{VendorID: b.vendor, Title: "WAN", Kind: "services", OwnerEmail: "ann@example.com", RenewalType: "manual",
		NoticeValue: 1, NoticeUnit: "months", Currency: "EUR", BudgetLineCode: "NET-WAN",
		Terms: []*outlay.Term{{StartDate: start, EndDate: end, Price: 600_00, Billing: "annual"}}}
	if err := b.db.CreateContract(b.ctx, c); err != nil {
		t.Fatal(err)
	}
	b.spend("A-1", "2026-02-10", 250_00, laptops)

	year := func(f outlay.BudgetLineFilter) *books.BudgetYear {
		t.Helper()
		f.FY = 2026
		y, err := b.books.BudgetYear(b.ctx, books.BudgetQuery{Filter: f, Today: today})
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	all := year(outlay.BudgetLineFilter{Limit: 1})
	if len(all.Lines) != 1 || len(all.Unbudgeted) != 1 || all.Unbudgeted[0].Code != "NET-WAN" || all.Unbudgeted[0].Committed != 600_00 {
		t.Fatalf("page 1 = %d lines, unbudgeted %+v", len(all.Lines), all.Unbudgeted)
	}
	tot := all.Totals
	if tot.UnbudgetedCodes != 1 || tot.Unbudgeted.Forecast != 600_00 || tot.Figures.Forecast != 250_00+600_00 ||
		tot.Figures.Committed != 600_00 || tot.Figures.AnnualPlan != 3_000_00 || tot.Planned != 3_000_00 {
		t.Fatalf("totals = %+v", tot)
	}
	for _, f := range []outlay.BudgetLineFilter{{Category: "hardware"}, {ExpenseType: "opex"}, {Query: "HW"}, {Code: "INF-CLOUD"}} {
		if y := year(f); len(y.Unbudgeted) != 0 || y.Totals.Figures.Committed != 0 {
			t.Errorf("filter %+v keeps unbudgeted NET-WAN: %+v", f, y.Unbudgeted)
		}
	}
	for _, f := range []outlay.BudgetLineFilter{{Query: "wan"}, {Code: "net-wan"}} {
		if y := year(f); len(y.Unbudgeted) != 1 || y.Totals.Figures.Forecast != 600_00 {
			t.Errorf("filter %+v drops unbudgeted NET-WAN: %+v", f, y.Unbudgeted)
		}
	}
	d, err := b.books.Dashboard(b.ctx, outlay.DefaultSettings(), today)
	if err != nil {
		t.Fatal(err)
	}
	last := d.ByCategory[len(d.ByCategory)-1]
	if d.Totals.Figures.Forecast != 850_00 || last.Category != books.UnbudgetedCategory || last.Forecast != 600_00 {
		t.Errorf("dashboard totals %+v, last category %+v", d.Totals.Figures, last)
	}
	for _, r := range d.OverBudget {
		if r.Unbudgeted {
			t.Errorf("unbudgeted money among the over-budget lines: %+v", r)
		}
	}
}
