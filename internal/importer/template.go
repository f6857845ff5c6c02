package importer

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// templateRows is how far down a template's drop-down lists and date formats reach.
const templateRows = 1000

// listsSheet holds the drop-down lists too long for a data validation's own formula
// (255 characters) or holding a comma; it is hidden.
const listsSheet = "Lists"

// WriteTemplate writes spec's template workbook: the header row, an example row, and a
// drop-down list (data validation) for every column with Choices. The header row is
// bold and frozen, date columns are formatted yyyy-mm-dd, and reading the template back
// with ReadTable gives the example row. Derived columns are left out: the import
// ignores them.
func WriteTemplate(w io.Writer, spec *Spec) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := spec.Sheet
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("importer: template sheet: %w", err)
	}
	tw := &templateWriter{f: f, sheet: sheet}
	if err := tw.styles(); err != nil {
		return err
	}
	n := 0
	for i := range spec.Columns {
		col := &spec.Columns[i]
		if col.Derived {
			continue
		}
		n++
		if err := tw.column(n, col); err != nil {
			return fmt.Errorf("importer: template column %q: %w", col.Header, err)
		}
	}
	if n == 0 {
		return fmt.Errorf("importer: template of %s: no columns", spec.Kind)
	}
	last, _ := excelize.ColumnNumberToName(n)
	if err := f.SetCellStyle(sheet, "A1", last+"1", tw.header); err != nil {
		return fmt.Errorf("importer: template header style: %w", err)
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return fmt.Errorf("importer: template panes: %w", err)
	}
	if tw.lists > 0 {
		if err := f.SetSheetVisible(listsSheet, false); err != nil {
			return fmt.Errorf("importer: template lists: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("importer: write template: %w", err)
	}
	return nil
}

// templateWriter writes one template's columns; its styles are created once.
type templateWriter struct {
	f            *excelize.File
	sheet        string
	header, date int
	lists        int // columns of the Lists sheet used
}

func (tw *templateWriter) styles() error {
	var err error
	tw.header, err = tw.f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7EEF7"}},
		Border: []excelize.Border{{Type: "bottom", Color: "8EA9C8", Style: 1}},
	})
	if err != nil {
		return fmt.Errorf("importer: template style: %w", err)
	}
	format := "yyyy-mm-dd"
	tw.date, err = tw.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return fmt.Errorf("importer: template style: %w", err)
	}
	return nil
}

// column writes column n (1-based): header, example, width, format and drop-down.
func (tw *templateWriter) column(n int, col *Column) error {
	f, sheet := tw.f, tw.sheet
	name, err := excelize.ColumnNumberToName(n)
	if err != nil {
		return err
	}
	if col.Type == DateColumn {
		if err := f.SetColStyle(sheet, name, tw.date); err != nil {
			return err
		}
	}
	if err := f.SetCellStr(sheet, name+"1", col.Header); err != nil {
		return err
	}
	if err := tw.example(name+"2", col); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, name, name, columnWidth(col)); err != nil {
		return err
	}
	if len(col.Choices) > 0 {
		return tw.dropDown(name, col)
	}
	return nil
}

// example writes the example as the cell a person would type: a real date in a date
// column, a number in a number column when the number reads back as written, else text.
func (tw *templateWriter) example(cell string, col *Column) error {
	ex := col.Example
	switch col.Type {
	case DateColumn:
		if d, err := time.Parse("2006-01-02", ex); err == nil {
			if err := tw.f.SetCellValue(tw.sheet, cell, d); err != nil {
				return err
			}
			return tw.f.SetCellStyle(tw.sheet, cell, cell, tw.date)
		}
	case NumberColumn:
		if isDecimal(ex) && plainDecimal(ex) == ex {
			v, _ := strconv.ParseFloat(ex, 64)
			return tw.f.SetCellFloat(tw.sheet, cell, v, -1, 64)
		}
	}
	if ex == "" {
		return nil
	}
	return tw.f.SetCellStr(tw.sheet, cell, ex)
}

// dropDown adds the column's list over the template's rows: in the validation itself
// when it fits, else from a column of the hidden Lists sheet.
func (tw *templateWriter) dropDown(name string, col *Column) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", name, name, templateRows)
	dv.SetError(excelize.DataValidationErrorStyleStop, clip(col.Header), "Choose one of the values in the list.")
	inline := true
	for _, c := range col.Choices {
		if strings.ContainsAny(c, ",\"") {
			inline = false
		}
	}
	if !inline || dv.SetDropList(col.Choices) != nil {
		ref, err := tw.list(col.Choices)
		if err != nil {
			return err
		}
		dv.SetSqrefDropList(ref)
	}
	return tw.f.AddDataValidation(tw.sheet, dv)
}

// list writes choices down the next column of the Lists sheet and returns its range.
func (tw *templateWriter) list(choices []string) (string, error) {
	if tw.lists == 0 {
		if _, err := tw.f.NewSheet(listsSheet); err != nil {
			return "", err
		}
	}
	tw.lists++
	name, err := excelize.ColumnNumberToName(tw.lists)
	if err != nil {
		return "", err
	}
	for i, c := range choices {
		if err := tw.f.SetCellStr(listsSheet, fmt.Sprintf("%s%d", name, i+1), c); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%s!$%s$1:$%s$%d", listsSheet, name, name, len(choices)), nil
}

// columnWidth fits the header (bold, with room for a filter or list arrow), the example
// and the choices, within reason.
func columnWidth(col *Column) float64 {
	w := float64(utf8.RuneCountInString(col.Header))*1.15 + 3
	longest := utf8.RuneCountInString(col.Example)
	for _, c := range col.Choices {
		longest = max(longest, utf8.RuneCountInString(c))
	}
	if col.Type == DateColumn {
		longest = max(longest, 10)
	}
	w = max(w, float64(longest)+3)
	return min(max(w, 10), 60)
}
