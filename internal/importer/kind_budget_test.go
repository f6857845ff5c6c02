package importer

import (
	"testing"
	"time"

	"outlay/internal/outlay"
)

// budgetHeaders are every column a person fills, in another order and case than the
// export's, by an alias too, with a derived column and one Outlay does not know.
var budgetHeaders = []string{"justification", "fy", "q4", "q3", "q2", "q1", "PLANNED", "gl account", "Cost Center", "owner", "type",
	"category", "name", "CODE", "Actual", "Colour"}

func budgetCells(kv ...string) []string {
	r := map[string]string{"fy": "FY2027", "CODE": "NEW-LINE", "name": "New line", "category": "software", "type": "opex",
		"PLANNED": "1000.00"}
	for i := 0; i+1 < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	out := make([]string, len(budgetHeaders))
	for i, h := range budgetHeaders {
		out[i] = r[h]
	}
	return out
}

func TestImportBudgetLinesEveryColumn(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			e := newEnv(t)
			e.seed()
			before := e.counts()
			res := e.importRows(outlay.ImportBudgetLines, format, false, budgetHeaders, [][]string{
				budgetCells("justification", "Core switches, end of life", "fy", "FY2027", "PLANNED", "10000.00", "gl account", "6200",
					"Cost Center", "CC-200", "owner", "Net@Example.org", "type", "CapEx", "category", "Telecom", "name", "Network",
					"CODE", "inf-net", "Actual", "123.45", "Colour", "green"),
				budgetCells("fy", "2027", "CODE", "SW-DEV", "name", "Developer tools", "PLANNED", "1000.01",
					"q1", "100.00", "q2", "200.00", "q3", "300.00", "q4", "400.01"),
				// The equal split written out, as the export writes it: it follows the plan.
				budgetCells("fy", "2028", "CODE", "INF-NET", "name", "Network", "PLANNED", "100.03",
					"q1", "25.01", "q2", "25.01", "q3", "25.01", "q4", "25.00"),
			})
			e.mustOK(res)
			e.wantAudited(outlay.ImportBudgetLines, "budget-lines."+format, res, before)
			if got := e.count("budget_lines") - before["budget_lines"]; got != 3 {
				t.Errorf("%d lines stored, want 3", got)
			}
			if !equalStrings(res.Unknown, []string{"Colour"}) {
				t.Errorf("Unknown = %q", res.Unknown)
			}
			if len(res.Created) != 3 || res.Created[0].Label != "INF-NET FY2027" || res.Created[0].Path != "/budget/"+itoa(int(res.Created[0].ID)) {
				t.Fatalf("created %+v", res.Created)
			}
			// 10,000.00 blank quarters: the equal split, 2,500.00 each, following the plan.
			e.sameLine(2027, "INF-NET", outlay.BudgetLine{FY: 2027, Code: "INF-NET", Name: "Network", Category: "telecom",
				ExpenseType: "capex", CostCentre: "CC-200", GLAccount: "6200", OwnerEmail: "net@example.org", Planned: 1000000,
				Quarters: [4]int64{250000, 250000, 250000, 250000}, Justification: "Core switches, end of life"})
			e.sameLine(2027, "SW-DEV", outlay.BudgetLine{FY: 2027, Code: "SW-DEV", Name: "Developer tools", Category: "software",
				ExpenseType: "opex", Planned: 100001, Quarters: [4]int64{10000, 20000, 30000, 40001}, QuartersSet: true})
			// 100.03 by largest remainder: 25.01, 25.01, 25.01, 25.00.
			e.sameLine(2028, "INF-NET", outlay.BudgetLine{FY: 2028, Code: "INF-NET", Name: "Network", Category: "software",
				ExpenseType: "opex", Planned: 10003, Quarters: [4]int64{2501, 2501, 2501, 2500}})
		})
	}
}

