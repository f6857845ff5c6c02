package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

func TestNotASpreadsheet(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	xls := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 1024)...)
	copy(xls[600:], utf16Name("Workbook"))
	docx := zipOf(t, map[string]string{"word/document.xml": "<w:document/>", "[Content_Types].xml": "<Types/>"})
	ods := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office/>"})
	good := xlsxOf(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", [][]any{{"Date", "Vendor", "Amount"}, {"2027-01-01", "A", 1}})
	})
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"logo.xlsx", png, "The file is a PNG image, not a spreadsheet"},
		{"noise.xlsx", random, "not a spreadsheet Outlay can read"},
		{"old.xlsx", xls, "Excel 97-2003 workbook (.xls)"},
		{"empty.csv", nil, "The file is empty"},
		{"blank.csv", []byte(" \r\n\n"), "The file is empty"},
		{"letter.xlsx", docx, "zip archive but not an Excel workbook"},
		{"sheet.ods", ods, "OpenDocument spreadsheet (.ods)"},
		{"cut.xlsx", good[:len(good)/2], "damaged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadTable(fileOf(c.name, c.data), testSpec(), Limits{})
			wantInvalid(t, err, c.want)
		})
	}
}

func TestEncryptedWorkbook(t *testing.T) {
	f := excelize.NewFile()
	setRows(t, f, "Sheet1", [][]any{{"Date", "Vendor", "Amount"}, {"2027-01-01", "A", 1}})
	var buf bytes.Buffer
	if err := f.Write(&buf, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err := ReadTable(fileOf("locked.xlsx", buf.Bytes()), testSpec(), Limits{})
	wantInvalid(t, err, "protected with a password")
}

func TestNoDataRows(t *testing.T) {
	_, err := ReadTable(fileOf("x.csv", []byte("Date,Vendor,Amount\n,,\n\n")), testSpec(), Limits{})
	wantInvalid(t, err, "The header row (row 1) has no data rows below it")
}

func TestMillionEmptyRowsXLSX(t *testing.T) {
	cases := map[string]struct {
		last any // what row 1,048,576 holds
		rows int
	}{
		"no data":      {last: "   ", rows: 0},
		"one real row": {last: "Acme", rows: 1},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			b := xlsxOf(t, func(f *excelize.File) {
				sw, _ := f.NewStreamWriter("Sheet1")
				sw.SetRow("A1", []any{"Date", "Vendor", "Amount"})
				sw.SetRow("B1048576", []any{c.last})
				sw.Flush()
			})
			start := time.Now()
			tab, err := ReadTable(fileOf("x.xlsx", b), testSpec(), Limits{})
			if c.rows == 0 {
				wantInvalid(t, err, "no data rows")
			} else if err != nil || len(tab.Rows) != 1 || tab.Rows[0].Line != 1048576 {
				t.Fatalf("rows %+v err %v, want the one row on line 1,048,576", tab, err)
			}
			t.Logf("read in %v", time.Since(start))
		})
	}
}

func TestMillionBlankLinesCSV(t *testing.T) {
	blank := strings.Repeat("\n", 1_000_000)
	_, err := ReadTable(fileOf("x.csv", []byte("Date,Vendor,Amount\n"+blank)), testSpec(), Limits{})
	wantInvalid(t, err, "no data rows")
	tab, err := ReadTable(fileOf("x.csv", []byte("Date,Vendor,Amount\n"+blank+"2027-01-01,A,1\n")), testSpec(), Limits{})
	if err != nil || len(tab.Rows) != 1 || tab.Rows[0].Line != 1_000_002 {
		t.Fatalf("rows %+v err %v, want one row on line 1,000,002", tab, err)
	}
}

