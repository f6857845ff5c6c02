package reports

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"outlay/internal/figures"
	"outlay/internal/money"
)

// The Summary's headers; formulas find their columns by these.
const (
	sumCode      = "Code"
	sumAnnual    = "Annual plan"
	sumPlan      = "Quarter plan"
	sumActual    = "Quarter actual"
	sumVariance  = "Quarter variance"
	sumPercent   = "Variance %"
	sumYTDPlan   = "YTD plan"
	sumYTDActual = "YTD actual"
	sumCommitted = "Committed rest of year"
	sumOverdue   = "Of which overdue, not invoiced"
	sumForecast  = "Forecast"
	sumFVariance = "Forecast variance"
)

// summaryColumn is a Summary column and how its figure is built, for the About sheet.
type summaryColumn struct {
	column
	about string
}

func (pk *pack) summaryColumns() []summaryColumn {
	q := fmt.Sprintf("Q%d", pk.p.Quarter)
	return []summaryColumn{
		{column{sumCode, colText, 14}, "The budget line's code; money charged to a code that has no line in the fiscal year is listed under its code as unbudgeted."},
		{column{"Name", colText, 30}, "The budget line's name."},
		// Category and CapEx/OpEx are as wide as a money column: the by-category block under
		// the lines puts its YTD actual and forecast figures in them.
		{column{"Category", colText, 16}, "The budget line's category; lines are grouped by it, each group followed by its subtotal."},
		{column{"CapEx/OpEx", colText, 16}, "Whether the line is capital (CapEx) or operating (OpEx) expenditure."},
		{column{"Cost centre", colText, 12}, "The cost centre finance files the line under."},
		{column{"GL account", colText, 11}, "The general ledger account finance files the line under."},
		{column{"Owner", colText, 24}, "Who answers for the line."},
		{column{sumAnnual, colMoney, 14}, "The line's plan for the whole fiscal year."},
		{column{sumPlan, colMoney, 14}, "The part of the annual plan for " + q + ", from the line's quarterly split (equal parts unless set)."},
		{column{sumActual, colMoney, 14}, "SUMIFS of the Spend sheet's counted amounts for the code: " + basisRule(pk.p.Basis) + "."},
		{column{sumVariance, colMoney, 14}, "Quarter plan − quarter actual; negative (highlighted) is over budget."},
		{column{sumPercent, colPercent, 10}, "Quarter variance ÷ quarter plan; empty when there is no plan."},
		{column{sumYTDPlan, colMoney, 14}, "The plan from the fiscal year's start through the end of " + q + "."},
		{column{sumYTDActual, colMoney, 14}, "The actual from the fiscal year's start through the end of " + q + ", on the same basis."},
		{column{sumCommitted, colMoney, 15}, "SUMIFS of the Commitments sheet: every contract payment scheduled in the fiscal year and not yet invoiced, past due ones included since their cost is still coming, converted per payment (payments in a currency without a rate are left out)."},
		{column{sumOverdue, colMoney, 15}, "The part of the committed amount whose due date has passed without an invoice: the cost is still coming, someone should chase the invoice."},
		{column{sumForecast, colMoney, 14}, "What the whole fiscal year is expected to cost: the year's actual, later months included, plus every payment committed in the year, so actual + committed = forecast."},
		{column{sumFVariance, colMoney, 14}, "Annual plan − forecast; negative (highlighted) is over budget."},
		{column{"Justification", colText, 50}, "Why the line is needed, as its owner wrote it."},
	}
}

// basisRule says how the basis counts spend in a period.
func basisRule(basis string) string {
	if basis == "accrual" {
		return "on the accrual basis each entry counts pro rata by days over its service period (on its date when it has none)"
	}
	return "on the cash basis each entry counts in full on its date"
}

// categoryLabels are the categories as the pages name them.
var categoryLabels = map[string]string{
	"hardware": "Hardware", "software": "Software", "cloud": "Cloud", "telecom": "Telecom",
	"services": "Services", "staff": "Staff and contractors", "other": "Other",
}

func categoryLabel(c string) string {
	if l, ok := categoryLabels[c]; ok {
		return l
	}
	return c
}

// summaryAmounts are the figures of one Summary row, in base-currency minor units:
// the cached values of its cells.
type summaryAmounts struct {
	annual, plan, actual, ytdPlan, ytdActual, committed, overdue, forecast int64
}

func (a *summaryAmounts) add(o summaryAmounts) {
	a.annual += o.annual
	a.plan += o.plan
	a.actual += o.actual
	a.ytdPlan += o.ytdPlan
	a.ytdActual += o.ytdActual
	a.committed += o.committed
	a.overdue += o.overdue
	a.forecast += o.forecast
}