// sameLine compares the stored line of a year and code with want.
func (e *env) sameLine(fy int, code string, want outlay.BudgetLine) {
	e.t.Helper()
	var id int64
	if err := e.db.ReadDB().QueryRow(`SELECT id FROM budget_lines WHERE fy = ? AND code = ?`, fy, code).Scan(&id); err != nil {
		e.t.Fatalf("FY%d %s: %v", fy, code, err)
	}
	l, err := e.db.FindBudgetLineByID(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	got := *l
	got.ID, got.CreatedAt, got.UpdatedAt, got.AllocationCount = 0, time.Time{}, time.Time{}, 0
	if got != want {
		e.t.Errorf("stored %+v\nwant   %+v", got, want)
	}
}

func TestImportBudgetLineProblems(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			e := newEnv(t)
			e.seed()
			before := e.counts()
			rows := [][]string{
				budgetCells("CODE", "L-2", "fy", "FY20X7"),                                                       // 2
				budgetCells("CODE", "L-3", "fy", ""),                                                             // 3
				budgetCells("CODE", "L-4", "PLANNED", "12.345"),                                                  // 4
				budgetCells("CODE", "L-5", "PLANNED", "lots"),                                                    // 5
				budgetCells("CODE", "L-6", "q1", "1.001", "q2", "1", "q3", "1", "q4", "997"),                     // 6
				budgetCells("CODE", "L-7", "PLANNED", "500", "q1", "100", "q2", "100", "q3", "100", "q4", "100"), // 7
				budgetCells("CODE", "L-8", "category", "furniture"),                                              // 8
				budgetCells("CODE", "L-9", "type", "both"),                                                       // 9
				budgetCells("CODE", "1BAD"),                                                                      // 10
				budgetCells("CODE", "NEW-1"),                                                                     // 11
				budgetCells("CODE", "new-1", "fy", "2027"),                                                       // 12
				budgetCells("CODE", "inf-cloud"),                                                                 // 13
				budgetCells("CODE", "L-14", "owner", "not-an-email"),                                             // 14
				budgetCells("CODE", "L-15", "PLANNED", "-5"),                                                     // 15
				budgetCells("CODE", "INF-CLOUD", "fy", "FY2028"),                                                 // 16: fine, another year
				budgetCells("CODE", "L-17", "name", ""),                                                          // 17
				budgetCells("CODE", "L-18", "PLANNED", "1000", "q1", "1000"),                                     // 18: fine, 1000+0+0+0
			}
			res := e.importRows(outlay.ImportBudgetLines, format, true, budgetHeaders, rows)
			hasProblem(t, res, 2, "fy", "a fiscal year, such as FY2027")
			hasProblem(t, res, 3, "fy", "required")
			hasProblem(t, res, 4, "PLANNED", "EUR allows at most 2 decimals")
			hasProblem(t, res, 5, "PLANNED", "")
			hasProblem(t, res, 6, "q1", "EUR allows at most 2 decimals")
			hasProblem(t, res, 7, "q1", "add up to 400.00")
			hasProblem(t, res, 8, "category", "software")
			hasProblem(t, res, 9, "type", "capex")
			hasProblem(t, res, 10, "CODE", "INF-CLOUD")
			hasProblem(t, res, 12, "CODE", "row 11")
			hasProblem(t, res, 13, "CODE", "FY2027")
			hasProblem(t, res, 14, "owner", "email")
			hasProblem(t, res, 15, "PLANNED", "")
			hasProblem(t, res, 17, "name", "required")
			if len(res.Problems) != 14 {
				t.Errorf("%d problems, want one each on 14 rows", len(res.Problems))
			}
			for _, p := range res.Problems {
				if p.Row == 11 || p.Row == 16 || p.Row == 18 {
					t.Errorf("a good row has a problem: %+v", p)
				}
			}
			if t.Failed() {
				t.Logf("all: %q", problems(res))
			}
			if after := e.counts(); !mapsEqual(before, after) {
				t.Errorf("a preview stored something: %v -> %v", before, after)
			}
			committed := e.importRows(outlay.ImportBudgetLines, format, false, budgetHeaders, rows)
			if !equalStrings(problems(committed), problems(res)) {
				t.Errorf("the commit reports other problems than the preview:\n%q\n%q", problems(committed), problems(res))
			}
			if after := e.counts(); !mapsEqual(before, after) {
				t.Errorf("a refused import stored something: %v -> %v", before, after)
			}
		})
	}
}

func TestImportBudgetLinesMissingColumn(t *testing.T) {
	e := newEnv(t)
	err := e.importErr(outlay.ImportBudgetLines, "csv", []string{"Code", "Name", "Category", "Type", "Planned"},
		[][]string{{"INF-CLOUD", "Cloud", "cloud", "opex", "100"}})
	wantInvalid(t, err, "lacks the column “Fiscal year”")
}