func TestCellOfOneMegabyte(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	b := xlsxOf(t, func(f *excelize.File) {
		setRows(t, f, "Sheet1", [][]any{{"Date", "Vendor", "Amount", "Notes"}, {"2027-01-01", "A", 1}, {"2027-01-01", "B", 2}})
		// excelize itself refuses a cell over Excel's limit, so the cell is written raw.
	})
	b = withSheetXML(t, b, func(xml string) string {
		return strings.Replace(xml, "</row></sheetData>", `<c r="D3" t="inlineStr"><is><t>`+big+`</t></is></c></row></sheetData>`, 1)
	})
	_, err := ReadTable(fileOf("x.xlsx", b), testSpec(), Limits{})
	wantInvalid(t, err, "Row 3 of sheet “Sheet1”, column D (Notes) holds 1,048,576 characters; a cell may hold at most 32,767")

	csv := "Date,Vendor,Amount\n2027-01-01,\"" + big + "\",1\n"
	_, err = ReadTable(fileOf("x.csv", []byte(csv)), testSpec(), Limits{})
	wantInvalid(t, err, "Row 2, column B (Vendor) holds 1,048,576 characters")
}

func TestMoreThanMaxRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("Date,Vendor,Amount\n")
	for i := range 11 {
		fmt.Fprintf(&b, "2027-01-01,V%d,1\n", i)
	}
	lim := Limits{MaxRows: 10}
	_, err := ReadTable(fileOf("x.csv", []byte(b.String())), testSpec(), lim)
	wantInvalid(t, err, "more than 10 data rows")
	tab, err := ReadTable(fileOf("x.csv", []byte(strings.TrimSuffix(b.String(), "2027-01-01,V10,1\n"))), testSpec(), lim)
	if err != nil || len(tab.Rows) != 10 {
		t.Fatalf("10 rows under a limit of 10: %v, %v", tab, err)
	}
}

func TestMaxColumns(t *testing.T) {
	hdr := "Date,Vendor,Amount"
	for i := range 10 {
		hdr += fmt.Sprintf(",Extra %d", i)
	}
	_, err := ReadTable(fileOf("x.csv", []byte(hdr+"\n2027-01-01,A,1\n")), testSpec(), Limits{MaxColumns: 12})
	wantInvalid(t, err, "has 13 columns; Outlay reads at most 12")
}

// countingReaderAt records how far into the file anything read.
type countingReaderAt struct {
	r   io.ReaderAt
	end int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.end = max(c.end, off+int64(n))
	return n, err
}

func TestNothingReadsMoreThanMaxBytes(t *testing.T) {
	data := []byte("Date,Vendor,Amount\n" + strings.Repeat("2027-01-01,A,1\n", 200))
	for _, size := range []int64{int64(len(data)), 0} {
		body := &countingReaderAt{r: bytes.NewReader(data)}
		_, err := ReadTable(outlay.ImportFile{Name: "x.csv", Size: size, Body: body}, testSpec(), Limits{MaxBytes: 1000})
		wantInvalid(t, err, "an upload may be at most 1000 bytes")
		if body.end > 1001 {
			t.Errorf("size %d: read %d bytes of a file over the 1000-byte limit", size, body.end)
		}
	}
	body := &countingReaderAt{r: bytes.NewReader(data)}
	ReadTable(outlay.ImportFile{Name: "x.csv", Size: 500, Body: body}, testSpec(), Limits{MaxBytes: 1000})
	if body.end > 500 {
		t.Errorf("a declared size of 500 read %d bytes", body.end)
	}
}

// bombSheet is a worksheet XML of about 300 MB, deflated once per test run.
func bombSheet(t *testing.T) (deflated []byte, size int64, crc uint32) {
	t.Helper()
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestSpeed)
	h := crc32.NewIEEE()
	out := io.MultiWriter(w, h)
	head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	io.WriteString(out, head)
	chunk := []byte(strings.Repeat("<row/>", 1<<16))
	for size = int64(len(head)); size < 300<<20; size += int64(len(chunk)) {
		out.Write(chunk)
	}
	tail := `</sheetData></worksheet>`
	io.WriteString(out, tail)
	w.Close()
	return buf.Bytes(), size + int64(len(tail)), h.Sum32()
}

