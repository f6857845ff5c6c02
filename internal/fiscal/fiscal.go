// Package fiscal maps calendar dates to fiscal years and quarters.
//
// A fiscal year starts on the first day of a configurable month and is named
// by the calendar year in which it ends: with a July start, 1 July 2026 to
// 30 June 2027 is FY2027; with a January start, FY2026 is calendar 2026.
// Quarters Q1–Q4 are consecutive three-month blocks from the year's start.
// Dates are civil dates: inputs are read by their calendar date in their own
// location, and bounds are returned at 00:00 UTC with inclusive ends.
package fiscal

import (
	"fmt"
	"time"
)

// Calendar is the organisation's fiscal calendar. StartMonth is the month
// the fiscal year begins in; the zero value (and any value outside
// January..December) means January, the default setting, so an unset
// Calendar behaves like the calendar year instead of producing nonsense.
type Calendar struct {
	StartMonth time.Month
}

func (c Calendar) start() time.Month {
	if c.StartMonth < time.January || c.StartMonth > time.December {
		return time.January
	}
	return c.StartMonth
}

// startYear is the calendar year in which fiscal year fy begins: the same
// year for a January start, the year before otherwise.
func (c Calendar) startYear(fy int) int {
	if c.start() == time.January {
		return fy
	}
	return fy - 1
}

// Year returns the fiscal year d falls in, named by the calendar year in
// which that fiscal year ends.
func (c Calendar) Year(d time.Time) int {
	y, m, _ := d.Date()
	if m < c.start() {
		y-- // d is in the fiscal year that began last calendar year
	}
	if c.start() != time.January {
		y++ // that year ends in the following calendar year
	}
	return y
}

// Bounds returns the first and last day (inclusive) of fiscal year fy.
func (c Calendar) Bounds(fy int) (start, end time.Time) {
	sy := c.startYear(fy)
	start = time.Date(sy, c.start(), 1, 0, 0, 0, 0, time.UTC)
	end = time.Date(sy+1, c.start(), 0, 0, 0, 0, 0, time.UTC) // day 0 = last day of previous month
	return start, end
}

// Quarter returns the fiscal year and quarter (1–4) that d falls in.
func (c Calendar) Quarter(d time.Time) (fy, q int) {
	monthsIn := (int(d.Month()) - int(c.start()) + 12) % 12
	return c.Year(d), monthsIn/3 + 1
}

// QuarterBounds returns the first and last day (inclusive) of quarter q of
// fiscal year fy. q must be 1–4; anything else panics, because a silently
// wrapped quarter would put figures in the wrong period (callers validate
// quarters taken from user input).
func (c Calendar) QuarterBounds(fy, q int) (start, end time.Time) {
	if q < 1 || q > 4 {
		panic(fmt.Sprintf("fiscal: quarter %d out of range 1-4", q))
	}
	sy := c.startYear(fy)
	first := c.start() + time.Month(3*(q-1)) // time.Date normalises months past December
	start = time.Date(sy, first, 1, 0, 0, 0, 0, time.UTC)
	end = time.Date(sy, first+3, 0, 0, 0, 0, 0, time.UTC)
	return start, end
}

// Label is the name of fiscal year fy as shown everywhere: "FY2027".
func (c Calendar) Label(fy int) string {
	return fmt.Sprintf("FY%d", fy)
}
