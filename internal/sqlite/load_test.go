package sqlite_test

import (
	"slices"
	"strings"
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// TestLoadEmptyChecksSeeTheLoadsOwnChanges: a load keeps the rows its spend checks read
// (vendors, contracts, budget lines, rates); a change the load makes to one of them
// afterwards is seen by the next check, exactly as the forms would see it.
func TestLoadEmptyChecksSeeTheLoadsOwnChanges(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	err := d.LoadEmpty(ctx, func(tx *sqlite.Tx) error {
		v := &outlay.Vendor{Name: "Acme", Category: "software"}
		if err := tx.CreateVendor(ctx, v); err != nil {
			return err
		}
		line := blFixture("INF-CLOUD", 400000)
		if err := tx.CreateBudgetLine(ctx, line); err != nil {
			return err
		}
		if err := tx.CreateRate(ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: spendDay("2027-01-01"), RateMicros: 900000}); err != nil {
			return err
		}
		n := 0
		entry := func() *outlay.SpendEntry {
			n++
			return &outlay.SpendEntry{Date: spendDay("2027-03-01"), VendorID: v.ID, Description: "Hosting",
				InvoiceNumber: "INV-" + blItoa(int64(n)), Amount: 10000, Currency: "USD",
				Allocations: []outlay.Allocation{{BudgetLineID: line.ID}}}
		}
		e := entry()
		if err := tx.CreateSpend(ctx, e); err != nil {
			return err
		}
		if e.FXRateMicros != 900000 || e.BaseAmount != 9000 || e.VendorName != "Acme" || e.Allocations[0].BudgetLineCode != "INF-CLOUD" {
			t.Errorf("first entry: %+v", e)
		}

		// A rate added in the load converts the entries after it.
		if err := tx.CreateRate(ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: spendDay("2027-02-01"), RateMicros: 800000}); err != nil {
			return err
		}
		if e = entry(); tx.CreateSpend(ctx, e) != nil || e.FXRateMicros != 800000 || e.BaseAmount != 8000 {
			t.Errorf("entry after a new rate: %+v", e)
		}
		// A currency without a rate is refused with the form's message, after the
		// checks have read the other line.
		other := blFixture("SW-LIC", 100000)
		if err := tx.CreateBudgetLine(ctx, other); err != nil {
			return err
		}
		e = entry()
		e.Currency = "GBP"
		e.Allocations[0].BudgetLineID = other.ID
		if err := tx.CreateSpend(ctx, e); !strings.Contains(outlay.ErrorMessage(err), "No GBP exchange rate is effective on 2027-03-01") {
			t.Errorf("entry without a rate: %v", err)
		}

		// A renamed vendor and a renamed line are named as they are now.
		v.Name = "Acme Hosting"
		if err := tx.UpdateVendor(ctx, v); err != nil {
			return err
		}
		line.Name = "Cloud hosting"
		if err := tx.UpdateBudgetLine(ctx, line); err != nil {
			return err
		}
		if e = entry(); tx.CreateSpend(ctx, e) != nil || e.VendorName != "Acme Hosting" || e.Allocations[0].BudgetLineName != "Cloud hosting" {
			t.Errorf("entry after the renames: %+v", e)
		}

		// A line moved to another year refuses the entries of this one.
		other.FY = 2028
		if err := tx.UpdateBudgetLine(ctx, other); err != nil {
			return err
		}
		e = entry()
		e.Allocations[0].BudgetLineID = other.ID
		if err := tx.CreateSpend(ctx, e); !strings.Contains(outlay.ErrorMessage(err)+strings.Join(fieldValues(err), " "), "is a FY2028 line") {
			t.Errorf("entry on a line moved to another year: %v %v", err, outlay.ErrorFields(err))
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, d, `SELECT count(*) FROM spend_entries`); n != 3 {
		t.Errorf("%d entries stored, want 3", n)
	}
}

func fieldValues(err error) []string {
	var out []string
	for _, v := range outlay.ErrorFields(err) {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// TestLoadEmptyLeavesTheSchemaAsMigrated: the indexes a load drops while it writes are
// all there again afterwards, as the migrations made them, and hold every row.
func TestLoadEmptyLeavesTheSchemaAsMigrated(t *testing.T) {
	fresh, loaded := MustOpen(t), MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	err := loaded.LoadEmpty(ctx, func(tx *sqlite.Tx) error {
		v := &outlay.Vendor{Name: "Acme", Category: "software"}
		if err := tx.CreateVendor(ctx, v); err != nil {
			return err
		}
		line := blFixture("INF-CLOUD", 400000)
		if err := tx.CreateBudgetLine(ctx, line); err != nil {
			return err
		}
		return tx.CreateSpend(ctx, &outlay.SpendEntry{Date: spendDay("2027-03-01"), VendorID: v.ID, Description: "Hosting",
			Amount: 10000, Currency: "EUR", Allocations: []outlay.Allocation{{BudgetLineID: line.ID}}})
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	schema := func(d *sqlite.DB) []string {
		rows, err := d.ReadDB().Query(`SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	if got, want := schema(loaded), schema(fresh); !slices.Equal(got, want) {
		t.Errorf("schema after a load differs from the migrated one:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var check string
	if err := loaded.ReadDB().QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity check: %q %v", check, err)
	}
	if n := countRows(t, loaded, `SELECT count(*) FROM spend_entries INDEXED BY spend_vendor_idx WHERE vendor_id > 0`); n != 1 {
		t.Errorf("spend_vendor_idx holds %d entries, want 1", n)
	}
}
