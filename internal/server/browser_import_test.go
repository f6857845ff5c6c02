package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"outlay/internal/outlay"
)

// TestBrowserImportSpend imports a spend file as an editor does it in the browser: open
// Import, choose spend, upload a file whose third row is bad and see the problem at its
// row, fix the file and upload it again, see the two entries it makes (one split across
// two lines), confirm, and follow the summary's links to the new entries.
func TestBrowserImportSpend(t *testing.T) {
	h := newHarness(t)
	importSpendFixture(t, h)
	editor := h.user(outlay.RoleEditor)
	file := filepath.Join(t.TempDir(), "spend.csv")
	bad := strings.Replace(spendFile, "July hosting,INV-2,INF-CLOUD,250.00", "July hosting,INV-2,INF-CLOUD,250.005", 1)
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	p := newTab(t, h)
	contains := func(what, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Fatalf("%s: %q lacks %q", what, got, w)
			}
		}
	}
	upload := chromedp.Steps(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}),
		click(`form[enctype="multipart/form-data"] button[type="submit"]`))

	p.do("open sign-in", chromedp.Navigate(h.URL+"/login"), loaded("#f-email"))
	p.do("sign in", fill("#f-email", editor.Email), fill("#f-password", testPassword), click(`main form button[type="submit"]`), loaded(".cards"))
	p.do("open Import", click(`nav a[href="/imports"]`), loaded(".import-kinds"))
	p.do("choose spend", click(`.import-kinds a[href="/imports?kind=spend"]`), loaded("#f-file"))
	contains("spend upload page", p.text("main"), "What a spend entry file needs", "Download the spend template")

	p.do("upload the file with a bad row", upload, loaded("#import-problems"))
	contains("problems", p.text("#import-problems tbody"), "4 Amount")
	if p.visible("#import-commit") {
		t.Fatal("a file with a bad row can be committed")
	}

	if err := os.WriteFile(file, []byte(spendFile), 0o600); err != nil {
		t.Fatal(err)
	}
	p.do("upload the fixed file", upload, loaded("#import-commit"))
	contains("preview", p.text("#records"), "2 spend entries", "Acme Cloud", "INV-1", "INV-2")
	contains("commit button", p.text("#import-commit"), "Import 2 spend entries")

	p.do("confirm", click("#import-commit"), loaded(".flash"))
	contains("summary flash", p.text(".flash"), "Imported 2 spend entries from spend.csv.")
	links := run(p, "read the summary's links", chromedp.Nodes(chromedp.CSSAll("#import-records a")))
	if len(links) != 2 {
		t.Fatalf("summary links: %d, want 2", len(links))
	}
	p.do("open the first entry", click("#import-records tbody tr:first-child a"), loaded("main h1"))
	if loc := p.location(); !strings.HasPrefix(loc, "/spend/") {
		t.Fatalf("the summary's link led to %s", loc)
	}
	contains("the June entry", p.text("main"), "June hosting", "INV-1", "600.00", "400.00")

	p.do("open spend", chromedp.Navigate(h.URL+"/spend"), loaded("main table"))
	contains("spend list", p.text("main table"), "June hosting", "July hosting", "1,000.00", "250.00")
}
