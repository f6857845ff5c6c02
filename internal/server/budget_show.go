package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/figures"
	"outlay/internal/outlay"
)

// budgetShowView is the data of a budget line's page. More sections (figures, spend,
// contracts charged to the code) hang off it as fields of their own.
type budgetShowView struct {
	Line     *outlay.BudgetLine
	Currency string
	FYLabel  string
	FYStart  time.Time
	FYEnd    time.Time
	// Quarters are the rows of the "By quarter" table, Q1–Q4.
	Quarters []budgetQuarterRow
	// JustificationLines keeps the line breaks people type without inline styles, which
	// the Content-Security-Policy forbids.
	JustificationLines []string
	Audit              []*outlay.AuditEntry

	// Year are the line's figures for the whole fiscal year; Basis says how actuals count.
	Year  figures.Figures
	Basis string
	// Spend is the latest spend charged to the line (this line's share of each entry).
	Spend      []budgetSpendRow
	SpendTotal int
	SpendURL   string
	// Contracts are the contracts charged to the line's code, soonest key date first.
	Contracts      []contractView
	ContractsTotal int
}

// budgetSpendRow is one spend entry as a budget line sees it: its share of the entry.
type budgetSpendRow struct {
	Entry *outlay.SpendEntry
	Share int64
}

// budgetSpendShown and budgetContractsShown bound the related tables of a line's page;
// links lead to the full lists.
const (
	budgetSpendShown     = 20
	budgetContractsShown = 50
)

// budgetQuarterRow is one quarter of a line: its dates and its share of the plan.
type budgetQuarterRow struct {
	Quarter    int // 1–4
	Label      string
	Start, End time.Time
	Planned    int64
	figures.Figures
}

// budgetQuarterRows lays out the plan of line b over its fiscal year's quarters.
func budgetQuarterRows(b *outlay.BudgetLine, bs budgetSettings) []budgetQuarterRow {
	rows := make([]budgetQuarterRow, 4)
	for i := range rows {
		start, end := bs.Calendar.QuarterBounds(b.FY, i+1)
		rows[i] = budgetQuarterRow{Quarter: i + 1, Label: "Q" + strconv.Itoa(i+1), Start: start, End: end, Planned: b.Quarters[i]}
	}
	return rows
}

// budgetShow shows a budget line, its plan by quarter and its history.
func (s *Server) budgetShow(c *gin.Context) {
	ctx := c.Request.Context()
	b, err := s.loadBudgetLine(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	bs, err := s.loadBudgetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	view := budgetShowView{Line: b, Currency: bs.Currency, FYLabel: bs.Calendar.Label(b.FY),
		Quarters: budgetQuarterRows(b, bs), JustificationLines: budgetTextLines(b.Justification)}
	view.FYStart, view.FYEnd = bs.Calendar.Bounds(b.FY)
	view.Audit, _, err = s.audit.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "budget_line", EntityID: &b.ID, Limit: 100})
	if err == nil {
		err = s.budgetLineRelated(c, b, bs, &view)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.page(c, b.Code+" "+b.Name, "budget", Crumb{"Budget", "/budget?fy=" + strconv.Itoa(b.FY)}, Crumb{b.Code, ""})
	p.Data = view
	s.render(c, http.StatusOK, "budget_show", p)
}

// budgetTextLines splits typed text into lines, or nil when there is none.
func budgetTextLines(text string) []string {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

// budgetLineRelated fills a line's figures by quarter and for the year, its latest spend
// and the contracts charged to its code.
func (s *Server) budgetLineRelated(c *gin.Context, b *outlay.BudgetLine, bs budgetSettings, view *budgetShowView) error {
	ctx := c.Request.Context()
	st := bs.Settings
	view.Basis = st.Basis
	bk := s.books()
	for q := 0; q <= 4; q++ {
		lf, err := bk.BudgetLine(ctx, books.LineQuery{Line: b, Quarter: q, Today: s.today(), Settings: &st})
		if err != nil {
			return err
		}
		if q == 0 {
			view.Year = lf.Figures
		} else {
			view.Quarters[q-1].Figures = lf.Figures
		}
	}
	from, to := st.Calendar().Bounds(b.FY)
	entries, total, _, err := s.spend().FindSpend(ctx, outlay.SpendFilter{BudgetLineID: &b.ID, From: &from, To: &to,
		Sort: "date", Desc: true, Limit: budgetSpendShown})
	if err != nil {
		return err
	}
	view.SpendTotal = total
	view.SpendURL = "/spend?fy=" + strconv.Itoa(b.FY) + "&budget_line_id=" + strconv.FormatInt(b.ID, 10)
	for _, e := range entries {
		row := budgetSpendRow{Entry: e}
		for _, a := range e.Allocations {
			if a.BudgetLineID == b.ID {
				row.Share += a.Amount
			}
		}
		view.Spend = append(view.Spend, row)
	}
	window := st.WindowDays()
	cs, n, err := s.contracts.FindContracts(ctx, outlay.ContractFilter{BudgetLineCode: b.Code, Today: s.today(), WindowDays: window,
		Sort: "key_date", Limit: budgetContractsShown})
	if err != nil {
		return err
	}
	view.Contracts, view.ContractsTotal = contractViews(cs, window), n
	return nil
}
