package figures

import (
	"testing"
	"time"

	"outlay/internal/fiscal"
	"outlay/internal/money"
)

// These worked examples follow a budget line through the pieces the way the
// application uses them: shares stored when spend is recorded, payments
// projected and matched against invoices, and Compute over the sums.

// spend is a recorded spend entry's allocation to one line, in base currency.
type spend struct {
	amount   int64
	date     time.Time
	from, to *time.Time
}

// actualByMonth stands in for the SQL aggregate over stored shares: the sum
// of each allocation's shares on the chosen basis, by month.
func actualByMonth(accrual bool, entries ...spend) []MonthAmount {
	sums := map[Month]int64{}
	var order []Month
	for _, e := range entries {
		shares := CashShares(e.amount, e.date)
		if accrual {
			shares = AccrualShares(e.amount, e.date, e.from, e.to)
		}
		for _, s := range shares {
			if _, ok := sums[s.Month]; !ok {
				order = append(order, s.Month)
			}
			sums[s.Month] += s.Amount
		}
	}
	out := make([]MonthAmount, len(order))
	for i, m := range order {
		out[i] = MonthAmount{Month: m, Amount: sums[m]}
	}
	return out
}

// dated turns uninvoiced payments into committed amounts; the payments here
// are already in base currency, so conversion is the identity.
func dated(ps []ScheduledPayment) []DatedAmount {
	out := make([]DatedAmount, len(ps))
	for i, p := range ps {
		out[i] = DatedAmount{Date: p.Due, Amount: p.Amount}
	}
	return out
}

