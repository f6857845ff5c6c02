package reports

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"
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

// register is a workbook of one table sheet: a title block (title, generated at and by,
// the filter), a frozen header row, and rows. Rows stream, so a register of 20,000
// contracts does not hold a DOM of every cell in memory. Every register must be closed,
// whatever happened, so that the temporary file goes too.
type register struct {
	*sheet
	wb *workbook
	f  *excelize.File
}

func newRegister(name string, meta Meta, cols []column) (_ *register, err error) {
	wb, err := newWorkbook(meta)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			wb.close()
		}
	}()
	title := meta.Title
	if meta.OrgName != "" {
		title = meta.OrgName + " · " + meta.Title
	}
	filter := meta.Filter
	if filter == "" {
		filter = "all records"
	}
	s, err := wb.addSheet(sheetSpec{name: name, cols: cols, head: []string{
		title,
		"Generated " + meta.GeneratedAt.UTC().Format("2006-01-02 15:04") + " UTC by " + meta.GeneratedBy,
		"Filter: " + filter,
	}})
	if err != nil {
		return nil, err
	}
	return &register{sheet: s, wb: wb, f: wb.f}, nil
}

// finish adds the table over the rows, flushes, and writes the file to w.
func (r *register) finish(w io.Writer) error { return r.wb.finish(w) }

// close removes the register's temporary files; it may be called more than once.
func (r *register) close() error { return r.wb.close() }
