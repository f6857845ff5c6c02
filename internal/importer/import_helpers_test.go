package importer

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// env is a real database with an importer over its unit of work.
type env struct {
	t   *testing.T
	db  *sqlite.DB
	im  *Importer
	ctx context.Context
}

func newEnv(t *testing.T) *env {
	t.Helper()
	d, err := sqlite.Open(filepath.Join(t.TempDir(), "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	d.Now = func() time.Time { return time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC) }
	t.Cleanup(func() { d.Close() })
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "ed@example.com", Role: outlay.RoleEditor, Active: true})
	return &env{t: t, db: d, im: New(d.Work(), Limits{}), ctx: ctx}
}

// table builds a table of spec's kind from rows of header -> value, numbered from row 6
// as under an export's title block.
func table(kind outlay.ImportKind, rows ...map[string]string) (*Spec, *Table) {
	spec, _ := SpecFor(kind)
	t := &Table{HeaderRow: 5, Columns: map[string]string{}}
	for _, c := range spec.Columns {
		t.Columns[c.Header] = c.Header
		t.Headers = append(t.Headers, c.Header)
	}
	for i, r := range rows {
		t.Rows = append(t.Rows, Row{Line: 6 + i, Values: r})
	}
	return spec, t
}

// run imports rows of kind as a file named kind.xlsx.
func (e *env) run(kind outlay.ImportKind, dryRun bool, rows ...map[string]string) *outlay.ImportResult {
	e.t.Helper()
	spec, t := table(kind, rows...)
	res, err := e.im.importTable(e.ctx, spec, string(kind)+".xlsx", t, dryRun)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

// count is the number of rows of a table.
func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.db.ReadDB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// counts are the rows of every table an import writes to.
func (e *env) counts() map[string]int {
	out := map[string]int{}
	for _, t := range []string{"vendors", "contracts", "contract_terms", "licences", "budget_lines", "spend_entries", "spend_allocations", "audit_log"} {
		out[t] = e.count(t)
	}
	return out
}

// problems is a result's problems as "row|column|message" for comparing.
func problems(res *outlay.ImportResult) []string {
	var out []string
	for _, p := range res.Problems {
		out = append(out, itoa(p.Row)+"|"+p.Column+"|"+p.Message)
	}
	return out
}

func (e *env) mustOK(res *outlay.ImportResult) {
	e.t.Helper()
	if !res.OK() {
		e.t.Fatalf("problems: %q", problems(res))
	}
}

// hasProblem fails unless res has a problem at row and column whose message contains
// part.
func hasProblem(t *testing.T, res *outlay.ImportResult, row int, column, part string) {
	t.Helper()
	for _, p := range res.Problems {
		if p.Row == row && p.Column == column && contains(p.Message, part) {
			return
		}
	}
	t.Errorf("no problem at row %d, %q containing %q; got %q", row, column, part, problems(res))
}

func contains(s, part string) bool { return strings.Contains(s, part) }

func mustDate(s string) time.Time {
	d, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