func TestWorkedExamples(t *testing.T) {
	cal := fiscal.Calendar{StartMonth: time.January}
	fyStart, fyEnd := cal.Bounds(2027)
	period := func(q int) [2]time.Time {
		s, e := cal.QuarterBounds(2027, q)
		return [2]time.Time{s, e}
	}
	year := [2]time.Time{fyStart, fyEnd}

	t.Run("three-year prepaid contract under accrual", func(t *testing.T) {
		// 36,000.00 invoiced on 2026-01-10 for 2026-01-01..2028-12-31, on a
		// line planned at 12,000.00 for FY2027.
		prepaid := spend{amount: 3600000, date: d("2026-01-10"), from: dp("2026-01-01"), to: dp("2028-12-31")}
		in := Input{
			Period: year, FYStart: fyStart, FYEnd: fyEnd, Today: d("2027-06-15"),
			PlanByMonth: PlanMonths(cal, 2027, DefaultQuarters(1200000)),
		}

		in.ActualByMonth = actualByMonth(true, prepaid)
		got := Compute(in)
		// Only FY2027's 365 of the 1,096 days count: 1198905.1 → 1198905.
		// The rest of the year's share is already actual, so it is in the
		// forecast although today is in June and nothing is committed; July to
		// December (184 days) is the part prepaid for later months, January to
		// June (181 days) the year to date.
		want := Figures{Planned: 1200000, Actual: 1198905, Prepaid: 604380, Variance: 1095, YTDPlanned: 600000, YTDActual: 594525,
			AnnualPlan: 1200000, YearActual: 1198905, Forecast: 1198905, ForecastVariance: 1095}
		if got != want {
			t.Errorf("accrual: %+v, want %+v", got, want)
		}
		in.Period = period(1) // Jan 31 + Feb 28 + Mar 31 = 90 days: 295620.4
		if got := Compute(in); got.Actual != 101825+91970+101825 || got.Planned != 300000 {
			t.Errorf("accrual Q1: %+v", got)
		}

		// Cash basis: the whole invoice is in FY2026, nothing in FY2027.
		in.Period = year
		in.ActualByMonth = actualByMonth(false, prepaid)
		if got := Compute(in); got.Actual != 0 || got.Forecast != 0 || got.Variance != 1200000 {
			t.Errorf("cash: %+v", got)
		}
	})

	// A monthly contract for 2027 at 12,000.00, invoiced January to May.
	monthly := ContractInput{ID: 1, RenewalType: "manual",
		Terms: []TermInput{{Start: d("2027-01-01"), End: d("2027-12-31"), Price: 1200000, Billing: "monthly"}}}
	var invoices []InvoicedPeriod
	var entries []spend
	for m := time.January; m <= time.May; m++ {
		date := time.Date(2027, m, 3, 0, 0, 0, 0, time.UTC)
		invoices = append(invoices, InvoicedPeriod{ContractID: 1, Date: date})
		entries = append(entries, spend{amount: 100000, date: date})
	}
	monthlyInput := func(invoices []InvoicedPeriod, entries []spend, p [2]time.Time) Input {
		return Input{
			Period: p, FYStart: fyStart, FYEnd: fyEnd, Today: d("2027-06-15"),
			PlanByMonth:       PlanMonths(cal, 2027, DefaultQuarters(1200000)),
			ActualByMonth:     actualByMonth(false, entries...),
			CommittedPayments: dated(Uninvoiced(ProjectPayments(monthly, fyEnd), invoices)),
		}
	}

	t.Run("monthly billing committed through year end", func(t *testing.T) {
		// June to December are not invoiced: 7 × 1,000.00 committed in the
		// year. June was due on the 1st, before today: it is overdue, and
		// still committed, so the forecast is 5,000.00 actual + 7,000.00.
		got := Compute(monthlyInput(invoices, entries, year))
		want := Figures{Planned: 1200000, Actual: 500000, Committed: 700000, Overdue: 100000, Variance: 700000, YTDPlanned: 600000, YTDActual: 500000,
			AnnualPlan: 1200000, YearActual: 500000, YearCommitted: 700000, Forecast: 1200000, ForecastVariance: 0}
		if got != want {
			t.Errorf("year: %+v, want %+v", got, want)
		}
		if got := Compute(monthlyInput(invoices, entries, period(3))); got.Committed != 300000 || got.Actual != 0 {
			t.Errorf("Q3: %+v", got)
		}
	})

	t.Run("an invoiced period drops out of committed", func(t *testing.T) {
		before := Compute(monthlyInput(invoices, entries, period(2)))
		if before.Committed != 100000 || before.Actual != 200000 {
			t.Fatalf("Q2 before June's invoice: %+v", before)
		}
		// June's invoice arrives, dated the 20th: inside June's period.
		inv := append(append([]InvoicedPeriod{}, invoices...), InvoicedPeriod{ContractID: 1, Date: d("2027-06-20")})
		ent := append(append([]spend{}, entries...), spend{amount: 100000, date: d("2027-06-20")})
		after := Compute(monthlyInput(inv, ent, period(2)))
		want := Figures{Planned: 300000, Actual: 300000, Committed: 0, Variance: 0, YTDPlanned: 600000, YTDActual: 600000,
			AnnualPlan: 1200000, YearActual: 600000, YearCommitted: 600000, Forecast: 1200000, ForecastVariance: 0}
		if after != want {
			t.Errorf("Q2 after June's invoice: %+v, want %+v", after, want)
		}
	})

	t.Run("auto contract rolls into a new term before year end", func(t *testing.T) {
		// Term 2026-10-01..2027-09-30 billed annually at 12,000.00, auto
		// renewal for 12 months with 3% uplift; the first term was invoiced
		// on 2026-10-05 (FY2026). The renewal on 2027-10-01 costs 12,360.00
		// this year although no one has recorded the new term.
		c := ContractInput{ID: 5, RenewalType: "auto", RenewalTermMonths: 12, UpliftBasisPoints: 300,
			Terms: []TermInput{{Start: d("2026-10-01"), End: d("2027-09-30"), Price: 1200000, Billing: "annual"}}}
		first := spend{amount: 1200000, date: d("2026-10-05"), from: dp("2026-10-01"), to: dp("2027-09-30")}
		committed := Uninvoiced(ProjectPayments(c, fyEnd), []InvoicedPeriod{{ContractID: 5, Date: d("2026-10-05")}})
		if len(committed) != 1 || !committed[0].Projected || committed[0].Amount != 1236000 || committed[0].Due != d("2027-10-01") {
			t.Fatalf("committed = %+v", committed)
		}
		in := Input{
			Period: year, FYStart: fyStart, FYEnd: fyEnd, Today: d("2027-03-01"),
			PlanByMonth:       PlanMonths(cal, 2027, DefaultQuarters(1300000)),
			ActualByMonth:     actualByMonth(false, first),
			CommittedPayments: dated(committed),
		}
		want := Figures{Planned: 1300000, Actual: 0, Committed: 1236000, Variance: 1300000, YTDPlanned: 325000,
			AnnualPlan: 1300000, YearCommitted: 1236000, Forecast: 1236000, ForecastVariance: 64000}
		if got := Compute(in); got != want {
			t.Errorf("cash: %+v, want %+v", got, want)
		}
		// On accrual, January to September 2027 of the first term (273 of
		// 365 days) are actual as well.
		in.ActualByMonth = actualByMonth(true, first)
		want = Figures{Planned: 1300000, Actual: 897534, Prepaid: 601644, Committed: 1236000, Variance: 402466, YTDPlanned: 325000, YTDActual: 295890,
			AnnualPlan: 1300000, YearActual: 897534, YearCommitted: 1236000, Forecast: 2133534, ForecastVariance: -833534}
		if got := Compute(in); got != want {
			t.Errorf("accrual: %+v, want %+v", got, want)
		}
	})

	t.Run("split invoice across two lines", func(t *testing.T) {
		// 1,000.01 EUR split 60/40 between two lines: 600.006 and 400.004
		// become 600.01 and 400.00, which add up to the entry.
		const entry = 100001
		parts := money.Allocate(entry, []int64{60, 40})
		if parts[0] != 60001 || parts[1] != 40000 {
			t.Fatalf("parts = %v", parts)
		}
		// Each line's part is spread over the service period on its own;
		// the lines' actuals still add up to the entry, month by month too.
		var total int64
		perMonth := map[Month]int64{}
		for _, part := range parts {
			shares := actualByMonth(true, spend{amount: part, date: d("2027-02-01"), from: dp("2027-02-01"), to: dp("2027-04-30")})
			for _, s := range shares {
				perMonth[s.Month] += s.Amount
			}
			f := Compute(Input{Period: year, FYStart: fyStart, FYEnd: fyEnd, Today: d("2027-06-15"), ActualByMonth: shares})
			total += f.Actual
		}
		if total != entry {
			t.Errorf("lines' actual adds up to %d, want %d", total, entry)
		}
		// 28, 31 and 30 days of 89: line 1 18877, 20899, 20225; line 2
		// 12584, 13933, 13483.
		want := map[Month]int64{mo("2027-02"): 18877 + 12584, mo("2027-03"): 20899 + 13933, mo("2027-04"): 20225 + 13483}
		for m, w := range want {
			if perMonth[m] != w {
				t.Errorf("%s: %d, want %d", m, perMonth[m], w)
			}
		}
	})

	t.Run("foreign-currency invoice", func(t *testing.T) {
		// 1,234.56 USD at 1 USD = 0.92 EUR: 1135.7952 → 1,135.80 EUR, stored
		// on the entry, then allocated 50/50 to two lines.
		base := Convert(123456, 2, 2, 920000)
		if base != 113580 {
			t.Fatalf("base amount %d, want 113580", base)
		}
		parts := money.Allocate(base, []int64{1, 1})
		if parts[0] != 56790 || parts[1] != 56790 {
			t.Errorf("parts = %v", parts)
		}
		// Totals are sums of converted entries, never a converted sum: two
		// 0.05 USD entries at 0.90 are 0.045 → 0.05 EUR each, 0.10 EUR in
		// all, where converting the 0.10 USD total would give 0.09.
		a, b := Convert(5, 2, 2, 900000), Convert(5, 2, 2, 900000)
		if a+b != 10 || Convert(10, 2, 2, 900000) != 9 {
			t.Errorf("converted entries %d + %d; converted sum %d", a, b, Convert(10, 2, 2, 900000))
		}
		in := Input{
			Period: period(1), FYStart: fyStart, FYEnd: fyEnd, Today: d("2027-06-15"),
			ActualByMonth: actualByMonth(false, spend{amount: parts[0], date: d("2027-02-14")}, spend{amount: a, date: d("2027-03-01")}),
		}
		if got := Compute(in); got.Actual != 56795 {
			t.Errorf("line actual %d, want 56795", got.Actual)
		}
	})
}

