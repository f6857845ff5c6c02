package importer

import (
	"testing"

	"outlay/internal/outlay"
)

func spendRow(kv ...string) map[string]string {
	r := map[string]string{"Date": "2027-02-01", "Vendor": "Acme Cloud", "Description": "Hosting", "Budget line": "INF-CLOUD",
		"Amount": "100.00", "Currency": "EUR"}
	for i := 0; i+1 < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	return r
}

func TestImportSpendSplitEntry(t *testing.T) {
	e := newEnv(t)
	e.seed()
	res := e.run(outlay.ImportSpend, false,
		spendRow("Invoice", "INV-1", "Amount", "1000.00", "Charged to line", "600.01"),
		spendRow("Invoice", "INV-2", "Amount", "50.00", "Currency", "USD"),
		spendRow("Invoice", "inv-1", "Vendor", "ACME CLOUD", "Amount", "1000.00", "Budget line", "sw-office", "Charged to line", "399.99"),
		spendRow("Entry", "9", "Amount", "2000", "Currency", "JPY", "Charged to line", "12.40"),
	)
	e.mustOK(res)
	if len(res.Created) != 3 || res.Created[0].Label != "Acme Cloud INV-1" || res.Created[0].Row != 6 {
		t.Fatalf("created %+v", res.Created)
	}
	s, err := e.db.FindSpendByID(e.ctx, res.Created[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Amount != 100000 || len(s.Allocations) != 2 || s.Allocations[0].BudgetLineCode != "INF-CLOUD" || s.Allocations[0].Amount != 60001 ||
		s.Allocations[1].BudgetLineCode != "SW-OFFICE" || s.Allocations[1].Amount != 39999 {
		t.Errorf("split entry %+v", s)
	}
	usd, _ := e.db.FindSpendByID(e.ctx, res.Created[1].ID)
	if usd.Amount != 5000 || usd.FXRateMicros != 920000 || usd.BaseAmount != 4600 || usd.Allocations[0].Amount != 4600 {
		t.Errorf("USD entry: amount %d rate %d base %d, allocation %+v; want 50.00 at 0.92 = 46.00 all to INF-CLOUD",
			usd.Amount, usd.FXRateMicros, usd.BaseAmount, usd.Allocations)
	}
	jpy, _ := e.db.FindSpendByID(e.ctx, res.Created[2].ID)
	if jpy.Amount != 2000 || jpy.BaseAmount != 1240 || jpy.Allocations[0].Amount != 1240 {
		t.Errorf("JPY entry: amount %d base %d; want ¥2,000 at 0.0062 = 12.40", jpy.Amount, jpy.BaseAmount)
	}
}

func TestImportSpendProblems(t *testing.T) {
	e := newEnv(t)
	e.seed()
	e.mustOK(e.run(outlay.ImportSpend, false, spendRow("Invoice", "OLD-1")))
	before := e.counts()
	res := e.run(outlay.ImportSpend, true,
		spendRow("Date", "2027-13-01", "Invoice", "A1"),                                   // 6
		spendRow("Amount", "12.345", "Invoice", "A2"),                                     // 7
		spendRow("Amount", "100.5", "Currency", "JPY", "Invoice", "A3"),                   // 8
		spendRow("Currency", "GBP", "Invoice", "A4"),                                      // 9
		spendRow("Vendor", "Nobody Ltd", "Invoice", "A5"),                                 // 10
		spendRow("Budget line", "NO-SUCH", "Invoice", "A6"),                               // 11
		spendRow("Contract reference", "X-1", "Invoice", "A7"),                            // 12
		spendRow("Invoice", "old-1"),                                                      // 13
		spendRow("Invoice", "S1", "Charged to line", "60.00"),                             // 14
		spendRow("Invoice", "S1", "Budget line", "SW-OFFICE", "Charged to line", "30.00"), // 15
		spendRow("Invoice", "S2", "Entry", "1"),                                           // 16
		spendRow("Invoice", "S2", "Entry", "2"),                                           // 17
		spendRow("Invoice", "S3", "Charged to line", "50.00"),                             // 18
		spendRow("Invoice", "S3", "Description", "Other", "Charged to line", "50.00"),     // 19
		spendRow("Invoice", "S4", "Amount", "90", "Charged to line", "50.00"),             // 20
		spendRow("Invoice", "S4", "Amount", "90", "Budget line", "SW-OFFICE"),             // 21
		spendRow("Date", "2026-12-31", "Invoice", "A8"),                                   // 22
	)
	hasProblem(t, res, 6, "Date", "not a real date")
	hasProblem(t, res, 7, "Amount", "decimal")
	hasProblem(t, res, 8, "Amount", "decimal")
	hasProblem(t, res, 9, "Currency", "GBP")
	hasProblem(t, res, 10, "Vendor", "no vendor is named “Nobody Ltd”")
	hasProblem(t, res, 11, "Budget line", "FY2027 has no budget line NO-SUCH")
	hasProblem(t, res, 12, "Contract reference", "Acme Cloud has no contract “X-1”")
	hasProblem(t, res, 13, "Invoice", "already recorded")
	hasProblem(t, res, 14, "Charged to line", "add up to 90.00 EUR, not the entry's 100.00 EUR")
	hasProblem(t, res, 17, "Invoice", "on row 16 already")
	hasProblem(t, res, 19, "Description", "differs from row 18")
	hasProblem(t, res, 21, "Charged to line", "give the part")
	hasProblem(t, res, 22, "Budget line", "FY2026 has no budget line INF-CLOUD")
	if t.Failed() {
		t.Logf("all: %q", problems(res))
	}
	if after := e.counts(); !mapsEqual(before, after) {
		t.Errorf("a preview stored something: %v -> %v", before, after)
	}
	real := e.run(outlay.ImportSpend, false, spendRow("Date", "2027-13-01", "Invoice", "A1"), spendRow("Invoice", "A9"))
	if len(real.Problems) != 1 || real.Problems[0].Row != 6 || e.count("spend_entries") != before["spend_entries"] {
		t.Errorf("commit with a bad row: %q, %d entries", problems(real), e.count("spend_entries"))
	}
}
