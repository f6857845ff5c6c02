package importer

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

func templateOf(t *testing.T, spec *Spec) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, spec); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTemplateReadsBackAsItsExampleRow(t *testing.T) {
	spec := testSpec()
	b := templateOf(t, spec)
	tab, err := ReadTable(fileOf("spend-template.xlsx", b), spec, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, c := range spec.Columns {
		if !c.Derived {
			want[c.Header] = c.Example
		}
	}
	if tab.Sheet != "Spend" || tab.HeaderRow != 1 || len(tab.Rows) != 1 || tab.Rows[0].Line != 2 {
		t.Fatalf("sheet %q header %d rows %+v", tab.Sheet, tab.HeaderRow, tab.Rows)
	}
	if !reflect.DeepEqual(tab.Rows[0].Values, want) {
		t.Errorf("example row read back as %v, want %v", tab.Rows[0].Values, want)
	}
	if len(tab.Unknown) != 0 {
		t.Errorf("Unknown = %v", tab.Unknown)
	}
}

func TestTemplateLayout(t *testing.T) {
	spec := testSpec()
	f, err := excelize.OpenReader(bytes.NewReader(templateOf(t, spec)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Spend"}) {
		t.Errorf("sheets %v, want [Spend]", got)
	}
	row1, _ := f.GetRows("Spend")
	if want := []string{"Date", "Vendor", "Invoice", "Amount", "Currency", "Charged to line"}; !reflect.DeepEqual(row1[0], want) {
		t.Errorf("header row %q, want %q (no derived Status)", row1[0], want)
	}
	style, _ := f.GetCellStyle("Spend", "C1")
	if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Error("the header row is not bold")
	}
	panes, _ := f.GetPanes("Spend")
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v, want row 1 frozen", panes)
	}
	// Date cells show yyyy-mm-dd, the example and any typed below it.
	for _, cell := range []string{"A2", "A500"} {
		id, _ := f.GetCellStyle("Spend", cell)
		s, _ := f.GetStyle(id)
		if s == nil || s.CustomNumFmt == nil || *s.CustomNumFmt != "yyyy-mm-dd" {
			t.Errorf("%s is not formatted yyyy-mm-dd: %+v", cell, s)
		}
	}
	if v, _ := f.GetCellValue("Spend", "A2"); v != "2027-01-15" {
		t.Errorf("A2 shows %q", v)
	}
	if typ, _ := f.GetCellType("Spend", "D2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("the amount example is a %v cell, want a number", typ)
	}
	for _, col := range []string{"A", "B", "F"} {
		w, _ := f.GetColWidth("Spend", col)
		if w < 10 || w > 60 {
			t.Errorf("column %s width %v", col, w)
		}
	}
	dvs, _ := f.GetDataValidations("Spend")
	if len(dvs) != 1 || dvs[0].Sqref != "E2:E1000" || dvs[0].Type != "list" || dvs[0].Formula1 != `"EUR,USD,GBP"` {
		t.Fatalf("data validations %+v, want one list on E2:E1000", dvs)
	}
}

func TestTemplateLongListGoesToHiddenSheet(t *testing.T) {
	spec := testSpec()
	var codes []string
	for i := range 60 {
		codes = append(codes, fmt.Sprintf("LINE-%03d", i))
	}
	spec.Columns[5].Choices = codes                             // 60 × 8 characters: over 255
	spec.Columns[1].Choices = []string{"Acme, Inc", "Beta Ltd"} // a comma cannot be inline
	spec.Columns[1].Example = "Acme, Inc"
	spec.Columns[5].Example = "LINE-007"
	b := templateOf(t, spec)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Spend", "Lists"}) {
		t.Fatalf("sheets %v", got)
	}
	if visible, _ := f.GetSheetVisible("Lists"); visible {
		t.Error("the Lists sheet is visible")
	}
	dvs, _ := f.GetDataValidations("Spend")
	refs := map[string]string{}
	for _, dv := range dvs {
		refs[dv.Sqref] = dv.Formula1
	}
	want := map[string]string{"B2:B1000": "Lists!$A$1:$A$2", "E2:E1000": `"EUR,USD,GBP"`, "F2:F1000": "Lists!$B$1:$B$60"}
	if !reflect.DeepEqual(refs, want) {
		t.Errorf("validations %v, want %v", refs, want)
	}
	if v, _ := f.GetCellValue("Lists", "B60"); v != "LINE-059" {
		t.Errorf("Lists!B60 = %q", v)
	}
	tab, err := ReadTable(fileOf("t.xlsx", b), spec, Limits{})
	if err != nil || tab.Sheet != "Spend" || tab.Rows[0].Values["Charged to line"] != "LINE-007" || tab.Rows[0].Values["Vendor"] != "Acme, Inc" {
		t.Errorf("read back %+v, %v", tab, err)
	}
}
