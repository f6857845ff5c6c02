package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/figures"
	"outlay/internal/outlay"
)

// budgetListView is the data of the budget list page: one fiscal year's lines.
type budgetListView struct {
	List     *List
	Lines    []*outlay.BudgetLine
	Totals   outlay.BudgetLineTotals
	Currency string

	FY, PrevFY                    int
	FYLabel, PrevLabel, NextLabel string
	Years                         []budgetYearLink
	// HasLines is true when the year has any line, filters aside: it decides between the
	// "nothing yet" and the "nothing matches" empty states, and offers the copy.
	HasLines bool

	Q, Category, ExpenseType string
	Filtered                 bool
	Count                    string
	Categories, Types        []Option

	// Figures are each line's figures for the whole year, by line id; FigureTotals adds
	// them up over every line that matches the filter (not just this page).
	Figures      map[int64]figures.Figures
	FigureTotals figures.Figures
	Basis        string
}

// budgetYearLink is one entry of the fiscal-year switcher.
type budgetYearLink struct {
	Label, Href string
	Current     bool
}

// budgetFilterFromQuery reads the filters shared by the page and the API (the year
// aside). Values that are not one of the known choices are reported and left out: the
// page ignores them, the API refuses them.
func budgetFilterFromQuery(q url.Values) (outlay.BudgetLineFilter, outlay.FieldErrors) {
	bad := outlay.FieldErrors{}
	f := outlay.BudgetLineFilter{Query: q.Get("q"), Code: q.Get("code")}
	pick := func(name string, allowed []string) string {
		v := q.Get(name)
		if v == "" || slices.Contains(allowed, v) {
			return v
		}
		bad.Add(name, "must be one of the listed values")
		return ""
	}
	f.Category = pick("category", outlay.VendorCategories)
	f.ExpenseType = pick("expense_type", outlay.ExpenseTypes)
	return f, bad
}

// budgetList shows one fiscal year's budget lines with their total. Without a year in
// the URL it redirects to the current one, so every list URL names its year and can be
// shared.
func (s *Server) budgetList(c *gin.Context) {
	ctx := c.Request.Context()
	bs, err := s.loadBudgetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := newList(c, "code", false, outlay.BudgetLineSortKeys...)
	fy, ok := budgetParseFY(l.Query.Get("fy"))
	if !ok {
		c.Redirect(http.StatusFound, l.with(map[string]string{"fy": strconv.Itoa(bs.Current), "page": ""}))
		return
	}
	f, _ := budgetFilterFromQuery(l.Query)
	f.FY = fy
	f.Sort, f.Desc, f.Offset, f.Limit = l.Sort, l.Desc, l.Offset(), l.PerPage
	svc := s.budgetService()
	lines, total, err := svc.FindBudgetLines(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	l.Total = total
	totals, err := svc.SumBudgetLines(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	figs, figTotals, basis, err := s.budgetListFigures(c, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	withLines, err := svc.FiscalYears(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	years, err := s.budgetYears(ctx, bs, fy)
	if err != nil {
		s.fail(c, err)
		return
	}
	cal := bs.Calendar
	view := budgetListView{
		List: l, Lines: lines, Totals: totals, Currency: bs.Currency,
		FY: fy, PrevFY: fy - 1, FYLabel: cal.Label(fy), PrevLabel: cal.Label(fy - 1), NextLabel: cal.Label(fy + 1),
		HasLines: slices.Contains(withLines, fy),
		Q:        f.Query, Category: f.Category, ExpenseType: f.ExpenseType,
		Filtered:   f.Query != "" || f.Category != "" || f.ExpenseType != "" || f.Code != "",
		Count:      budgetLineCount(total),
		Categories: options(outlay.VendorCategories, "Any category"),
		Types:      budgetTypeOptions("Any type"),
		Figures:    figs, FigureTotals: figTotals, Basis: basis,
	}
	for _, y := range years {
		view.Years = append(view.Years, budgetYearLink{Label: cal.Label(y), Current: y == fy,
			Href: l.with(map[string]string{"fy": strconv.Itoa(y), "page": ""})})
	}
	p := s.page(c, "Budget "+view.FYLabel, "budget", Crumb{"Budget", ""})
	p.Data = view
	s.render(c, http.StatusOK, "budget_list", p)
}

// budgetListFigures computes the year's figures for every line and adds them up over the
// lines that match the filter, whichever page is shown.
func (s *Server) budgetListFigures(c *gin.Context, f outlay.BudgetLineFilter) (map[int64]figures.Figures, figures.Figures, string, error) {
	ctx := c.Request.Context()
	var total figures.Figures
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		return nil, total, "", err
	}
	lines, err := s.numbers.BudgetFigures(ctx, outlay.FiguresQuery{FY: f.FY, Today: s.today()})
	if err != nil {
		return nil, total, "", err
	}
	byID := make(map[int64]figures.Figures, len(lines))
	for _, l := range lines {
		byID[l.LineID] = l.Figures
	}
	all := f
	all.Offset, all.Limit = 0, 0
	matching, _, err := s.budgetService().FindBudgetLines(ctx, all)
	if err != nil {
		return nil, total, "", err
	}
	for _, b := range matching {
		if total, err = total.Add(byID[b.ID]); err != nil {
			return nil, total, "", err
		}
	}
	return byID, total, st.Basis, nil
}
