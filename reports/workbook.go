package reports

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// workbook is one file to which a report adds as many sheets as it needs, one after
// another: its styles are made once for all of them, every sheet of rows streams through
// excelize's StreamWriter (past 16 MB of a sheet excelize keeps it in a temporary file),
// and finish streams the archive to its writer. Every workbook must be closed, whatever
// happened, so that the temporary files go too.
type workbook struct {
	f      *excelize.File
	styles styles
	sheets int
	open   *sheet // the sheet being written: ended before the next one starts
	// rows are the sheets' data rows kept aside (rowFile), by worksheet part name.
	rows map[string]*rowFile
}

// sheetSpec is what a sheet is before its rows: its name, the lines of its title block
// (the first is its title), its columns (none for a sheet of free rows), and what must be
// set on the worksheet before the stream writer opens it (conditional formats, charts):
// the stream writer reads the worksheet once, when it opens, and writes those parts out
// when it is flushed.
type sheetSpec struct {
	name    string
	head    []string
	cols    []column
	widths  []float64 // of a sheet without columns
	prepare func(f *excelize.File, sheet string) error
}

// sheet writes one worksheet's rows: the title block, then a frozen header row and rows
// that finish as an Excel table with filters, or free rows (put) for a sheet that is not
// a table.
type sheet struct {
	wb    *workbook
	name  string
	sw    *excelize.StreamWriter
	cols  []column
	row   int // the last row written
	first int // the header row, 0 without columns
	last  int // the last data row: a totals row below it stays out of the table
	done  bool
	// buf and ptrs are add's row, reused from row to row: SetRow is done with its
	// values when it returns, and a pointer in an interface costs no allocation, where
	// a Cell would cost one for each cell of a large sheet.
	buf  []excelize.Cell
	ptrs []any
	// rows takes the rows from the first data row on (add), those after it too, so
	// that they stay in order; nil until then.
	rows *rowFile
	part string // the worksheet's part name in the archive
}

func newWorkbook(meta Meta) (_ *workbook, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:   meta.Title,
		Creator: "Outlay",
		Created: meta.GeneratedAt.UTC().Format(time.RFC3339),
	}); err != nil {
		return nil, err
	}
	wb := &workbook{f: f, rows: map[string]*rowFile{}}
	if wb.styles, err = makeStyles(f); err != nil {
		return nil, err
	}
	return wb, nil
}

// headerRow is where a sheet's header goes: under its title block and one empty row.
func (s sheetSpec) headerRow() int { return len(s.head) + 2 }

// addSheet ends the sheet being written and starts the next one. Every sheet prints
// landscape, fitted to the page's width; a sheet of columns repeats its header row on
// every printed page and keeps it in view on screen.
func (wb *workbook) addSheet(spec sheetSpec) (*sheet, error) {
	if err := wb.endSheet(); err != nil {
		return nil, err
	}
	f, name := wb.f, spec.name
	if wb.sheets == 0 {
		if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
			return nil, err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return nil, err
	}
	wb.sheets++
	// One page wide, as many pages tall as the rows need.
	landscape, wide, tall := "landscape", 1, 0
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return nil, err
	}
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)}); err != nil {
		return nil, err
	}
	header := spec.headerRow()
	if len(spec.cols) > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(name), header, header), Scope: name}); err != nil {
			return nil, err
		}
	}
	if spec.prepare != nil {
		if err := spec.prepare(f, name); err != nil {
			return nil, err
		}
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	part, err := sheetPart(f, name)
	if err != nil {
		return nil, err
	}
	s := &sheet{wb: wb, name: name, sw: sw, cols: spec.cols, part: part}
	wb.open = s
	widths := spec.widths
	for _, c := range spec.cols {
		widths = append(widths, c.Width)
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if len(spec.cols) > 0 {
		// Freeze everything above the first data row so the headers stay in view.
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: header, TopLeftCell: fmt.Sprintf("A%d", header+1), ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
	}
	for i, line := range spec.head {
		style := wb.styles.note
		if i == 0 {
			style = wb.styles.title
		}
		if err := s.put(wb.styles.textCell(style, line)); err != nil {
			return nil, err
		}
	}
	if len(spec.cols) == 0 {
		return s, nil
	}
	s.row = header - 1
	cells := make([]any, len(spec.cols))
	for i, c := range spec.cols {
		cells[i] = excelize.Cell{StyleID: wb.styles.header, Value: c.Header}
	}
	// Headers wrap in their columns; the row is as tall as the longest needs, since
	// Excel does not grow a row it is handed.
	lines := 1
	for _, c := range spec.cols {
		lines = max(lines, wrappedLines(c.Header, c.Width))
	}
	s.row++
	if err := sw.SetRow(cellName(1, s.row), cells, excelize.RowOpts{Height: 15 * float64(lines)}); err != nil {
		return nil, err
	}
	s.first = header
	return s, nil
}

// endSheet finishes the sheet being written, if any.
func (wb *workbook) endSheet() error {
	if wb.open == nil {
		return nil
	}
	s := wb.open
	wb.open = nil
	return s.end()
}

// finish ends the last sheet and writes the file to w. excelize's Write builds the whole
// archive in a bytes.Buffer before copying it out (all spend of a large book: tens of MB,
// grown by doubling); with a zip writer of our own on w the archive goes straight to w,
// and the buffer excelize hands the zip writer stays empty. (Its ZIP64 fix-up of that
// buffer only applies to parts over 4 GiB.)
func (wb *workbook) finish(w io.Writer) error {
	if err := wb.endSheet(); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	// The rows kept aside go into their worksheets as the archive is written.
	sz := &spliceZip{zw: zw, rows: wb.rows}
	// Deflate's fastest level: the default level spent about a third of a large export's
	// time compressing (all spend of the large demo: 16 s against 9 s), for a file about
	// a third smaller.
	// One compressor for every part in turn, each reset for the next: a flate writer
	// is about a megabyte of tables, and a workbook has dozens of parts.
	var free []*flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if n := len(free); n > 0 {
			fw := free[n-1]
			free = free[:n-1]
			fw.Reset(out)
			return &pooledFlate{fw, &free}, nil
		}
		fw, err := flate.NewWriter(out, flate.BestSpeed)
		return &pooledFlate{fw, &free}, err
	})
	wb.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return sz })
	return wb.f.Write(io.Discard)
}

