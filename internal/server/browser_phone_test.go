package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// phoneWidth is the screen of a common phone, in CSS pixels.
const phoneWidth = 390

// keyColumnsHidden lists the key columns of the list table (by the start
// of their headers) whose header or first cell is not wholly in view: outside its
// .table-wrap's visible box or the screen. "" when all are in view.
func keyColumnsHidden(table string, labels ...string) string {
	quoted := make([]string, len(labels))
	for i, l := range labels {
		quoted[i] = jsString(l)
	}
	return `(function(labels){
  var t = document.querySelector(` + jsString(table) + `);
  if (!t || !t.tBodies[0] || !t.tBodies[0].rows[0]) { return 'no table with rows'; }
  var wrap = t.closest('.table-wrap').getBoundingClientRect();
  var right = Math.min(wrap.right, window.innerWidth, ` + itoa(phoneWidth) + `);
  var heads = Array.prototype.slice.call(t.tHead.rows[0].cells);
  var row = t.tBodies[0].rows[0];
  var bad = [];
  labels.forEach(function(label){
    var i = heads.findIndex(function(th){ return th.textContent.trim().indexOf(label) === 0; });
    if (i < 0) { bad.push(label + ': no such column'); return; }
    [heads[i], row.cells[i]].forEach(function(cell){
      var r = cell.getBoundingClientRect();
      if (r.width < 1 || r.left < wrap.left - 1 || r.right > right + 1) {
        bad.push(label + ' (' + cell.tagName + ') at ' + Math.round(r.left) + '–' + Math.round(r.right) + ', visible to ' + Math.round(right));
      }
    });
  });
  return bad.join('; ');
})([` + strings.Join(quoted, ",") + `])`
}

// At 390 px no page is wider than the screen, and every list shows its key columns
// without scrolling sideways: a contract's title and key date, a vendor's name and
// status, spend's date, vendor and amount, a licence's product and utilisation, a
// budget line's code and forecast.
func TestBrowserPhoneWidth(t *testing.T) {
	h := newHarness(t)
	w := newSpendWorld(h)
	editor, _ := h.signIn("editor")
	long := seedContractVendor(t, h, "Amazon Web Services EMEA SARL")
	ct := seedContract(t, h, long, "AWS Enterprise Support enterprise agreement for production", "2026-04-01", "2027-03-31")
	seedContract(t, h, w.acme, "Cloud hosting", "2026-01-01", "2026-12-31")
	spendMustCreate(t, editor.postForm("/spend", w.spendForm("INV-2026-000123456")))
	latest := w.spendForm("INV-2026-000123457")
	latest.Set("vendor", itoa(long))
	latest.Set("date", "2026-04-01")
	latest.Set("amount", "1,234,567.89")
	spendMustCreate(t, editor.postForm("/spend", latest)) // the first row: a long name, a large amount
	lic := licenceFormValues(long)
	lic.Set("budget_line_code", "SW-LIC")
	lic.Set("product", "Adobe Acrobat Pro DC for enterprise teams")
	if res := editor.postForm("/licences", lic); res.Code != 303 {
		t.Fatalf("licence: %d\n%s", res.Code, res.Body)
	}
	admin := h.user("admin")
	p := newTab(t, h)
	p.do("sign in on a phone",
		chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(h.URL+"/login"),
		loaded(`form[action="/login"]`),
		fill("#f-email", admin.Email),
		fill("#f-password", testPassword),
		click(`form[action="/login"] button[type="submit"]`),
		loaded(".nav-toggle-label"),
	)

	pages := []struct {
		path  string
		keys  []string // the key columns of the page's list, if it has one
		table string   // the list's table, when not the first
	}{
		{path: "/", keys: []string{"Contract", "Key date"}, table: "#keydates-h ~ .table-wrap table.data"},
		{path: "/vendors", keys: []string{"Name", "Status"}},
		{path: "/vendors/" + itoa(long), keys: nil},
		{path: "/vendors/new", keys: nil},
		{path: "/contracts", keys: []string{"Title", "Key date"}},
		{path: "/contracts?vendor_q=amazon", keys: []string{"Title", "Key date"}},
		{path: "/contracts/" + itoa(ct.ID), keys: nil},
		{path: "/contracts/" + itoa(ct.ID) + "/edit", keys: nil},
		{path: "/contracts/new", keys: nil},
		{path: "/licences", keys: []string{"Product", "Utilisation"}},
		{path: "/licences/1", keys: nil},
		{path: "/licences/new", keys: nil},
		{path: "/budget?fy=2026", keys: []string{"Code", "Forecast"}},
		{path: "/budget/" + itoa(w.cloud), keys: nil},
		{path: "/budget/new", keys: nil},
		{path: "/spend", keys: []string{"Date", "Vendor", "Base amount"}},
		{path: "/spend/1", keys: nil},
		{path: "/spend/new", keys: nil},
		{path: "/admin/users", keys: nil},
		{path: "/admin/audit", keys: nil},
		{path: "/admin/settings", keys: nil},
		{path: "/admin/rates", keys: nil},
		{path: "/profile", keys: nil},
	}
	for _, pg := range pages {
		p.do("open "+pg.path, chromedp.Navigate(h.URL+pg.path), loaded("main"))
		if p.location() != pg.path {
			t.Errorf("%s: landed on %s", pg.path, p.location())
		}
		p.checkPhoneWidth(pg.path)
		if pg.keys != nil {
			table := pg.table
			if table == "" {
				table = ".table-wrap table.data"
			}
			if hidden := run(p, "key columns of "+pg.path, chromedp.Evaluate[string](keyColumnsHidden(table, pg.keys...))); hidden != "" {
				t.Errorf("%s: key columns out of view: %s", pg.path, hidden)
			}
		}
	}
	p.do("sign out", click(".nav-toggle-label"), click(".usermenu button"), loaded(`form[action="/login"]`))
	p.checkPhoneWidth("/login")
}

// checkPhoneWidth fails the test when the page is wider than a phone's screen. A
// mobile browser zooms out to show a page that is too wide, so innerWidth alone would
// grow with it: the width is held to the phone's too.
func (p *tab) checkPhoneWidth(what string) {
	p.t.Helper()
	widths := run(p, "widths of "+what, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if widths[0] > phoneWidth || widths[0] > widths[1] {
		p.t.Errorf("%s: the page is %d px wide on a %d px screen (innerWidth %d)", what, widths[0], phoneWidth, widths[1])
	}
}
