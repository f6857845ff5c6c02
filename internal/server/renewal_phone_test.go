package server_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRenewalsPhone: at 390 px the Renewals page is no wider than the screen and each
// group's table shows a row's name, key date and decision without scrolling sideways;
// vendor, renewal type, owner and price fold away as on the contract list.
func TestRenewalsPhone(t *testing.T) {
	h := newHarness(t)
	seedRenewals(t, h)
	long := seedContractVendor(t, h, "Amazon Web Services EMEA SARL")
	seedContract(t, h, long, "AWS Enterprise Support enterprise agreement for production", "2026-01-01", "2026-12-31")
	viewer := h.user("viewer")
	p := newTab(t, h)
	p.do("sign in on a phone",
		chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(h.URL+"/login"),
		loaded(`form[action="/login"]`),
		fill("#f-email", viewer.Email),
		fill("#f-password", testPassword),
		click(`form[action="/login"] button[type="submit"]`),
		loaded(".nav-toggle-label"),
	)
	for _, path := range []string{"/renewals", "/renewals?owner=bad"} {
		p.do("open "+path, chromedp.Navigate(h.URL+path), loaded("main"))
		p.checkPhoneWidth(path)
	}
	p.do("open the renewals", chromedp.Navigate(h.URL+"/renewals"), loaded("#renewals-missed"))
	for _, group := range []string{"missed", "2026-12", "2027-01", "2027-02"} {
		table := "#renewals-" + group + " + .table-wrap table.data"
		if hidden := run(p, "key columns of "+group, chromedp.Evaluate[string](keyColumnsHidden(table, "Contract or licence", "Key date", "Decision"))); hidden != "" {
			t.Errorf("%s: key columns out of view: %s", group, hidden)
		}
		if shown := run(p, "folded columns of "+group, chromedp.Evaluate[string](keyColumnsHidden(table, "Owner"))); shown == "" {
			t.Errorf("%s: the owner column does not fold away on a phone", group)
		}
	}
}
