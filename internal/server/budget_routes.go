package server

import (
	"context"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/fiscal"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// budgetRoutes lists the budget line pages and API, by the role each requires.
func (s *Server) budgetRoutes(g routeGroups) {
	g.view.GET("/budget", s.budgetList)
	g.view.GET("/budget/export.xlsx", s.budgetExport)
	g.view.GET("/budget/:id", s.budgetShow)

	g.edit.GET("/budget/new", s.budgetNew)
	g.edit.POST("/budget", s.budgetCreate)
	g.edit.GET("/budget/copy", s.budgetCopyConfirm)
	g.edit.POST("/budget/copy", s.budgetCopy)
	g.edit.GET("/budget/:id/edit", s.budgetEdit)
	g.edit.POST("/budget/:id", s.budgetUpdate)
	g.edit.GET("/budget/:id/delete", s.budgetDeleteConfirm)
	g.edit.POST("/budget/:id/delete", s.budgetDelete)

	g.apiView.GET("/budget-lines", s.apiBudgetLineList)
	g.apiView.GET("/budget-lines/:id", s.apiBudgetLineGet)

	g.apiEdit.POST("/budget-lines", s.apiBudgetLineCreate)
	g.apiEdit.POST("/budget-lines/copy", s.apiBudgetCopy)
	g.apiEdit.PATCH("/budget-lines/:id", s.apiBudgetLineUpdate)
	g.apiEdit.DELETE("/budget-lines/:id", s.apiBudgetLineDelete)
}

// budgetService is the storage of budget lines.
func (s *Server) budgetService() outlay.BudgetService { return s.budgetSvc }

// loadBudgetLine finds the line named by the URL.
func (s *Server) loadBudgetLine(c *gin.Context) (*outlay.BudgetLine, error) {
	id, err := pathID(c, "Budget line")
	if err != nil {
		return nil, err
	}
	return s.budgetService().FindBudgetLineByID(c.Request.Context(), id)
}

// budgetSettings is what the budget pages need from the settings: the base currency the
// plans are in and the fiscal calendar, with the fiscal year of today; Settings holds the
// rest, so a page reads them once.
type budgetSettings struct {
	Currency string
	Calendar fiscal.Calendar
	Current  int
	Settings outlay.Settings
}

func (s *Server) loadBudgetSettings(ctx context.Context) (budgetSettings, error) {
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		return budgetSettings{}, err
	}
	cal := st.Calendar()
	return budgetSettings{Currency: st.BaseCurrency, Calendar: cal, Current: cal.Year(s.today()), Settings: st}, nil
}

// budgetYears lists the fiscal years people choose from: those with lines, the current
// and the next one, and any extra year being shown, oldest first.
func (s *Server) budgetYears(ctx context.Context, bs budgetSettings, extra ...int) ([]int, error) {
	years, err := s.budgetService().FiscalYears(ctx)
	if err != nil {
		return nil, err
	}
	for _, fy := range append([]int{bs.Current, bs.Current + 1}, extra...) {
		if outlay.ValidFiscalYear(fy) && !slices.Contains(years, fy) {
			years = append(years, fy)
		}
	}
	slices.Sort(years)
	return years, nil
}

// budgetParseFY reads a fiscal year from a URL or form; ok is false for anything that
// is not a year Outlay accepts.
func budgetParseFY(s string) (int, bool) {
	fy, err := strconv.Atoi(s)
	return fy, err == nil && outlay.ValidFiscalYear(fy)
}

// budgetTypeOptions labels the expense types as accountants write them.
func budgetTypeOptions(blank string) []Option {
	var out []Option
	if blank != "" {
		out = append(out, Option{"", blank})
	}
	return append(out, Option{"capex", "CapEx"}, Option{"opex", "OpEx"})
}

// budgetLineCount writes the count line: "1 budget line", "1,284 budget lines".
func budgetLineCount(n int) string {
	if n == 1 {
		return "1 budget line"
	}
	return thousands(int64(n)) + " budget lines"
}

// budgetAmounts writes four quarter amounts as decimal strings.
func budgetAmounts(q [4]int64, currency string) []string {
	out := make([]string, 4)
	for i, v := range q {
		out[i] = money.Decimal(v, currency)
	}
	return out
}