// summaryRow is a line or an unbudgeted code of the Summary.
type summaryRow struct {
	text    []string // code, name, category, CapEx/OpEx, cost centre, GL account, owner
	justify string
	amounts summaryAmounts
}

// summaryGroup is one category's rows (or the unbudgeted codes') and where they go.
type summaryGroup struct {
	label    string
	rows     []summaryRow
	first    int // sheet row of the first line
	subtotal int // sheet row of the group's subtotal
	sums     summaryAmounts
}

// summaryLayout is where everything on the Summary goes, worked out before a row is
// written: the chart must be placed before the stream writer opens the sheet.
type summaryLayout struct {
	spec      sheetSpec
	groups    []*summaryGroup
	total     int // the grand total's row
	blockHead int // the header of the by-category block the chart shows
}

func (pk *pack) summaryLayout() *summaryLayout {
	p := pk.p
	committed, overdue := map[string]int64{}, map[string]int64{}
	for _, c := range p.Commitments {
		if !c.BaseKnown {
			continue
		}
		committed[c.BudgetLineCode] += c.BaseAmount
		if c.Overdue {
			overdue[c.BudgetLineCode] += c.BaseAmount
		}
	}
	amounts := func(code string, f figures.Figures) summaryAmounts {
		return summaryAmounts{annual: f.AnnualPlan, plan: f.Planned, actual: f.Actual, ytdPlan: f.YTDPlanned, ytdActual: f.YTDActual,
			committed: committed[code], overdue: overdue[code], forecast: f.Forecast}
	}
	var groups []*summaryGroup
	for _, lf := range p.Lines {
		l := lf.Line
		label := categoryLabel(l.Category)
		if len(groups) == 0 || groups[len(groups)-1].label != label {
			groups = append(groups, &summaryGroup{label: label})
		}
		g := groups[len(groups)-1]
		kind := "OpEx"
		if l.ExpenseType == "capex" {
			kind = "CapEx"
		}
		g.rows = append(g.rows, summaryRow{text: []string{l.Code, l.Name, label, kind, l.CostCentre, l.GLAccount, l.OwnerEmail},
			justify: l.Justification, amounts: amounts(l.Code, lf.Figures)})
	}
	if len(p.Unbudgeted) > 0 {
		g := &summaryGroup{label: "Unbudgeted"}
		for _, lf := range p.Unbudgeted {
			g.rows = append(g.rows, summaryRow{text: []string{lf.Code, lf.Name, "Unbudgeted", "", "", "", ""},
				justify: fmt.Sprintf("No budget line has this code in FY%d.", p.FY), amounts: amounts(lf.Code, lf.Figures)})
		}
		groups = append(groups, g)
	}
	cols := make([]column, 0, 19)
	for _, c := range pk.summaryColumns() {
		cols = append(cols, c.column)
	}
	lay := &summaryLayout{groups: groups, spec: sheetSpec{name: sheetSummary, cols: cols,
		head: pk.head("Summary", fmt.Sprintf("Budget lines by category with subtotals, then unbudgeted codes, then the total. The chart compares each category's annual plan, actual from the year's start through Q%d, and forecast for the year.", p.Quarter))}}
	row := lay.spec.headerRow()
	for _, g := range groups {
		g.first = row + 1
		row += len(g.rows) + 1
		g.subtotal = row
		for _, r := range g.rows {
			g.sums.add(r.amounts)
		}
	}
	lay.total = row + 1
	lay.blockHead = lay.total + 3
	return lay
}

