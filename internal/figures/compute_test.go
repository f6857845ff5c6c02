package figures

import (
	"errors"
	"math"
	"testing"
	"time"

	"outlay/internal/fiscal"
)

func TestCompute(t *testing.T) {
	jan := Input{
		FYStart: d("2027-01-01"), FYEnd: d("2027-12-31"), Today: d("2027-06-15"),
		PlanByMonth: PlanMonths(fiscal.Calendar{}, 2027, DefaultQuarters(1200000)), // 100000 a month
		ActualByMonth: []MonthAmount{
			{mo("2026-12"), 99999}, // before the fiscal year: never counted
			{mo("2027-01"), 90000},
			{mo("2027-02"), 110000},
			{mo("2027-03"), 100000},
			{mo("2027-04"), 50000},
			{mo("2027-07"), 20000}, // recorded, dated after today's month
			{mo("2028-01"), 77777}, // after the fiscal year: never counted
		},
		CommittedPayments: []DatedAmount{
			{d("2027-04-01"), 30000}, // due before today, still uninvoiced
			{d("2027-06-01"), 40000},
			{d("2027-06-16"), 5000},
			{d("2027-10-01"), 60000},
			{d("2028-01-01"), 70000}, // after the fiscal year
		},
	}
	// The year, whatever the period: plan 1,200,000, actual 370,000 (July's
	// 20,000 included), committed 135,000 (the overdue April and June payments
	// included), forecast = 370,000 + 135,000.
	yr := func(f Figures) Figures {
		f.AnnualPlan, f.YearActual, f.YearCommitted, f.Forecast, f.ForecastVariance = 1200000, 370000, 135000, 505000, 695000
		return f
	}
	with := func(from, to string, mod func(*Input)) Input {
		in := jan
		in.Period = [2]time.Time{d(from), d(to)}
		if mod != nil {
			mod(&in)
		}
		return in
	}
	july := Input{
		Period:  [2]time.Time{d("2027-01-01"), d("2027-03-31")}, // Q3 of FY2027
		FYStart: d("2026-07-01"), FYEnd: d("2027-06-30"), Today: d("2027-01-15"),
		PlanByMonth: PlanMonths(fiscal.Calendar{StartMonth: time.July}, 2027, [4]int64{100, 200, 300, 401}),
		ActualByMonth: []MonthAmount{
			{mo("2026-06"), 1000}, {mo("2026-07"), 10}, {mo("2027-02"), 4}, {mo("2027-06"), 20}, {mo("2027-07"), 2000},
		},
		CommittedPayments: []DatedAmount{
			{d("2027-01-15"), 3}, {d("2027-03-31"), 6}, {d("2027-06-30"), 5}, {d("2027-07-01"), 7},
		},
	}

	tests := []struct {
		name string
		in   Input
		want Figures
	}{
		{"Q1", with("2027-01-01", "2027-03-31", nil),
			yr(Figures{Planned: 300000, Actual: 300000, Variance: 0, YTDPlanned: 300000, YTDActual: 300000})},
		{"Q2: payments due before today stay committed, and are overdue", with("2027-04-01", "2027-06-30", nil),
			yr(Figures{Planned: 300000, Actual: 50000, Committed: 75000, Overdue: 70000, Variance: 250000, YTDPlanned: 600000, YTDActual: 350000})},
		{"fiscal year: the year to date runs through today's month", with("2027-01-01", "2027-12-31", nil),
			yr(Figures{Planned: 1200000, Actual: 370000, Prepaid: 20000, Committed: 135000, Overdue: 70000, Variance: 830000, YTDPlanned: 600000, YTDActual: 350000})},
		{"Q3: a later month's recorded actual is prepaid", with("2027-07-01", "2027-09-30", nil),
			yr(Figures{Planned: 300000, Actual: 20000, Prepaid: 20000, Committed: 0, Variance: 280000, YTDPlanned: 900000, YTDActual: 370000})},
		{"one month", with("2027-06-01", "2027-06-30", nil),
			yr(Figures{Planned: 100000, Actual: 0, Committed: 45000, Overdue: 40000, Variance: 100000, YTDPlanned: 600000, YTDActual: 350000})},
		{"a period that is not month-aligned counts the months it touches", with("2027-03-15", "2027-04-10", nil),
			yr(Figures{Planned: 200000, Actual: 150000, Committed: 30000, Overdue: 30000, Variance: 50000, YTDPlanned: 400000, YTDActual: 350000})},
		{"a payment due today is not overdue", with("2027-01-01", "2027-12-31", func(in *Input) { in.Today = d("2027-06-16") }),
			yr(Figures{Planned: 1200000, Actual: 370000, Prepaid: 20000, Committed: 135000, Overdue: 70000, Variance: 830000, YTDPlanned: 600000, YTDActual: 350000})},
		{"today before the fiscal year: nothing to date, every actual prepaid", with("2027-01-01", "2027-12-31", func(in *Input) { in.Today = d("2026-11-01") }),
			yr(Figures{Planned: 1200000, Actual: 370000, Prepaid: 370000, Committed: 135000, Variance: 830000})},
		{"today after the fiscal year: every uninvoiced payment is overdue and still in the forecast", with("2027-01-01", "2027-12-31", func(in *Input) { in.Today = d("2028-02-01") }),
			yr(Figures{Planned: 1200000, Actual: 370000, Committed: 135000, Overdue: 135000, Variance: 830000, YTDPlanned: 1200000, YTDActual: 370000})},
		{"over budget gives negative variances", with("2027-02-01", "2027-02-28", func(in *Input) { in.PlanByMonth = nil }),
			Figures{Planned: 0, Actual: 110000, Committed: 0, Variance: -110000, YTDActual: 200000,
				YearActual: 370000, YearCommitted: 135000, Forecast: 505000, ForecastVariance: -505000}},
		// FY2027 with a July start: plan 1001, actual in the year 34, committed
		// in the year 14 (the payment due 2027-07-01 is FY2028's).
		{"July start, Q3", july,
			Figures{Planned: 300, Actual: 4, Prepaid: 4, Committed: 9, Variance: 296, YTDPlanned: 600, YTDActual: 14,
				AnnualPlan: 1001, YearActual: 34, YearCommitted: 14, Forecast: 48, ForecastVariance: 953}},
		{"empty", Input{Period: [2]time.Time{d("2027-01-01"), d("2027-12-31")}, FYStart: d("2027-01-01"), FYEnd: d("2027-12-31"), Today: d("2027-06-15")},
			Figures{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compute(tt.in); got != tt.want {
				t.Errorf("Compute =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestComputeOverflowPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic on an int64 overflow")
		}
	}()
	const big = 1 << 62
	Compute(Input{
		Period: [2]time.Time{d("2027-01-01"), d("2027-12-31")}, FYStart: d("2027-01-01"), FYEnd: d("2027-12-31"),
		ActualByMonth: []MonthAmount{{mo("2027-01"), big}, {mo("2027-02"), big}},
	})
}

func TestConvert(t *testing.T) {
	tests := []struct {
		name                 string
		amount               int64
		fromDigits, toDigits int
		rate                 int64
		want                 int64
	}{
		{"USD to EUR: 113.574 rounds down", 12345, 2, 2, 920000, 11357},
		{"USD credit note mirrors", -12345, 2, 2, 920000, -11357},
		{"JPY (0 digits) to EUR", 1000000, 0, 2, 6200, 620000},
		{"KWD (3 digits) to EUR", 1250, 3, 2, 3000000, 375},
		{"KWD fils below a cent rounds down", 1, 3, 2, 3000000, 0},    // 0.3 cent
		{"KWD fils above half a cent rounds up", 2, 3, 2, 3000000, 1}, // 0.6 cent
		{"half a cent rounds away from zero", 5, 2, 2, 500000, 3},     // 2.5
		{"negative half a cent rounds away from zero", -5, 2, 2, 500000, -3},
		{"just under half rounds down", 4999, 2, 2, 100, 0},  // 0.4999 cent
		{"EUR to JPY (0 digits)", 100, 2, 0, 161500000, 162}, // 1 EUR = 161.5 JPY → 161.5 → 162
		{"rate 1 between 2-digit currencies is the identity", 987654321, 2, 2, 1000000, 987654321},
		{"zero", 0, 2, 2, 920000, 0},
		// 9×10^14 cents × 10^10 overflows int64 as an intermediate product.
		{"large amount and rate", 900000000000000, 2, 0, 10000000000, 90000000000000000},
		{"largest amounts", 1000000000000000, 2, 2, 1000000000, 1000000000000000000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Convert(tt.amount, tt.fromDigits, tt.toDigits, tt.rate); got != tt.want {
				t.Errorf("Convert(%d, %d, %d, %d) = %d, want %d", tt.amount, tt.fromDigits, tt.toDigits, tt.rate, got, tt.want)
			}
		})
	}
}

func TestConvertOverflowPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a result beyond int64")
		}
	}()
	Convert(1000000000000000, 2, 2, 1000000000000) // 10^15 cents at 10^6: 10^21
}

func TestFiguresAddRefusesOverflow(t *testing.T) {
	a := Figures{Planned: 5, Actual: -3, Variance: 8}
	got, err := a.Add(Figures{Planned: 7, Actual: -4, Variance: -1})
	if err != nil || got != (Figures{Planned: 12, Actual: -7, Variance: 7}) {
		t.Fatalf("Add = %+v, %v", got, err)
	}
	// Every figure is added, the year's as well as the period's.
	one := Figures{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	if got, err := one.Add(one); err != nil || got != (Figures{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}) {
		t.Errorf("Add = %+v, %v: a figure is not added", got, err)
	}
	for _, o := range []Figures{{Planned: math.MaxInt64}, {Variance: math.MinInt64}, {Overdue: math.MaxInt64}} {
		a := Figures{Planned: 1, Variance: -1, Overdue: 1}
		if _, err := a.Add(o); !errors.Is(err, ErrOverflow) {
			t.Errorf("Add(%+v) = %v, want ErrOverflow", o, err)
		}
	}
}