// pooledFlate is a part's compressor: closing it ends the part's stream and frees the
// writer for the next part.
type pooledFlate struct {
	*flate.Writer
	free *[]*flate.Writer
}

func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	*p.free = append(*p.free, p.Writer)
	return err
}

// close removes the workbook's temporary files; it may be called more than once.
func (wb *workbook) close() error {
	for _, r := range wb.rows {
		r.close()
	}
	return wb.f.Close()
}

// sheetPart is the name of sheet's worksheet part in the archive: excelize names a new
// file's worksheets by their sheet ids.
func sheetPart(f *excelize.File, sheet string) (string, error) {
	for id, name := range f.GetSheetMap() {
		if name == sheet {
			return fmt.Sprintf("xl/worksheets/sheet%d.xml", id), nil
		}
	}
	return "", fmt.Errorf("reports: no sheet %q", sheet)
}

// put writes one row of ready cells (excelize.Cell values or nil) under the last.
func (s *sheet) put(cells ...any) error {
	s.row++
	if s.rows != nil {
		return s.rows.row(s.row, cells)
	}
	return s.sw.SetRow(cellName(1, s.row), cells)
}

// keepRows sends the rows from here on to a rowFile of the sheet's own.
func (s *sheet) keepRows() error {
	if s.rows != nil {
		return nil
	}
	r, err := newRowFile(s.wb.f)
	if err != nil {
		return err
	}
	s.rows = r
	s.wb.rows[s.part] = r
	return nil
}

// skip leaves n empty rows.
func (s *sheet) skip(n int) { s.row += n }

// add writes one data row; values line up with the columns and are written as their
// kinds say.
func (s *sheet) add(values ...any) error {
	if err := s.keepRows(); err != nil {
		return err
	}
	if len(s.buf) < len(values) {
		s.buf, s.ptrs = make([]excelize.Cell, len(values)), make([]any, len(values))
	}
	for i, v := range values {
		s.ptrs[i] = nil
		if s.wb.styles.fill(&s.buf[i], s.cols[i].Kind, v) {
			s.ptrs[i] = &s.buf[i]
		}
	}
	return s.put(s.ptrs[:len(values)]...)
}

// cell is a value as a cell of its kind.
func (s *sheet) cell(kind colKind, v any) any { return s.wb.styles.cell(kind, v) }

// col is the letter of the column with this header; addressing columns by header keeps
// formulas right when columns are added or moved.
func (s *sheet) col(header string) (string, error) { return columnLetter(s.cols, header) }

// addTotals writes a totals row under the data: label in the first column, and in each
// money column named in sums (by its header) a SUM formula over the data with its cached
// value, so the file shows the right total before any recalculation and stays right
// after edits.
func (s *sheet) addTotals(label string, sums map[string]moneyCell) error {
	s.last = s.row
	cells := make([]any, len(s.cols))
	cells[0] = excelize.Cell{StyleID: s.wb.styles.header, Value: label}
	for header, m := range sums {
		col, err := s.col(header)
		if err != nil {
			return err
		}
		i := columnIndex(s.cols, header)
		cell, _ := s.cell(colMoney, m).(excelize.Cell)
		cell.Formula = fmt.Sprintf("SUM(%s%d:%s%d)", col, s.first+1, col, s.last)
		cells[i] = cell
	}
	return s.put(cells...)
}

// end adds an autofilter table over the header and data rows and flushes the sheet.
func (s *sheet) end() error {
	if s.done {
		return nil
	}
	s.done = true
	if s.last == 0 {
		s.last = s.row
	}
	// A table needs a data row besides its header.
	if s.first > 0 && s.last > s.first {
		if err := s.sw.AddTable(&excelize.Table{Range: cellName(1, s.first) + ":" + cellName(len(s.cols), s.last),
			Name: tableName(s.name), StyleName: "TableStyleLight1", ShowRowStripes: boolPtr(true)}); err != nil {
			return err
		}
	}
	return s.sw.Flush()
}

// wrappedLines is how many lines text takes wrapped at word breaks in a column of width
// characters, its bold header font a little wider than the default.
func wrappedLines(text string, width float64) int {
	room := max(1, int(width*0.85))
	lines, used := 1, 0
	for _, w := range strings.Fields(text) {
		n := utf8.RuneCountInString(w)
		switch {
		case used == 0:
			used = n
		case used+1+n <= room:
			used += 1 + n
		default:
			lines++
			used = n
		}
		for used > room { // a word longer than the column breaks anywhere
			lines++
			used -= room
		}
	}
	return lines
}
