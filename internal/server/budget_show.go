package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

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
}

// budgetQuarterRow is one quarter of a line: its dates and its share of the plan.
type budgetQuarterRow struct {
	Quarter    int // 1–4
	Label      string
	Start, End time.Time
	Planned    int64
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
