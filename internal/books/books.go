// Package books assembles what spans Outlay's entities — a fiscal year's budget lines
// with their figures and totals, the dashboard's view of the year — from the domain's
// service interfaces. Pages, exports and the command line all call it, so the figures a
// page shows and the figures an export writes come from the same function.
package books

import (
	"context"
	"time"

	"outlay/internal/figures"
	"outlay/internal/outlay"
)

// Books reads across services. Build it with the services cmd wires; it keeps no state
// of its own, so building one per request costs nothing.
type Books struct {
	Budget   outlay.BudgetService
	Figures  outlay.FiguresService
	Licences outlay.LicenceService
	Rates    outlay.RateService
}

// BudgetQuery asks for a fiscal year's budget lines with their figures.
type BudgetQuery struct {
	// Filter selects the lines; its FY is the year. Offset and Limit pick the page of
	// lines returned, never the lines the totals add up.
	Filter outlay.BudgetLineFilter
	// Quarter is 1–4 for a quarter's figures, 0 for the whole fiscal year.
	Quarter int
	// Today splits actual from what is still to come; zero means storage's today.
	Today time.Time
	// Settings, when the caller has read them, spare storage reading them again.
	Settings *outlay.Settings
}

// BudgetYear is the budget lines that match a query with their figures for the period,
// and the totals over every matching line.
type BudgetYear struct {
	// Lines are the page asked for, in the filter's order (all lines without a Limit).
	Lines []outlay.BudgetLineFigures
	// Totals add up every matching line, whatever the page: Totals.Lines counts them.
	Totals outlay.BudgetLineTotals
}

// BudgetYear returns q's lines with their figures and the totals over every matching
// line. The budget list, its export and the dashboard all read their figures here. A
// total that does not fit in int64 is EINVALID rather than a wrapped number.
func (b *Books) BudgetYear(ctx context.Context, q BudgetQuery) (*BudgetYear, error) {
	all := q.Filter
	all.Offset, all.Limit = 0, 0
	lines, _, err := b.Budget.FindBudgetLines(ctx, all)
	if err != nil {
		return nil, err
	}
	figs, err := b.Figures.BudgetFigures(ctx, outlay.FiguresQuery{FY: q.Filter.FY, Quarter: q.Quarter, Today: q.Today, Settings: q.Settings})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]outlay.LineFigures, len(figs))
	for _, lf := range figs {
		byID[lf.LineID] = lf
	}
	var s sums
	year := &BudgetYear{Lines: make([]outlay.BudgetLineFigures, 0, len(lines))}
	t := &year.Totals
	for _, line := range lines {
		lf, ok := byID[line.ID]
		if !ok {
			// Created between the two reads: no figures yet, but the plan is known.
			lf = outlay.LineFigures{LineID: line.ID, Code: line.Code, Name: line.Name, Category: line.Category, AnnualPlan: line.Planned}
		}
		year.Lines = append(year.Lines, outlay.BudgetLineFigures{Line: line, LineFigures: lf})
		t.Lines++
		s.add(&t.Planned, line.Planned)
		for i, v := range line.Quarters {
			s.add(&t.Quarters[i], v)
		}
		s.addFigures(&t.Figures, lf.Figures)
	}
	if err := s.err(); err != nil {
		return nil, err
	}
	year.Lines = page(year.Lines, q.Filter.Offset, q.Filter.Limit)
	return year, nil
}

// page cuts one page out of rows; limit 0 means every row.
func page[T any](rows []T, offset, limit int) []T {
	offset = min(max(offset, 0), len(rows))
	rows = rows[offset:]
	if limit > 0 && limit < len(rows) {
		rows = rows[:limit]
	}
	return rows
}

// sums adds amounts with overflow checks: a sum that would wrap is remembered and
// reported once, instead of a negative total on a page or a panic.
type sums struct{ overflow bool }

func (s *sums) add(dst *int64, v int64) {
	r := *dst + v
	if (v > 0 && r < *dst) || (v < 0 && r > *dst) {
		s.overflow = true
		return
	}
	*dst = r
}

func (s *sums) addFigures(dst *figures.Figures, f figures.Figures) {
	s.add(&dst.Planned, f.Planned)
	s.add(&dst.Actual, f.Actual)
	s.add(&dst.Committed, f.Committed)
	s.add(&dst.Forecast, f.Forecast)
	s.add(&dst.Variance, f.Variance)
	s.add(&dst.ForecastVariance, f.ForecastVariance)
}

func (s *sums) err() error {
	if s.overflow {
		return outlay.Errorf(outlay.EINVALID, "The amounts are too large to add up. Check the planned amounts of the budget lines.")
	}
	return nil
}
