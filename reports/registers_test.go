package reports_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
	"outlay/reports"
)

func day(s string) time.Time {
	t, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

var meta = reports.Meta{OrgName: "Acme Corp", GeneratedAt: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), GeneratedBy: "ann@example.com", Filter: "status: notice"}

func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// eachContract hands contracts over one by one, as the contract service's cursor does.
func eachContract(cs ...*outlay.Contract) func(func(*outlay.Contract) error) error {
	return func(fn func(*outlay.Contract) error) error {
		for _, c := range cs {
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestContractRegisterCellsAreRealNumbersAndDates(t *testing.T) {
	c := &outlay.Contract{ID: 7, Title: "=HYPERLINK(\"http://x\")", Reference: "MS-1", VendorName: "Microsoft", Kind: "subscription",
		OwnerEmail: "ann@example.com", RenewalType: "auto", NoticeValue: 3, NoticeUnit: "months", Currency: "KWD",
		Terms: []*outlay.Term{{StartDate: day("2026-04-01"), EndDate: day("2027-03-31"), Price: 1234567, Billing: "annual"}}}
	c.Derive(day("2026-11-25"), 90)
	var buf bytes.Buffer
	if err := reports.ContractRegister(&buf, meta, eachContract(c)); err != nil {
		t.Fatal(err)
	}
	f := open(t, buf.Bytes())
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Contracts" {
		t.Fatalf("sheets = %v", got)
	}
	// Header on row 5, data on row 6.
	if v, _ := f.GetCellValue("Contracts", "B5"); v != "Title" {
		t.Fatalf("B5 = %q, want the Title header", v)
	}
	// A formula-like title is text with quotePrefix, shown as typed.
	checkQuotedText(t, f, "Contracts", "B6", `=HYPERLINK("http://x")`)
	if quotePrefix(t, f, "Contracts", "C6") {
		t.Errorf("a plain reference got quotePrefix")
	}
	// The price is a number with the currency's three decimals.
	typ, _ := f.GetCellType("Contracts", "M6")
	raw, _ := f.GetCellValue("Contracts", "M6", excelize.Options{RawCellValue: true})
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber || raw != "1234.567" {
		t.Errorf("price cell type %v raw %q, want number 1234.567", typ, raw)
	}
	if v, _ := f.GetCellValue("Contracts", "M6"); v != "1,234.567" {
		t.Errorf("price shows %q, want 1,234.567", v)
	}
	// Dates are real dates (serial numbers) shown as YYYY-MM-DD.
	for cell, want := range map[string]string{"O6": "2027-04-01", "P6": "2027-01-01", "Q6": "2027-01-01"} {
		v, _ := f.GetCellValue("Contracts", cell)
		raw, _ := f.GetCellValue("Contracts", cell, excelize.Options{RawCellValue: true})
		if v != want || raw == want {
			t.Errorf("%s shows %q (raw %q), want a date serial shown as %s", cell, v, raw, want)
		}
	}
	if v, _ := f.GetCellValue("Contracts", "S6"); v != "notice" {
		t.Errorf("status = %q, want notice", v)
	}
	if v, _ := f.GetCellValue("Contracts", "A3"); v != "Filter: status: notice" {
		t.Errorf("A3 = %q", v)
	}
}

func TestVendorRegisterListsEveryVendor(t *testing.T) {
	var vs []*outlay.Vendor
	for i := 0; i < 1200; i++ {
		vs = append(vs, &outlay.Vendor{ID: int64(i + 1), Name: "Vendor " + string(rune('A'+i%26)), Category: "cloud", Status: "active", Criticality: "low", ContractCount: i % 4})
	}
	var buf bytes.Buffer
	if err := reports.VendorRegister(&buf, meta, vs); err != nil {
		t.Fatal(err)
	}
	f := open(t, buf.Bytes())
	rows, err := f.GetRows("Vendors")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5+1200 {
		t.Fatalf("rows = %d, want header block + 1200", len(rows))
	}
	if rows[5+1199][0] != "1200" || rows[5+1199][5] != "3" {
		t.Fatalf("last row = %v", rows[5+1199])
	}
}

func TestEmptyRegisterStillOpens(t *testing.T) {
	var buf bytes.Buffer
	if err := reports.ContractRegister(&buf, meta, eachContract()); err != nil {
		t.Fatal(err)
	}
	f := open(t, buf.Bytes())
	if v, _ := f.GetCellValue("Contracts", "A5"); v != "ID" {
		t.Fatalf("A5 = %q", v)
	}
}
