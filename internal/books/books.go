// Package books assembles what spans Outlay's entities — a fiscal year's budget lines
// with their figures and totals, the dashboard's view of the year — from the domain's
// service interfaces. Pages, exports and the command line all call it, so the figures a
// page shows and the figures an export writes come from the same function.
package books

import (
	"context"
	"strings"
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
	// Basis is cash or accrual; "" means the setting.
	Basis string
}

// BudgetYear is the budget lines that match a query with their figures for the period,
// the year's unbudgeted money the filter lets through, and the totals over both.
type BudgetYear struct {
	// Lines are the page asked for, in the filter's order (all lines without a Limit).
	Lines []outlay.BudgetLineFigures
	// Unbudgeted is the money of the year under codes that have no line in it, by code:
	// every one of them, whatever the page, since they are not lines to page through. A
	// filter on category or expense type leaves them out (they have neither); a search
	// or a code keeps those whose code matches.
	Unbudgeted []outlay.LineFigures
	// Totals add up every matching line, whatever the page, and Unbudgeted:
	// Totals.Lines counts the lines.
	Totals outlay.BudgetLineTotals

	// Quarter is the quarter asked for, 0 for the whole year; From and To bound the
	// period the figures are for. YTDTo is the last day of the year to date the figures'
	// YTD columns cover, zero when the year has not started (set with Settings).
	Quarter  int
	From, To time.Time
	YTDTo    time.Time
}

// BudgetYear returns q's lines with their figures, the year's unbudgeted money and the
// totals over both. The budget list, its export, the API and the dashboard all read
// their figures here. A total that does not fit in int64 is EINVALID rather than a
// wrapped number.
func (b *Books) BudgetYear(ctx context.Context, q BudgetQuery) (*BudgetYear, error) {
	return budgetYear(ctx, b.Budget, b.Figures, q)
}

// LineFinder finds budget lines: the budget service, or a read transaction.
type LineFinder interface {
	FindBudgetLines(ctx context.Context, f outlay.BudgetLineFilter) ([]*outlay.BudgetLine, int, error)
}

// FiguresReader computes budget figures: the figures service, or a read transaction.
type FiguresReader interface {
	BudgetFigures(ctx context.Context, q outlay.FiguresQuery) ([]outlay.LineFigures, error)
}

// budgetYear is BudgetYear over any pair of readers, so that the finance pack computes
// its figures inside its one read transaction with the very code the budget list uses.
func budgetYear(ctx context.Context, lf LineFinder, fr FiguresReader, q BudgetQuery) (*BudgetYear, error) {
	all := q.Filter
	all.Offset, all.Limit = 0, 0
	lines, _, err := lf.FindBudgetLines(ctx, all)
	if err != nil {
		return nil, err
	}
	figs, err := fr.BudgetFigures(ctx, outlay.FiguresQuery{FY: q.Filter.FY, Quarter: q.Quarter, Basis: q.Basis, Today: q.Today, Settings: q.Settings})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]outlay.LineFigures, len(figs))
	year := &BudgetYear{Lines: make([]outlay.BudgetLineFigures, 0, len(lines)), Quarter: q.Quarter}
	for _, lf := range figs {
		if lf.Unbudgeted {
			if unbudgetedMatches(q.Filter, lf.Code) {
				year.Unbudgeted = append(year.Unbudgeted, lf)
			}
			continue
		}
		byID[lf.LineID] = lf
	}
	var s sums
	t := &year.Totals
	for _, line := range lines {
		lf, ok := byID[line.ID]
		if !ok {
			// Created between the two reads: no figures yet, but the plan is known.
			lf = outlay.LineFigures{LineID: line.ID, Code: line.Code, Name: line.Name, Category: line.Category}
			lf.AnnualPlan, lf.ForecastVariance = line.Planned, line.Planned
		}
		year.Lines = append(year.Lines, outlay.BudgetLineFigures{Line: line, LineFigures: lf})
		t.Lines++
		s.add(&t.Planned, line.Planned)
		for i, v := range line.Quarters {
			s.add(&t.Quarters[i], v)
		}
		s.addFigures(&t.Figures, lf.Figures)
	}
	for _, u := range year.Unbudgeted {
		t.UnbudgetedCodes++
		s.addFigures(&t.Unbudgeted, u.Figures)
		s.addFigures(&t.Figures, u.Figures)
	}
	if err := s.err(); err != nil {
		return nil, err
	}
	year.Lines = page(year.Lines, q.Filter.Offset, q.Filter.Limit)
	if q.Settings != nil {
		year.From, year.To, year.YTDTo = Period(*q.Settings, q.Filter.FY, q.Quarter, q.Today)
	}
	return year, nil
}

