// Package figures computes the budget figures of a budget line — planned,
// actual (cash or accrual basis), committed, forecast and variance — from
// small pieces that can be computed once, when the data is written, and
// stored, so that a report is a handful of SQL aggregates rather than a walk
// over every spend entry. The rules are in DOMAIN.md ("Money", "Currencies
// and exchange rates", "Fiscal calendar", "Contracts and terms", "Budget
// lines and spend").
//
// The pieces, each a pure function:
//
//   - AccrualShares and CashShares turn one allocation of a spend entry (an
//     amount already converted to the base currency and already allocated to
//     one budget line) into per-month amounts. Stored as rows (allocation,
//     basis, month, amount), a line's actual for any month-aligned period on
//     either basis is SUM(amount) over the months of the period.
//   - PlanMonths turns a line's quarterly split into per-month plan amounts.
//   - ProjectPayments and Uninvoiced give a contract's scheduled payments,
//     including the terms an auto-renewing contract will roll into, that no
//     spend entry has invoiced yet: the committed amounts.
//   - Convert turns a foreign-currency amount into base-currency minor units
//     at a rate scaled by 10^6, once per amount (never a sum).
//   - Compute combines the aggregated pieces into Figures.
//
// Dates are civil dates: a time.Time is read by its calendar date in its own
// location, and dates returned are at 00:00 UTC. Amounts are int64 minor
// units; nothing here uses floats, and every split is by largest-remainder
// allocation (money.Allocate), so parts always add up to the whole.
package figures

import (
	"fmt"
	"time"
)

// civil returns the calendar date of t at 00:00 UTC, so that comparisons and
// day counts never meet a time of day or a daylight-saving gap.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Month is a calendar month. Actual and plan amounts are kept per calendar
// month because that is the finest grain reports need (months, quarters and
// fiscal years are all whole months) and the coarsest that still lets
// accrual spread an invoice over its service period.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the calendar month t falls in, by its calendar date in its
// own location.
func MonthOf(t time.Time) Month {
	y, m, _ := t.Date()
	return Month{Year: y, Month: m}
}

// ParseMonth reads a month key as written by Key ("2027-03"), so that month
// keys stored in the database or grouped on in SQL can be turned back into
// Months.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || len(s) != 7 {
		return Month{}, fmt.Errorf("figures: %q is not a month (want YYYY-MM)", s)
	}
	return MonthOf(t), nil
}

// Start returns the first day of m at 00:00 UTC.
func (m Month) Start() time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC)
}

// End returns the last day of m (inclusive, like every end date in Outlay)
// at 00:00 UTC.
func (m Month) End() time.Time {
	return time.Date(m.Year, m.Month+1, 0, 0, 0, 0, 0, time.UTC) // day 0 = last day of m
}

// Days returns the number of days in m, the weight of a whole month when an
// amount is spread pro rata by days.
func (m Month) Days() int {
	return m.End().Day()
}

// Key returns m as "2027-03": sortable as a string, which makes it a good
// column value and a GROUP BY key.
func (m Month) Key() string {
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// String returns Key, so Months print readably in logs and test failures.
func (m Month) String() string { return m.Key() }

// Next returns the month after m (December is followed by January of the
// next year).
func (m Month) Next() Month {
	return MonthOf(m.Start().AddDate(0, 1, 0))
}

// Compare returns -1, 0 or +1 as m is before, equal to or after o, for
// sorting and for range checks.
func (m Month) Compare(o Month) int {
	switch {
	case m.Year < o.Year || (m.Year == o.Year && m.Month < o.Month):
		return -1
	case m == o:
		return 0
	default:
		return 1
	}
}

// within reports whether m lies in the months from..to (inclusive).
func (m Month) within(from, to Month) bool {
	return m.Compare(from) >= 0 && m.Compare(to) <= 0
}

// MonthAmount is an amount (minor units) attributed to a calendar month: an
// accrual or cash share of a spend allocation, or a month of a line's plan.
// It is the row the database stores and sums.
type MonthAmount struct {
	Month  Month
	Amount int64
}

// DatedAmount is an amount (minor units) on a given date, such as a
// committed payment on its due date. Committed amounts are kept dated rather
// than monthly so that the forecast can split them exactly at today.
type DatedAmount struct {
	Date   time.Time
	Amount int64
}
