package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// importSpendFixture is a vendor and two FY2026 budget lines for spend files to use.
func importSpendFixture(t *testing.T, h *harness) {
	t.Helper()
	ctx := outlay.NewContextWithUser(context.Background(), h.user("admin", "fixture@example.com"))
	if err := h.DB.CreateVendor(ctx, &outlay.Vendor{Name: "Acme Cloud", Category: "cloud", Status: "active", Criticality: "high"}); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"INF-CLOUD", "SW-LIC"} {
		line := &outlay.BudgetLine{FY: 2026, Code: code, Name: "Line " + code, Category: "cloud", ExpenseType: "opex", Planned: 10_000_00}
		if err := h.DB.CreateBudgetLine(ctx, line); err != nil {
			t.Fatal(err)
		}
	}
}

// A June invoice of 1,000.00 split 600.00 / 400.00 across two lines, and a July one.
const spendFile = `Date,Vendor,Description,Invoice,Budget line,Amount,Currency,Charged to line
2026-06-10,Acme Cloud,June hosting,INV-1,INF-CLOUD,1000.00,EUR,600.00
2026-06-10,Acme Cloud,June hosting,INV-1,SW-LIC,1000.00,EUR,400.00
2026-07-10,Acme Cloud,July hosting,INV-2,INF-CLOUD,250.00,EUR,
`

// TestImportSpendThroughThePages is the real importer behind the pages: the preview
// stores nothing, the commit creates the entries with their allocations, audited as one
// import by the editor, the kept file is gone, and the summary links to each entry.
func TestImportSpendThroughThePages(t *testing.T) {
	h := newHarness(t)
	importSpendFixture(t, h)
	editor, me := h.signIn(outlay.RoleEditor)
	ctx := context.Background()

	res := editor.upload("/imports/spend", "june.csv", []byte(spendFile))
	if res.Code != http.StatusOK {
		t.Fatalf("preview: %d %s", res.Code, res.Body)
	}
	mustContain(t, "preview", res.Body, "Import 2 spend entries", "3")
	token := tokenIn(res.Body)
	if _, n, _, err := h.DB.FindSpend(ctx, outlay.SpendFilter{}); err != nil || n != 0 {
		t.Fatalf("the preview stored %d entries (%v)", n, err)
	}

	res = editor.postForm("/imports/"+token+"/commit", nil)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("commit: %d %s", res.Code, res.Body)
	}
	if _, err := os.Stat(filepath.Join(h.ImportDir, token+".upload")); !os.IsNotExist(err) {
		t.Fatalf("the upload is still kept after the commit: %v", err)
	}
	entries, n, sum, err := h.DB.FindSpend(ctx, outlay.SpendFilter{})
	if err != nil || n != 2 || sum != 1250_00 {
		t.Fatalf("after the commit: %d entries, sum %d (%v)", n, sum, err)
	}
	var june *outlay.SpendEntry
	for _, e := range entries {
		if e.InvoiceNumber == "INV-1" {
			june = e
		}
	}
	if june == nil || len(june.Allocations) != 2 || june.Allocations[0].Amount+june.Allocations[1].Amount != 1000_00 {
		t.Fatalf("June entry: %+v", june)
	}
	parts := map[string]int64{}
	for _, a := range june.Allocations {
		parts[a.BudgetLineCode] = a.Amount
	}
	if parts["INF-CLOUD"] != 600_00 || parts["SW-LIC"] != 400_00 {
		t.Fatalf("June allocations: %v", parts)
	}

	audit, _, err := h.DB.FindAuditEntries(ctx, outlay.AuditFilter{Action: "import"})
	if err != nil || len(audit) != 1 || audit[0].UserEmail != me.Email || audit[0].Entity != "import" {
		t.Fatalf("import audit: %+v (%v)", audit, err)
	}
	var summary struct {
		Kind    string  `json:"kind"`
		File    string  `json:"file"`
		Created int     `json:"created"`
		IDs     []int64 `json:"ids"`
	}
	if err := json.Unmarshal(audit[0].After, &summary); err != nil || summary.Kind != "spend" || summary.File != "june.csv" || summary.Created != 2 {
		t.Fatalf("import audit entry: %s (%v)", audit[0].After, err)
	}

	res = editor.get("/imports/" + token)
	mustContain(t, "summary", res.Body, "Imported 2 spend entries from june.csv.",
		`href="/spend/`+itoa(june.ID)+`"`)
	if !strings.Contains(res.Body, "/spend/"+itoa(summary.IDs[0])) || !strings.Contains(res.Body, "/spend/"+itoa(summary.IDs[1])) {
		t.Fatalf("summary lacks links to %v: %s", summary.IDs, res.Body)
	}
}

// TestImportSpendAPI: the API previews by default, then commits with dry_run=false; a
// bad row is 400 with the problem at its row and column, and stores nothing.
func TestImportSpendAPI(t *testing.T) {
	h := newHarness(t)
	importSpendFixture(t, h)
	api, _ := h.apiClient(outlay.RoleEditor)
	ctx := context.Background()

	bad := strings.Replace(spendFile, "July hosting,INV-2,INF-CLOUD,250.00", "July hosting,INV-2,INF-CLOUD,250.005", 1)
	res := api.upload("/api/v1/imports/spend", "bad.csv", []byte(bad), "dry_run", "false")
	var problems struct {
		Problems []outlay.ImportProblem `json:"problems"`
	}
	res.JSON(t, &problems)
	if res.Code != http.StatusBadRequest || len(problems.Problems) != 1 || problems.Problems[0].Row != 4 || problems.Problems[0].Column != "Amount" {
		t.Fatalf("bad amount: %d %s", res.Code, res.Body)
	}

	var got outlay.ImportResult
	res = api.upload("/api/v1/imports/spend", "june.csv", []byte(spendFile))
	res.JSON(t, &got)
	if res.Code != http.StatusOK || !got.DryRun || len(got.Created) != 2 || got.Created[0].Path != "" {
		t.Fatalf("API preview: %d %s", res.Code, res.Body)
	}
	if _, n, _, _ := h.DB.FindSpend(ctx, outlay.SpendFilter{}); n != 0 {
		t.Fatalf("API preview and a bad file stored %d entries", n)
	}
	res = api.upload("/api/v1/imports/spend", "june.csv", []byte(spendFile), "dry_run", "false")
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got.DryRun || len(got.Created) != 2 || !strings.HasPrefix(got.Created[0].Path, "/spend/") {
		t.Fatalf("API import: %d %s", res.Code, res.Body)
	}
	if _, n, _, _ := h.DB.FindSpend(ctx, outlay.SpendFilter{}); n != 2 {
		t.Fatalf("API import stored %d entries", n)
	}
	// The same file again: both invoices exist now.
	res = api.upload("/api/v1/imports/spend", "june.csv", []byte(spendFile), "dry_run", "false")
	if res.Code != http.StatusBadRequest || !strings.Contains(res.Body, `"row":2`) {
		t.Fatalf("second import of the same invoices: %d %s", res.Code, res.Body)
	}
	// A template comes from the real importer: a workbook.
	res = api.get("/api/v1/imports/spend/template.xlsx")
	if res.Code != http.StatusOK || !strings.HasPrefix(res.Body, "PK") {
		t.Fatalf("template: %d", res.Code)
	}
}
