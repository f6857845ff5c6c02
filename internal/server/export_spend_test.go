package server_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

// The spend export has one row per allocation. Filtered by a budget line it holds only
// that line's charges, and its total equals the "Charged to" figure of the spend page
// with the same filter: an entry of 1,000.00 split 600.00 / 400.00 over INF-CLOUD and
// NET-WAN, and a USD entry of 500.00 at 0.92 (460.00) wholly on INF-CLOUD, charge
// INF-CLOUD 1,060.00. Each row names the line's cost centre and GL account, the fiscal
// year and quarter of the entry's date (a July fiscal start: 2026-08-15 is FY2027 Q1),
// and the contract's reference.
func TestSpendExportChargesReconcileWithThePage(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("admin")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	st, err := h.DB.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.FYStartMonth = 7
	if err := h.DB.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	vendor := seedContractVendor(t, h, "Amazon Web Services")
	cloud := &outlay.BudgetLine{FY: 2027, Code: "INF-CLOUD", Name: "Cloud hosting", Category: "cloud", ExpenseType: "opex",
		CostCentre: "CC-100", GLAccount: "6100", Planned: 5000000}
	wan := &outlay.BudgetLine{FY: 2027, Code: "NET-WAN", Name: "Wide area network", Category: "telecom", ExpenseType: "opex",
		CostCentre: "CC-200", GLAccount: "6200", Planned: 5000000}
	for _, l := range []*outlay.BudgetLine{cloud, wan} {
		if err := h.DB.CreateBudgetLine(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	day, _ := outlay.ParseDate("2026-07-01")
	if err := h.DB.CreateRate(ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: day, RateMicros: 920000}); err != nil {
		t.Fatal(err)
	}
	ct := seedContract(t, h, vendor, "Hosting", "2026-07-01", "2027-06-30", func(c *outlay.Contract) {
		c.Reference, c.BudgetLineCode = "AWS-2026", "INF-CLOUD"
	})
	aug, _ := outlay.ParseDate("2026-08-15")
	split := &outlay.SpendEntry{Date: aug, VendorID: vendor, Description: "Hosting and WAN", InvoiceNumber: "INV-1",
		Amount: 100000, Currency: "EUR", ContractID: &ct.ID,
		Allocations: []outlay.Allocation{{BudgetLineID: cloud.ID, Amount: 60000}, {BudgetLineID: wan.ID, Amount: 40000}}}
	usd := &outlay.SpendEntry{Date: aug.AddDate(0, 1, 0), VendorID: vendor, Description: "Support", InvoiceNumber: "INV-2",
		Amount: 50000, Currency: "USD", Allocations: []outlay.Allocation{{BudgetLineID: cloud.ID}}}
	for _, e := range []*outlay.SpendEntry{split, usd} {
		if err := h.DB.CreateSpend(ctx, e); err != nil {
			t.Fatal(err)
		}
	}

	q := "fy=2027&budget_line_id=" + itoa(cloud.ID)
	page := c.get("/spend?" + q)
	foot := regexp.MustCompile(`(?s)<tfoot>.*?Charged to INF-CLOUD.*?<td class="num">([0-9,.]+) `).FindStringSubmatch(page.Body)
	if foot == nil || foot[1] != "1,060.00" {
		t.Fatalf("page's Charged to figure: %v", foot)
	}
	res := c.get("/spend/export.xlsx?" + q)
	f := openWorkbook(t, res.Body)
	rows, _ := f.GetRows("Spend")
	if len(rows) != 5+2+1 {
		t.Fatalf("rows %v, want the header block, INF-CLOUD's two charges and a total", rows)
	}
	if got := rows[2][0]; got != "Filter: FY2027 · INF-CLOUD" {
		t.Errorf("filter line %q", got)
	}
	header := strings.Join(rows[4], "|")
	if header != "Entry|Date|Vendor|Description|Invoice|PO|Budget line|Budget line name|Cost centre|GL account|Fiscal year|Quarter|"+
		"Contract reference|Amount|Currency|Rate|Entry base amount (EUR)|Charged to line (EUR)|Service from|Service to" {
		t.Errorf("header %s", header)
	}
	// Newest first: the USD entry, then the split one.
	if got := strings.Join(rows[6][6:18], "|"); got != "INF-CLOUD|Cloud hosting|CC-100|6100|FY2027|Q1|AWS-2026|1,000.00|EUR||1,000.00|600.00" {
		t.Errorf("split entry's INF-CLOUD row: %s", got)
	}
	if got := strings.Join(rows[5][13:18], "|"); got != "500.00|USD|0.920000|460.00|460.00" {
		t.Errorf("USD row: %s", got)
	}
	if fm, _ := f.GetCellFormula("Spend", "R8"); fm != "SUM(R6:R7)" {
		t.Errorf("total formula %q", fm)
	}
	if raw, _ := f.GetCellValue("Spend", "R8", excelize.Options{RawCellValue: true}); raw != "1060" {
		t.Errorf("total %q, want 1060 = the page's Charged to", raw)
	}

	// Unfiltered by line, the charges add up to the entries' base amounts: 1,460.00.
	all := openWorkbook(t, c.get("/spend/export.xlsx?fy=2027").Body)
	allRows, _ := all.GetRows("Spend")
	if len(allRows) != 5+3+1 {
		t.Fatalf("%d rows, want three charges and a total", len(allRows))
	}
	if raw, _ := all.GetCellValue("Spend", "R9", excelize.Options{RawCellValue: true}); raw != "1460" {
		t.Errorf("total of every charge %q, want 1460", raw)
	}
}
