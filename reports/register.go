package reports

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/money"
)

// Meta describes a workbook: who asked for it, when, and with which filter, so a file
// found later on a shared drive still says what it contains.
type Meta struct {
	OrgName     string
	Title       string // "Contract register"
	GeneratedAt time.Time
	GeneratedBy string // email
	Filter      string // the list's filter in words, "" for everything
}

// colKind is how a column's values are written.
type colKind int

const (
	colText colKind = iota
	colInt
	colDate
	colMoney   // value is moneyCell: written as a number with its currency's decimals
	colRate    // value is int64 rate scaled by 10^6: a number with six decimals
	colPercent // value is a ratio in basis points (int64, ok as *int64): a percentage cell
)

// column is one column of a register.
type column struct {
	Header string
	Kind   colKind
	Width  float64
}

// moneyCell is an amount in minor units with its currency.
type moneyCell struct {
	Amount   int64
	Currency string
}

// register writes one table sheet: a title block, a frozen header row, and rows. Rows
// stream through excelize's StreamWriter, so a register of 20,000 contracts does not
// hold a DOM of every cell in memory (past 16 MB excelize keeps the sheet in a temporary
// file), and finish streams the archive to its writer. Every register must be closed,
// whatever happened, so that the temporary file goes too.
type register struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	cols   []column
	styles registerStyles
	row    int
	first  int // the header row
	last   int // the last data row: a totals row below it stays out of the table
}

type registerStyles struct {
	title, note, header, text, date, integer, rate, percent int
	money                                                   map[int]int // by decimal places
}

func newRegister(sheet string, meta Meta, cols []column) (_ *register, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	f.SetDocProps(&excelize.DocProperties{
		Title:   meta.Title,
		Creator: "Outlay",
		Created: meta.GeneratedAt.UTC().Format(time.RFC3339),
	})
	r := &register{f: f, cols: cols}
	if err := r.makeStyles(); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	r.sw = sw
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return nil, err
		}
	}
	// Freeze everything above the first data row so the headers stay in view.
	const headerRow = 5
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	title := meta.Title
	if meta.OrgName != "" {
		title = meta.OrgName + " · " + meta.Title
	}
	filter := meta.Filter
	if filter == "" {
		filter = "all records"
	}
	lines := [][]any{
		{excelize.Cell{StyleID: r.styles.title, Value: safeText(title)}},
		{excelize.Cell{StyleID: r.styles.note, Value: "Generated " + meta.GeneratedAt.UTC().Format("2006-01-02 15:04") + " UTC by " + safeText(meta.GeneratedBy)}},
		{excelize.Cell{StyleID: r.styles.note, Value: "Filter: " + safeText(filter)}},
		{},
	}
	for i, l := range lines {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), l); err != nil {
			return nil, err
		}
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: r.styles.header, Value: c.Header}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", headerRow), header); err != nil {
		return nil, err
	}
	r.first, r.row = headerRow, headerRow
	return r, nil
}

func (r *register) makeStyles() error {
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = r.f.NewStyle(s)
		return id
	}
	r.styles.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	r.styles.note = mk(&excelize.Style{Font: &excelize.Font{Color: "595959"}})
	r.styles.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF6"}},
		Border: []excelize.Border{{Type: "bottom", Color: "1F4E8C", Style: 1}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	r.styles.text = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	dateFmt := "yyyy-mm-dd"
	r.styles.date = mk(&excelize.Style{CustomNumFmt: &dateFmt})
	r.styles.integer = mk(&excelize.Style{NumFmt: 1})
	rateFmt, percentFmt := "0.000000", "0.0%"
	r.styles.rate = mk(&excelize.Style{CustomNumFmt: &rateFmt})
	r.styles.percent = mk(&excelize.Style{CustomNumFmt: &percentFmt})
	r.styles.money = map[int]int{}
	for _, d := range []int{0, 2, 3, 4} {
		f := "#,##0"
		if d > 0 {
			f += "." + strings.Repeat("0", d)
		}
		f = f + ";[Red]-" + f
		r.styles.money[d] = mk(&excelize.Style{CustomNumFmt: &f})
	}
	return err
}

