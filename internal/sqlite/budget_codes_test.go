package sqlite_test

import (
	"testing"

	"outlay/internal/outlay"
)

const unknownCodeMsg = "no budget line has the code SW-LIC; add it under Budget first"

func TestContractBudgetLineCodeMustExistOnceLinesDo(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	v := seedVendorRow(t, d, "Acme")

	// Before the first budget line, a code can be typed ahead.
	early := annualContract(v, "Early", "2026-01-01", "2026-12-31")
	early.BudgetLineCode = "SW-LIC"
	mustCreateContract(t, d, early)

	blCreate(t, d, blFixture("INF-CLOUD", 100000)) // FY2027
	blCreate(t, d, blFixture("OLD-LINE", 100000, func(b *outlay.BudgetLine) { b.FY = 2025 }))

	c := annualContract(v, "Hosting", "2026-01-01", "2026-12-31")
	c.BudgetLineCode = "sw-lic"
	err := d.CreateContract(ctx, c)
	if outlay.ErrorCode(err) != outlay.EINVALID || outlay.ErrorFields(err)["budget_line_code"] != unknownCodeMsg {
		t.Fatalf("unknown code: %v", err)
	}
	if n := countRows(t, d, "SELECT count(*) FROM contracts"); n != 1 {
		t.Fatalf("%d contracts after a refusal", n)
	}
	// Every problem is reported at once.
	c = annualContract(v, "X", "2026-01-01", "2026-12-31")
	c.BudgetLineCode, c.Currency = "SW-LIC", "EURO"
	err = d.CreateContract(ctx, c)
	if f := outlay.ErrorFields(err); f["currency"] == "" || f["budget_line_code"] != unknownCodeMsg {
		t.Fatalf("both fields: %v", err)
	}

	for _, code := range []string{"inf-cloud", "OLD-LINE", ""} {
		c := annualContract(v, "Hosting "+code, "2026-01-01", "2026-12-31")
		c.BudgetLineCode = code
		if err := d.CreateContract(ctx, c); err != nil {
			t.Errorf("code %q (a line of any year counts): %v", code, err)
		}
	}

	// A code typed ahead must be fixed at the next save.
	early.Notes = "now with notes"
	err = d.UpdateContract(ctx, early)
	if outlay.ErrorFields(err)["budget_line_code"] != unknownCodeMsg {
		t.Fatalf("update keeping an unknown code: %v", err)
	}
	early.BudgetLineCode = "INF-CLOUD"
	if err := d.UpdateContract(ctx, early); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.FindContractByID(ctx, early.ID); got.BudgetLineCode != "INF-CLOUD" || got.Notes != "now with notes" {
		t.Fatalf("updated: %q %q", got.BudgetLineCode, got.Notes)
	}
}

func TestLicenceBudgetLineCodeMustExistOnceLinesDo(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	v := insertVendor(t, d, "Adobe")

	early := newLicence(v, "Acrobat")
	early.BudgetLineCode = "SW-LIC"
	if err := d.CreateLicence(ctx, early, nil); err != nil {
		t.Fatalf("code typed ahead of any budget line: %v", err)
	}

	blCreate(t, d, blFixture("INF-CLOUD", 100000))

	l := newLicence(v, "Creative Cloud")
	l.BudgetLineCode = "SW-LIC"
	err := d.CreateLicence(ctx, l, nil)
	if outlay.ErrorCode(err) != outlay.EINVALID || outlay.ErrorFields(err)["budget_line_code"] != unknownCodeMsg {
		t.Fatalf("unknown code: %v", err)
	}
	if n := countRows(t, d, "SELECT count(*) FROM licences"); n != 1 {
		t.Fatalf("%d licences after a refusal", n)
	}
	// Every problem is reported at once, link checks included.
	l.VendorID = 999
	err = d.CreateLicence(ctx, l, nil)
	if f := outlay.ErrorFields(err); f["vendor_id"] == "" || f["budget_line_code"] != unknownCodeMsg {
		t.Fatalf("both fields: %v", err)
	}
	l.VendorID = v
	l.BudgetLineCode = "inf-cloud"
	if err := d.CreateLicence(ctx, l, nil); err != nil {
		t.Fatal(err)
	}

	early.SeatsAssigned = 3
	if err := d.UpdateLicence(ctx, early, nil); outlay.ErrorFields(err)["budget_line_code"] != unknownCodeMsg {
		t.Fatalf("update keeping an unknown code: %v", err)
	}
	early.BudgetLineCode = ""
	if err := d.UpdateLicence(ctx, early, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.FindLicenceByID(ctx, early.ID); got.BudgetLineCode != "" || got.SeatsAssigned != 3 {
		t.Fatalf("updated: %q %d", got.BudgetLineCode, got.SeatsAssigned)
	}
}