func TestZipBomb(t *testing.T) {
	deflated, size, crc := bombSheet(t)
	base := xlsxOf(t, func(f *excelize.File) { setRows(t, f, "Sheet1", [][]any{{"Date", "Vendor", "Amount"}}) })
	cases := map[string]uint64{
		"declared":   uint64(size), // the archive says how large the sheet is
		"lied about": 4096,         // the archive claims a small sheet
	}
	for name, declared := range cases {
		t.Run(name, func(t *testing.T) {
			b := replaceEntry(t, base, "xl/worksheets/sheet1.xml", deflated, declared, crc)
			if len(b) > 2<<20 {
				t.Fatalf("the bomb is %d bytes; it should be small", len(b))
			}
			dir := t.TempDir()
			t.Setenv("TMPDIR", dir)
			start := time.Now()
			_, err := ReadTable(fileOf("bomb.xlsx", b), testSpec(), Limits{})
			if name == "declared" {
				wantInvalid(t, err, "once unpacked")
			} else {
				// Go's zip reader stops at the declared size, so the sheet reads as the
				// few rows it claims to hold.
				wantInvalid(t, err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("refusing the bomb took %v", d)
			}
			assertEmptyDir(t, dir)
		})
	}
}

// TestNoTempFilesLeft reads a workbook whose sheet is large enough for excelize to
// unpack it into a temporary file, and broken ones, and finds nothing left behind.
func TestNoTempFilesLeft(t *testing.T) {
	big := xlsxOf(t, func(f *excelize.File) {
		sw, _ := f.NewStreamWriter("Sheet1")
		sw.SetRow("A1", []any{"Date", "Vendor", "Amount", "Notes"})
		note := strings.Repeat("n", 9000)
		for i := 2; i <= 2_000; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i)
			sw.SetRow(cell, []any{46402, "Vendor", i, note})
		}
		sw.Flush()
	})
	if n := entrySize(t, big, "xl/worksheets/sheet1.xml"); n <= unzipXMLLimit {
		t.Fatalf("the sheet is %d bytes, too small for excelize to unpack it to a file", n)
	}
	locked := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		var buf bytes.Buffer
		f.Write(&buf, excelize.Options{Password: "x"})
		return buf.Bytes()
	}()
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	tab, err := ReadTable(fileOf("big.xlsx", big), testSpec(), Limits{})
	if err != nil || len(tab.Rows) != 1_999 {
		t.Fatalf("big workbook: %d rows, %v", len(tab.Rows), err)
	}
	assertEmptyDir(t, dir)
	for _, b := range [][]byte{locked, big[:len(big)-100]} {
		if _, err := ReadTable(fileOf("x.xlsx", b), testSpec(), Limits{}); err == nil {
			t.Error("a broken workbook was read")
		}
		assertEmptyDir(t, dir)
	}
}

func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left behind in the temp dir: %s", e.Name())
	}
}

// zipOf builds a zip of the named files.
func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// replaceEntry copies a zip, putting already deflated data under name with the
// uncompressed size the header declares.
func replaceEntry(t *testing.T, src []byte, name string, deflated []byte, declared uint64, crc uint32) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name == name {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
				CompressedSize64: uint64(len(deflated)), UncompressedSize64: declared})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(deflated)
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	return buf.Bytes()
}

// withSheetXML rewrites the first worksheet's XML of a workbook.
func withSheetXML(t *testing.T, src []byte, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "xl/worksheets/sheet1.xml" {
			body = []byte(edit(string(body)))
		}
		w, _ := zw.Create(f.Name)
		w.Write(body)
	}
	zw.Close()
	return buf.Bytes()
}

func entrySize(t *testing.T, src []byte, name string) uint64 {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			return f.UncompressedSize64
		}
	}
	t.Fatalf("no %s", name)
	return 0
}