// TestAccrualAcrossFiscalYears is the example: 10,000.00 invoiced on 2026-06-20
// for service 2026-05-01..2026-08-31 (123 days), with a July fiscal start. FY2026 (ends
// 2026-06-30) gets May and June, 61 days: 4,959.35; FY2027 gets July and August, 62
// days: 5,040.65; together exactly the invoice.
func TestAccrualAcrossFiscalYears(t *testing.T) {
	cal := fiscal.Calendar{StartMonth: time.July}
	shares := AccrualShares(1000000, d("2026-06-20"), dp("2026-05-01"), dp("2026-08-31"))
	byYear := map[int]int64{}
	var total int64
	for _, s := range shares {
		byYear[cal.Year(s.Month.Start())] += s.Amount
		total += s.Amount
	}
	if byYear[2026] != 495935 || byYear[2027] != 504065 || total != 1000000 {
		t.Fatalf("FY2026 %d, FY2027 %d, total %d; want 495935, 504065, 1000000", byYear[2026], byYear[2027], total)
	}
	for fy, want := range map[int]int64{2026: 495935, 2027: 504065} {
		start, end := cal.Bounds(fy)
		f := Compute(Input{Period: [2]time.Time{start, end}, FYStart: start, FYEnd: end, Today: d("2026-11-25"), ActualByMonth: shares})
		if f.Actual != want || f.Forecast != want || f.ForecastVariance != -want {
			t.Errorf("FY%d: %+v, want actual and forecast %d", fy, f, want)
		}
	}
}
