package reports

import (
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/money"
)

// styles are a workbook's cell styles, made once for every sheet of it.
type styles struct {
	title, note, header, text, bold, date, integer, rate, percent int
	money                                                         map[int]int // by decimal places
	boldMoney                                                     map[int]int // subtotal and total rows
	// quoted maps a text style to the same style with quotePrefix set: the cell is text
	// even when it looks like a formula, and stays text when someone edits it.
	quoted map[int]int
}

// moneyDigits are the decimal places money cells come in (JPY, EUR, KWD, and four for
// the odd currency that has them).
var moneyDigits = []int{0, 2, 3, 4}

func makeStyles(f *excelize.File) (styles, error) {
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	top := &excelize.Alignment{Vertical: "top"}
	var st styles
	st.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	st.note = mk(&excelize.Style{Font: &excelize.Font{Color: "595959"}})
	st.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF6"}},
		Border: []excelize.Border{{Type: "bottom", Color: "1F4E8C", Style: 1}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	st.text = mk(&excelize.Style{Alignment: top})
	st.bold = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top})
	dateFmt := "yyyy-mm-dd"
	st.date = mk(&excelize.Style{CustomNumFmt: &dateFmt})
	st.integer = mk(&excelize.Style{NumFmt: 1})
	rateFmt, percentFmt := "0.000000", "0.0%"
	st.rate = mk(&excelize.Style{CustomNumFmt: &rateFmt})
	st.percent = mk(&excelize.Style{CustomNumFmt: &percentFmt})
	st.money, st.boldMoney = map[int]int{}, map[int]int{}
	for _, d := range moneyDigits {
		f := moneyFormat(d)
		st.money[d] = mk(&excelize.Style{CustomNumFmt: &f})
		st.boldMoney[d] = mk(&excelize.Style{CustomNumFmt: &f, Font: &excelize.Font{Bold: true}})
	}
	if err != nil {
		return st, err
	}
	// Last, so that no NewStyle above finds a quoted copy when it looks for an equal
	// style: excelize's style lookup does not compare quotePrefix.
	st.quoted = map[int]int{}
	for _, id := range []int{st.title, st.note, st.text, st.bold} {
		st.quoted[id] = quotedStyle(f, id)
	}
	return st, nil
}

// moneyFormat is the number format of an amount with d decimals, negatives in red.
func moneyFormat(d int) string {
	f := "#,##0"
	if d > 0 {
		f += "." + strings.Repeat("0", d)
	}
	return f + ";[Red]-" + f
}

// quotedStyle appends a copy of the cell style id with quotePrefix="1" and returns its
// id. excelize's Style has no field for it; the xf records are its own style sheet's,
// written out as they are.
func quotedStyle(f *excelize.File, id int) int {
	xfs := f.Styles.CellXfs
	xf := xfs.Xf[id]
	xf.QuotePrefix = boolPtr(true)
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	return len(xfs.Xf) - 1
}

// textCell is user text as a text cell of style: text that a spreadsheet would take for a
// formula (starting with =, +, -, @, tab or carriage return) gets the quoted copy of
// the style, so it shows as typed, with no apostrophe, and reads back unchanged.
func (st *styles) textCell(style int, s string) excelize.Cell {
	return excelize.Cell{StyleID: st.textStyle(style, s), Value: s}
}

// textStyle is the style of text s in a cell of style: its quoted copy when s looks
// like a formula.
func (st *styles) textStyle(style int, s string) int {
	if looksLikeFormula(s) {
		if q, ok := st.quoted[style]; ok {
			return q
		}
		return st.quoted[st.text]
	}
	return style
}

// moneyValue is an amount in minor units as a number with its currency's decimals in style
// (st.money or st.boldMoney).
func (st *styles) moneyValue(m moneyCell, bold bool) excelize.Cell {
	d, ok := money.Digits(m.Currency)
	if !ok {
		d = 2
	}
	table := st.money
	if bold {
		table = st.boldMoney
	}
	style, ok := table[d]
	if !ok {
		style = table[2]
	}
	return excelize.Cell{StyleID: style, Value: toUnits(m.Amount, d)}
}

// toUnits is an amount of minor units in whole units with d decimals: float64 only
// here, at the edge where the number is handed to the spreadsheet.
func toUnits(amount int64, d int) float64 { return float64(amount) / math.Pow10(d) }

// cell is a value as a cell of its column's kind; a value of the wrong type or zero
// where nothing is known is an empty cell (nil).
func (st *styles) cell(kind colKind, v any) any {
	var c excelize.Cell
	if !st.fill(&c, kind, v) {
		return nil
	}
	return c
}

// fill sets c to v as a cell of kind and reports whether there is one: a value of the
// wrong type or zero where nothing is known leaves the cell empty.
func (st *styles) fill(c *excelize.Cell, kind colKind, v any) bool {
	switch kind {
	case colDate:
		t, ok := v.(time.Time)
		if !ok || t.IsZero() {
			return false
		}
		*c = excelize.Cell{StyleID: st.date, Value: v}
	case colMoney:
		m, ok := v.(moneyCell)
		if !ok || m.Currency == "" {
			return false
		}
		*c = st.moneyValue(m, false)
	case colInt:
		*c = excelize.Cell{StyleID: st.integer, Value: v}
	case colRate:
		micros, ok := v.(int64)
		if !ok || micros == 0 {
			return false
		}
		// float64 at the edge: a rate of six decimals is exact enough in a double.
		*c = excelize.Cell{StyleID: st.rate, Value: float64(micros) / 1e6}
	case colPercent:
		bp, ok := v.(*int64)
		if !ok || bp == nil {
			return false
		}
		*c = excelize.Cell{StyleID: st.percent, Value: float64(*bp) / 10000}
	default:
		// The text goes as the value it came in: boxing it again in the Cell would
		// cost an allocation for each text cell of a large sheet.
		s, ok := v.(string)
		if !ok {
			v = ""
		}
		*c = excelize.Cell{StyleID: st.textStyle(st.text, s), Value: v}
	}
	return true
}

// looksLikeFormula reports whether a spreadsheet would take text for a formula (or, in
// a CSV made from the sheet, for one): it starts with =, +, -, @, tab or carriage return.
func looksLikeFormula(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
