package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

// testSpec is a spend-like spec of the tests' own, so the reader is tested apart from
// the kinds.
func testSpec() *Spec {
	return &Spec{Kind: outlay.ImportSpend, Sheet: "Spend", Columns: []Column{
		{Header: "Date", Field: "date", Type: DateColumn, Required: true, Example: "2027-01-15"},
		{Header: "Vendor", Field: "vendor", Required: true, Example: "Acme Cloud"},
		{Header: "Invoice", Field: "invoice", Aliases: []string{"Invoice number"}, Example: "INV-1001"},
		{Header: "Amount", Field: "amount", Type: NumberColumn, Required: true, Example: "1200.5"},
		{Header: "Currency", Field: "currency", Choices: []string{"EUR", "USD", "GBP"}, Example: "EUR"},
		{Header: "Charged to line", Field: "line", Example: "INF-CLOUD"},
		{Header: "Status", Derived: true},
	}}
}

func fileOf(name string, b []byte) outlay.ImportFile {
	return outlay.ImportFile{Name: name, Size: int64(len(b)), Body: bytes.NewReader(b)}
}

// xlsxOf builds a workbook with build and returns its bytes.
func xlsxOf(t testing.TB, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// setRows writes rows from A1 down on sheet; a nil cell is left empty.
func setRows(t testing.TB, f *excelize.File, sheet string, rows [][]any) {
	t.Helper()
	for i, r := range rows {
		for j, v := range r {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// wantInvalid fails unless err is an EINVALID error whose message has every part.
func wantInvalid(t *testing.T, err error, parts ...string) {
	t.Helper()
	if outlay.ErrorCode(err) != outlay.EINVALID {
		t.Fatalf("error = %v, want EINVALID", err)
	}
	msg := outlay.ErrorMessage(err)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("message %q lacks %q", msg, p)
		}
	}
}

func mustRead(t *testing.T, name string, b []byte) *Table {
	t.Helper()
	tab, err := ReadTable(fileOf(name, b), testSpec(), Limits{})
	if err != nil {
		t.Fatalf("ReadTable(%s): %v", name, err)
	}
	return tab
}
