package importer

import (
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestReadXLSXCellsByColumnType(t *testing.T) {
	b := xlsxOf(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Notes")
		setRows(t, f, "Notes", [][]any{{"Read me first"}})
		f.NewSheet("Spend")
		setRows(t, f, "Spend", [][]any{
			{"Outlay — spend"},
			{"FY2027"},
			{},
			{},
			{"Date", "Vendor", "Invoice number", "Amount", "Charged to line (EUR)", "Status"},
			{time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), "  Acme Cloud ", 1001, 0.1 + 0.2, "=INF", "Paid"},
			{},
			{"2027-02-01", "Beta", "B-7", "12,50", nil, nil},
			{46419, "Gamma", "G-1", 1e-7, "OPS", nil},
		})
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Spend", "A6", "A6", style)
		// A formula cell reads as its cached value.
		f.SetCellFormula("Spend", "D9", "=1/10000000")
	})
	tab := mustRead(t, "spend.xlsx", b)
	if tab.Sheet != "Spend" || tab.HeaderRow != 5 {
		t.Fatalf("sheet %q header row %d, want Spend and 5", tab.Sheet, tab.HeaderRow)
	}
	want := []Row{
		{Line: 6, Values: map[string]string{"Date": "2027-01-15", "Vendor": "Acme Cloud", "Invoice": "1001", "Amount": "0.3", "Charged to line": "=INF", "Status": "Paid"}},
		{Line: 8, Values: map[string]string{"Date": "2027-02-01", "Vendor": "Beta", "Invoice": "B-7", "Amount": "12,50", "Charged to line": "", "Status": ""}},
		{Line: 9, Values: map[string]string{"Date": "2027-02-01", "Vendor": "Gamma", "Invoice": "G-1", "Amount": "0.0000001", "Charged to line": "OPS", "Status": ""}},
	}
	if !reflect.DeepEqual(tab.Rows, want) {
		t.Errorf("rows\n got %+v\nwant %+v", tab.Rows, want)
	}
	if tab.Columns["Charged to line"] != "Charged to line (EUR)" || tab.Columns["Invoice"] != "Invoice number" {
		t.Errorf("Columns = %v", tab.Columns)
	}
}

func TestReadXLSX1904DateSystem(t *testing.T) {
	b := xlsxOf(t, func(f *excelize.File) {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
		setRows(t, f, "Sheet1", [][]any{{"Date", "Vendor", "Amount"}, {44940, "Acme", 5}})
	})
	tab := mustRead(t, "x.xlsx", b)
	if got := tab.Rows[0].Values["Date"]; got != "2027-01-15" {
		t.Errorf("1904 serial 44940 read as %q, want 2027-01-15", got)
	}
}

func TestReadXLSXFirstSheetWhenSpecSheetMissing(t *testing.T) {
	b := xlsxOf(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Export")
		setRows(t, f, "Export", [][]any{{"Date", "Vendor", "Amount"}, {nil}, {"2027-01-01", "A", 1}})
	})
	tab := mustRead(t, "x.xlsx", b)
	if tab.Sheet != "Export" || len(tab.Rows) != 1 || tab.Rows[0].Line != 3 {
		t.Errorf("sheet %q rows %+v", tab.Sheet, tab.Rows)
	}
}

func TestReadXLSXValueWithoutHeader(t *testing.T) {
	b := xlsxOf(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", [][]any{{"Date", "Vendor", "Amount"}, {"2027-01-01", "A", 1}, {"2027-01-01", "B", 2, nil, "stray"}})
	})
	_, err := ReadTable(fileOf("x.xlsx", b), testSpec(), Limits{})
	wantInvalid(t, err, "Row 3 of sheet “Sheet1” has a value in column E, which has no header")
}

func TestReadXLSXWrongSheetNamesTheSheets(t *testing.T) {
	b := xlsxOf(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Summary")
		f.NewSheet("Data")
		setRows(t, f, "Summary", [][]any{{"Total", 12}})
		setRows(t, f, "Data", [][]any{{"Code", "Name"}, {"A", "B"}})
	})
	_, err := ReadTable(fileOf("pack.xlsx", b), testSpec(), Limits{})
	wantInvalid(t, err, "The file's sheets are Summary, Data; none has the header row of a spend file (Date, Vendor, Amount)")
}

func TestReadXLSXHeaderOnAnotherSheet(t *testing.T) {
	b := xlsxOf(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Read me")
		f.NewSheet("Rows")
		setRows(t, f, "Read me", [][]any{{"How to fill this in"}})
		setRows(t, f, "Rows", [][]any{{"Date", "Vendor", "Amount"}, {"2027-01-01", "A", 1}})
	})
	if tab := mustRead(t, "x.xlsx", b); tab.Sheet != "Rows" || len(tab.Rows) != 1 {
		t.Errorf("sheet %q rows %d, want Rows and 1", tab.Sheet, len(tab.Rows))
	}
}

func TestReadXLSXNoHeaderRow(t *testing.T) {
	b := xlsxOf(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", [][]any{{"Vendor", "Total"}, {"A", 1}})
	})
	_, err := ReadTable(fileOf("x.xlsx", b), testSpec(), Limits{})
	wantInvalid(t, err, "Row 1 of sheet “Sheet1” looks like the header row of a spend file but lacks the columns “Date” and “Amount”")
}
