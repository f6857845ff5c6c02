package sqlite_test

import (
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// figuresByCode returns a fiscal year's figures by code, lines and unbudgeted alike.
func figuresByCode(t *testing.T, d *sqlite.DB, q outlay.FiguresQuery) map[string]outlay.LineFigures {
	t.Helper()
	figs, err := d.BudgetFigures(asUser(1, "ann@example.com"), q)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]outlay.LineFigures{}
	for _, f := range figs {
		if _, dup := out[f.Code]; dup {
			t.Fatalf("code %s twice in %+v", f.Code, figs)
		}
		out[f.Code] = f
	}
	return out
}

// TestAccrualSharesCountInTheirFiscalYear is the example on storage: with a July
// fiscal start, 10,000.00 invoiced on 2026-06-20 for 2026-05-01..2026-08-31 and charged
// to FY2026's INF-CLOUD shows 4,959.35 in FY2026 and 5,040.65 in FY2027, against
// FY2027's INF-CLOUD; a share landing in a year without the code's line is unbudgeted
// there; a contract charged to a code no line of the year has is unbudgeted committed;
// renaming a line's code moves its money with it.
func TestAccrualSharesCountInTheirFiscalYear(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	st, err := d.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.FYStartMonth, st.Basis = 7, outlay.BasisAccrual
	if err := d.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	v := seedVendorRow(t, d, "Acme")
	cloud26 := blCreate(t, d, blFixture("INF-CLOUD", 1200000, func(b *outlay.BudgetLine) { b.FY = 2026 }))
	cloud27 := blCreate(t, d, blFixture("INF-CLOUD", 2400000))
	wan26 := blCreate(t, d, blFixture("NET-WAN", 600000, func(b *outlay.BudgetLine) { b.FY = 2026 }))
	spend := func(invoice string, lineID, amount int64, from, to string) {
		t.Helper()
		e := &outlay.SpendEntry{Date: civilDay("2026-06-20"), VendorID: v, Description: invoice, InvoiceNumber: invoice,
			Amount: amount, Currency: "EUR", ServiceFrom: spendDayp(from), ServiceTo: spendDayp(to),
			Allocations: []outlay.Allocation{{BudgetLineID: lineID, Amount: amount}}}
		if err := d.CreateSpend(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	spend("INV-1", cloud26.ID, 1000000, "2026-05-01", "2026-08-31")
	// 3,000.00 for 2026-06-01..2026-07-31 (61 days) on NET-WAN, which FY2027 lacks:
	// June's 30 days (1,475.41) stay on FY2026's line, July's 31 (1,524.59) are FY2027's
	// unbudgeted NET-WAN.
	spend("INV-2", wan26.ID, 300000, "2026-06-01", "2026-07-31")
	c := annualContract(v, "Security", "2026-09-01", "2027-08-31")
	c.RenewalType, c.BudgetLineCode = "manual", "INF-CLOUD"
	mustCreateContract(t, d, c)
	// A code no line has: allowed only while no line carries it, so written directly.
	if _, err := d.WriteDB().Exec(`UPDATE contract_payments SET budget_line_code = 'SEC-NEW' WHERE contract_id = ?`, c.ID); err != nil {
		t.Fatal(err)
	}

	today := civilDay("2026-11-25")
	fy26 := figuresByCode(t, d, outlay.FiguresQuery{FY: 2026, Today: today})
	fy27 := figuresByCode(t, d, outlay.FiguresQuery{FY: 2027, Today: today})
	if got := fy26["INF-CLOUD"]; got.Actual != 495935 || got.LineID != cloud26.ID || got.Unbudgeted {
		t.Errorf("FY2026 INF-CLOUD = %+v, want actual 4,959.35 on its line", got)
	}
	if got := fy27["INF-CLOUD"]; got.Actual != 504065 || got.LineID != cloud27.ID || got.Forecast != 504065 {
		t.Errorf("FY2027 INF-CLOUD = %+v, want actual and forecast 5,040.65 on FY2027's line", got)
	}
	if a, b := fy26["INF-CLOUD"].Actual, fy27["INF-CLOUD"].Actual; a+b != 1000000 {
		t.Errorf("the shares add up to %d, not the invoice's 1000000", a+b)
	}
	if got := fy26["NET-WAN"]; got.Actual != 147541 || got.Unbudgeted {
		t.Errorf("FY2026 NET-WAN = %+v", got)
	}
	wan := fy27["NET-WAN"]
	if !wan.Unbudgeted || wan.LineID != 0 || wan.Actual != 152459 || wan.AnnualPlan != 0 || wan.Forecast != 152459 || wan.ForecastVariance != -152459 {
		t.Errorf("FY2027 NET-WAN = %+v, want unbudgeted 1,524.59", wan)
	}
	sec := fy27["SEC-NEW"]
	if !sec.Unbudgeted || sec.Committed != 1200000 || sec.Overdue != 1200000 || sec.Forecast != 1200000 {
		t.Errorf("FY2027 SEC-NEW = %+v, want 12,000.00 committed (due 2026-09-01: overdue, not invoiced)", sec)
	}
	if _, ok := fy26["SEC-NEW"]; ok {
		t.Errorf("SEC-NEW has nothing in FY2026: %+v", fy26["SEC-NEW"])
	}
	// One line: its code's money, no unbudgeted rows.
	one := figuresByCode(t, d, outlay.FiguresQuery{FY: 2027, LineID: &cloud27.ID, Today: today})
	if len(one) != 1 || one["INF-CLOUD"].Actual != 504065 {
		t.Errorf("FY2027 INF-CLOUD alone = %+v", one)
	}
	// Cash basis: the invoices count on their date, all in FY2026.
	cash27 := figuresByCode(t, d, outlay.FiguresQuery{FY: 2027, Basis: outlay.BasisCash, Today: today})
	if cash27["INF-CLOUD"].Actual != 0 || cash27["NET-WAN"].Actual != 0 || figuresByCode(t, d, outlay.FiguresQuery{FY: 2026, Basis: outlay.BasisCash, Today: today})["INF-CLOUD"].Actual != 1000000 {
		t.Errorf("cash FY2027 = %+v", cash27)
	}

	// FY2026's INF-CLOUD becomes INF-HOST: its shares follow the code, so FY2027's
	// INF-CLOUD line loses July and August and FY2027 shows them as unbudgeted INF-HOST.
	cloud26.Code = "INF-HOST"
	if err := d.UpdateBudgetLine(ctx, cloud26); err != nil {
		t.Fatal(err)
	}
	fy27 = figuresByCode(t, d, outlay.FiguresQuery{FY: 2027, Today: today})
	if fy27["INF-CLOUD"].Actual != 0 || !fy27["INF-HOST"].Unbudgeted || fy27["INF-HOST"].Actual != 504065 {
		t.Errorf("after the rename: INF-CLOUD %+v, INF-HOST %+v", fy27["INF-CLOUD"], fy27["INF-HOST"])
	}
}
