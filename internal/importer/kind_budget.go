package importer

import (
	"strconv"
	"strings"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// budgetQuarterFields are the columns of a line's quarterly split.
var budgetQuarterFields = [4]string{"q1", "q2", "q3", "q4"}

// runBudgetLines makes one budget line per row. The year is "FY2027" or "2027"; a code
// may appear once per year in the file and must not be in the year already. Q1–Q4 are
// the plan's split: blank, or the default equal split of the plan (which the export
// writes for every line), leaves the split following the plan; anything else is an
// explicit split that must add up to the plan. The unbudgeted rows and the totals row
// of an export are not lines and are skipped.
func runBudgetLines(b *batch) error {
	seen := map[lineKey]int{}
	cur := b.st.BaseCurrency
	for _, r := range b.t.Rows {
		b.tick(1)
		if strings.EqualFold(b.get(r, "Budget"), "unbudgeted") || isTotals(r, "Code", "Name", "Fiscal year") {
			continue
		}
		bad := outlay.FieldErrors{}
		line := &outlay.BudgetLine{Code: strings.ToUpper(b.field(r, "code")), Name: b.field(r, "name"),
			Category: lower(b.field(r, "category")), ExpenseType: lower(b.field(r, "expense_type")),
			CostCentre: b.field(r, "cost_centre"), GLAccount: b.field(r, "gl_account"),
			OwnerEmail: b.field(r, "owner_email"), Justification: b.field(r, "justification")}
		fy, ok := parseFY(b.field(r, "fy"))
		switch {
		case b.field(r, "fy") == "":
			bad.Add("fy", "required: the fiscal year, such as FY"+strconv.Itoa(b.st.Calendar().Year(outlay.Today())))
		case !ok:
			bad.Add("fy", "a fiscal year, such as FY2027 or 2027")
		}
		line.FY = fy
		var err error
		if b.field(r, "planned") == "" {
			bad.Add("planned", "required")
		} else if line.Planned, err = money.Parse(b.field(r, "planned"), cur, false); err != nil {
			bad.Add("planned", err.Error())
		}
		given := false
		for i, f := range budgetQuarterFields {
			v := b.field(r, f)
			if v == "" {
				continue
			}
			given = true
			if line.Quarters[i], err = money.Parse(v, cur, false); err != nil {
				bad.Add(f, err.Error())
			}
		}
		line.QuartersSet = given && line.Quarters != outlay.DefaultQuarters(line.Planned)
		if !line.QuartersSet {
			line.Quarters = [4]int64{}
		}
		if err := input.CheckBudget(b.im.rules, line, bad, cur); err != nil {
			b.fieldProblems(r.Line, outlay.ErrorFields(err), map[string]string{"quarters": "Q1"})
			continue
		}
		k := lineKey{line.FY, line.Code}
		if first, dup := seen[k]; dup {
			b.problem(r.Line, "Code", b.st.Calendar().Label(line.FY)+" "+line.Code+" is on row "+itoa(first)+" already")
			continue
		}
		seen[k] = r.Line
		if err := b.stored(r.Line, b.tx.CreateBudgetLine(b.ctx, line), map[string]string{"quarters": "Q1"}); err != nil {
			return err
		}
		if line.ID != 0 {
			b.created(r.Line, line.ID, line.Code+" "+b.st.Calendar().Label(line.FY), "/budget/")
		}
	}
	return nil
}

// parseFY reads a fiscal year as "FY2027", "fy 2027" or "2027".
func parseFY(s string) (int, bool) {
	s = strings.TrimSpace(strings.ToUpper(s))
	s = strings.TrimSpace(strings.TrimPrefix(s, "FY"))
	n, err := strconv.Atoi(s)
	if err != nil || !outlay.ValidFiscalYear(n) {
		return 0, false
	}
	return n, true
}
