package reports_test

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// checkQuotedText fails unless the cell holds exactly want as text (no formula, no
// apostrophe added) in a style whose xf has quotePrefix set, so no spreadsheet runs it
// and editing the cell keeps it text.
func checkQuotedText(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	if v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true}); v != want {
		t.Errorf("%s!%s = %q, want %q unchanged", sheet, cell, v, want)
	}
	if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
		t.Errorf("%s!%s became a formula: %q", sheet, cell, fm)
	}
	if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		t.Errorf("%s!%s is of type %v, want text", sheet, cell, typ)
	}
	if !quotePrefix(t, f, sheet, cell) {
		t.Errorf("%s!%s (%q) has no quotePrefix in its style", sheet, cell, want)
	}
}

// quotePrefix reports whether the cell's style has quotePrefix="1".
func quotePrefix(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.GetStyle(id); err != nil { // reads the style sheet
		t.Fatal(err)
	}
	xf := f.Styles.CellXfs.Xf[id]
	return xf.QuotePrefix != nil && *xf.QuotePrefix
}
