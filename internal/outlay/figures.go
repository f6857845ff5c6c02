package outlay

import (
	"context"
	"time"

	"outlay/internal/figures"
)

// FiguresQuery asks for the budget figures of one fiscal year's lines for a period.
type FiguresQuery struct {
	FY      int
	Quarter int    // 1–4, or 0 for the whole fiscal year
	Basis   string // cash or accrual; "" means the setting
	LineID  *int64 // one line only
	Today   time.Time
	// Settings are the settings the figures follow (calendar, basis), when the caller
	// has read them already; nil reads them.
	Settings *Settings
}

// LineFigures are one budget line's figures with the monthly pieces they come from, so
// that a dashboard can chart months and categories without another query. Money whose
// code has no line in the year is a LineFigures too, with Unbudgeted set, no LineID and
// no plan: it is shown under its code, never dropped.
type LineFigures struct {
	LineID   int64 // 0 for unbudgeted money
	Code     string
	Name     string
	Category string
	// Unbudgeted marks actual or committed money whose code has no line in the year.
	Unbudgeted bool
	figures.Figures
	PlanByMonth   []figures.MonthAmount
	ActualByMonth []figures.MonthAmount
}

// BudgetLineFigures is a budget line with its figures for a period: a row of the budget
// list, of its export and of the API's list.
type BudgetLineFigures struct {
	Line *BudgetLine
	LineFigures
}

// FiguresService computes budget figures from stored spend and contract payments.
type FiguresService interface {
	// BudgetFigures returns the figures of every line of q.FY (or the one line), in code
	// order, then (without q.LineID) the unbudgeted money of the year by code, in code
	// order. A line's actual and committed are those of its code in the year's months,
	// whichever year's line the spend was allocated to. Each figure is a sum of
	// already-converted amounts.
	BudgetFigures(ctx context.Context, q FiguresQuery) ([]LineFigures, error)
	// MissingRatePayments counts scheduled contract payments due from from to to
	// (inclusive) that have no base amount because their currency has no exchange rate:
	// committed figures leave them out, and pages say so. The caller computes the bounds
	// with the fiscal calendar.
	MissingRatePayments(ctx context.Context, from, to time.Time) (int, error)
	// TopVendors returns the vendors with the most spend (base currency) in the months
	// from from to to.
	TopVendors(ctx context.Context, from, to time.Time, limit int) ([]VendorSpend, error)
}

// VendorSpend is a vendor's spend over a period, in the base currency.
type VendorSpend struct {
	VendorID   int64
	VendorName string
	Entries    int
	Amount     int64
}
