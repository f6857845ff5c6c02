package server

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/figures"
	"outlay/internal/outlay"
)

// budgetListView is the data of the budget list page: one fiscal year's lines and its
// unbudgeted money, for the year or one quarter.
type budgetListView struct {
	List     *List
	Lines    []outlay.BudgetLineFigures
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

	// Unbudgeted is the year's money under codes without a line, after the lines on
	// every page; FigureTotals adds up every matching line and it (not just this page).
	Unbudgeted   []outlay.LineFigures
	FigureTotals figures.Figures
	Basis        string

	// Quarter is 1–4, or 0 for the whole year; Quarters switch between them. PeriodLabel
	// names the columns of the period ("Q2"), From..To its dates, YTDTo the last day of
	// the year to date (zero before the year starts).
	Quarter     int
	Quarters    []budgetYearLink
	PeriodLabel string
	From, To    time.Time
	YTDFrom     time.Time
	YTDTo       time.Time
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
	quarter := budgetPageQuarter(l.Query.Get("quarter"))
	year, err := s.books().BudgetYear(ctx, books.BudgetQuery{Filter: f, Quarter: quarter, Today: s.today(), Settings: &bs.Settings})
	if err != nil {
		s.fail(c, err)
		return
	}
	total := year.Totals.Lines
	l.Total = total
	svc := s.budgetService()
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
		List: l, Lines: year.Lines, Totals: year.Totals, Currency: bs.Currency,
		FY: fy, PrevFY: fy - 1, FYLabel: cal.Label(fy), PrevLabel: cal.Label(fy - 1), NextLabel: cal.Label(fy + 1),
		HasLines: slices.Contains(withLines, fy),
		Q:        f.Query, Category: f.Category, ExpenseType: f.ExpenseType,
		Filtered:   f.Query != "" || f.Category != "" || f.ExpenseType != "" || f.Code != "",
		Count:      budgetLineCount(total),
		Categories: options(outlay.VendorCategories, "Any category"),
		Types:      budgetTypeOptions("Any type"),
		Unbudgeted: year.Unbudgeted, FigureTotals: year.Totals.Figures, Basis: bs.Settings.Basis,
		Quarter: quarter, PeriodLabel: budgetPeriodLabel(quarter, cal.Label(fy)), From: year.From, To: year.To, YTDTo: year.YTDTo,
	}
	view.YTDFrom, _ = cal.Bounds(fy)
	view.Quarters = append(view.Quarters, budgetYearLink{Label: "Whole year", Current: quarter == 0, Href: l.with(map[string]string{"quarter": "", "page": ""})})
	for q := 1; q <= 4; q++ {
		view.Quarters = append(view.Quarters, budgetYearLink{Label: "Q" + strconv.Itoa(q), Current: quarter == q,
			Href: l.with(map[string]string{"quarter": strconv.Itoa(q), "page": ""})})
	}
	for _, y := range years {
		view.Years = append(view.Years, budgetYearLink{Label: cal.Label(y), Current: y == fy,
			Href: l.with(map[string]string{"fy": strconv.Itoa(y), "page": ""})})
	}
	p := s.page(c, "Budget "+view.FYLabel, "budget", Crumb{"Budget", ""})
	p.Data = view
	s.render(c, http.StatusOK, "budget_list", p)
}

// budgetPageQuarter reads the page's ?quarter=: 1–4, anything else is the whole year
// (a page ignores a value it does not know, as with its other filters).
func budgetPageQuarter(v string) int {
	q, err := strconv.Atoi(v)
	if err != nil || q < 1 || q > 4 {
		return 0
	}
	return q
}

// budgetPeriodLabel names the period of the figures: "Q2", or the fiscal year's label.
func budgetPeriodLabel(quarter int, fyLabel string) string {
	if quarter > 0 {
		return "Q" + strconv.Itoa(quarter)
	}
	return fyLabel
}

// budgetCommittedArg is what the budget-committed template writes: a committed amount
// and the part of it overdue, not invoiced.
type budgetCommittedArg struct {
	Committed, Overdue int64
	Currency           string
}

// budgetCommitted hands a period's committed and overdue figures to budget-committed.
func budgetCommitted(f figures.Figures, currency string) budgetCommittedArg {
	return budgetCommittedArg{Committed: f.Committed, Overdue: f.Overdue, Currency: currency}
}

// budgetRowArg is what the budget-figures template writes: one row's figures, in the
// columns of the year or of a quarter.
type budgetRowArg struct {
	Figures  figures.Figures
	Currency string
	Quarter  int
	// Attr names the cells' column attribute: data-col in a row, data-total in the
	// total row, so tests and scripts find a column's figure by name.
	Attr template.HTMLAttr
}

// budgetRow hands a budget list row's figures to budget-figures; total marks the total
// row.
func budgetRow(f figures.Figures, currency string, quarter int, total bool) budgetRowArg {
	attr := template.HTMLAttr("data-col")
	if total {
		attr = "data-total"
	}
	return budgetRowArg{Figures: f, Currency: currency, Quarter: quarter, Attr: attr}
}
