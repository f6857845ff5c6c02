package importer

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

// benchSpec is a 15-column spend-like spec.
func benchSpec() *Spec {
	s := testSpec()
	for i := len(s.Columns); i < 15; i++ {
		s.Columns = append(s.Columns, Column{Header: fmt.Sprintf("Extra %d", i), Type: NumberColumn})
	}
	return s
}

// benchWorkbook is a 50,000-row, 15-column workbook written with a StreamWriter: real
// date cells, amounts with float noise, text.
func benchWorkbook(b *testing.B, spec *Spec, rows int) []byte {
	b.Helper()
	return xlsxOf(b, func(f *excelize.File) {
		f.SetSheetName("Sheet1", spec.Sheet)
		sw, err := f.NewStreamWriter(spec.Sheet)
		if err != nil {
			b.Fatal(err)
		}
		dateFmt := "yyyy-mm-dd"
		date, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
		hdr := make([]any, len(spec.Columns))
		for i, c := range spec.Columns {
			hdr[i] = c.Header
		}
		sw.SetRow("A1", hdr)
		row := make([]any, len(spec.Columns))
		for r := 2; r <= rows+1; r++ {
			row[0] = excelize.Cell{StyleID: date, Value: 46402 + r%365}
			row[1] = fmt.Sprintf("Vendor %d", r%700)
			row[2] = fmt.Sprintf("INV-%06d", r)
			row[3] = float64(r%100000)/100 + 0.1 + 0.2
			row[4] = "EUR"
			row[5] = fmt.Sprintf("LINE-%02d", r%40)
			row[6] = "Paid"
			for i := 7; i < len(row); i++ {
				row[i] = r * i
			}
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, row); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkReadTable50k reads a 50,000-row workbook with ReadTable, against a floor of
// excelize's bare row iterator over the same file with raw values.
func BenchmarkReadTable50k(b *testing.B) {
	const rows = 50_000
	spec := benchSpec()
	data := benchWorkbook(b, spec, rows)
	b.Logf("workbook: %d rows, %d columns, %s", rows, len(spec.Columns), byteSize(int64(len(data))))
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
			if err != nil {
				b.Fatal(err)
			}
			it, err := f.Rows(spec.Sheet)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for it.Next() {
				if _, err := it.Columns(); err != nil {
					b.Fatal(err)
				}
				n++
			}
			it.Close()
			f.Close()
			if n != rows+1 {
				b.Fatalf("%d rows", n)
			}
		}
	})
	b.Run("ReadTable", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tab, err := ReadTable(outlay.ImportFile{Name: "spend.xlsx", Size: int64(len(data)), Body: bytes.NewReader(data)}, spec, Limits{})
			if err != nil {
				b.Fatal(err)
			}
			if len(tab.Rows) != rows {
				b.Fatalf("%d rows", len(tab.Rows))
			}
		}
	})
}
