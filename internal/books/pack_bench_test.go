package books_test

import (
	"context"
	"io"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"outlay/internal/books"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
	"outlay/internal/sqlite/sqlitetest"
)

// BenchmarkFinancePackData reads the finance pack's data for a quarter of the large demo
// set (OUTLAY_BENCH_DATA, as the server's benchmarks use it), on both bases, and
// reports the rows read, the peak heap a run reached (garbage not yet collected
// included) and the live heap the pack keeps.
func BenchmarkFinancePackData(b *testing.B) {
	db := sqlitetest.BenchDB(b)
	ctx := context.Background()
	st, err := db.GetSettings(ctx)
	if err != nil {
		b.Fatal(err)
	}
	// The quarter before the data's last spend: a full quarter of the set.
	var last string
	if err := db.View(ctx, func(tx *sqlite.ReadTx) error {
		return tx.EachSpend(ctx, outlay.SpendFilter{Sort: "date", Desc: true}, func(e *outlay.SpendEntry) error {
			if last == "" {
				last = outlay.FormatDate(e.Date)
			}
			return io.EOF
		})
	}); err != nil && err != io.EOF {
		b.Fatal(err)
	}
	now, _ := outlay.ParseDate(last)
	fy, q := st.Calendar().Quarter(now)
	if q--; q == 0 {
		fy, q = fy-1, 4
	}
	for _, basis := range []string{outlay.BasisCash, outlay.BasisAccrual} {
		b.Run(basis, func(b *testing.B) {
			var p *outlay.FinancePack
			runtime.GC()
			peak := heapPeak(func() {
				b.ReportAllocs()
				for b.Loop() {
					if p, err = books.FinancePack(ctx, db.Work(), outlay.PackQuery{FY: fy, Quarter: q, Basis: basis, Now: now.Add(9 * time.Hour)}); err != nil {
						b.Fatal(err)
					}
				}
			})
			checkPackAddsUp(b, p)
			b.ReportMetric(float64(len(p.Spend)), "charges")
			b.ReportMetric(float64(len(p.Contracts)), "contracts")
			// What the pack holds once read: the live heap after a collection, with it.
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			runtime.KeepAlive(p)
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-heap-MB")
		})
	}
}

// heapPeak runs fn while sampling the live heap, and returns the largest sample.
func heapPeak(fn func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var top uint64
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			top = max(top, sample[0].Value.Uint64())
			select {
			case <-done:
				peak <- top
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	return <-peak
}

// checkPackAddsUp holds a pack of the large set to the rules the small fixture's tests
// check by hand: every code's counted charges are its quarter actual, the vendors add
// up to the actual and the year to date, the quarter's commitments to its committed.
func checkPackAddsUp(b *testing.B, p *outlay.FinancePack) {
	b.Helper()
	counted := map[string]int64{}
	for _, c := range p.Spend {
		counted[c.Allocation.BudgetLineCode] += c.Counted
	}
	for _, l := range p.Lines {
		if counted[l.Code] != l.Actual {
			b.Fatalf("%s: charges %d, actual %d", l.Code, counted[l.Code], l.Actual)
		}
	}
	for _, u := range p.Unbudgeted {
		if counted[u.Code] != u.Actual {
			b.Fatalf("%s (unbudgeted): charges %d, actual %d", u.Code, counted[u.Code], u.Actual)
		}
	}
	var q, ytd, committed, overdue int64
	for _, v := range p.Vendors {
		q, ytd = q+v.QuarterSpend, ytd+v.YTDSpend
	}
	for _, c := range p.Commitments {
		if c.BaseKnown && !c.Due.After(p.To) {
			committed += c.BaseAmount
			if c.Overdue {
				overdue += c.BaseAmount
			}
		}
	}
	f := p.Totals.Figures
	if q != f.Actual || ytd != f.YTDActual || committed != f.Committed || overdue != f.Overdue {
		b.Fatalf("vendors %d/%d, commitments %d/%d; figures %d/%d, %d/%d", q, ytd, committed, overdue, f.Actual, f.YTDActual, f.Committed, f.Overdue)
	}
}