// add writes one data row; values line up with the columns.
func (r *register) add(values ...any) error {
	r.row++
	cells := make([]any, len(values))
	for i, v := range values {
		cells[i] = r.cell(r.cols[i].Kind, v)
	}
	return r.sw.SetRow(fmt.Sprintf("A%d", r.row), cells)
}

func (r *register) cell(kind colKind, v any) any {
	switch kind {
	case colDate:
		t, ok := v.(time.Time)
		if !ok || t.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: r.styles.date, Value: t}
	case colMoney:
		m, ok := v.(moneyCell)
		if !ok || m.Currency == "" {
			return nil
		}
		d, ok := money.Digits(m.Currency)
		if !ok {
			d = 2
		}
		style, ok := r.styles.money[d]
		if !ok {
			style = r.styles.money[2]
		}
		// float64 only here, at the edge where the number is handed to the spreadsheet.
		return excelize.Cell{StyleID: style, Value: float64(m.Amount) / math.Pow10(d)}
	case colInt:
		return excelize.Cell{StyleID: r.styles.integer, Value: v}
	case colRate:
		micros, ok := v.(int64)
		if !ok || micros == 0 {
			return nil
		}
		// float64 at the edge: a rate of six decimals is exact enough in a double.
		return excelize.Cell{StyleID: r.styles.rate, Value: float64(micros) / 1e6}
	case colPercent:
		bp, ok := v.(*int64)
		if !ok || bp == nil {
			return nil
		}
		return excelize.Cell{StyleID: r.styles.percent, Value: float64(*bp) / 10000}
	}
	s, _ := v.(string)
	return excelize.Cell{StyleID: r.styles.text, Value: safeText(s)}
}

// addTotals writes a totals row under the data: label in the first column, and in each
// money column named in sums (by its header) a SUM formula over the data with its cached
// value, so the file shows the right total before any recalculation and stays right
// after edits.
func (r *register) addTotals(label string, sums map[string]moneyCell) error {
	r.last = r.row
	r.row++
	cells := make([]any, len(r.cols))
	cells[0] = excelize.Cell{StyleID: r.styles.header, Value: label}
	for header, m := range sums {
		i := slices.IndexFunc(r.cols, func(c column) bool { return c.Header == header })
		if i < 0 {
			return fmt.Errorf("reports: no column %q to total", header)
		}
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		cell, _ := r.cell(colMoney, m).(excelize.Cell)
		cell.Formula = fmt.Sprintf("SUM(%s%d:%s%d)", col, r.first+1, col, r.last)
		cells[i] = cell
	}
	return r.sw.SetRow(fmt.Sprintf("A%d", r.row), cells)
}

// finish adds an autofilter table over the rows, flushes, and writes the file to w.
// excelize's Write builds the whole archive in a bytes.Buffer before copying it out (all
// spend of a large book: tens of MB, grown by doubling); with a zip writer of our own on w
// the archive goes straight to w, and the buffer excelize hands the zip writer stays
// empty. (Its ZIP64 fix-up of that buffer only applies to parts over 4 GiB.)
func (r *register) finish(w io.Writer) error {
	if r.last == 0 {
		r.last = r.row
	}
	if r.last > r.first {
		last, err := excelize.CoordinatesToCellName(len(r.cols), r.last)
		if err != nil {
			return err
		}
		if err := r.sw.AddTable(&excelize.Table{Range: fmt.Sprintf("A%d:%s", r.first, last), StyleName: "TableStyleLight1", ShowRowStripes: boolPtr(true)}); err != nil {
			return err
		}
	}
	if err := r.sw.Flush(); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	// Deflate's fastest level: the default level spent about a third of a large export's
	// time compressing (all spend of the large demo: 16 s against 9 s), for a file about
	// a third smaller.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	r.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	return r.f.Write(io.Discard)
}

// close removes the register's temporary files; it may be called more than once.
func (r *register) close() error { return r.f.Close() }

func boolPtr(b bool) *bool { return &b }

// safeText keeps user text from being taken for a formula: a value starting with =, +,
// -, @, tab or carriage return gets a leading apostrophe, so no spreadsheet runs it (and a
// CSV made from the sheet stays harmless too).
func safeText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
