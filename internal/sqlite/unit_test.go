package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

func TestUpdateIsAllOrNothing(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	// The second create fails (the contract's vendor does not exist): the vendor
	// created before it in the same unit of work is not stored either.
	err := d.Update(ctx, func(tx *sqlite.Tx) error {
		if err := tx.CreateVendor(ctx, &outlay.Vendor{Name: "Acme", Category: "software"}); err != nil {
			return err
		}
		return tx.CreateContract(ctx, annualContract(9999, "Orphan", "2026-01-01", "2026-12-31"))
	})
	if outlay.ErrorFields(err)["vendor_id"] == "" {
		t.Fatalf("Update = %v; want the contract's vendor_id refused", err)
	}
	for _, table := range []string{"vendors", "contracts", "audit_log"} {
		if n := countRows(t, d, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%d rows in %s after a failed unit of work", n, table)
		}
	}

	// Both succeed: the contract refers to the vendor created a statement earlier,
	// and both are committed with their audit entries.
	var c *outlay.Contract
	err = d.Update(ctx, func(tx *sqlite.Tx) error {
		v := &outlay.Vendor{Name: "Acme", Category: "software"}
		if err := tx.CreateVendor(ctx, v); err != nil {
			return err
		}
		c = annualContract(v.ID, "Platform", "2026-01-01", "2026-12-31")
		return tx.CreateContract(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.FindContractByID(ctx, c.ID)
	if err != nil || got.VendorName != "Acme" {
		t.Fatalf("contract after the unit of work: %+v, %v", got, err)
	}
	if n := countRows(t, d, `SELECT count(*) FROM audit_log WHERE action = 'create'`); n != 2 {
		t.Errorf("%d create audit entries, want 2", n)
	}
	if n := countRows(t, d, `SELECT count(*) FROM contract_payments WHERE contract_id = ?`, c.ID); n == 0 {
		t.Error("the contract created in a unit of work has no payment schedule")
	}
}

func TestDryRunLeavesNothing(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	var seen int64
	err := d.DryRun(ctx, func(tx *sqlite.Tx) error {
		v := &outlay.Vendor{Name: "Acme", Category: "software"}
		if err := tx.CreateVendor(ctx, v); err != nil {
			return err
		}
		// Inside the run, the change is there to build on.
		found, err := tx.FindVendorByName(ctx, "ACME")
		if err != nil {
			return err
		}
		seen = found.ID
		return tx.CreateContract(ctx, annualContract(v.ID, "Platform", "2026-01-01", "2026-12-31"))
	})
	if err != nil || seen == 0 {
		t.Fatalf("DryRun = %v (vendor seen inside: %d)", err, seen)
	}
	for _, table := range []string{"vendors", "contracts", "contract_terms", "contract_payments", "audit_log"} {
		if n := countRows(t, d, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%d rows in %s after a dry run", n, table)
		}
	}
	// The dry run reports what a real run would refuse.
	err = d.DryRun(ctx, func(tx *sqlite.Tx) error {
		return tx.CreateVendor(ctx, &outlay.Vendor{Name: "Gamma", Category: "groceries"})
	})
	if outlay.ErrorFields(err)["category"] == "" {
		t.Errorf("DryRun of an invalid vendor = %v; want the category refused", err)
	}
	// The domain's unit of work is the same thing.
	var uow outlay.UnitOfWork = d.Work()
	sentinel := errors.New("stop")
	if err := uow.DryRun(ctx, func(tx outlay.Tx) error {
		if err := tx.CreateVendor(ctx, &outlay.Vendor{Name: "Beta", Category: "software"}); err != nil {
			return err
		}
		return sentinel
	}); !errors.Is(err, sentinel) {
		t.Errorf("DryRun returned %v, want fn's error", err)
	}
	if n := countRows(t, d, `SELECT count(*) FROM vendors`); n != 0 {
		t.Errorf("%d vendors after the domain's dry run", n)
	}
}

func TestViewReadsOneSnapshot(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	mustVendor(t, d, ctx, "Acme", "software")
	err := d.View(context.Background(), func(rt *sqlite.ReadTx) error {
		before, n, err := rt.FindVendors(ctx, outlay.VendorFilter{})
		if err != nil || n != 1 || len(before) != 1 {
			t.Fatalf("first read: %d vendors, %v", n, err)
		}
		// A write commits between the two reads of the view...
		mustVendor(t, d, ctx, "Beta", "software")
		if _, n, err := d.FindVendors(ctx, outlay.VendorFilter{}); err != nil || n != 2 {
			t.Fatalf("outside the view: %d vendors, %v", n, err)
		}
		// ...and the view still sees the database as it was at its first read.
		_, n, err = rt.FindVendors(ctx, outlay.VendorFilter{})
		if err != nil || n != 1 {
			t.Errorf("second read in the view: %d vendors, %v; want the snapshot's 1", n, err)
		}
		if _, err := rt.FindVendorByID(ctx, before[0].ID+1); outlay.ErrorCode(err) != outlay.ENOTFOUND {
			t.Errorf("the vendor committed meanwhile is visible in the view: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDatabaseFilesArePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "outlay.db")
	d, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	mustVendor(t, d, context.Background(), "Acme", "software") // a write creates the WAL
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(p), mode)
		}
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("data folder: %v %v, want 700", fi.Mode().Perm(), err)
	}
}

// TestViewNeedsOneConnection streams more spend than one batch through a view while the
// read pool has a single connection: every read of the view, the allocations of each
// batch and a lookup made while the entries stream included, runs on the view's own
// connection and never waits for a second one.
func TestViewNeedsOneConnection(t *testing.T) {
	f := newSpendFixture(t)
	const n = 1200 // more than two of EachSpend's batches
	err := f.d.Update(f.ctx, func(tx *sqlite.Tx) error {
		for i := range n {
			if err := tx.CreateSpend(f.ctx, f.entry(fmt.Sprintf("INV-%d", i), int64(100+i))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.d.ReadDB().SetMaxOpenConns(1)
	// Were a read to ask the pool for a second connection, it would wait for ever; the
	// deadline turns that into a failure.
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	seen, allocated := 0, int64(0)
	err = f.d.View(ctx, func(rt *sqlite.ReadTx) error {
		return rt.EachSpend(ctx, outlay.SpendFilter{}, func(e *outlay.SpendEntry) error {
			seen++
			for _, a := range e.Allocations {
				allocated += a.Amount
			}
			if seen%500 == 1 {
				if _, err := rt.GetSettings(ctx); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(n*100 + n*(n-1)/2); seen != n || allocated != want {
		t.Errorf("view streamed %d entries with %d allocated; want %d and %d", seen, allocated, n, want)
	}
}

// TestTxUpdateSettingsMovesPaymentsInTheSameTransaction: inside a unit of work, a new
// fiscal calendar recomputes the payments before the commit, so the caller's
// transaction is never left with payments projected for the old calendar.
func TestTxUpdateSettingsMovesPaymentsInTheSameTransaction(t *testing.T) {
	d := MustOpen(t) // today is 2026-11-25
	ctx := asUser(1, "ed@example.com")
	c := annualContract(seedVendorRow(t, d, "Acme"), "Monthly", "2026-01-01", "2026-12-31")
	c.Terms[0].Billing = "monthly"
	mustCreateContract(t, d, c)
	var last string
	lastDue := func() string {
		if err := d.ReadDB().QueryRow(`SELECT max(due) FROM contract_payments WHERE contract_id = ?`, c.ID).Scan(&last); err != nil {
			t.Fatal(err)
		}
		return last
	}
	if got := lastDue(); got != "2027-12-01" {
		t.Fatalf("last payment with a January year: %s, want 2027-12-01 (end of FY2027)", got)
	}
	err := d.Update(ctx, func(tx *sqlite.Tx) error {
		st, err := tx.GetSettings(ctx)
		if err != nil {
			return err
		}
		st.FYStartMonth = 7
		return tx.UpdateSettings(ctx, st)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := lastDue(); got != "2028-06-01" {
		t.Errorf("last payment after moving the year to July: %s, want 2028-06-01 (end of FY2028)", got)
	}
	var until string
	if err := d.ReadDB().QueryRow(`SELECT value FROM settings WHERE key = 'payments_until'`).Scan(&until); err != nil || until != "2028-06-30" {
		t.Errorf("stored horizon %q, %v; want 2028-06-30", until, err)
	}
}
