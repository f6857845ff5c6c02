package sqlite_test

import (
	"context"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// packFixture has FY2026 and FY2027 lines of one code (January start), an entry of
// FY2026 whose service runs into FY2027, a plain one, a zero-amount split part, and two
// vendors.
func packFixture(t *testing.T) (*sqlite.DB, context.Context, map[string]int64) {
	t.Helper()
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	acme := mustVendor(t, d, ctx, "Acme", "software")
	beta := mustVendor(t, d, ctx, "Beta", "software")
	lines := map[string]int64{}
	for _, l := range []*outlay.BudgetLine{
		{FY: 2026, Code: "SW-A", Name: "A", Category: "software", ExpenseType: "opex", Planned: 100_000_00},
		{FY: 2026, Code: "SW-B", Name: "B", Category: "software", ExpenseType: "opex", Planned: 100_000_00},
		{FY: 2027, Code: "SW-A", Name: "A", Category: "software", ExpenseType: "opex", Planned: 100_000_00},
	} {
		if err := d.CreateBudgetLine(ctx, l); err != nil {
			t.Fatal(err)
		}
		lines[l.Code+"/"+time.Date(l.FY, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")] = l.ID
	}
	from, to := civilDay("2026-11-15"), civilDay("2027-02-14")
	for _, e := range []*outlay.SpendEntry{
		// 92 days: 16 in November, 31 in December, 31 in January, 14 in February.
		{Date: civilDay("2026-11-20"), VendorID: acme.ID, Description: "Licences", InvoiceNumber: "A-1", Amount: 920_00, Currency: "EUR",
			ServiceFrom: &from, ServiceTo: &to, Allocations: []outlay.Allocation{{BudgetLineID: lines["SW-A/2026"], Amount: 620_00}, {BudgetLineID: lines["SW-B/2026"]}}},
		{Date: civilDay("2027-01-10"), VendorID: beta.ID, Description: "Support", InvoiceNumber: "B-1", Amount: 100_00, Currency: "EUR",
			Allocations: []outlay.Allocation{{BudgetLineID: lines["SW-A/2027"]}}},
	} {
		if err := d.CreateSpend(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	return d, ctx, map[string]int64{"acme": acme.ID, "beta": beta.ID}
}

func packCharges(t *testing.T, d *sqlite.DB, q outlay.ChargeQuery) ([]outlay.PackCharge, []outlay.VendorSpend) {
	t.Helper()
	var out []outlay.PackCharge
	var vs []outlay.VendorSpend
	err := d.View(context.Background(), func(tx *sqlite.ReadTx) error {
		if err := tx.EachPackCharge(context.Background(), q, func(c *outlay.PackCharge) error {
			out = append(out, *c)
			return nil
		}); err != nil {
			return err
		}
		var err error
		vs, err = tx.VendorCharges(context.Background(), q)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, vs
}

func TestPackChargesCountWhatTheFiguresCount(t *testing.T) {
	d, _, vendors := packFixture(t)
	q1From, q1To := civilDay("2027-01-01"), civilDay("2027-03-31")
	for _, tc := range []struct {
		basis string
		want  map[string]int64 // by code, worked by hand
	}{
		// Cash: only B-1 is dated in 2027 Q1.
		{outlay.BasisCash, map[string]int64{"SW-A": 100_00}},
		// Accrual: A-1's January and February shares (31 + 14 of 92 days) of 620.00
		// (208.91 + 94.35) and of 300.00 (101.09 + 45.65), counted on FY2027 though
		// allocated to FY2026's lines, and B-1 on its date.
		{outlay.BasisAccrual, map[string]int64{"SW-A": 208_91 + 94_35 + 100_00, "SW-B": 101_09 + 45_65}},
	} {
		t.Run(tc.basis, func(t *testing.T) {
			charges, vs := packCharges(t, d, outlay.ChargeQuery{From: q1From, To: q1To, Basis: tc.basis})
			got := map[string]int64{}
			byVendor := map[int64]int64{}
			for _, c := range charges {
				got[c.Allocation.BudgetLineCode] += c.Counted
				byVendor[c.Entry.VendorID] += c.Counted
			}
			figs, err := d.BudgetFigures(context.Background(), outlay.FiguresQuery{FY: 2027, Quarter: 1, Basis: tc.basis, Today: civilDay("2026-11-25")})
			if err != nil {
				t.Fatal(err)
			}
			actual := map[string]int64{}
			for _, f := range figs {
				actual[f.Code] = f.Actual
			}
			for code, want := range tc.want {
				if got[code] != want || actual[code] != want {
					t.Errorf("%s: charges count %d, figures %d, worked %d", code, got[code], actual[code], want)
				}
			}
			for code, a := range actual {
				if got[code] != a {
					t.Errorf("%s: charges count %d, figures %d", code, got[code], a)
				}
			}
			for _, v := range vs {
				if v.Amount != byVendor[v.VendorID] || v.Entries == 0 {
					t.Errorf("vendor %d: %+v, charges add up to %d", v.VendorID, v, byVendor[v.VendorID])
				}
				delete(byVendor, v.VendorID)
			}
			if len(byVendor) != 0 {
				t.Errorf("vendors with charges but no sum: %v", byVendor)
			}
			if tc.basis == outlay.BasisCash && (len(vs) != 1 || vs[0].VendorID != vendors["beta"]) {
				t.Errorf("cash vendors = %+v", vs)
			}
		})
	}
}

func TestPackCommitmentsAreTheUninvoicedPaymentsInRange(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	v := mustVendor(t, d, ctx, "Acme", "software")
	if err := d.CreateBudgetLine(ctx, &outlay.BudgetLine{FY: 2026, Code: "SW-A", Name: "A", Category: "software", ExpenseType: "opex", Planned: 1_000_00}); err != nil {
		t.Fatal(err)
	}
	monthly := func(title, currency string) *outlay.Contract {
		c := annualContract(v.ID, title, "2026-01-01", "2026-12-31")
		c.Currency, c.BudgetLineCode, c.Terms[0].Billing = currency, "SW-A", "monthly"
		return mustCreateContract(t, d, c)
	}
	paid := monthly("Paid", "EUR")
	monthly("No rate", "CHF")
	archived := monthly("Archived", "EUR")
	if err := d.ArchiveContract(ctx, archived.ID); err != nil {
		t.Fatal(err)
	}
	// October of "Paid" is invoiced.
	if err := d.CreateSpend(ctx, &outlay.SpendEntry{Date: civilDay("2026-10-02"), VendorID: v.ID, Description: "October", InvoiceNumber: "P-10",
		Amount: 1_000_00, Currency: "EUR", ContractID: &paid.ID, Allocations: []outlay.Allocation{{BudgetLineID: 1}}}); err != nil {
		t.Fatal(err)
	}
	var rows []outlay.PackCommitment
	if err := d.View(ctx, func(tx *sqlite.ReadTx) error {
		var err error
		rows, err = tx.PackCommitments(ctx, civilDay("2026-10-01"), civilDay("2026-12-31"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Paid: November and December; No rate: October to December without a base amount.
	if len(rows) != 5 {
		t.Fatalf("commitments = %+v", rows)
	}
	var known int64
	for i, r := range rows {
		if i > 0 && rows[i-1].Due.After(r.Due) {
			t.Errorf("row %d out of due order", i)
		}
		switch r.ContractTitle {
		case "Paid":
			if !r.BaseKnown || r.BaseAmount != 1_000_00 || r.Due.Month() == time.October || r.VendorName != "Acme" {
				t.Errorf("paid row = %+v", r)
			}
			known += r.BaseAmount
		case "No rate":
			if r.BaseKnown || r.Currency != "CHF" || r.Amount != 1_000_00 {
				t.Errorf("no-rate row = %+v", r)
			}
		default:
			t.Errorf("unexpected row %+v", r)
		}
	}
	figs, err := d.BudgetFigures(ctx, outlay.FiguresQuery{FY: 2026, Quarter: 4, Today: civilDay("2026-11-25")})
	if err != nil || len(figs) != 1 || figs[0].Committed != known {
		t.Fatalf("figures %+v (%v); commitments with a base amount add up to %d", figs, err, known)
	}
}
