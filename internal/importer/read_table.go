package importer

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// cellReader turns a trimmed, non-empty cell of a column into the text a row holds.
type cellReader func(col *Column, v string) string

// tableBuilder collects the data rows below a header row. CSV and xlsx share it, so a
// file reads the same whichever way it was saved.
type tableBuilder struct {
	spec     *Spec
	lim      Limits
	where    string // " of sheet Data", "" for CSV
	read     cellReader
	fileCols []int
	table    *Table
}

// newTableBuilder checks the header row and starts the table.
func newTableBuilder(spec *Spec, lim Limits, sheet string, hdr *headerCandidate, read cellReader) (*tableBuilder, error) {
	b := &tableBuilder{spec: spec, lim: lim, read: read, fileCols: hdr.match.fileCols,
		table: &Table{Sheet: sheet, HeaderRow: hdr.line, Columns: map[string]string{}}}
	if sheet != "" {
		b.where = " of sheet “" + clip(sheet) + "”"
	}
	last := -1
	for i, fc := range b.fileCols {
		if fc != blankColumn {
			last = i
		}
	}
	if last+1 > lim.MaxColumns {
		return nil, invalid("The header row (row %d%s) has %d columns; Outlay reads at most %d. Delete the columns it does not need.", hdr.line, b.where, last+1, lim.MaxColumns)
	}
	b.fileCols = b.fileCols[:last+1]
	firstByName := map[string]string{}
	for i, fc := range b.fileCols {
		if fc == blankColumn {
			continue
		}
		h := strings.TrimSpace(hdr.cells[i])
		k := NormalizeHeader(h)
		if fc >= 0 {
			// Two headers may be the same column under different names (a header and
			// its alias): that is a duplicate too.
			k = "\x00" + spec.Columns[fc].Header
		}
		if prev, dup := firstByName[k]; dup {
			return nil, invalid("The header row (row %d%s) has the column %s twice (%s and %s). Keep one of them and upload the file again.", hdr.line, b.where, quoteHeader(h), quoteHeader(prev), quoteHeader(h))
		}
		firstByName[k] = h
		b.table.Headers = append(b.table.Headers, h)
		if fc >= 0 {
			b.table.Columns[spec.Columns[fc].Header] = h
		} else {
			b.table.Unknown = append(b.table.Unknown, h)
		}
	}
	return b, nil
}

// add reads one sheet row below the header; blank rows are skipped and not counted.
func (b *tableBuilder) add(line int, cells []string) error {
	if err := checkCells(b.lim, line, b.where, cells, b.headerOf); err != nil {
		return err
	}
	blank := true
	for i, c := range cells {
		if c == "" || strings.TrimSpace(c) == "" {
			continue
		}
		if i >= len(b.fileCols) || b.fileCols[i] == blankColumn {
			return invalid("Row %d%s has a value in column %s, which has no header. Give the column a header or delete what is in it, then upload the file again.", line, b.where, excelColumn(i))
		}
		blank = false
	}
	if blank {
		return nil
	}
	if len(b.table.Rows) == b.lim.MaxRows {
		return invalid("The file has more than %s data rows; Outlay imports at most %s at a time. Split it into smaller files.", thousands(b.lim.MaxRows), thousands(b.lim.MaxRows))
	}
	values := make(map[string]string, len(b.table.Columns))
	for i, fc := range b.fileCols {
		if fc < 0 {
			continue
		}
		col := &b.spec.Columns[fc]
		v := ""
		if i < len(cells) {
			v = strings.TrimSpace(cells[i])
		}
		if v != "" {
			v = b.read(col, v)
		}
		values[col.Header] = v
	}
	b.table.Rows = append(b.table.Rows, Row{Line: line, Values: values})
	return nil
}

// done returns the table, or an error when no data row is below the header row.
func (b *tableBuilder) done() (*Table, error) {
	if len(b.table.Rows) == 0 {
		return nil, invalid("The header row (row %d%s) has no data rows below it. Add the rows to import below the header row and upload the file again.", b.table.HeaderRow, b.where)
	}
	return b.table, nil
}

// headerOf names file column i for a message, "D (Notes)".
func (b *tableBuilder) headerOf(i int) string {
	name := excelColumn(i)
	if i < len(b.fileCols) && b.fileCols[i] != blankColumn {
		for j, k := 0, 0; j <= i; j++ {
			if b.fileCols[j] == blankColumn {
				continue
			}
			if j == i {
				return name + " (" + clip(b.table.Headers[k]) + ")"
			}
			k++
		}
	}
	return name
}

// checkCells refuses a row with a cell longer than a cell may be. The length in bytes
// bounds the length in characters, so most cells are never counted.
func checkCells(lim Limits, line int, where string, cells []string, colName func(int) string) error {
	for i, c := range cells {
		if len(c) <= lim.MaxCellChars {
			continue
		}
		if n := utf8.RuneCountInString(c); n > lim.MaxCellChars {
			return invalid("Row %d%s, column %s holds %s characters; a cell may hold at most %s. Shorten it and upload the file again.", line, where, colName(i), thousands(n), thousands(lim.MaxCellChars))
		}
	}
	return nil
}

// excelColumn is a 0-based column index as a spreadsheet shows it: 0 → A, 27 → AB.
func excelColumn(i int) string {
	name, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return thousands(i + 1)
	}
	return name
}

func quoteHeader(h string) string { return "“" + clip(h) + "”" }

// thousands writes n with comma separators, as messages show counts.
func thousands(n int) string {
	s := strings.TrimPrefix(strconv.Itoa(n), "-")
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