// summary writes the Summary sheet.
func (pk *pack) summary() (int, error) {
	lay := pk.summaryLayout()
	cols := lay.spec.cols
	L := func(h string) string {
		l, err := columnLetter(cols, h)
		if err != nil {
			panic(err) // the headers are this file's constants
		}
		return l
	}
	lay.spec.prepare = func(f *excelize.File, name string) error { return pk.prepareSummary(f, name, lay, L) }
	s, err := pk.wb.addSheet(lay.spec)
	if err != nil {
		return 0, err
	}
	st := &pk.wb.styles
	digits, ok := money.Digits(pk.p.Base)
	if !ok {
		digits = 2
	}
	num := func(amount int64, bold bool) excelize.Cell { return st.moneyValue(pk.base(amount), bold) }
	formula := func(c excelize.Cell, f string) excelize.Cell { c.Formula = f; return c }

	spend, commit := pk.spendSpec(), pk.commitmentsSpec()
	spendFirst, spendLast := rowsOf(spend, len(pk.p.Spend))
	commitFirst, commitLast := rowsOf(commit, len(pk.p.Commitments))
	sheetRange := func(spec sheetSpec, header string, first, last int) string {
		c, err := columnLetter(spec.cols, header)
		if err != nil {
			panic(err)
		}
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(spec.name), c, first, c, last)
	}
	counted := sheetRange(spend, pk.inBase("Counted in quarter"), spendFirst, spendLast)
	spendCodes := sheetRange(spend, hdrSpendCode, spendFirst, spendLast)
	commitBase := sheetRange(commit, pk.inBase("Base amount"), commitFirst, commitLast)
	commitCodes := sheetRange(commit, hdrCommitmentCode, commitFirst, commitLast)
	commitLate := sheetRange(commit, hdrCommitmentLate, commitFirst, commitLast)

	// derived fills the cells every row computes from its own: the variances and the
	// variance percentage.
	derived := func(cells []any, row int, a summaryAmounts, bold bool) {
		at := func(h string) string { return fmt.Sprintf("%s%d", L(h), row) }
		variance, fvariance := a.plan-a.actual, a.annual-a.forecast
		cells[columnIndex(cols, sumVariance)] = formula(num(variance, bold), at(sumPlan)+"-"+at(sumActual))
		cells[columnIndex(cols, sumFVariance)] = formula(num(fvariance, bold), at(sumAnnual)+"-"+at(sumForecast))
		var pct any = ""
		if a.plan != 0 {
			pct = toUnits(variance, digits) / toUnits(a.plan, digits)
		}
		cells[columnIndex(cols, sumPercent)] = excelize.Cell{StyleID: st.percent, Value: pct,
			Formula: fmt.Sprintf(`IF(%s=0,"",%s/%s)`, at(sumPlan), at(sumVariance), at(sumPlan))}
	}
	// summed fills the amount columns a subtotal or the total adds up, with sum making
	// each column's formula.
	summed := func(cells []any, a summaryAmounts, sum func(col string) string) {
		for h, v := range map[string]int64{sumAnnual: a.annual, sumPlan: a.plan, sumActual: a.actual, sumYTDPlan: a.ytdPlan,
			sumYTDActual: a.ytdActual, sumCommitted: a.committed, sumOverdue: a.overdue, sumForecast: a.forecast} {
			cells[columnIndex(cols, h)] = formula(num(v, true), sum(L(h)))
		}
	}

	rows := 0
	for _, g := range lay.groups {
		for _, r := range g.rows {
			row := s.row + 1
			cells := make([]any, len(cols))
			for i, t := range r.text {
				cells[i] = st.textCell(st.text, t)
			}
			a := r.amounts
			code := fmt.Sprintf("$%s%d", L(sumCode), row)
			cells[columnIndex(cols, sumAnnual)] = num(a.annual, false)
			cells[columnIndex(cols, sumPlan)] = num(a.plan, false)
			cells[columnIndex(cols, sumActual)] = formula(num(a.actual, false), fmt.Sprintf("SUMIFS(%s,%s,%s)", counted, spendCodes, code))
			cells[columnIndex(cols, sumYTDPlan)] = num(a.ytdPlan, false)
			cells[columnIndex(cols, sumYTDActual)] = num(a.ytdActual, false)
			cells[columnIndex(cols, sumCommitted)] = formula(num(a.committed, false), fmt.Sprintf("SUMIFS(%s,%s,%s)", commitBase, commitCodes, code))
			cells[columnIndex(cols, sumOverdue)] = formula(num(a.overdue, false),
				fmt.Sprintf(`SUMIFS(%s,%s,%s,%s,"%s")`, commitBase, commitCodes, code, commitLate, commitmentLateMark))
			cells[columnIndex(cols, sumForecast)] = num(a.forecast, false)
			derived(cells, row, a, false)
			cells[len(cols)-1] = st.textCell(st.text, r.justify)
			if err := s.put(cells...); err != nil {
				return 0, err
			}
			rows++
		}
		cells := make([]any, len(cols))
		cells[0] = excelize.Cell{StyleID: st.bold, Value: "Subtotal " + strings.ToLower(g.label)}
		last := g.subtotal - 1
		summed(cells, g.sums, func(col string) string { return fmt.Sprintf("SUBTOTAL(9,%s%d:%s%d)", col, g.first, col, last) })
		derived(cells, g.subtotal, g.sums, true)
		if err := s.put(cells...); err != nil {
			return 0, err
		}
	}
	// The grand total adds up the subtotals, so it is every line and every unbudgeted
	// code once, and follows the table's filter as they do.
	s.last = s.row
	var total summaryAmounts
	for _, g := range lay.groups {
		total.add(g.sums)
	}
	cells := make([]any, len(cols))
	cells[0] = excelize.Cell{StyleID: st.header, Value: "Total"}
	summed(cells, total, func(col string) string {
		if len(lay.groups) == 0 {
			return "0"
		}
		parts := make([]string, len(lay.groups))
		for i, g := range lay.groups {
			parts[i] = fmt.Sprintf("%s%d", col, g.subtotal)
		}
		return "SUM(" + strings.Join(parts, ",") + ")"
	})
	derived(cells, lay.total, total, true)
	if err := s.put(cells...); err != nil {
		return 0, err
	}
	return rows, pk.categoryBlock(s, lay, L, num)
}

