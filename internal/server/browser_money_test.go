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
	b := newBrowser(t)
	text := func(sel string) string {
		t.Helper()
		return browserText(t, b, sel)
	}
	submit := chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`))

	if err := chromedp.Do(b,
		chromedp.Navigate(h.URL+"/login"),
		chromedp.SetValue(chromedp.ID("f-email"), admin.Email),
		chromedp.SetValue(chromedp.ID("f-password"), testPassword),
		submit,
		chromedp.WaitVisible(chromedp.CSS(".cards")),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if got := text(".cards"); !strings.Contains(got, "No budget") && !strings.Contains(got, "0.00") {
		t.Fatalf("dashboard before: %q", got)
	}

	for _, line := range []struct{ code, name, category, planned string }{
		{"INF-CLOUD", "Cloud hosting", "cloud", "12000.00"},
		{"SW-LIC", "Software licences", "software", "500.00"},
	} {
		if err := chromedp.Do(b,
			chromedp.Navigate(h.URL+"/budget/new?fy=2026"),
			chromedp.SetValue(chromedp.ID("f-code"), line.code),
			chromedp.SetValue(chromedp.ID("f-name"), line.name),
			chromedp.SetValue(chromedp.ID("f-category"), line.category),
			chromedp.SetValue(chromedp.ID("f-expense_type"), "opex"),
			chromedp.SetValue(chromedp.ID("f-planned"), line.planned),
			submit,
			chromedp.WaitVisible(chromedp.ID("budget-quarters")),
		); err != nil {
			t.Fatalf("budget line %s: %v", line.code, err)
		}
		if got := text("h1"); !strings.Contains(got, line.code) {
			t.Fatalf("after saving %s the page says %q", line.code, got)
		}
	}
	if err := chromedp.Do(b, chromedp.Navigate(h.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".cards"))); err != nil {
		t.Fatal(err)
	}
	if got := text(".cards"); !strings.Contains(got, "12,500.00") {
		t.Fatalf("dashboard plan after two lines: %q", got)
	}

	// 1,250.00 USD at 0.92 = 1,150.00 EUR: 450.00 to cloud, the rest to software.
	if err := chromedp.Do(b,
		chromedp.Navigate(h.URL+"/spend/new"),
		chromedp.SetValue(chromedp.ID("f-date"), "2026-06-10"),
		chromedp.SetValue(chromedp.ID("f-vendor"), itoa(vendor.ID)),
		chromedp.SetValue(chromedp.ID("f-description"), "June hosting"),
		chromedp.SetValue(chromedp.ID("f-invoice_number"), "AWS-2026-06"),
		chromedp.SetValue(chromedp.ID("f-amount"), "1,250.00"),
		chromedp.SetValue(chromedp.ID("f-currency"), "USD"),
		chromedp.SetValue(chromedp.ID("f-budget_line_1"), "1"),
		chromedp.SetValue(chromedp.ID("f-line_amount_1"), "450.00"),
		chromedp.SetValue(chromedp.ID("f-budget_line_2"), "2"),
		submit,
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	); err != nil {
		t.Fatalf("record spend: %v", err)
	}
	if got := text("main"); !strings.Contains(got, "1,150.00") || !strings.Contains(got, "0.920000") {
		t.Fatalf("spend page lacks the converted amount or the rate: %q", got)
	}

	if err := chromedp.Do(b, chromedp.Navigate(h.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".cards"))); err != nil {
		t.Fatal(err)
	}
	cards := text(".cards")
	if !strings.Contains(cards, "1,150.00") || !strings.Contains(cards, "11,350.00") {
		t.Fatalf("dashboard after the invoice: %q", cards)
	}
	if got := text("#over-h + .table-wrap"); !strings.Contains(got, "SW-LIC") || !strings.Contains(got, "-200.00") {
		t.Fatalf("over-budget table: %q", got)
	}

	if err := chromedp.Do(b, chromedp.Navigate(h.URL+"/budget/2"), chromedp.WaitVisible(chromedp.ID("budget-quarters"))); err != nil {
		t.Fatal(err)
	}
	if got := text("#budget-quarters tfoot"); !strings.Contains(got, "700.00") || !strings.Contains(got, "-200.00") {
		t.Fatalf("SW-LIC year row: %q", got)
	}
	if got := text("#spend-h + .count + .table-wrap"); !strings.Contains(got, "June hosting") || !strings.Contains(got, "700.00") {
		t.Fatalf("SW-LIC spend table: %q", got)
	}
	if err := chromedp.Do(b, chromedp.Navigate(h.URL+"/budget/1"), chromedp.WaitVisible(chromedp.ID("budget-quarters"))); err != nil {
		t.Fatal(err)
	}
	if got := text("#budget-quarters tfoot"); !strings.Contains(got, "450.00") || !strings.Contains(got, "11,550.00") {
		t.Fatalf("INF-CLOUD year row: %q", got)
	}
}
