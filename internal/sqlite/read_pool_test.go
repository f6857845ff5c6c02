package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// Long reads (the exports' cursors) must never ask the read pool for a second connection
// while they hold one: with as many of them running as the pool has connections, each
// would wait for the others forever, and every page with them. These tests run exactly
// that many at once and hold them all inside their callbacks together, so a read that
// needs a second connection cannot finish; the deadline turns such a jam into a failure
// instead of a hung test.

// poolBarrier lets n readers through once all n are inside their callbacks at the same
// time, each still holding its cursor.
type poolBarrier struct {
	n       int
	mu      sync.Mutex
	arrived int
	all     chan struct{}
}

func newPoolBarrier(n int) *poolBarrier { return &poolBarrier{n: n, all: make(chan struct{})} }

// wait is called by each reader once; it returns when all have arrived or ctx ends.
func (b *poolBarrier) wait(ctx context.Context) error {
	b.mu.Lock()
	b.arrived++
	if b.arrived == b.n {
		close(b.all)
	}
	b.mu.Unlock()
	select {
	case <-b.all:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("only some readers got their first row: %w", ctx.Err())
	}
}

// runPoolReaders runs one reader per read-pool connection at once and fails the test if
// any of them fails or the deadline passes.
func runPoolReaders(t *testing.T, d *sqlite.DB, read func(ctx context.Context, arrive func() error) (int, error), want int) {
	t.Helper()
	n := d.ReadDB().Stats().MaxOpenConnections
	if n <= 0 {
		t.Fatal("the read pool must be bounded for this test to mean anything")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	barrier := newPoolBarrier(n)
	errs := make(chan error, n)
	for range n {
		go func() {
			first := true
			got, err := read(ctx, func() error {
				if !first {
					return nil
				}
				first = false
				return barrier.wait(ctx)
			})
			if err == nil && got != want {
				err = fmt.Errorf("read %d rows, want %d", got, want)
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestEachSpendHoldsOneConnection(t *testing.T) {
	f := newSpendFixture(t)
	// More entries than one batch, so allocations are read while the cursor is open.
	const entries = 620
	for i := range entries {
		if err := f.d.CreateSpend(f.ctx, f.entry(fmt.Sprintf("INV-%d", i), int64(1000+i))); err != nil {
			t.Fatal(err)
		}
	}
	runPoolReaders(t, f.d, func(ctx context.Context, arrive func() error) (int, error) {
		n := 0
		err := f.d.EachSpend(ctx, outlay.SpendFilter{Sort: "date"}, func(e *outlay.SpendEntry) error {
			if len(e.Allocations) != 1 || e.Allocations[0].BudgetLineCode != "INF-CLOUD" {
				return fmt.Errorf("entry %d: allocations %+v", e.ID, e.Allocations)
			}
			n++
			return arrive()
		})
		return n, err
	}, entries)
}

func TestEachContractHoldsOneConnection(t *testing.T) {
	d := MustOpen(t)
	vendor := seedVendorRow(t, d, "Microsoft")
	for i := range 3 {
		mustCreateContract(t, d, annualContract(vendor, fmt.Sprintf("Licences %d", i), "2026-01-01", "2026-12-31"))
	}
	runPoolReaders(t, d, func(ctx context.Context, arrive func() error) (int, error) {
		n := 0
		err := d.EachContract(ctx, outlay.ContractFilter{Sort: "title"}, func(c *outlay.Contract) error {
			if c.VendorName != "Microsoft" || c.CurrentTerm() == nil || c.KeyDate.IsZero() {
				return fmt.Errorf("contract %d without its vendor, term or key date: %+v", c.ID, c)
			}
			n++
			return arrive()
		})
		return n, err
	}, 3)
}

func TestEachContractFollowsTheFilterAndOrder(t *testing.T) {
	d := MustOpen(t)
	ms, dell := seedVendorRow(t, d, "Microsoft"), seedVendorRow(t, d, "Dell")
	mustCreateContract(t, d, annualContract(ms, "Office", "2026-01-01", "2026-12-31"))
	mustCreateContract(t, d, annualContract(dell, "Laptops", "2026-01-01", "2026-12-31"))
	mustCreateContract(t, d, annualContract(ms, "Azure", "2026-01-01", "2026-12-31"))
	f := outlay.ContractFilter{VendorID: &ms, Sort: "title", Desc: true, Limit: 1}
	var titles []string
	if err := d.EachContract(context.Background(), f, func(c *outlay.Contract) error {
		titles = append(titles, c.Title)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Paging is ignored: a register has every contract that matches.
	if fmt.Sprint(titles) != "[Office Azure]" {
		t.Fatalf("titles = %v, want [Office Azure]", titles)
	}
	page, total, err := d.FindContracts(context.Background(), f)
	if err != nil || total != 2 || len(page) != 1 || page[0].Title != "Office" {
		t.Fatalf("FindContracts page = %v, total %d, %v", page, total, err)
	}
}
