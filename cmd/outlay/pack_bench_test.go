package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/books"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
	"outlay/internal/sqlite/sqlitetest"
	"outlay/reports"
)

// BenchmarkQuarterlyPack builds the finance pack of the current quarter of the large
// demo set (OUTLAY_BENCH_DATA, as `make bench` loads it) end to end — books.FinancePack
// in one snapshot, reports.QuarterlyPack into io.Discard — and, in the same run, a floor:
// the same rows read with plain SQL queries and written by a bare excelize StreamWriter
// without styles, formulas, tables or print setup. ns/op and allocs/op are the pack's;
// floor-ms/op, x-floor (goal ≤ 1.5), the peak heap of each (goal ≤ 200 MB for the
// pack) and the pack's peak Go memory (peak-go-mem-MB, what the runtime held of the
// process's memory; each half starts with the free memory given back) are reported
// beside them. On a shared machine compare CPU profiles too: wall
// times of the two halves can meet different loads.
func BenchmarkQuarterlyPack(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	st, err := db.GetSettings(ctx)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	fy, quarter := st.Calendar().Quarter(now)
	q := outlay.PackQuery{FY: fy, Quarter: quarter, Now: now, By: "bench"}
	pack := func() error {
		p, err := books.FinancePack(ctx, db.Work(), q)
		if err != nil {
			return err
		}
		return reports.QuarterlyPack(io.Discard, p, reports.PackOptions{})
	}
	floorRows := 0
	floor := func() error {
		n, err := packFloor(ctx, db.ReadDB(), st, fy, quarter, now, io.Discard)
		floorRows = n
		return err
	}
	var floorTime time.Duration
	var floorPeak, packPeak heapPeak
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		debug.FreeOSMemory()
		start := time.Now()
		peak, err := peakHeap(floor)
		if err != nil {
			b.Fatal(err)
		}
		floorTime += time.Since(start)
		floorPeak = floorPeak.max(peak)
		debug.FreeOSMemory() // so the pack's half starts as the floor's did
		b.StartTimer()
		peak, err = peakHeap(pack)
		if err != nil {
			b.Fatal(err)
		}
		packPeak = packPeak.max(peak)
	}
	floorMS := float64(floorTime.Milliseconds()) / float64(b.N)
	b.ReportMetric(floorMS, "floor-ms/op")
	b.ReportMetric(float64(floorRows), "floor-rows")
	b.ReportMetric(float64(packPeak.objects)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(packPeak.live)/(1<<20), "peak-live-MB")
	b.ReportMetric(float64(packPeak.process)/(1<<20), "peak-go-mem-MB")
	b.ReportMetric(float64(floorPeak.objects)/(1<<20), "floor-peak-heap-MB")
	if el := b.Elapsed(); floorTime > 0 && el > 0 {
		b.ReportMetric(float64(el)/float64(floorTime), "x-floor")
	}
}

// heapPeak is the most heap a run held: objects (live and not yet swept: what the
// process holds) and live (what the last garbage collection found still in use); and
// process, the most memory the Go runtime had mapped and not given back to the system
// (heap, stacks, runtime metadata and free pages kept: the Go part of the process's
// resident memory, without SQLite's own).
type heapPeak struct{ objects, live, process uint64 }

func (p heapPeak) max(q heapPeak) heapPeak {
	return heapPeak{max(p.objects, q.objects), max(p.live, q.live), max(p.process, q.process)}
}

// peakHeap runs fn while sampling the heap every few milliseconds.
func peakHeap(fn func() error) (heapPeak, error) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	var peak heapPeak
	read := func() {
		metrics.Read(sample)
		peak.objects = max(peak.objects, sample[0].Value.Uint64())
		peak.live = max(peak.live, sample[1].Value.Uint64())
		peak.process = max(peak.process, sample[2].Value.Uint64()-sample[3].Value.Uint64())
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	err := fn()
	close(done)
	wg.Wait()
	read()
	return peak, err
}

// benchDB opens a copy of the benchmark database, so the benchmark never changes it.
func benchDB(b *testing.B) *sqlite.DB { return sqlitetest.BenchDB(b) }

// floorSheet is one sheet of the floor: a query and how many columns it reads.
type floorSheet struct {
	name, query string
	args        []any
}

