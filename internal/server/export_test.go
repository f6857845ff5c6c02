package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

// openWorkbook reads a downloaded workbook back, closed when the test ends.
func openWorkbook(t *testing.T, body string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestVendorExportFollowsTheFilter(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("viewer")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	for _, v := range []*outlay.Vendor{
		{Name: "Amazon Web Services", Category: "cloud", Status: "active", Criticality: "critical"},
		{Name: "Dell", Category: "hardware", Status: "active", Criticality: "medium"},
		{Name: "=cmd|' /C calc'!A0", Category: "cloud", Status: "prospect", Criticality: "low"},
	} {
		if err := h.DB.CreateVendor(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	res := c.get("/vendors/export.xlsx?category=cloud&sort=name")
	if res.Code != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "outlay-vendors-2026-11-25.xlsx") {
		t.Fatalf("export: %d %v", res.Code, res.Header)
	}
	f := openWorkbook(t, res.Body)
	rows, _ := f.GetRows("Vendors")
	if len(rows) != 7 { // title block (4) + header + 2 cloud vendors
		t.Fatalf("rows = %d: %v", len(rows), rows)
	}
	names := rows[5][1] + "|" + rows[6][1]
	// Formula-like text as typed: reports writes it as text with quotePrefix.
	if names != "=cmd|' /C calc'!A0|Amazon Web Services" {
		t.Fatalf("names = %q", names)
	}
	if rows[2][0] != "Filter: category cloud" || !strings.Contains(rows[1][0], "viewer@example.com") {
		t.Fatalf("meta rows = %v", rows[:3])
	}
}

func TestLicenceExportNeverHoldsTheKey(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("admin")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	v := &outlay.Vendor{Name: "Adobe", Category: "software"}
	if err := h.DB.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	key := "SECRET-KEY-1234-5678"
	lic := &outlay.Licence{Product: "Acrobat Pro", VendorID: v.ID, Kind: "per_user", SeatsPurchased: 10, SeatsAssigned: 6,
		UnitPrice: 1500, Currency: "EUR", Billing: "annual"}
	if err := h.DB.CreateLicence(ctx, lic, &key); err != nil {
		t.Fatal(err)
	}
	list := c.get("/licences?kind=per_user")
	mustContain(t, "licence list", list.Body, `href="/licences/export.xlsx?kind=per_user"`)
	res := c.get("/licences/export.xlsx?kind=per_user")
	if res.Code != http.StatusOK || strings.Contains(res.Body, key) {
		t.Fatalf("export: %d (key present: %v)", res.Code, strings.Contains(res.Body, key))
	}
	f := openWorkbook(t, res.Body)
	rows, _ := f.GetRows("Licences")
	if len(rows) != 6 || rows[5][1] != "Acrobat Pro" || rows[5][7] != "60.0%" || rows[5][9] != "60.00" {
		t.Fatalf("rows = %v", rows)
	}
	if raw, _ := f.GetCellValue("Licences", "H6", excelize.Options{RawCellValue: true}); raw != "0.6" {
		t.Errorf("utilisation cell holds %q, want the number 0.6", raw)
	}
	for _, row := range rows {
		for _, cell := range row {
			if strings.Contains(cell, key) {
				t.Fatal("the licence key is in the export")
			}
		}
	}
}

func TestBudgetExportHasFiguresAndFormulaTotals(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("editor")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	vendor := seedContractVendor(t, h, "Dell")
	a := &outlay.BudgetLine{FY: 2026, Code: "HW-LAPTOP", Name: "Laptops", Category: "hardware", ExpenseType: "capex", Planned: 1000001}
	// A name that a spreadsheet would take for a formula is written as quoted text.
	b := &outlay.BudgetLine{FY: 2026, Code: "SW-X", Name: "+danger", Category: "other", ExpenseType: "opex", Planned: 50000}
	for _, l := range []*outlay.BudgetLine{a, b} {
		if err := h.DB.CreateBudgetLine(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	day, _ := outlay.ParseDate("2026-03-02")
	if err := h.DB.CreateSpend(ctx, &outlay.SpendEntry{Date: day, VendorID: vendor, Description: "Laptops", InvoiceNumber: "D-1",
		Amount: 250000, Currency: "EUR", Allocations: []outlay.Allocation{{BudgetLineID: a.ID}}}); err != nil {
		t.Fatal(err)
	}
	list := c.get("/budget?fy=2026")
	mustContain(t, "budget list", list.Body, `href="/budget/export.xlsx?fy=2026"`)
	res := c.get("/budget/export.xlsx?fy=2026")
	if res.Code != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "outlay-budget-fy2026-2026-11-25.xlsx") {
		t.Fatalf("export: %d %v", res.Code, res.Header)
	}
	f := openWorkbook(t, res.Body)
	// The title names the basis and the base currency, and what the year to date covers.
	if v, _ := f.GetCellValue("Budget", "A1"); v != "Budget FY2026 · cash basis · amounts in EUR · year to date 2026-01-01 – 2026-11-30" {
		t.Errorf("title = %q", v)
	}
	// Row 6: HW-LAPTOP; row 7: SW-X; row 8: totals.
	for cell, want := range map[string]string{"A6": "HW-LAPTOP", "H6": "10,000.01", "I6": "2,500.01", "M6": "2,500.00",
		"B7": "+danger", "A8": "Total", "H8": "10,500.01", "M8": "2,500.00"} {
		if v, _ := f.GetCellValue("Budget", cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
	if fm, _ := f.GetCellFormula("Budget", "H8"); fm != "SUM(H6:H7)" {
		t.Errorf("H8 formula = %q, want SUM(H6:H7)", fm)
	}
	if raw, _ := f.GetCellValue("Budget", "M8", excelize.Options{RawCellValue: true}); raw != "2500" {
		t.Errorf("M8 cached value = %q, want 2500", raw)
	}
}

func TestSpendExportStreamsEveryMatchingEntry(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("viewer")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	vendor := seedContractVendor(t, h, "Amazon Web Services")
	line := &outlay.BudgetLine{FY: 2026, Code: "INF-CLOUD", Name: "Cloud", Category: "cloud", ExpenseType: "opex", Planned: 100000000}
	if err := h.DB.CreateBudgetLine(ctx, line); err != nil {
		t.Fatal(err)
	}
	day, _ := outlay.ParseDate("2026-01-01")
	if err := h.DB.CreateRate(ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: day, RateMicros: 920000}); err != nil {
		t.Fatal(err)
	}
	// More entries than one streaming batch (500), in two currencies.
	var want int64
	for i := 0; i < 620; i++ {
		e := &outlay.SpendEntry{Date: day.AddDate(0, 0, i%300), VendorID: vendor, Description: "Hosting",
			InvoiceNumber: "INV-" + itoa(int64(i)), Amount: int64(1000 + i), Currency: "EUR", Allocations: []outlay.Allocation{{BudgetLineID: line.ID}}}
		if i%5 == 0 {
			e.Currency = "USD"
		}
		if err := h.DB.CreateSpend(ctx, e); err != nil {
			t.Fatal(err)
		}
		want += e.BaseAmount
	}
	list := c.get("/spend?fy=2026")
	mustContain(t, "spend list", list.Body, `href="/spend/export.xlsx?fy=2026"`)
	res := c.get("/spend/export.xlsx?fy=2026")
	if res.Code != http.StatusOK {
		t.Fatalf("export: %d", res.Code)
	}
	f := openWorkbook(t, res.Body)
	rows, _ := f.GetRows("Spend")
	if len(rows) != 5+620+1 {
		t.Fatalf("rows = %d, want the header block, 620 entries and a total", len(rows))
	}
	last := len(rows)
	if fm, _ := f.GetCellFormula("Spend", "R"+itoa(int64(last))); fm != "SUM(R6:R625)" {
		t.Errorf("total formula = %q", fm)
	}
	raw, _ := f.GetCellValue("Spend", "R"+itoa(int64(last)), excelize.Options{RawCellValue: true})
	if raw != money.Decimal(want, "EUR") && raw+"0" != money.Decimal(want, "EUR") {
		t.Errorf("cached total = %s, want %s", raw, money.Decimal(want, "EUR"))
	}
	if got := strings.Join(rows[5][6:8], "|"); got != "INF-CLOUD|Cloud" {
		t.Errorf("budget line columns = %q", got)
	}
	if got := rows[2][0]; got != "Filter: FY2026" {
		t.Errorf("filter line %q, want FY2026", got)
	}
	// The rate is a number: the USD entries carry 0.92, the EUR ones none.
	rates := 0
	for i := 6; i < last; i++ {
		cur, _ := f.GetCellValue("Spend", "O"+itoa(int64(i)))
		rate, _ := f.GetCellValue("Spend", "P"+itoa(int64(i)), excelize.Options{RawCellValue: true})
		if cur == "USD" {
			rates++
			if rate != "0.92" {
				t.Fatalf("row %d: USD rate cell %q, want the number 0.92", i, rate)
			}
		} else if rate != "" {
			t.Fatalf("row %d: EUR entry with rate %q", i, rate)
		}
	}
	if rates != 124 {
		t.Errorf("%d USD rows, want 124", rates)
	}
}
