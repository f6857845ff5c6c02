package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"outlay/internal/outlay"
)

// TestBrowserDownloadsTheFinancePack is finance's visit: from the menu to Reports,
// which opens on the current quarter; choosing Q1 and the accrual basis shows Q1's
// totals; "Download finance pack" saves outlay-FY2027-Q1.xlsx, whose Summary total is
// the one the page showed.
func TestBrowserDownloadsTheFinancePack(t *testing.T) {
	h := newHarness(t)
	finance := h.user("viewer", "finance@example.com")
	ctx := outlay.NewContextWithUser(context.Background(), finance)
	seedReconcileData(t, h, ctx)

	p := newTab(t, h)
	p.do("open sign-in", chromedp.Navigate(h.URL+"/login"), loaded("#f-email"))
	p.do("sign in", fill("#f-email", finance.Email), fill("#f-password", testPassword), click(`main form button[type="submit"]`), loaded(".cards"))
	p.do("open Reports from the menu", click(`nav.mainnav a[href="/reports"]`), loaded("#pack-summary"))
	expect(t, "opens on", p.text("#preview-h"), "Summary FY2027 Q2")
	p.do("choose Q1 on the accrual basis", set("#f-quarter", "1"), set("#f-basis", "accrual"), click("#preview"), loaded(`a[data-download][href*="quarter=1"]`))
	expect(t, "chosen", p.text("#preview-h"), "Summary FY2027 Q1")
	expectContains(t, "basis", p.text("#preview-h + p.count"), "accrual basis")
	shown := p.text(`#pack-summary tr[data-category="total"] [data-col="actual"]`)

	dir := t.TempDir()
	begin := chromedp.Events(p.ctx, browser.DownloadWillBegin)
	progress := chromedp.Events(p.ctx, browser.DownloadProgress)
	p.do("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		on := true
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &on})
		return err
	}))
	p.do("download the pack", click("#download"))
	var name string
	for ev, err := range begin {
		if err != nil {
			t.Fatalf("download did not begin: %v", err)
		}
		name = ev.SuggestedFilename
		break
	}
	expect(t, "file name", name, "outlay-FY2027-Q1.xlsx")
	var file string
	for ev, err := range progress { // ends with the test's deadline at the latest
		if err != nil {
			t.Fatalf("download did not finish: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("download cancelled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
	}
	body, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, string(body))
	sum := readPackSheet(t, f, "Summary")
	var total int64 = -1
	for _, r := range sum.rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "Total") {
			total = sum.cents(t, r, "Quarter actual")
			break
		}
	}
	if want := cents(t, shown); total != want {
		t.Errorf("pack's Q1 actual %d, the page showed %d", total, want)
	}
	expectContains(t, "pack basis", sheetText(t, f, "About"), "accrual")
}
