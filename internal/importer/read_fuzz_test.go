package importer

import (
	"bytes"
	"testing"

	"outlay/internal/outlay"
)

// fuzzLimits are small, so the fuzzer reaches them.
var fuzzLimits = Limits{MaxBytes: 1 << 16, MaxRows: 20, MaxColumns: 12, MaxCellChars: 200}

// checkFuzzRead holds every read to the reader's promises: an error is always EINVALID
// (a person's file is never a server error), and a table keeps to its limits.
func checkFuzzRead(t *testing.T, name string, data []byte) {
	tab, err := ReadTable(fileOf(name, data), testSpec(), fuzzLimits)
	if err != nil {
		if code := outlay.ErrorCode(err); code != outlay.EINVALID {
			t.Fatalf("error %v has code %s, want invalid", err, code)
		}
		return
	}
	if len(tab.Rows) == 0 || len(tab.Rows) > fuzzLimits.MaxRows {
		t.Fatalf("%d rows, limit %d", len(tab.Rows), fuzzLimits.MaxRows)
	}
	last := tab.HeaderRow
	for _, r := range tab.Rows {
		if r.Line <= last {
			t.Fatalf("row on line %d after line %d", r.Line, last)
		}
		last = r.Line
		for h, v := range r.Values {
			if _, ok := tab.Columns[h]; !ok {
				t.Fatalf("value under %q, a column the file does not have", h)
			}
			if len([]rune(v)) > fuzzLimits.MaxCellChars {
				t.Fatalf("a %d-character cell", len(v))
			}
		}
	}
}

func FuzzReadTableCSV(f *testing.F) {
	for _, s := range []string{
		"Date,Vendor,Amount\n2027-01-02,Acme,1\n",
		"Title\n\nDate;Vendor;Amount;Notes\n2027-01-02;\"A;\nB\";1,5;x\n",
		"\xEF\xBB\xBFdate\tvendor\tamount (EUR)\n2027-01-02\tA\t1\n",
		"\xFF\xFED\x00a\x00t\x00e\x00,\x00V\x00e\x00n\x00d\x00o\x00r\x00,\x00A\x00m\x00o\x00u\x00n\x00t\x00\n\x001\x00,\x002\x00,\x003\x00\n\x00",
		"Date,Vendor,Amount\n2027-01-02,Caf\xe9,1\n",
		"Date,Vendor,Amount,Invoice,Invoice number\n1,2,3,4,5\n",
		"Date,Vendor,Amount\n\"unclosed,1,2\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFuzzRead(t, "f.csv", data)
	})
}

func FuzzReadTableXLSX(f *testing.F) {
	var seed bytes.Buffer
	if err := WriteTemplate(&seed, testSpec()); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFuzzRead(t, "f.xlsx", data)
	})
}