// categoryBlock writes the figures the chart shows, one row per category: each a
// reference to the category's subtotal, so the chart follows the table.
func (pk *pack) categoryBlock(s *sheet, lay *summaryLayout, L func(string) string, num func(int64, bool) excelize.Cell) error {
	if len(lay.groups) == 0 {
		return nil
	}
	st := &pk.wb.styles
	s.skip(lay.blockHead - 2 - s.row)
	if err := s.put(excelize.Cell{StyleID: st.bold, Value: "By category, as the chart shows it (" + pk.p.Base + ")"}); err != nil {
		return err
	}
	head := []any{excelize.Cell{StyleID: st.header, Value: "Category"}}
	for _, h := range chartFigures {
		head = append(head, excelize.Cell{StyleID: st.header, Value: h.label})
	}
	if err := s.put(head...); err != nil {
		return err
	}
	for _, g := range lay.groups {
		cells := []any{excelize.Cell{StyleID: st.text, Value: g.label}}
		for _, h := range chartFigures {
			cells = append(cells, excelize.Cell{StyleID: num(0, false).StyleID, Value: toUnitsOf(h.of(g.sums), pk.p.Base),
				Formula: fmt.Sprintf("%s%d", L(h.header), g.subtotal)})
		}
		if err := s.put(cells...); err != nil {
			return err
		}
	}
	return nil
}

// chartFigures are the Summary columns the chart compares by category.
var chartFigures = []struct {
	label, header string
	of            func(summaryAmounts) int64
}{
	{"Annual plan", sumAnnual, func(a summaryAmounts) int64 { return a.annual }},
	{"YTD actual", sumYTDActual, func(a summaryAmounts) int64 { return a.ytdActual }},
	{"Forecast", sumForecast, func(a summaryAmounts) int64 { return a.forecast }},
}

// toUnitsOf is an amount of minor units in whole units of its currency.
func toUnitsOf(amount int64, currency string) float64 {
	d, ok := money.Digits(currency)
	if !ok {
		d = 2
	}
	return toUnits(amount, d)
}

// prepareSummary sets what the stream writer must find on the sheet when it opens:
// the over-budget highlights and the chart.
func (pk *pack) prepareSummary(f *excelize.File, name string, lay *summaryLayout, L func(string) string) error {
	red, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006", Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	if err != nil {
		return err
	}
	first := lay.spec.headerRow() + 1
	for _, h := range []string{sumVariance, sumFVariance} {
		c := L(h)
		if err := f.SetConditionalFormat(name, fmt.Sprintf("%s%d:%s%d", c, first, c, lay.total),
			[]excelize.ConditionalFormatOptions{{Type: "cell", Criteria: "<", Value: "0", Format: &red}}); err != nil {
			return err
		}
	}
	if len(lay.groups) == 0 {
		return nil
	}
	sheet := quoteSheet(name)
	firstCat, lastCat := lay.blockHead+1, lay.blockHead+len(lay.groups)
	var series []excelize.ChartSeries
	for i := range chartFigures {
		col, _ := excelize.ColumnNumberToName(i + 2)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", sheet, col, lay.blockHead),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", sheet, firstCat, lastCat),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, col, firstCat, col, lastCat),
		})
	}
	return f.AddChart(name, fmt.Sprintf("F%d", lay.blockHead-1), &excelize.Chart{
		Type:       excelize.Col,
		Series:     series,
		VaryColors: boolPtr(false), // a colour per series, not per category
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: fmt.Sprintf("Annual plan, YTD actual (through Q%d) and forecast by category, %s", pk.p.Quarter, pk.p.Base)}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		Dimension:  excelize.ChartDimension{Width: 760, Height: 380},
		YAxis:      excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}},
	})
}
