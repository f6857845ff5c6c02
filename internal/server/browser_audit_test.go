package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"outlay/internal/outlay"
)

// TestBrowserAuditorFiltersTheLog is an auditor's visit, as a viewer: from the menu to
// the audit log, filtered to vendors and to updates; the vendor an editor renamed reads
// "Name: Acme → Acme Cloud", the export link keeps the filter, and on a 390 px phone the
// page and its table do not scroll sideways even with a long note in the change.
func TestBrowserAuditorFiltersTheLog(t *testing.T) {
	h := newHarness(t)
	editor := h.user("editor")
	auditor := h.user("viewer", "auditor@example.com")
	ctx := outlay.NewContextWithUser(context.Background(), editor)
	v := &outlay.Vendor{Name: "Acme", Category: "cloud", Status: "active", Criticality: "high"}
	if err := h.DB.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	v.Name = "Acme Cloud"
	v.Notes = strings.Repeat("Moved to the Dublin billing entity after the merger. ", 6)
	if err := h.DB.UpdateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	h.writeAuditEntry(editor, outlay.ActionUpdate, "contract", 9, map[string]any{"title": "Old"}, map[string]any{"title": "New"})

	p := newTab(t, h)
	p.do("open sign-in", chromedp.Navigate(h.URL+"/login"), loaded("#f-email"))
	p.do("sign in", fill("#f-email", auditor.Email), fill("#f-password", testPassword), click(`main form button[type="submit"]`), loaded(".cards"))
	p.do("open the audit log from the menu", click(`nav.mainnav a[href="/admin/audit"]`), loaded("table.audit-log"))
	p.do("filter to vendor updates", set("#entity", "vendor"), set("#action", "update"), click(`form.audit-filters button[type="submit"]`),
		loaded("form.audit-filters a.reset"))

	expect(t, "address", p.location(), "/admin/audit?entity=vendor&id=&action=update&user_id=&from=&to=")
	expect(t, "count", p.text("p.count"), "1 change")
	rows := p.text("table.audit-log tbody")
	expectContains(t, "the rename", rows, "Name: Acme → Acme Cloud")
	expectContains(t, "who", rows, "editor@example.com")
	if strings.Contains(rows, "Contract") || strings.Contains(rows, "Category:") {
		t.Errorf("filtered log shows other records or unchanged fields: %s", rows)
	}
	if href := p.attr("a.btn[href^='/admin/audit/export.xlsx']", "href"); !strings.Contains(href, "entity=vendor") || !strings.Contains(href, "action=update") {
		t.Errorf("export link %q does not keep the filter", href)
	}

	p.do("phone-wide screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Reload(), loaded("table.audit-log"))
	// Neither the page nor the table scrolls sideways: each entry is a card that wraps.
	width := run(p, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	wrap := run(p, "table overflow", chromedp.Evaluate[int](`(function(w){ return w.scrollWidth - w.clientWidth; })(document.querySelector('.table-wrap'))`))
	if width > 390 || wrap > 0 {
		t.Errorf("phone: the page is %d px wide, the table %d px wider than its box", width, wrap)
	}
	expectContains(t, "phone", p.text("table.audit-log tbody"), "Name: Acme → Acme Cloud")
}
