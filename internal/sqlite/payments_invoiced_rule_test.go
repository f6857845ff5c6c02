package sqlite_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"outlay/internal/figures"
	"outlay/internal/outlay"
)

// TestInvoicedRuleAgreesWithFigures checks that the SQL rule that marks a stored payment
// invoiced (paymentInvoicedSQL, kept by every spend change) and the pure rule in
// figures.Uninvoiced, which the figures examples are written against, give the same
// answer: on contracts billed monthly, quarterly and annually, with invoices dated on
// period edges, inside periods and outside any period, after every spend change.
func TestInvoicedRuleAgreesWithFigures(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	v := seedVendorRow(t, d, "Acme")
	lines := map[int]int64{} // fiscal year (the calendar year here) -> its INF-CLOUD line
	for _, fy := range []int{2025, 2026, 2027} {
		lines[fy] = blCreate(t, d, blFixture("INF-CLOUD", 4000000, func(b *outlay.BudgetLine) { b.FY = fy })).ID
	}
	var ids []int64
	for _, billing := range []string{"monthly", "quarterly", "annual"} {
		c := annualContract(v, "Contract "+billing, "2026-01-01", "2026-12-31")
		c.Terms[0].Billing = billing
		c.RenewalTermMonths = 12
		c.BudgetLineCode = "INF-CLOUD"
		mustCreateContract(t, d, c)
		ids = append(ids, c.ID)
	}

	r := rand.New(rand.NewPCG(7, 11))
	var invoices []figures.InvoicedPeriod
	check := func(step string) {
		t.Helper()
		for _, id := range ids {
			var stored []figures.ScheduledPayment
			var storedUninvoiced []string
			for _, p := range payRows(t, d, id) {
				sp := figures.ScheduledPayment{ContractID: id, Due: civilDay(p.due), PeriodStart: civilDay(p.start), PeriodEnd: civilDay(p.end)}
				stored = append(stored, sp)
				if !p.invoiced {
					storedUninvoiced = append(storedUninvoiced, p.due)
				}
			}
			var pure []string
			for _, p := range figures.Uninvoiced(stored, invoices) {
				pure = append(pure, outlay.FormatDate(p.Due))
			}
			sort.Strings(pure)
			sort.Strings(storedUninvoiced)
			if fmt.Sprint(pure) != fmt.Sprint(storedUninvoiced) {
				t.Fatalf("%s: contract %d uninvoiced by SQL %v, by figures.Uninvoiced %v", step, id, storedUninvoiced, pure)
			}
		}
	}
	check("no spend")
	edges := []string{"2025-12-31", "2026-01-01", "2026-03-31", "2026-04-01", "2026-06-30", "2026-12-31", "2027-01-01", "2027-06-15"}
	for i := 0; i < 24; i++ {
		id := ids[r.IntN(len(ids))]
		date := edges[r.IntN(len(edges))]
		if r.IntN(2) == 0 {
			date = outlay.FormatDate(civilDay("2025-11-01").AddDate(0, 0, r.IntN(500)))
		}
		e0 := civilDay(date)
		e := &outlay.SpendEntry{Date: e0, VendorID: v, Description: "Invoice", InvoiceNumber: fmt.Sprintf("INV-%d", i),
			Amount: 10000, Currency: "EUR", ContractID: &id, Allocations: []outlay.Allocation{{BudgetLineID: lines[e0.Year()]}}}
		if err := d.CreateSpend(ctx, e); err != nil {
			t.Fatal(err)
		}
		invoices = append(invoices, figures.InvoicedPeriod{ContractID: id, Date: e.Date})
		check(fmt.Sprintf("after invoice %d dated %s", i, date))
	}
}
