package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

// formats are the two kinds of file a person brings: each kind's tests run on both.
var formats = []string{"csv", "xlsx"}

// fileBytes writes a header row and rows as a CSV file or as a workbook whose first
// sheet is named like kind's export. In a workbook, cells of date columns that hold a
// real date are date cells and cells of number columns that hold a plain number are
// number cells, as a person's spreadsheet keeps them; everything else is text.
func fileBytes(t *testing.T, kind outlay.ImportKind, format string, headers []string, rows [][]string) []byte {
	t.Helper()
	if format == "csv" {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.Write(headers); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	spec, _ := SpecFor(kind)
	ix := newHeaderIndex(spec)
	return xlsxOf(t, func(f *excelize.File) {
		if err := f.SetSheetName("Sheet1", spec.Sheet); err != nil {
			t.Fatal(err)
		}
		all := [][]any{}
		head := make([]any, len(headers))
		for i, h := range headers {
			head[i] = h
		}
		all = append(all, head)
		for _, r := range rows {
			cells := make([]any, len(r))
			for j, v := range r {
				cells[j] = v
				col, ok := ix.byName[NormalizeHeader(headers[j])]
				if !ok || v == "" {
					continue
				}
				switch spec.Columns[col].Type {
				case DateColumn:
					if d, err := outlay.ParseDate(v); err == nil {
						cells[j] = d
					}
				case NumberColumn:
					if n, err := strconv.ParseFloat(v, 64); err == nil && strconv.FormatFloat(n, 'f', -1, 64) == v {
						cells[j] = n
					}
				}
			}
			all = append(all, cells)
		}
		setRows(t, f, spec.Sheet, all)
	})
}

// importRows imports a file of format made of headers and rows.
func (e *env) importRows(kind outlay.ImportKind, format string, dryRun bool, headers []string, rows [][]string) *outlay.ImportResult {
	e.t.Helper()
	data := fileBytes(e.t, kind, format, headers, rows)
	res, err := e.im.Import(e.ctx, kind, fileOf(string(kind)+"."+format, data), dryRun)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

// importErr imports a file that should not read as a table and returns the error.
func (e *env) importErr(kind outlay.ImportKind, format string, headers []string, rows [][]string) error {
	e.t.Helper()
	data := fileBytes(e.t, kind, format, headers, rows)
	res, err := e.im.Import(e.ctx, kind, fileOf(string(kind)+"."+format, data), true)
	if err == nil {
		e.t.Fatalf("%s %s imported with %q; want a file-level error", kind, format, problems(res))
	}
	return err
}

// vendorID is the id of the vendor with a name.
func (e *env) vendorID(name string) int64 {
	e.t.Helper()
	var id int64
	if err := e.db.ReadDB().QueryRow(`SELECT id FROM vendors WHERE name = ?`, name).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// wantAudited checks that a committed import wrote one audit entry per record it made
// (counted from before) and one of its own, naming the kind, the file and the records.
func (e *env) wantAudited(kind outlay.ImportKind, fileName string, res *outlay.ImportResult, before map[string]int) {
	e.t.Helper()
	if got := e.count("audit_log") - before["audit_log"]; got != len(res.Created)+1 {
		e.t.Errorf("%d audit entries for %d records, want one each and one for the import", got, len(res.Created))
	}
	var raw string
	if err := e.db.ReadDB().QueryRow(`SELECT after FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1`).Scan(&raw); err != nil {
		e.t.Fatal(err)
	}
	var summary struct {
		Kind, File    string
		Rows, Created int
		IDs           []int64
	}
	if err := json.Unmarshal([]byte(raw), &summary); err != nil {
		e.t.Fatal(err)
	}
	if summary.Kind != string(kind) || summary.File != fileName || summary.Rows != res.Rows || summary.Created != len(res.Created) ||
		len(summary.IDs) != len(res.Created) || len(res.Created) > 0 && summary.IDs[0] != res.Created[0].ID {
		e.t.Errorf("import audit entry %s", raw)
	}
}
