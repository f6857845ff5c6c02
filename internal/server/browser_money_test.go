package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"outlay/internal/outlay"
)

// TestBrowserBudgetAndUSDInvoice is the money side as a user does it in the browser: enter
// two budget lines, record a USD invoice split across them, and see the dashboard and the
// budget line page move by the converted amounts.
func TestBrowserBudgetAndUSDInvoice(t *testing.T) {
	h := newHarness(t)
	admin := h.user("admin")
	ctx := outlay.NewContextWithUser(context.Background(), admin)
	vendor := &outlay.Vendor{Name: "Amazon Web Services", Category: "cloud", Status: "active", Criticality: "high"}
	if err := h.DB.CreateVendor(ctx, vendor); err != nil {
		t.Fatal(err)
	}
	day, _ := outlay.ParseDate("2026-01-01")
	if err := h.DB.CreateRate(ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: day, RateMicros: 920000}); err != nil {
		t.Fatal(err)
	}
	p := newTab(t, h)
	submit := click(`main form.form button[type="submit"]`)
	open := func(path, sel string) {
		t.Helper()
		p.do("open "+path, chromedp.Navigate(h.URL+path), loaded(sel))
	}
	contains := func(what, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Fatalf("%s: %q lacks %q", what, got, w)
			}
		}
	}

	open("/login", "#f-email")
	p.do("sign in", fill("#f-email", admin.Email), fill("#f-password", testPassword), click(`main form button[type="submit"]`), loaded(".cards"))
	contains("dashboard before", p.text("main"), "No budget for FY2026 yet.")

	for _, line := range []struct{ code, name, category, planned string }{
		{"INF-CLOUD", "Cloud hosting", "cloud", "12000.00"},
		{"SW-LIC", "Software licences", "software", "500.00"},
	} {
		open("/budget/new?fy=2026", "#f-code")
		p.do("enter budget line "+line.code,
			fill("#f-code", line.code), fill("#f-name", line.name),
			set("#f-category", line.category), set("#f-expense_type", "opex"),
			fill("#f-planned", line.planned), submit, loaded("#budget-quarters"))
		contains("budget line page", p.text("h1"), line.code)
	}
	open("/", ".cards")
	contains("dashboard plan", p.text(".cards"), "12,500.00")

	// 1,250.00 USD at 0.92 = 1,150.00 EUR: 450.00 to cloud, the rest (700.00) to software.
	open("/spend/new", "#f-amount")
	p.do("record a USD invoice split across two lines",
		set("#f-date", "2026-06-10"), fill("#f-vendor", vendor.Name),
		fill("#f-description", "June hosting"), fill("#f-invoice_number", "AWS-2026-06"),
		fill("#f-amount", "1,250.00"), refill("#f-currency", "USD"),
		set("#f-budget_line_1", "1"), fill("#f-line_amount_1", "450.00"),
		set("#f-budget_line_2", "2"), submit, loaded(".flash"))
	contains("spend page", p.text("main"), "1,150.00", "0.920000")

	open("/", ".cards")
	contains("dashboard cards", p.text(".cards"), "1,150.00", "11,350.00")
	contains("over-budget table", p.text("#over-h + .table-wrap"), "SW-LIC", "-200.00")

	open("/budget/2", "#budget-quarters")
	contains("SW-LIC year row", p.text("#budget-quarters tfoot"), "700.00", "-200.00")
	contains("SW-LIC spend", p.text("#spend-h + .count + .table-wrap"), "June hosting", "700.00")
	open("/budget/1", "#budget-quarters")
	contains("INF-CLOUD year row", p.text("#budget-quarters tfoot"), "450.00", "11,550.00")
}
