package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"outlay/internal/outlay"
)

// TestBrowserNoticeMissed is the Monday-morning check in a browser, on 2026-11-25: an
// editor enters an auto contract whose cancel-by date (2026-10-01) passed with no
// decision, and sees it as "notice missed" on its page, on the dashboard (the Decision
// due card and the key-date table, 55 days late) and in the contract list the card links
// to. A second auto contract whose first term ended in May is saved on its current term
// and reads "active", never "ended".
func TestBrowserNoticeMissed(t *testing.T) {
	h := newHarness(t)
	editor := h.user("editor")
	ctx := outlay.NewContextWithUser(context.Background(), editor)
	vendor := &outlay.Vendor{Name: "Northwind Cloud", Category: "cloud", Status: "active", Criticality: "high"}
	if err := h.DB.CreateVendor(ctx, vendor); err != nil {
		t.Fatal(err)
	}
	p := newTab(t, h)
	open := func(path, sel string) {
		t.Helper()
		p.do("open "+path, chromedp.Navigate(h.URL+path), loaded(sel))
	}
	newContract := func(title, start, end, notice string) {
		t.Helper()
		open("/contracts/new", "#f-vendor_id")
		p.do("enter "+title,
			fill("#f-vendor_id", vendor.Name), fill("#f-title", title), set("#f-kind", "subscription"),
			refill("#f-owner_email", editor.Email), set("#f-renewal_type", "auto"),
			refill("#f-notice_value", notice), set("#f-notice_unit", "months"), refill("#f-currency", "EUR"),
			set("#f-start_date", start), set("#f-end_date", end), fill("#f-price", "12000.00"), set("#f-billing", "annual"),
			click(`main form.form button[type="submit"]`), loaded(".keydates"))
	}

	open("/login", "#f-email")
	p.do("sign in", fill("#f-email", editor.Email), fill("#f-password", testPassword), click(`main form button[type="submit"]`), loaded(".cards"))

	newContract("Hosting 2026", "2026-01-01", "2026-12-31", "3")
	expect(t, "status on the contract page", p.text("main h1 .badge"), "notice missed")
	if cls := p.attr("main h1 .badge", "class"); !strings.Contains(cls, "badge-red") {
		t.Errorf("notice missed badge class %q, want red", cls)
	}

	newContract("Backup since 2025", "2025-06-01", "2026-05-31", "1")
	expect(t, "a past auto contract is on its current term", p.text("main h1 .badge"), "active")
	expect(t, "its cancel-by date", p.keyDates()["Cancel by"], "2027-05-01")

	open("/", "#keydates")
	// The card's label is upper-cased by the style sheet; innerText reads it so.
	card := strings.ToLower(squeeze(p.text(`.card:has(a[href="/contracts?status=decision_due"])`)))
	expectContains(t, "decision due card", card, "decision due 1 ")
	expectContains(t, "decision due card", card, "1 notice missed")
	row := squeeze(p.text(`#keydates tbody tr:first-child`))
	for _, want := range []string{"Hosting 2026", "2026-10-01", "55 days late", "Cancel by", "notice missed"} {
		expectContains(t, "first key date", row, want)
	}
	if strings.Contains(p.text("#keydates"), "Backup since 2025") {
		t.Error("the key dates list a contract whose cancel-by date is months away")
	}

	p.do("follow the decision due card", click(`a[href="/contracts?status=decision_due"]`), loaded("main table.data"))
	list := squeeze(p.text("main table.data tbody"))
	expectContains(t, "decision due list", list, "Hosting 2026")
	expectContains(t, "decision due list", list, "notice missed")
	if strings.Contains(list, "Backup since 2025") {
		t.Error("the decision due list shows an active contract")
	}
	expect(t, "status filter chosen", squeeze(run(p, "chosen status", chromedp.TextContent(chromedp.CSS("#status option:checked")))),
		"Decision due")

	open("/contracts?status=ended", "main")
	if strings.Contains(p.text("main"), "Backup since 2025") {
		t.Error("a running auto contract is listed as ended")
	}
}
