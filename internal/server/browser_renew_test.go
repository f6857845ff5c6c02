package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"outlay/internal/outlay"
)

// TestBrowserRenewOnceWithNewPrice is a renewal as an editor does it: open the contract,
// press Renew, type the new price, renew. The new price shows in the term history, the
// Renew button is gone, and going to the renew page again offers nothing to send.
func TestBrowserRenewOnceWithNewPrice(t *testing.T) {
	h := newHarness(t) // today 2026-11-25
	editor := h.user("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31", func(c *outlay.Contract) {
		c.RenewalType, c.UpliftBasisPoints, c.RenewalTermMonths = "manual", 350, 12
	})
	path := "/contracts/" + itoa(ct.ID)
	p := newTab(t, h)
	count := func(sel string) int {
		t.Helper()
		return run(p, "count "+sel, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
	}
	p.do("sign in", chromedp.Navigate(h.URL+"/login"), loaded("#f-email"),
		fill("#f-email", editor.Email), fill("#f-password", testPassword), click(`main form button[type="submit"]`), loaded(".cards"))

	p.do("open the contract", chromedp.Navigate(h.URL+path), loaded("#terms-h"))
	if n := count(`main a[href="` + path + `/renew"]`); n != 1 {
		t.Fatalf("%d Renew buttons before renewing, want 1", n)
	}
	p.do("press Renew", click(`main a[href="`+path+`/renew"]`), loaded("#f-price"))
	// Prefilled: 12 months, 12,000.00 + 3.50 % = 12,420.00, billed annually.
	expect(t, "prefilled months", p.value("#f-months"), "12")
	expect(t, "prefilled price", p.value("#f-price"), "12,420.00")
	expect(t, "prefilled billing", p.value("#f-billing"), "annual")

	p.do("renew at a negotiated price", refill("#f-price", "12,150.00"), click(`main form.form button[type="submit"]`), loaded(".flash"))
	expect(t, "after renewing", p.location(), path)
	expectContains(t, "flash", p.text(".flash"), "Renewed: new term 2027-04-01 to 2028-03-31.")
	history := p.text("#terms-h + .table-wrap")
	for _, want := range []string{"2027-04-01", "2028-03-31", "12,150.00", "+1.25 %"} {
		if !strings.Contains(history, want) {
			t.Errorf("term history %q lacks %q", history, want)
		}
	}
	if n := count(`main a[href="` + path + `/renew"]`); n != 0 {
		t.Errorf("%d Renew buttons after the renewal, want none", n)
	}

	// Typing the renew page's address again (or coming back to it) offers nothing to send.
	p.do("open the renew page again", chromedp.Navigate(h.URL+path+"/renew"), loaded(".confirm"))
	expectContains(t, "renew page after renewal", p.text(".confirm"), "already renewed")
	if n := count(`main form button[type="submit"]`); n != 0 {
		t.Errorf("the renew page still has %d submit buttons", n)
	}
	got, err := h.DB.FindContractByID(t.Context(), ct.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Terms) != 2 || got.CurrentTerm().Price != 1215000 {
		t.Fatalf("stored: %d terms, current price %d", len(got.Terms), got.CurrentTerm().Price)
	}
}
