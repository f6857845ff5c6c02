package importer

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// spendFile50k is a spend workbook of 50,000 rows: 40,000 entries of 50 vendors, a
// quarter of them split over two budget lines.
func spendFile50k(b *testing.B) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	spec, _ := SpecFor(outlay.ImportSpend)
	header := make([]any, len(spec.Columns))
	for i, c := range spec.Columns {
		header[i] = c.Header
	}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(sw.SetRow("A1", header))
	row := 2
	add := func(inv, vendor, line string, amount, charged string, day int) {
		cells := make([]any, len(spec.Columns))
		for i, c := range spec.Columns {
			switch c.Header {
			case "Date":
				cells[i] = fmt.Sprintf("2027-%02d-%02d", 1+day%12, 1+day%28)
			case "Vendor":
				cells[i] = vendor
			case "Description":
				cells[i] = "Service " + inv
			case "Invoice":
				cells[i] = inv
			case "Budget line":
				cells[i] = line
			case "Amount":
				cells[i] = amount
			case "Currency":
				cells[i] = "EUR"
			case "Charged to line":
				cells[i] = charged
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		must(sw.SetRow(cell, cells))
		row++
	}
	for n := range 40_000 {
		inv, vendor := fmt.Sprintf("INV-%06d", n), fmt.Sprintf("Vendor %02d", n%50)
		if n%4 == 0 {
			add(inv, vendor, "LINE-1", "100.00", "60.00", n)
			add(inv, vendor, fmt.Sprintf("LINE-%d", 2+n%9), "100.00", "40.00", n)
			continue
		}
		add(inv, vendor, fmt.Sprintf("LINE-%d", 1+n%10), "250.50", "", n)
	}
	must(sw.Flush())
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

// benchDB is an empty database with the vendors and budget lines the file names.
func benchDB(b *testing.B) (*sqlite.DB, context.Context) {
	d, err := sqlite.Open(filepath.Join(b.TempDir(), "outlay.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "ed@example.com", Role: outlay.RoleEditor, Active: true})
	err = d.Work().Update(ctx, func(tx outlay.Tx) error {
		for i := range 50 {
			if err := tx.CreateVendor(ctx, &outlay.Vendor{Name: fmt.Sprintf("Vendor %02d", i), Category: "cloud"}); err != nil {
				return err
			}
		}
		for i := 1; i <= 10; i++ {
			if err := tx.CreateBudgetLine(ctx, &outlay.BudgetLine{FY: 2027, Code: fmt.Sprintf("LINE-%d", i), Name: "Line", Category: "cloud",
				ExpenseType: "opex", Planned: 100_000_000}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return d, ctx
}

// floor reads the file with excelize's row iterator and inserts the same rows with
// plain SQL in one transaction: what any import of the file must at least do.
func floor(b *testing.B, d *sqlite.DB, data []byte) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	tx, err := d.ReadDB().Begin() // a connection of its own: the floor needs no write lock order
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`CREATE TEMP TABLE floor_rows (date TEXT, vendor TEXT, description TEXT, invoice TEXT, line TEXT, amount TEXT, charged TEXT)`); err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Prepare(`INSERT INTO floor_rows VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			b.Fatal(err)
		}
		n++
		if n == 1 {
			continue
		}
		get := func(i int) string {
			if i < len(cols) {
				return cols[i]
			}
			return ""
		}
		if _, err := stmt.Exec(get(1), get(2), get(3), get(4), get(6), get(13), get(17)); err != nil {
			b.Fatal(err)
		}
	}
	rows.Close()
	if n != 50_001 {
		b.Fatalf("floor read %d rows", n)
	}
}

func BenchmarkImportSpend50k(b *testing.B) {
	data := spendFile50k(b)
	var floorTime, importTime time.Duration
	for b.Loop() {
		b.StopTimer()
		d, ctx := benchDB(b)
		fd, _ := benchDB(b)
		b.StartTimer()
		start := time.Now()
		floor(b, fd, data)
		floorTime += time.Since(start)
		start = time.Now()
		res, err := New(d.Work(), Limits{}).Import(ctx, outlay.ImportSpend, outlay.ImportFile{Name: "spend.xlsx", Size: int64(len(data)), Body: bytes.NewReader(data)}, false)
		importTime += time.Since(start)
		if err != nil || !res.OK() || len(res.Created) != 40_000 {
			b.Fatalf("import: %v, %d problems, %d created", err, len(res.Problems), len(res.Created))
		}
	}
	b.ReportMetric(floorTime.Seconds()/float64(b.N), "floor-s/op")
	b.ReportMetric(importTime.Seconds()/float64(b.N), "import-s/op")
	b.ReportMetric(float64(importTime)/float64(floorTime), "x-floor")
}
