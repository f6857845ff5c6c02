// Package importer brings spreadsheets into Outlay: it reads .xlsx and .csv files into
// tables of text (read*.go), matches their headers to a kind's columns whatever their
// case, spacing and order (header.go), checks every row with the field rules the forms
// use and writes the records through the domain's unit of work, all in one
// transaction or nothing (kind_*.go, import.go). A preview is the same run, rolled back.
// It writes each kind's template workbook too (template.go).
package importer

import "outlay/internal/outlay"

// Column is one column a kind's file may have. Its Header is the one the list export
// writes and the template has, so an exported file comes back in as it went out.
type Column struct {
	Header string
	// Field is the JSON name of the input struct's field the column fills ("name",
	// "first_term.price"), so a field rule's message is reported under the column.
	Field string
	// Type says how a workbook cell is read into text: dates from date serials,
	// numbers without float noise.
	Type ColumnType
	// Aliases are other headers taken for this column ("Invoice number" for "Invoice").
	Aliases []string
	// Required columns must be in the header row; a row may still leave a cell blank
	// where the kind's rules allow.
	Required bool
	// Choices are the values the column takes (a drop-down list in the template), nil
	// for free text.
	Choices []string
	// Derived columns are ones the export writes but Outlay computes (an ID, a status, a
	// total): accepted in the header and ignored.
	Derived bool
	// Example is the template's example value.
	Example string
}

// ColumnType is how a column's cells are read.
type ColumnType int

// Column types: text as typed, a date (a date cell, or text as typed), a number (an
// amount, a count, a rate or a percentage).
const (
	TextColumn ColumnType = iota
	DateColumn
	NumberColumn
)

// Spec is what a kind's file looks like.
type Spec struct {
	Kind outlay.ImportKind
	// Sheet is the sheet the export and the template write; a workbook whose first sheet
	// has another name is read from its sheet of this name when there is one.
	Sheet   string
	Columns []Column
}

// Table is a file read against a spec: its rows as text, by the spec's headers.
type Table struct {
	Sheet     string // "" for CSV
	HeaderRow int    // 1-based
	// Headers are the file's headers, in file order, as written.
	Headers []string
	// Columns maps each spec header found to the file header it was matched from.
	Columns map[string]string
	// Unknown are the file headers that match no column.
	Unknown []string
	Rows    []Row
	// Notice tells the person something about how the file was read that they should
	// check, "" when there is nothing to say: a CSV that was not UTF-8 and was read as
	// Windows-1252.
	Notice string
}

// Row is one data row: its number in the sheet and its cells by the spec's headers,
// as text a person would type: dates as YYYY-MM-DD, numbers as plain decimals without
// thousands separators or float noise, surrounding spaces trimmed. Blank rows are not
// rows. Values holds every spec column the file has (derived ones too), "" for a blank
// cell; a column the file lacks is not in it.
type Row struct {
	Line   int
	Values map[string]string
}
