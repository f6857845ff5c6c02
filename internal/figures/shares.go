package figures

import (
	"time"

	"outlay/internal/fiscal"
	"outlay/internal/money"
)

// AccrualShares spreads amount over the calendar months its service period
// touches, which is the accrual-basis actual of a spend allocation: a cost
// counts in the months the service is received, not the month it is billed.
//
// With a service period (from and to both set, inclusive), every calendar
// month the period touches gets one share, in month order, weighted by the
// number of days of the period that fall in that month, and the amount is
// split by largest-remainder allocation (money.Allocate), so the shares add
// up to amount exactly. A negative amount (a credit note) is the mirror
// image of the positive one. Months whose share rounds to zero are still
// returned, so the result always has one share per month touched; callers
// that store shares may skip zero rows.
//
// Without a service period (from or to nil), or with one whose end is before
// its start (rejected at input; here it must still not lose the amount), the
// whole amount is one share in the month of date, as DOMAIN.md says for an
// entry without a service period.
//
// Example: 36,000.00 for 2026-01-01..2028-12-31 (1,096 days) gives January
// 2026 31/1096 of it, 1,018.25, and the 36 shares add up to 3,600,000 cents.
func AccrualShares(amount int64, date time.Time, from, to *time.Time) []MonthAmount {
	if from == nil || to == nil || civil(*to).Before(civil(*from)) {
		return CashShares(amount, date)
	}
	start, end := civil(*from), civil(*to)
	var months []Month
	var weights []int64
	for m := MonthOf(start); m.Compare(MonthOf(end)) <= 0; m = m.Next() {
		lo, hi := maxTime(start, m.Start()), minTime(end, m.End())
		months = append(months, m)
		weights = append(weights, int64(hi.Sub(lo).Hours()/24)+1)
	}
	parts := money.Allocate(amount, weights)
	out := make([]MonthAmount, len(months))
	for i, m := range months {
		out[i] = MonthAmount{Month: m, Amount: parts[i]}
	}
	return out
}

// CashShares returns the cash-basis actual of a spend allocation: the whole
// amount in the month of its date. It exists beside AccrualShares so that
// both bases are stored and summed the same way.
func CashShares(amount int64, date time.Time) []MonthAmount {
	return []MonthAmount{{Month: MonthOf(date), Amount: amount}}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// DefaultQuarters is the default quarterly split of an annual plan: four
// equal parts by allocation (money.Split), the first quarters taking the odd
// units, so Q1–Q4 add up to planned exactly.
func DefaultQuarters(planned int64) [4]int64 {
	var q [4]int64
	copy(q[:], money.Split(planned, 4))
	return q
}

// PlanMonths returns a line's plan per month of fiscal year fy, in fiscal
// order (12 months from the fiscal year's start): each quarter's amount is
// split equally over its three months with money.Split, so the months of a
// quarter add up to the quarter and the twelve months to the annual plan.
// Plans are stored per month so that any month-aligned period is a sum.
func PlanMonths(cal fiscal.Calendar, fy int, quarters [4]int64) []MonthAmount {
	out := make([]MonthAmount, 0, 12)
	for q := 1; q <= 4; q++ {
		start, _ := cal.QuarterBounds(fy, q)
		m := MonthOf(start)
		for _, part := range money.Split(quarters[q-1], 3) {
			out = append(out, MonthAmount{Month: m, Amount: part})
			m = m.Next()
		}
	}
	return out
}
