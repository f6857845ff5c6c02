package importer

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

// The header row of every list export is the kind's spec, in order (the spend export's
// base-currency amounts carry the currency, which the header match drops).
func TestExportHeadersAreTheSpecs(t *testing.T) {
	e := newEnv(t)
	for _, kind := range outlay.ImportKinds {
		spec, ok := SpecFor(kind)
		if !ok {
			t.Fatalf("no spec for %s", kind)
		}
		f, err := excelize.OpenReader(bytes.NewReader(e.export(kind)))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(spec.Sheet)
		f.Close()
		if err != nil || len(rows) < 5 {
			t.Fatalf("%s: sheet %q: %v, %d rows", kind, spec.Sheet, err, len(rows))
		}
		var got, want []string
		for _, h := range rows[4] {
			got = append(got, NormalizeHeader(h))
		}
		for _, c := range spec.Columns {
			want = append(want, NormalizeHeader(c.Header))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: export header\n%q\nspec\n%q", kind, rows[4], want)
		}
	}
	if _, ok := SpecFor("furniture"); ok {
		t.Error("a spec for an unknown kind")
	}
}
