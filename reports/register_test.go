package reports_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"testing"

	"outlay/internal/fiscal"
	"outlay/internal/outlay"
	"outlay/reports"
)

// A register past 16 MB of sheet data keeps it in a temporary file (excelize's stream
// writer); that file goes when the register is done, whether it was written or the rows
// failed half-way.
func TestRegisterRemovesItsTemporaryFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 rows")
	}
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	broken := errors.New("the cursor failed")
	const rows = 100_000
	entries := func(failAt int) func(func(*outlay.SpendCharge) error) error {
		return func(fn func(*outlay.SpendCharge) error) error {
			for i := range rows {
				if i == failAt {
					if names, _ := os.ReadDir(dir); len(names) == 0 {
						return errors.New("the sheet never reached a temporary file: the test proves nothing")
					}
					return broken
				}
				e := &outlay.SpendEntry{ID: int64(i + 1), Date: day("2026-03-01"), VendorName: "Amazon Web Services",
					Description: fmt.Sprintf("Hosting, invoice %d of the year's many", i), InvoiceNumber: fmt.Sprintf("INV-%07d", i),
					Amount: int64(1000 + i), Currency: "EUR", FXRateMicros: outlay.SpendRateMicros, BaseAmount: int64(1000 + i),
				}
				ch := &outlay.SpendCharge{Entry: e, Allocation: outlay.Allocation{BudgetLineCode: "INF-CLOUD", Amount: int64(1000 + i)}}
				if err := fn(ch); err != nil {
					return err
				}
			}
			return nil
		}
	}
	left := func(when string) {
		t.Helper()
		if names, _ := os.ReadDir(dir); len(names) != 0 {
			t.Errorf("%s: %s left in the temporary folder", when, names[0].Name())
		}
	}
	if err := reports.SpendRegister(io.Discard, meta, "EUR", fiscal.Calendar{}, entries(rows-1)); !errors.Is(err, broken) {
		t.Fatalf("failed rows: %v", err)
	}
	left("after rows failed")
	n := &countingWriter{}
	if err := reports.SpendRegister(n, meta, "EUR", fiscal.Calendar{}, entries(-1)); err != nil {
		t.Fatal(err)
	}
	if n.n < 1<<20 {
		t.Fatalf("the workbook of %d rows is only %d bytes", rows, n.n)
	}
	left("after a workbook was written")
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }
