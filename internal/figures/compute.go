package figures

import (
	"errors"
	"time"
)

// Input is what Compute needs for one budget line (or one unbudgeted code), all in
// base-currency minor units and already converted per item (never a converted sum). The
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
	// Today tells a payment that is overdue from one still to come, an actual
	// already received from one prepaid for later months, and where the year
	// to date ends.
	Today time.Time
	// PlanByMonth is the line's plan for the fiscal year (PlanMonths); empty
	// for unbudgeted money.
	PlanByMonth []MonthAmount
	// ActualByMonth is the actual of the line's code in the months of the
	// fiscal year on the chosen basis: sums of CashShares or AccrualShares per
	// month, whichever year's line the spend was allocated to.
	ActualByMonth []MonthAmount
	// CommittedPayments are the code's uninvoiced scheduled payments due in
	// the fiscal year (Uninvoiced of ProjectPayments), dated by due date, each
	// converted to base currency by the caller.
	CommittedPayments []DatedAmount
}

// Figures are a budget line's figures for a period and for its fiscal year, in
// base-currency minor units. Positive variances are under budget.
type Figures struct {
	// Planned is the plan for the months of the period.
	Planned int64
	// Actual is the actual for the months of the period.
	Actual int64
	// Prepaid is the part of Actual in months after today's month: recorded
	// invoices for service still to come (accrual) or dated later (cash).
	Prepaid int64
	// Committed is the uninvoiced scheduled payments due within the period.
	Committed int64
	// Overdue is the part of Committed due before today: "overdue, not
	// invoiced", a cost still coming whose invoice someone should chase.
	Overdue int64
	// Variance is Planned − Actual.
	Variance int64

	// YTDPlanned and YTDActual are the plan and actual from the fiscal year's
	// start through the end of the period (for a quarter), or through today's
	// month (for the whole year; the whole year once it is over, nothing
	// before it starts).
	YTDPlanned, YTDActual int64

	// AnnualPlan is the plan of the whole fiscal year, whatever the period.
	AnnualPlan int64
	// YearActual and YearCommitted are the whole fiscal year's actual and
	// committed, whatever the period: their sum is Forecast.
	YearActual, YearCommitted int64
	// Forecast is what the whole fiscal year is expected to cost, whatever
	// the period: YearActual + YearCommitted.
	Forecast int64
	// ForecastVariance is AnnualPlan − Forecast.
	ForecastVariance int64
}

// parts lists the figures' amounts, so that adding two Figures never forgets one.
func (f *Figures) parts() []*int64 {
	return []*int64{&f.Planned, &f.Actual, &f.Prepaid, &f.Committed, &f.Overdue, &f.Variance,
		&f.YTDPlanned, &f.YTDActual, &f.AnnualPlan, &f.YearActual, &f.YearCommitted, &f.Forecast, &f.ForecastVariance}
}

// ErrOverflow is the error of Figures.Add when a total leaves int64.
var ErrOverflow = errors.New("figures: a total is too large to add up")

// Add returns the figures of f and o added together, the total row of a list. Amounts
// are bounded where they are entered, so a total that leaves int64 means a bound was
// bypassed; it is reported, never wrapped round into a wrong figure.
func (f Figures) Add(o Figures) (Figures, error) {
	out := f
	dst, src := out.parts(), o.parts()
	for i, p := range dst {
		a, b := *p, *src[i]
		sum := a + b
		if (b > 0 && sum < a) || (b < 0 && sum > a) {
			return f, ErrOverflow
		}
		*p = sum
	}
	return out, nil
}

// Compute derives a line's Figures from its aggregated pieces. The rules
// (DOMAIN.md, "Budget lines and spend"):
//
//   - Planned and Actual: the PlanByMonth and ActualByMonth months within the
//     period (every month the period touches). Actual counts every recorded
//     share of the period's months, including those of months still to come;
//     Prepaid is that part (months after Today's month), so pages can say
//     "incl. X prepaid for later months".
//   - Committed: the CommittedPayments whose due date is within the period
//     (exact dates, inclusive), including payments whose due date has passed
//     and that are still not invoiced: the invoice is late, the cost is still
//     coming. Overdue is that part (due before Today).
//   - Year to date: plan and actual from FYStart through the end of the
//     period when the period is shorter than the fiscal year, or through
//     Today's month when it is the whole year.
//   - For the fiscal year, independent of the period: AnnualPlan (every
//     PlanByMonth month of the year), YearActual (every ActualByMonth month
//     of the year, later months included), YearCommitted (every committed
//     payment due in the year, overdue ones included) and Forecast =
//     YearActual + YearCommitted, so "actual + committed = forecast" holds on
//     every line and in every total.
//   - Variance = Planned − Actual; ForecastVariance = AnnualPlan − Forecast.
//
// Sums are exact; a sum beyond int64 panics rather than wrapping (it would
// take 10^18 minor units).
func Compute(in Input) Figures {
	pFrom, pTo := civil(in.Period[0]), civil(in.Period[1])
	fyStart, fyEnd, today := civil(in.FYStart), civil(in.FYEnd), civil(in.Today)
	fyFirst, fyLast := MonthOf(fyStart), MonthOf(fyEnd)
	thisMonth := MonthOf(today)
	inPeriod := func(d time.Time) bool { return !d.Before(pFrom) && !d.After(pTo) }
	inYear := func(d time.Time) bool { return !d.Before(fyStart) && !d.After(fyEnd) }
	overdue := func(d time.Time) bool { return d.Before(today) }

	var f Figures
	f.Planned = sumMonths(in.PlanByMonth, MonthOf(pFrom), MonthOf(pTo))
	f.Actual = sumMonths(in.ActualByMonth, MonthOf(pFrom), MonthOf(pTo))
	if later := thisMonth.Next(); later.Compare(MonthOf(pTo)) <= 0 {
		f.Prepaid = sumMonths(in.ActualByMonth, maxMonth(later, MonthOf(pFrom)), MonthOf(pTo))
	}
	f.Committed = sumDated(in.CommittedPayments, inPeriod)
	f.Overdue = sumDated(in.CommittedPayments, func(d time.Time) bool { return inPeriod(d) && overdue(d) })
	f.Variance = sub(f.Planned, f.Actual)

	if ytdEnd, ok := YTDThrough(in.Period, fyStart, fyEnd, today); ok {
		f.YTDPlanned = sumMonths(in.PlanByMonth, fyFirst, ytdEnd)
		f.YTDActual = sumMonths(in.ActualByMonth, fyFirst, ytdEnd)
	}

	f.AnnualPlan = sumMonths(in.PlanByMonth, fyFirst, fyLast)
	f.YearActual = sumMonths(in.ActualByMonth, fyFirst, fyLast)
	f.YearCommitted = sumDated(in.CommittedPayments, inYear)
	f.Forecast = add(f.YearActual, f.YearCommitted)
	f.ForecastVariance = sub(f.AnnualPlan, f.Forecast)
	return f
}

// YTDThrough returns the last month of the year to date that Compute uses for a period
// of fiscal year fyStart..fyEnd, so pages can say what the year to date covers; ok is
// false when the year to date is empty (the fiscal year has not started).
func YTDThrough(period [2]time.Time, fyStart, fyEnd, today time.Time) (Month, bool) {
	fyFirst, fyLast := MonthOf(fyStart), MonthOf(fyEnd)
	end := MonthOf(period[1])
	if MonthOf(period[0]) == fyFirst && end == fyLast {
		end = MonthOf(today)
	}
	if end.Compare(fyLast) > 0 {
		end = fyLast
	}
	return end, end.Compare(fyFirst) >= 0
}

func maxMonth(a, b Month) Month {
	if a.Compare(b) >= 0 {
		return a
	}
	return b
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