// Period returns the bounds of the period that figures for fiscal year fy and quarter
// (0 for the year) are for, and the last day of their year to date (zero when the year
// has not started): the words a page, an export and the API put beside the numbers.
func Period(st outlay.Settings, fy, quarter int, today time.Time) (from, to, ytdTo time.Time) {
	cal := st.Calendar()
	fyStart, fyEnd := cal.Bounds(fy)
	from, to = fyStart, fyEnd
	if quarter >= 1 && quarter <= 4 {
		from, to = cal.QuarterBounds(fy, quarter)
	}
	if m, ok := figures.YTDThrough([2]time.Time{from, to}, fyStart, fyEnd, today); ok {
		ytdTo = m.End()
	}
	return from, to, ytdTo
}

// unbudgetedMatches reports whether unbudgeted money under code belongs in a list
// filtered by f: it has no category or expense type, so a filter on either leaves it
// out; a code or a search must match its code, as they match a line's.
func unbudgetedMatches(f outlay.BudgetLineFilter, code string) bool {
	if f.Category != "" || f.ExpenseType != "" || f.ID != nil {
		return false
	}
	if f.Code != "" && !strings.EqualFold(strings.TrimSpace(f.Code), code) {
		return false
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	return q == "" || strings.Contains(strings.ToLower(code), q)
}

// LineQuery asks for one budget line's figures for a period.
type LineQuery struct {
	Line     *outlay.BudgetLine
	Quarter  int // 1–4, or 0 for the whole fiscal year
	Today    time.Time
	Settings *outlay.Settings
}

// BudgetLine returns one line's figures for the period: those of its code in the
// line's fiscal year, as BudgetYear computes them for the list. The line's page and the
// API's line read them here.
func (b *Books) BudgetLine(ctx context.Context, q LineQuery) (outlay.LineFigures, error) {
	figs, err := b.Figures.BudgetFigures(ctx, outlay.FiguresQuery{FY: q.Line.FY, Quarter: q.Quarter, LineID: &q.Line.ID, Today: q.Today, Settings: q.Settings})
	if err != nil || len(figs) == 0 {
		// Deleted between the two reads: the plan is all there is.
		lf := outlay.LineFigures{LineID: q.Line.ID, Code: q.Line.Code, Name: q.Line.Name, Category: q.Line.Category}
		lf.AnnualPlan, lf.ForecastVariance = q.Line.Planned, q.Line.Planned
		return lf, err
	}
	return figs[0], nil
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

// mul returns a×n (n ≥ 0), noting an overflow instead of wrapping.
func (s *sums) mul(a, n int64) int64 {
	if n != 0 && (a*n)/n != a {
		s.overflow = true
		return 0
	}
	return a * n
}

func (s *sums) addFigures(dst *figures.Figures, f figures.Figures) {
	sum, err := dst.Add(f)
	if err != nil {
		s.overflow = true
		return
	}
	*dst = sum
}

func (s *sums) err() error {
	if s.overflow {
		return outlay.Errorf(outlay.EINVALID, "The amounts are too large to add up. Check the planned amounts of the budget lines.")
	}
	return nil
}
