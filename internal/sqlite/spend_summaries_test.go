package sqlite_test

import (
	"testing"

	"outlay/internal/outlay"
)

// TestSpendSummariesFollowEveryChange checks that the monthly summaries equal the
// detail rows after a create, a move to another line and month, and a delete.
func TestSpendSummariesFollowEveryChange(t *testing.T) {
	f := newSpendFixture(t)
	agree := func(step string) {
		t.Helper()
		var bad int
		if err := f.d.ReadDB().QueryRow(`SELECT count(*) FROM (
			SELECT budget_line_id, month, SUM(cash) dc, SUM(accrual) da FROM (
				SELECT budget_line_id, substr(date, 1, 7) month, amount cash, 0 accrual FROM spend_allocations
				UNION ALL SELECT budget_line_id, month, 0, amount FROM spend_accruals
				UNION ALL SELECT budget_line_id, month, -cash, -accrual FROM line_month_actuals
			) GROUP BY budget_line_id, month HAVING dc <> 0 OR da <> 0)`).Scan(&bad); err != nil {
			t.Fatal(err)
		}
		var badVendors int
		if err := f.d.ReadDB().QueryRow(`SELECT count(*) FROM (
			SELECT vendor_id, month, SUM(k) dk, SUM(amount) da FROM (
				SELECT vendor_id, substr(date, 1, 7) month, 1 k, base_amount amount FROM spend_entries
				UNION ALL SELECT vendor_id, month, -entries, -amount FROM vendor_month_spend
			) GROUP BY vendor_id, month HAVING dk <> 0 OR da <> 0)`).Scan(&badVendors); err != nil {
			t.Fatal(err)
		}
		if bad != 0 || badVendors != 0 {
			t.Fatalf("%s: %d line-month and %d vendor-month summaries disagree with the detail rows", step, bad, badVendors)
		}
	}
	e := f.entry("INV-1", 120000)
	e.ServiceFrom, e.ServiceTo = spendDayp("2026-01-01"), spendDayp("2026-06-30")
	if err := f.d.CreateSpend(f.ctx, e); err != nil {
		t.Fatal(err)
	}
	agree("after create")
	e.Date, e.VendorID, e.ContractID = spendDay("2026-09-01"), f.globex, nil
	e.Allocations = []outlay.Allocation{{BudgetLineID: f.soft, Amount: 20000}, {BudgetLineID: f.cloud}}
	if err := f.d.UpdateSpend(f.ctx, e); err != nil {
		t.Fatal(err)
	}
	agree("after moving it")
	if n := f.count("line_month_actuals"); n == 0 {
		t.Fatal("no summary rows at all")
	}
	if err := f.d.DeleteSpend(f.ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	agree("after delete")
	if n := f.count("line_month_actuals") + f.count("vendor_month_spend"); n != 0 {
		t.Fatalf("%d summary rows left after deleting the only entry", n)
	}
}
