package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// spliced writes part through a spliceZip holding one row for it, the part's text
// given in writes of chunk bytes, and returns the archive's copy of the part.
func spliced(t *testing.T, part, text string, chunk int) (string, error) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	r, err := newRowFile(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	if err := r.row(2, []any{excelize.Cell{Value: "kept aside"}}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	z := &spliceZip{zw: zip.NewWriter(&out), rows: map[string]*rowFile{"xl/worksheets/sheet1.xml": r}}
	w, err := z.Create(part)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(text); i += chunk {
		if _, err := io.WriteString(w, text[i:min(len(text), i+chunk)]); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		return "", err
	}
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	return string(b), nil
}

// The rows kept aside land before </sheetData> however the part's writes split it; a
// part without one, or rows whose part never comes, fail the file.
func TestSpliceZip(t *testing.T) {
	const sheet = `<worksheet><sheetData><row r="1"></row></sheetData><tableParts/></worksheet>`
	want := `<worksheet><sheetData><row r="1"></row><row r="2"><c r="A2" t="inlineStr"><is><t>kept aside</t></is></c></row></sheetData><tableParts/></worksheet>`
	for _, chunk := range []int{1, 3, 7, 12, 40, len(sheet)} {
		got, err := spliced(t, "xl/worksheets/sheet1.xml", sheet, chunk)
		if err != nil || got != want {
			t.Errorf("in writes of %d bytes: %q, %v", chunk, got, err)
		}
	}
	if _, err := spliced(t, "xl/worksheets/sheet1.xml", `<worksheet><sheetData/></worksheet>`, 5); err == nil || !strings.Contains(err.Error(), "no </sheetData>") {
		t.Errorf("a part without </sheetData>: %v", err)
	}
	if _, err := spliced(t, "xl/worksheets/sheet2.xml", sheet, 5); err == nil || !strings.Contains(err.Error(), "sheet1.xml") {
		t.Errorf("rows whose part never came: %v", err)
	}
}
