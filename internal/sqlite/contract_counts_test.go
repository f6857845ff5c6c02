package sqlite_test

import (
	"context"
	"testing"

	"outlay/internal/outlay"
)

// TestCountContractsAgreesWithTheFilters checks the dashboard's one-pass counts against
// the list filters they summarise.
func TestCountContractsAgreesWithTheFilters(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	v := seedVendorRow(t, d, "Acme")
	for i, end := range []string{"2026-12-31", "2027-01-20", "2027-03-31", "2027-12-31", "2028-06-30", "2026-11-30"} {
		c := annualContract(v, "C"+end, "2026-01-01", end)
		if i%2 == 1 {
			c.RenewalType = "manual"
		}
		mustCreateContract(t, d, c)
	}
	archived := mustCreateContract(t, d, annualContract(v, "Archived", "2026-01-01", "2026-12-31"))
	if err := d.ArchiveContract(asUser(1, "ed@example.com"), archived.ID); err != nil {
		t.Fatal(err)
	}
	today := civilDay("2026-11-25")
	got, err := d.CountContracts(ctx, today, 90, 30)
	if err != nil {
		t.Fatal(err)
	}
	count := func(f outlay.ContractFilter) int {
		f.Today, f.WindowDays, f.Limit = today, 90, 1
		_, n, err := d.FindContracts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	in30 := today.AddDate(0, 0, 30)
	want := outlay.ContractCounts{All: count(outlay.ContractFilter{}), Active: count(outlay.ContractFilter{Status: "active"}),
		Notice: count(outlay.ContractFilter{Status: "notice"}), NoticeMissed: count(outlay.ContractFilter{Status: "notice_missed"}),
		Soon: count(outlay.ContractFilter{KeyDateFrom: &today, KeyDateTo: &in30})}
	if got != want || got.All != 6 || got.Notice == 0 || got.NoticeMissed == 0 || got.Soon == 0 {
		t.Fatalf("CountContracts = %+v, the filters say %+v", got, want)
	}
	if due := count(outlay.ContractFilter{Status: outlay.StatusDecisionDue}); got.DecisionDue() != due || due != got.Notice+got.NoticeMissed {
		t.Errorf("DecisionDue() = %d, the decision_due filter lists %d", got.DecisionDue(), due)
	}
}
