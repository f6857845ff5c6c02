package sqlite_test

import (
	"testing"

	"outlay/internal/outlay"
)

// Contracts and licences are charged to a code (checkBudgetLineCode refuses a code no
// line has, because its payments would count against nothing). Renaming or deleting the
// last line that carries a code still in use must not orphan them either.
func TestBudgetLineCodeInUseKeptByRenameAndDelete(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	v := seedVendorRow(t, d, "Acme")
	line := blCreate(t, d, blFixture("INF-CLOUD", 100000)) // FY2027
	c := annualContract(v, "Hosting", "2027-01-01", "2027-12-31")
	c.BudgetLineCode = "INF-CLOUD"
	mustCreateContract(t, d, c)

	line.Code = "INF-HOST"
	err := d.UpdateBudgetLine(ctx, line)
	if outlay.ErrorCode(err) != outlay.ECONFLICT || outlay.ErrorFields(err)["code"] == "" {
		t.Fatalf("rename of the last INF-CLOUD line with a contract charged to it: %v", err)
	}
	if err := d.DeleteBudgetLine(ctx, line.ID); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Fatalf("delete of the last INF-CLOUD line with a contract charged to it: %v", err)
	}
	figs, err := d.BudgetFigures(ctx, outlay.FiguresQuery{FY: 2027})
	if err != nil || len(figs) != 1 || figs[0].Code != "INF-CLOUD" || figs[0].Forecast != 1200000 {
		t.Fatalf("figures after the refusals: %+v, %v", figs, err)
	}

	// Another year's line keeps the code, so this year's may change.
	blCreate(t, d, blFixture("INF-CLOUD", 100000, func(b *outlay.BudgetLine) { b.FY = 2028 }))
	if err := d.UpdateBudgetLine(ctx, line); err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteBudgetLine(ctx, line.ID); err != nil {
		t.Fatal(err)
	}
}
