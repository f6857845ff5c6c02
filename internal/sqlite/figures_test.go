package sqlite_test

import (
	"testing"

	"outlay/internal/outlay"
)

func TestBudgetFiguresCashAccrualCommittedForecast(t *testing.T) {
	f := newSpendFixture(t) // January fiscal year; today is 2026-11-25
	f.rate("USD", "2026-01-01", 900000)
	a := f.entry("A-1", 100000) // 1,000.00 EUR on 2026-03-15, no service period
	if err := f.d.CreateSpend(f.ctx, a); err != nil {
		t.Fatal(err)
	}
	b := f.entry("B-1", 50000) // 500.00 USD = 450.00 EUR, for the whole year
	b.Date, b.Currency, b.ServiceFrom, b.ServiceTo = spendDay("2026-02-10"), "USD", spendDayp("2026-01-01"), spendDayp("2026-12-31")
	if err := f.d.CreateSpend(f.ctx, b); err != nil {
		t.Fatal(err)
	}
	pay := func(due string, amount int64, invoiced int) {
		f.exec(`INSERT INTO contract_payments (contract_id, due, period_start, period_end, amount, base_amount, invoiced, budget_line_code)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'INF-CLOUD')`, f.contract, due, due, due, amount, amount, invoiced)
	}
	pay("2026-12-01", 20000, 0) // committed, after today
	pay("2026-10-01", 30000, 0) // committed and overdue, not invoiced: still in the forecast
	pay("2026-06-01", 50000, 1) // invoiced: never committed
	pay("2027-01-01", 70000, 0) // next fiscal year
	f.exec(`INSERT INTO contract_payments (contract_id, due, period_start, period_end, amount, base_amount, budget_line_code)
		VALUES (?, '2026-12-15', '2026-12-15', '2026-12-15', 1000, NULL, 'INF-CLOUD')`, f.contract) // no rate yet

	get := func(q outlay.FiguresQuery) outlay.LineFigures {
		t.Helper()
		q.LineID = &f.cloud
		got, err := f.d.BudgetFigures(f.ctx, q)
		if err != nil || len(got) != 1 {
			t.Fatalf("BudgetFigures(%+v) = %v, %v", q, got, err)
		}
		return got[0]
	}
	year := get(outlay.FiguresQuery{FY: 2026, Basis: "cash"})
	// Forecast = actual 1,450.00 + committed 500.00, the overdue 300.00 included.
	want := []int64{400000, 145000, 50000, 30000, 195000, 255000, 205000}
	gotv := []int64{year.Planned, year.Actual, year.Committed, year.Overdue, year.Forecast, year.Variance, year.ForecastVariance}
	for i := range want {
		if gotv[i] != want[i] {
			t.Fatalf("cash year figures = %v, want %v", gotv, want)
		}
	}
	q1 := get(outlay.FiguresQuery{FY: 2026, Quarter: 1, Basis: "cash"})
	if q1.Planned != 100000 || q1.Actual != 145000 || q1.Committed != 0 || q1.Variance != -45000 || q1.Forecast != 195000 {
		t.Fatalf("cash Q1 = %+v", q1.Figures)
	}
	var accrualSum int64
	for q := 1; q <= 4; q++ {
		accrualSum += get(outlay.FiguresQuery{FY: 2026, Quarter: q, Basis: "accrual"}).Actual
	}
	aq1 := get(outlay.FiguresQuery{FY: 2026, Quarter: 1, Basis: "accrual"}).Actual
	if accrualSum != 145000 || aq1 < 111095 || aq1 > 111096 {
		t.Fatalf("accrual: quarters sum %d (want 145000), Q1 %d (want 1,000.00 + 90/365 of 450.00)", accrualSum, aq1)
	}
	all, err := f.d.BudgetFigures(f.ctx, outlay.FiguresQuery{FY: 2026})
	if err != nil || len(all) != 2 || all[0].Code != "INF-CLOUD" || all[1].Code != "SW-LIC" || all[1].Actual != 0 {
		t.Fatalf("all lines = %+v, %v", all, err)
	}
	if n, err := f.d.MissingRatePayments(f.ctx, spendDay("2026-01-01"), spendDay("2026-12-31")); err != nil || n != 1 {
		t.Fatalf("missing rate payments = %d, %v", n, err)
	}
	top, err := f.d.TopVendors(f.ctx, spendDay("2026-01-01"), spendDay("2026-12-31"), 5)
	if err != nil || len(top) != 1 || top[0].Amount != 145000 || top[0].Entries != 2 {
		t.Fatalf("top vendors = %+v, %v", top, err)
	}
}
