package figures

import (
	"errors"
	"time"
)

// Input is what Compute needs for one budget line, all in base-currency
// minor units and already converted per item (never a converted sum). The
// caller fetches each slice with one SQL aggregate over stored pieces.
type Input struct {
	// Period is the reporting period, from and to inclusive. Reports use
	// month-aligned periods (a month, a quarter, the fiscal year); plan and
	// actual are held per month, so a period that is not month-aligned
	// counts every month it touches.
	Period [2]time.Time
	// FYStart and FYEnd bound the fiscal year of the line (inclusive), from
	// fiscal.Calendar.Bounds.
	FYStart, FYEnd time.Time
	// Today splits the forecast into "already happened" and "still to come".
	Today time.Time
	// PlanByMonth is the line's plan for the fiscal year (PlanMonths).
	PlanByMonth []MonthAmount
	// ActualByMonth is the line's actual for the fiscal year on the chosen
	// basis: sums of CashShares or AccrualShares per month.
	ActualByMonth []MonthAmount
	// CommittedPayments are the line's uninvoiced scheduled payments
	// (Uninvoiced of ProjectPayments), dated by due date, each converted to
	// base currency by the caller.
	CommittedPayments []DatedAmount
}

// Figures are a budget line's figures for a period, in base-currency minor
// units. Positive variances are under budget.
type Figures struct {
	// Planned is the plan for the months of the period.
	Planned int64
	// Actual is the actual for the months of the period.
	Actual int64
	// Committed is the uninvoiced scheduled payments due within the period.
	Committed int64
	// Forecast is what the whole fiscal year is expected to cost, whatever
	// the period: the year's actual plus what is committed after today.
	Forecast int64
	// Variance is Planned − Actual.
	Variance int64
	// ForecastVariance is the annual plan − Forecast.
	ForecastVariance int64
}

// ErrOverflow is the error of Figures.Add when a total leaves int64.
var ErrOverflow = errors.New("figures: a total is too large to add up")

// Add returns the figures of f and o added together, the total row of a list. Amounts
// are bounded where they are entered, so a total that leaves int64 means a bound was
// bypassed; it is reported, never wrapped round into a wrong figure.
func (f Figures) Add(o Figures) (Figures, error) {
	var out Figures
	for _, p := range []struct {
		dst  *int64
		a, b int64
	}{
		{&out.Planned, f.Planned, o.Planned}, {&out.Actual, f.Actual, o.Actual},
		{&out.Committed, f.Committed, o.Committed}, {&out.Forecast, f.Forecast, o.Forecast},
		{&out.Variance, f.Variance, o.Variance}, {&out.ForecastVariance, f.ForecastVariance, o.ForecastVariance},
	} {
		sum := p.a + p.b
		if (p.b > 0 && sum < p.a) || (p.b < 0 && sum > p.a) {
			return f, ErrOverflow
		}
		*p.dst = sum
	}
	return out, nil
}

// Compute derives a line's Figures from its aggregated pieces. The rules:
//
//   - Planned: the PlanByMonth months within the period (every month the
//     period touches).
//   - Actual: the ActualByMonth months within the period, likewise.
//   - Committed: the CommittedPayments whose due date is within the period
//     (exact dates, inclusive).
//   - Forecast, for the fiscal year and independent of the period: every
//     ActualByMonth month within the fiscal year, plus the CommittedPayments
//     due after Today and on or before FYEnd. Actual is taken for the whole
//     year, not only up to Today, because recorded spend dated later is a
//     known cost: under accrual, a prepaid multi-year invoice's shares for
//     the rest of the year are not committed (the payment is invoiced) and
//     would otherwise vanish from the forecast; under cash basis, later
//     actual is only a post-dated invoice. Committed payments due on or
//     before Today and still uninvoiced are left out: their time has passed,
//     and if the invoice comes it will be actual.
//   - Variance = Planned − Actual; ForecastVariance = annual plan (the
//     PlanByMonth months within the fiscal year) − Forecast.
//
// Sums are exact; a sum beyond int64 panics rather than wrapping (it would
// take 10^18 minor units).
func Compute(in Input) Figures {
	pFrom, pTo := civil(in.Period[0]), civil(in.Period[1])
	fyStart, fyEnd, today := civil(in.FYStart), civil(in.FYEnd), civil(in.Today)

	var f Figures
	f.Planned = sumMonths(in.PlanByMonth, MonthOf(pFrom), MonthOf(pTo))
	f.Actual = sumMonths(in.ActualByMonth, MonthOf(pFrom), MonthOf(pTo))
	f.Committed = sumDated(in.CommittedPayments, func(d time.Time) bool {
		return !d.Before(pFrom) && !d.After(pTo)
	})
	f.Forecast = add(
		sumMonths(in.ActualByMonth, MonthOf(fyStart), MonthOf(fyEnd)),
		sumDated(in.CommittedPayments, func(d time.Time) bool {
			return d.After(today) && !d.After(fyEnd)
		}),
	)
	annualPlan := sumMonths(in.PlanByMonth, MonthOf(fyStart), MonthOf(fyEnd))
	f.Variance = sub(f.Planned, f.Actual)
	f.ForecastVariance = sub(annualPlan, f.Forecast)
	return f
}

// sumMonths adds the amounts whose month is within from..to.
func sumMonths(xs []MonthAmount, from, to Month) int64 {
	var s int64
	for _, x := range xs {
		if x.Month.within(from, to) {
			s = add(s, x.Amount)
		}
	}
	return s
}

// sumDated adds the amounts whose civil date satisfies keep.
func sumDated(xs []DatedAmount, keep func(time.Time) bool) int64 {
	var s int64
	for _, x := range xs {
		if keep(civil(x.Date)) {
			s = add(s, x.Amount)
		}
	}
	return s
}

// add returns a+b, panicking on int64 overflow instead of wrapping.
func add(a, b int64) int64 {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		panic("figures: sum overflows int64")
	}
	return s
}

// sub returns a−b, panicking on int64 overflow instead of wrapping.
func sub(a, b int64) int64 {
	d := a - b
	if (b > 0 && d > a) || (b < 0 && d < a) {
		panic("figures: difference overflows int64")
	}
	return d
}