// packFloor reads the rows the pack shows with plain queries in one read transaction
// and writes each as it comes into a bare StreamWriter: the least any pack of these
// rows can cost. It returns the rows written.
func packFloor(ctx context.Context, rdb *sql.DB, st outlay.Settings, fy, quarter int, now time.Time, w io.Writer) (int, error) {
	cal := st.Calendar()
	from, to := cal.QuarterBounds(fy, quarter)
	fyFrom, fyTo := cal.Bounds(fy)
	d := func(t time.Time) string { return t.Format("2006-01-02") }
	spendWhere := `e.date BETWEEN ?1 AND ?2`
	if st.Basis == outlay.BasisAccrual {
		spendWhere = `(e.service_from IS NULL AND e.date BETWEEN ?1 AND ?2) OR (e.service_from <= ?2 AND e.service_to >= ?1)`
	}
	sheets := []floorSheet{
		{"Summary", `SELECT code, name, category, expense_type, cost_centre, gl_account, owner_email, planned, q1, q2, q3, q4, justification
			FROM budget_lines WHERE fy = ? ORDER BY category, code`, []any{fy}},
		{"Spend", `SELECT e.date, v.name, e.description, e.invoice_number, e.po_number, e.amount, e.currency, e.base_amount,
			b.code, b.name, a.amount, e.service_from, e.service_to
			FROM spend_allocations a JOIN spend_entries e ON e.id = a.spend_id JOIN vendors v ON v.id = e.vendor_id
			JOIN budget_lines b ON b.id = a.budget_line_id WHERE ` + spendWhere + ` ORDER BY b.code, e.date, e.id`, []any{d(from), d(to)}},
		{"Commitments", `SELECT p.budget_line_code, c.title, c.reference, v.name, p.due, p.period_start, p.period_end, p.amount, c.currency, p.base_amount
			FROM contract_payments p JOIN contracts c ON c.id = p.contract_id JOIN vendors v ON v.id = c.vendor_id
			WHERE p.invoiced = 0 AND p.due BETWEEN ? AND ? ORDER BY p.budget_line_code, p.due`, []any{d(from), d(fyTo)}},
		{"Vendors", `SELECT v.name, v.category, v.status, v.criticality,
			(SELECT COALESCE(SUM(e.base_amount), 0) FROM spend_entries e WHERE e.vendor_id = v.id AND e.date BETWEEN ?1 AND ?2),
			(SELECT COALESCE(SUM(e.base_amount), 0) FROM spend_entries e WHERE e.vendor_id = v.id AND e.date BETWEEN ?3 AND ?2),
			(SELECT COUNT(*) FROM contracts c WHERE c.vendor_id = v.id AND c.archived_at IS NULL AND c.term_start <= ?4 AND c.term_end >= ?4),
			(SELECT MIN(c.key_date) FROM contracts c WHERE c.vendor_id = v.id AND c.archived_at IS NULL AND c.term_end >= ?4)
			FROM vendors v WHERE v.archived_at IS NULL ORDER BY v.name_key`, []any{d(from), d(to), d(fyFrom), d(now)}},
		{"Contracts", `SELECT c.title, c.reference, v.name, c.kind, c.owner_email, c.renewal_type, c.term_start, c.term_end, c.term_price,
			c.term_billing, c.currency, c.renews_on, c.cancel_by, c.budget_line_code
			FROM contracts c JOIN vendors v ON v.id = c.vendor_id WHERE c.archived_at IS NULL ORDER BY c.key_date, c.id`, nil},
		{"Renewals", `SELECT c.key_date, c.title, v.name, c.renewal_type, c.decision, c.owner_email, c.term_price, c.currency
			FROM contracts c JOIN vendors v ON v.id = c.vendor_id
			WHERE c.archived_at IS NULL AND c.key_date BETWEEN ? AND ? ORDER BY c.key_date`, []any{d(now), d(now.AddDate(0, 6, 0))}},
		{"Licences", `SELECT l.product, v.name, l.kind, l.seats_purchased, l.seats_assigned, l.unit_price, l.currency, l.expiry_date, l.owner_email
			FROM licences l JOIN vendors v ON v.id = l.vendor_id WHERE l.archived_at IS NULL ORDER BY l.product`, nil},
	}
	tx, err := rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	f := excelize.NewFile()
	defer f.Close()
	total := 0
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return 0, err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return 0, err
		}
		n, err := floorSheetRows(ctx, tx, f, sh)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", sh.name, err)
		}
		total += n
	}
	return total, f.Write(w)
}

// floorSheetRows streams one query's rows into its sheet, each value as it was read.
func floorSheetRows(ctx context.Context, tx *sql.Tx, f *excelize.File, sh floorSheet) (int, error) {
	sw, err := f.NewStreamWriter(sh.name)
	if err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, sh.query, sh.args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = c
	}
	if err := sw.SetRow("A1", header); err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return 0, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return n, sw.Flush()
}
