package importer

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"outlay/internal/outlay"
)

// kindRunners check and write each kind's rows.
var kindRunners = map[outlay.ImportKind]func(*batch) error{
	outlay.ImportVendors:     runVendors,
	outlay.ImportContracts:   runContracts,
	outlay.ImportLicences:    runLicences,
	outlay.ImportBudgetLines: runBudgetLines,
	outlay.ImportSpend:       runSpend,
}

// batch is one import's run inside its transaction: the table, the problems found so far
// and what was looked up, so each vendor, budget line and contract a file names is read
// once however many rows name it.
type batch struct {
	ctx     context.Context
	tx      outlay.Tx
	im      *Importer
	spec    *Spec
	t       *Table
	res     *outlay.ImportResult
	st      outlay.Settings
	byField map[string]string // input field -> spec header

	vendors   map[string]*outlay.Vendor // by name in lower case; nil: there is none
	lines     map[lineKey]int64         // 0: there is none
	contracts map[contractKey]int64     // 0: there is none
	checked   int
}

type lineKey struct {
	fy   int
	code string
}

type contractKey struct {
	vendor int64
	ref    string
}

func newBatch(ctx context.Context, tx outlay.Tx, im *Importer, spec *Spec, t *Table, res *outlay.ImportResult) (*batch, error) {
	st, err := tx.GetSettings(ctx)
	if err != nil {
		return nil, err
	}
	b := &batch{ctx: ctx, tx: tx, im: im, spec: spec, t: t, res: res, st: st, byField: map[string]string{},
		vendors: map[string]*outlay.Vendor{}, lines: map[lineKey]int64{}, contracts: map[contractKey]int64{}}
	for _, c := range spec.Columns {
		if c.Field != "" && !c.Derived {
			b.byField[c.Field] = c.Header
		}
	}
	return b, nil
}

// get is a row's cell under a spec header, as typed. The exports guard text that starts
// like a formula with a leading apostrophe; it is not part of the value.
func (b *batch) get(r Row, header string) string {
	v := r.Values[header]
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}

// field is the cell of the column that fills an input field.
func (b *batch) field(r Row, field string) string { return b.get(r, b.byField[field]) }

// column is a spec header as the file writes it, for a problem's Column.
func (b *batch) column(header string) string {
	if h, ok := b.t.Columns[header]; ok {
		return h
	}
	return header
}

// problem records one thing wrong at a row, under a spec header ("" for the whole row).
func (b *batch) problem(row int, header, msg string) {
	col := ""
	if header != "" {
		col = b.column(header)
	}
	b.res.Problems = append(b.res.Problems, outlay.ImportProblem{Row: row, Column: col, Message: msg})
}

// fieldProblems reports failed field rules at their columns: an input field's column
// from the spec, or from rename for fields the kind fills from several columns or none.
func (b *batch) fieldProblems(row int, bad map[string]string, rename map[string]string) {
	keys := make([]string, 0, len(bad))
	for k := range bad {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "existing_id" {
			continue // the duplicate's own message names it
		}
		header, ok := rename[k]
		if !ok {
			header, ok = b.byField[k]
		}
		msg := bad[k]
		if !ok {
			msg = strings.ReplaceAll(k, "_", " ") + ": " + msg
		}
		b.problem(row, header, msg)
	}
}

// stored reports what a create refused (a field rule, a duplicate, a missing
// reference) as the row's problems; any other error stops the import.
func (b *batch) stored(row int, err error, rename map[string]string) error {
	switch outlay.ErrorCode(err) {
	case "":
		return nil
	case outlay.EINVALID, outlay.ECONFLICT, outlay.ENOTFOUND:
		if fields := outlay.ErrorFields(err); len(fields) > 0 {
			b.fieldProblems(row, fields, rename)
		} else {
			b.problem(row, "", outlay.ErrorMessage(err))
		}
		return nil
	}
	return err
}

// created records a record made from the rows starting at row.
func (b *batch) created(row int, id int64, label, path string) {
	b.res.Created = append(b.res.Created, outlay.ImportRecord{Row: row, ID: id, Label: label, Path: path + strconv.FormatInt(id, 10)})
}

// tick counts checked rows and tells the progress every 500.
func (b *batch) tick(rows int) {
	before := b.checked / 500
	b.checked += rows
	if b.checked/500 != before {
		b.im.progress(b.checked, len(b.t.Rows))
	}
}

// vendor finds the vendor a row names, reporting at header when there is none.
func (b *batch) vendor(row int, header, name string) *outlay.Vendor {
	if name == "" {
		b.problem(row, header, "required")
		return nil
	}
	key := strings.ToLower(name)
	v, seen := b.vendors[key]
	if !seen {
		found, err := b.tx.FindVendorByName(b.ctx, name)
		if err == nil {
			v = found
		}
		b.vendors[key] = v
	}
	if v == nil {
		b.problem(row, header, "no vendor is named “"+name+"”: import or add the vendor first")
	}
	return v
}

// line is the id of a fiscal year's budget line with a code, 0 when there is none.
func (b *batch) line(fy int, code string) (int64, error) {
	k := lineKey{fy, strings.ToUpper(code)}
	if id, ok := b.lines[k]; ok {
		return id, nil
	}
	l, err := b.tx.FindBudgetLineByCode(b.ctx, fy, k.code)
	var id int64
	switch {
	case err == nil:
		id = l.ID
	case outlay.ErrorCode(err) != outlay.ENOTFOUND:
		return 0, err
	}
	b.lines[k] = id
	return id, nil
}

// contract is the id of the vendor's contract with a reference or title, 0 when there
// is none.
func (b *batch) contract(vendorID int64, ref string) (int64, error) {
	k := contractKey{vendorID, strings.ToLower(ref)}
	if id, ok := b.contracts[k]; ok {
		return id, nil
	}
	c, err := b.tx.FindContractByReference(b.ctx, vendorID, ref)
	var id int64
	switch {
	case err == nil:
		id = c.ID
	case outlay.ErrorCode(err) != outlay.ENOTFOUND:
		return 0, err
	}
	b.contracts[k] = id
	return id, nil
}

// currency is a row's currency code, the base currency when the cell is blank.
func (b *batch) currency(v string) string {
	if v = strings.ToUpper(strings.TrimSpace(v)); v == "" {
		return b.st.BaseCurrency
	}
	return v
}

// isTotals tells the totals row an export writes under its data ("Total" in the first
// column, the identifying cells blank) from a record.
func isTotals(r Row, first string, blank ...string) bool {
	if !strings.EqualFold(strings.TrimSpace(r.Values[first]), "total") {
		return false
	}
	for _, h := range blank {
		if r.Values[h] != "" {
			return false
		}
	}
	return true
}

func itoa(n int) string { return strconv.Itoa(n) }
