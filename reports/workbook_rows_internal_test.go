package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// rowCases are cells of every kind the sheets write and the odd ones SetRow takes:
// text that needs escaping, spaces kept, _xHHHH_ literals, text too long for a cell,
// numbers at the edges of Excel's precision, dates before, in and after the 1900 date
// system's quirks and in another zone, formulas with each kind of result.
func rowCases() [][]any {
	berlin := time.FixedZone("CET", 3600)
	return [][]any{
		{excelize.Cell{StyleID: 3, Value: "Amazon Web Services"}, nil, excelize.Cell{StyleID: 4, Value: int64(1234567)},
			excelize.Cell{StyleID: 5, Value: 1234.56}, excelize.Cell{StyleID: 6, Value: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}},
		{excelize.Cell{Value: `R&D <"tools"> 'n' more`}, excelize.Cell{Value: " leading"}, excelize.Cell{Value: "trailing\t"},
			excelize.Cell{Value: "two\nlines\r\nhere"}, excelize.Cell{Value: "Zürich · naïve — 東京 🎉"}, excelize.Cell{Value: "bad\x01byte\uFFFE"}},
		{excelize.Cell{Value: "_x0041_ and _x005F_x0041_ and _x005F_ and _xZZZZ_"}, excelize.Cell{Value: strings.Repeat("é", 40000)},
			excelize.Cell{Value: strings.Repeat("a", 32766) + "🎉"}, excelize.Cell{Value: ""}, excelize.Cell{StyleID: 2, Value: nil}},
		{excelize.Cell{Value: 0.1 + 0.2}, excelize.Cell{Value: 1e20}, excelize.Cell{Value: -3.5}, excelize.Cell{Value: 123456789.123456789},
			excelize.Cell{Value: math.NaN()}, excelize.Cell{Value: math.Inf(-1)}, excelize.Cell{Value: float32(1.1)}, excelize.Cell{Value: 0.0}},
		{excelize.Cell{Value: 7}, excelize.Cell{Value: int32(-8)}, excelize.Cell{Value: uint64(math.MaxUint64)}, excelize.Cell{Value: int64(math.MinInt64)},
			excelize.Cell{Value: true}, excelize.Cell{Value: false}, excelize.Cell{Value: []byte("bytes")}, excelize.Cell{Value: struct{ A int }{3}}},
		{excelize.Cell{StyleID: 6, Value: time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)}, excelize.Cell{StyleID: 6, Value: time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC)},
			excelize.Cell{StyleID: 6, Value: time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)}, excelize.Cell{StyleID: 6, Value: time.Date(2026, 11, 2, 15, 4, 5, 0, berlin)},
			excelize.Cell{StyleID: 6, Value: time.Date(2300, 1, 1, 12, 0, 0, 0, time.UTC)}, excelize.Cell{Value: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{excelize.Cell{StyleID: 7, Value: 99.5, Formula: `SUM(A1:A9)`}, excelize.Cell{Value: "text", Formula: `IF(A1>0,"a&b"," ")`},
			excelize.Cell{Value: " spaced ", Formula: "A1"}, excelize.Cell{Formula: "B2"}, excelize.Cell{Value: int64(3), Formula: "C3"}},
		{&excelize.Cell{StyleID: 3, Value: "by pointer"}, (*excelize.Cell)(nil), "bare text", int64(42), nil},
	}
}

// The rows kept aside are the very XML excelize's StreamWriter writes for the same
// cells, so a sheet reads back the same whichever wrote its rows.
func TestRowFileWritesWhatTheStreamWriterWrites(t *testing.T) {
	cases := rowCases()

	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, cells := range cases {
		if err := sw.SetRow(cellName(1, i+1), cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := f.Write(&file); err != nil {
		t.Fatal(err)
	}
	want := sheetData(t, file.Bytes(), "xl/worksheets/sheet1.xml")

	g := excelize.NewFile()
	defer g.Close()
	r, err := newRowFile(g)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	for i, cells := range cases {
		if err := r.row(i+1, cells); err != nil {
			t.Fatal(err)
		}
	}
	var got bytes.Buffer
	if err := r.copyTo(&got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want {
		g, w := got.String(), want
		for i := 0; i < len(g) && i < len(w); i++ {
			if g[i] != w[i] {
				lo := max(0, i-80)
				t.Fatalf("rows differ at byte %d:\n got %q\nwant %q", i, g[lo:min(len(g), i+80)], w[lo:min(len(w), i+80)])
			}
		}
		t.Fatalf("rows differ in length: got %d bytes, want %d", len(g), len(w))
	}
	// The date without a style got excelize's date format, as SetRow gives it.
	if r.dateStyle == 0 {
		t.Error("a date without a style got none")
	}
}

// sheetData is what a worksheet part of an archive holds between <sheetData> and
// </sheetData>.
func sheetData(t *testing.T, file []byte, part string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != part {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		i, j := strings.Index(s, "<sheetData>"), strings.Index(s, "</sheetData>")
		if i < 0 || j < i {
			t.Fatalf("%s has no sheetData", part)
		}
		return s[i+len("<sheetData>") : j]
	}
	t.Fatalf("no part %s", part)
	return ""
}
