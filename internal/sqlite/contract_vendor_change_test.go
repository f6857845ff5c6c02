package sqlite_test

import (
	"context"
	"testing"

	"outlay/internal/outlay"
)

// A contract's spend entries and licences are its vendor's (checkSpendRefs and
// checkLicenceLinks insist on it). Moving a contract with such links to another vendor
// would leave Acme's invoices marking Globex's payments as invoiced, and every later edit
// of those entries refused; it is refused at the vendor field instead.
func TestUpdateContractVendorRefusedWhenSpendOrLicencesLinked(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	w := seedVendorRow(t, d, "Globex")
	ctx := asUser(1, "ed@example.com")
	c := mustCreateContract(t, d, annualContract(v, "Hosting", "2026-01-01", "2026-12-31"))
	line, err := d.WriteDB().Exec(`INSERT INTO budget_lines (fy, code, name, category, expense_type, planned, q1, q2, q3, q4, created_at, updated_at)
		VALUES (2026, 'INF-CLOUD', 'Cloud', 'cloud', 'opex', 400, 100, 100, 100, 100, 'x', 'x')`)
	if err != nil {
		t.Fatal(err)
	}
	lineID, _ := line.LastInsertId()
	e := &outlay.SpendEntry{Date: civilDay("2026-01-15"), VendorID: v, Description: "Hosting", Amount: 1200000,
		Currency: "EUR", ContractID: &c.ID, Allocations: []outlay.Allocation{{BudgetLineID: lineID}}}
	if err := d.CreateSpend(ctx, e); err != nil {
		t.Fatal(err)
	}

	edit, _ := d.FindContractByID(context.Background(), c.ID)
	edit.VendorID = w
	err = d.UpdateContract(ctx, edit)
	if outlay.ErrorFields(err)["vendor_id"] == "" {
		t.Fatalf("vendor change with linked spend: err = %v", err)
	}
	got, _ := d.FindContractByID(context.Background(), c.ID)
	if got.VendorID != v {
		t.Fatalf("vendor changed to %d", got.VendorID)
	}
	// The entry can still be edited.
	e.Description = "Hosting (January)"
	if err := d.UpdateSpend(ctx, e); err != nil {
		t.Fatal(err)
	}
}
