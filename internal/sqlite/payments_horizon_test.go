package sqlite_test

import (
	"testing"

	"outlay/internal/outlay"
)

// Payments are stored for every fiscal year that has budget lines, and at least to the end
// of the next one (issue 7, point 6). Worked example: today 2026-11-25, fiscal year =
// calendar year, a four-year term 2026–2029 billed 10,000.00 a year. Until a FY2029 line
// exists the payments stop at the end of FY2027; the moment one is created, the payment
// due 2029-01-01 is stored and counts in FY2029's committed.
func TestPaymentsReachEveryYearWithBudgetLines(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	if err := d.EnsurePaymentHorizon(ctx); err != nil {
		t.Fatal(err)
	}
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Four years", "2026-01-01", "2029-12-31")
	c.RenewalType = "manual"
	c.Terms[0].Price = 4000000
	c.BudgetLineCode = "INF-CLOUD"
	blCreate(t, d, blFixture("INF-CLOUD", 5000000, func(b *outlay.BudgetLine) { b.FY = 2026 }))
	mustCreateContract(t, d, c)
	if n := payCount(t, d, "contract_id = ?", c.ID); n != 2 {
		t.Fatalf("%d payments before any FY2029 line, want 2 (2026 and 2027):%s", n, payDump(payRows(t, d, c.ID)))
	}

	line := blCreate(t, d, blFixture("INF-CLOUD", 5000000, func(b *outlay.BudgetLine) { b.FY = 2029 }))
	if n := payCount(t, d, "contract_id = ? AND due = '2029-01-01' AND amount = 1000000", c.ID); n != 1 {
		t.Fatalf("no 10,000.00 payment due 2029-01-01 once a FY2029 line exists:%s", payDump(payRows(t, d, c.ID)))
	}
	figs, err := d.BudgetFigures(ctx, outlay.FiguresQuery{FY: 2029, LineID: &line.ID, Today: civilDay("2026-11-25")})
	if err != nil || len(figs) != 1 {
		t.Fatalf("FY2029 figures: %v %v", figs, err)
	}
	if figs[0].Committed != 1000000 {
		t.Errorf("FY2029 committed = %d, want 1000000 (the payment due 2029-01-01)", figs[0].Committed)
	}

	// A line typed for a far year does not schedule every contract for decades: the
	// horizon stops ten fiscal years past today's.
	blCreate(t, d, blFixture("INF-CLOUD", 100, func(b *outlay.BudgetLine) { b.FY = 2150 }))
	var until string
	d.ReadDB().QueryRow(`SELECT value FROM settings WHERE key = 'payments_until'`).Scan(&until)
	if until != "2036-12-31" {
		t.Errorf("stored horizon %q, want 2036-12-31", until)
	}
}
