package server_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

// figureSet is one row's figures as a surface shows them, by name, in cents.
type figureSet map[string]int64

// cents reads an amount as pages, the API and workbooks write it ("-1,234.56").
func cents(t *testing.T, s string) int64 {
	t.Helper()
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	v, err := money.Parse(s, "EUR", true)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return v
}

// reconcileData is a small year with every case the figures must get right: a
// FY2026 invoice whose service runs into FY2027, a FY2026-only code whose share and
// contract land in FY2027 as unbudgeted, a monthly contract with two payments overdue
// and not invoiced, an invoice prepaid for later months, a post-dated invoice, and a
// USD contract. The fiscal year starts in July; today (2026-11-25) is in FY2027.
type reconcileData struct {
	cloud27, soft27 int64
}

func seedReconcileData(t *testing.T, h *harness, ctx context.Context) reconcileData {
	t.Helper()
	st, err := h.DB.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.FYStartMonth = 7
	if err := h.DB.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	vendor := seedContractVendor(t, h, "Acme")
	line := func(fy int, code string, planned int64) int64 {
		b := &outlay.BudgetLine{FY: fy, Code: code, Name: "Line " + code, Category: "cloud", ExpenseType: "opex", Planned: planned}
		if err := h.DB.CreateBudgetLine(ctx, b); err != nil {
			t.Fatal(err)
		}
		return b.ID
	}
	cloud26, wan26 := line(2026, "INF-CLOUD", 1200000), line(2026, "NET-WAN", 600000)
	d := reconcileData{cloud27: line(2027, "INF-CLOUD", 2400000), soft27: line(2027, "SW-LIC", 600000)}
	day := func(s string) *time.Time {
		v, err := outlay.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	if err := h.DB.CreateRate(ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: *day("2026-01-01"), RateMicros: 920000}); err != nil {
		t.Fatal(err)
	}
	contract := func(title, code, currency, billing, start, end string, price int64) int64 {
		c := &outlay.Contract{VendorID: vendor, Title: title, Kind: "subscription", OwnerEmail: "owner@example.com",
			RenewalType: "manual", NoticeValue: 1, NoticeUnit: "months", Currency: currency, BudgetLineCode: code,
			Terms: []*outlay.Term{{StartDate: *day(start), EndDate: *day(end), Price: price, Billing: billing}}}
		if err := h.DB.CreateContract(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	licences := contract("Licences", "SW-LIC", "EUR", "monthly", "2026-09-01", "2027-08-31", 120000)
	contract("Hosting", "INF-CLOUD", "USD", "quarterly", "2026-10-01", "2027-09-30", 400000) // 920.00 EUR a quarter
	contract("WAN", "NET-WAN", "EUR", "annual", "2027-01-01", "2027-12-31", 240000)
	spend := func(invoice, date string, lineID, amount int64, from, to string, contractID *int64) {
		t.Helper()
		e := &outlay.SpendEntry{Date: *day(date), VendorID: vendor, Description: invoice, InvoiceNumber: invoice, Amount: amount, Currency: "EUR",
			ContractID: contractID, Allocations: []outlay.Allocation{{BudgetLineID: lineID, Amount: amount}}}
		if from != "" {
			e.ServiceFrom, e.ServiceTo = day(from), day(to)
		}
		if err := h.DB.CreateSpend(ctx, e); err != nil {
			t.Fatalf("%s: %v", invoice, err)
		}
	}
	spend("CROSS", "2026-06-20", cloud26, 1000000, "2026-05-01", "2026-08-31", nil) // 4,959.35 FY2026, 5,040.65 FY2027
	spend("WAN-1", "2026-06-25", wan26, 300000, "2026-06-01", "2026-07-31", nil)    // July's 1,524.59 is FY2027's, unbudgeted
	spend("PREPAID", "2026-11-10", d.soft27, 180000, "2026-11-01", "2027-04-30", nil)
	spend("LATER", "2026-12-15", d.soft27, 50000, "", "", nil)
	spend("LIC-SEP", "2026-09-05", d.soft27, 10000, "", "", &licences) // September's payment invoiced; October's and November's are not
	return d
}

// rowRE, cellRE and totalRE read the budget list's rows and cells.
var (
	rowRE   = regexp.MustCompile(`(?s)<tr data-(id|unbudgeted)="([^"]*)">(.*?)</tr>`)
	cellRE  = regexp.MustCompile(`data-(?:col|total)="(\w+)">(-?[\d,]+\.\d\d)`)
	footRE  = regexp.MustCompile(`(?s)<tfoot>(.*?)</tfoot>`)
	cardRE  = regexp.MustCompile(`data-figure="(\w+)">(-?[\d,]+\.\d\d)`)
	monthRE = regexp.MustCompile(`data-month-actual>(-?[\d,]+\.\d\d)`)
)

func cellsOf(t *testing.T, re *regexp.Regexp, html string) figureSet {
	out := figureSet{}
	for _, m := range re.FindAllStringSubmatch(html, -1) {
		out[m[1]] = cents(t, m[2])
	}
	return out
}

// TestFiguresReconcileEverywhere checks, under both bases, that the budget list, each
// line's page, the dashboard, the API and the budget export show the same figures to
// the cent, that every total is lines + unbudgeted, and that forecast = actual +
// committed on every row and in the total.
func TestFiguresReconcileEverywhere(t *testing.T) {
	h := newHarness(t)
	c, admin := h.signIn("admin")
	api, _ := h.apiClient("viewer")
	ctx := outlay.NewContextWithUser(context.Background(), admin)
	d := seedReconcileData(t, h, ctx)

	for _, basis := range []string{outlay.BasisAccrual, outlay.BasisCash} {
		t.Run(basis, func(t *testing.T) {
			st, _ := h.DB.GetSettings(ctx)
			st.Basis = basis
			if err := h.DB.UpdateSettings(ctx, st); err != nil {
				t.Fatal(err)
			}
			// The API: lines, unbudgeted codes, totals.
			var list struct {
				Items []struct {
					ID      int64             `json:"id"`
					Code    string            `json:"code"`
					Figures map[string]string `json:"figures"`
				} `json:"items"`
				Unbudgeted []struct {
					Code       string            `json:"code"`
					Unbudgeted bool              `json:"unbudgeted"`
					Figures    map[string]string `json:"figures"`
				} `json:"unbudgeted"`
				Totals map[string]string `json:"totals"`
			}
			res := api.get("/api/v1/budget-lines?fy=2027")
			if res.Code != 200 {
				t.Fatalf("API: %d %s", res.Code, res.Body)
			}
			res.JSON(t, &list)
			apiSet := func(f map[string]string) figureSet {
				out := figureSet{}
				for k, v := range f {
					if k != "basis" && k != "from" && k != "to" && !strings.HasPrefix(k, "ytd_from") && k != "ytd_to" {
						out[k] = cents(t, v)
					}
				}
				return out
			}
			rows := map[string]figureSet{} // by code
			for _, it := range list.Items {
				rows[it.Code] = apiSet(it.Figures)
			}
			for _, u := range list.Unbudgeted {
				if !u.Unbudgeted {
					t.Errorf("unbudgeted %s without \"unbudgeted\": true", u.Code)
				}
				rows["unbudgeted "+u.Code] = apiSet(u.Figures)
			}
			total := apiSet(list.Totals)
			if len(rows) != 3 || rows["unbudgeted NET-WAN"] == nil {
				t.Fatalf("API rows = %v, want INF-CLOUD, SW-LIC and unbudgeted NET-WAN", rows)
			}

			// Forecast = actual + committed, and the total is the sum of the rows.
			sum := figureSet{}
			for code, r := range rows {
				if r["forecast"] != r["year_actual"]+r["year_committed"] || r["forecast"] != r["actual"]+r["committed"] {
					t.Errorf("%s: forecast %d ≠ actual %d + committed %d", code, r["forecast"], r["actual"], r["committed"])
				}
				for k, v := range r {
					sum[k] += v
				}
			}
			for k, v := range sum {
				if total[k] != v {
					t.Errorf("total %s = %d, rows add up to %d", k, total[k], v)
				}
			}
			// The worked numbers.
			wan, cloud, soft := rows["unbudgeted NET-WAN"], rows["INF-CLOUD"], rows["SW-LIC"]
			if wan["committed"] != 240000 || wan["annual_planned"] != 0 {
				t.Errorf("NET-WAN unbudgeted = %v, want 2,400.00 committed and no plan", wan)
			}
			if cloud["committed"] != 276000 || cloud["overdue"] != 92000 || soft["committed"] != 90000 || soft["overdue"] != 20000 {
				t.Errorf("committed: INF-CLOUD %v, SW-LIC %v; want 2,760.00 (920.00 overdue) and 900.00 (200.00 overdue)", cloud, soft)
			}
			if basis == outlay.BasisAccrual {
				if cloud["actual"] != 504065 || wan["actual"] != 152459 || soft["actual"] != 240000 || soft["prepaid"] != 180000-29834+50000 {
					t.Errorf("accrual actual: INF-CLOUD %d (5,040.65), NET-WAN %d (1,524.59), SW-LIC %d (2,400.00), prepaid %d",
						cloud["actual"], wan["actual"], soft["actual"], soft["prepaid"])
				}
			} else if cloud["actual"] != 0 || wan["actual"] != 0 || soft["actual"] != 240000 || soft["prepaid"] != 50000 {
				t.Errorf("cash actual: INF-CLOUD %d, NET-WAN %d, SW-LIC %d (2,400.00), prepaid %d (the post-dated 500.00)",
					cloud["actual"], wan["actual"], soft["actual"], soft["prepaid"])
			}

			// The budget list shows the same.
			page := c.get("/budget?fy=2027")
			for _, m := range rowRE.FindAllStringSubmatch(page.Body, -1) {
				code := m[2]
				if m[1] == "id" {
					code = map[string]string{itoa(d.cloud27): "INF-CLOUD", itoa(d.soft27): "SW-LIC"}[m[2]]
				} else {
					code = "unbudgeted " + code
				}
				cells := cellsOf(t, cellRE, m[3])
				want := rows[code]
				for k, apiKey := range map[string]string{"planned": "annual_planned", "actual": "actual", "committed": "committed", "forecast": "forecast",
					"ytd_planned": "ytd_planned", "ytd_actual": "ytd_actual"} {
					if cells[k] != want[apiKey] {
						t.Errorf("budget list %s %s = %d, API %d", code, k, cells[k], want[apiKey])
					}
				}
				delete(rows, code)
				rows["seen "+code] = want
			}
			for code := range rows {
				if !strings.HasPrefix(code, "seen ") {
					t.Errorf("the budget list has no row for %s", code)
				}
			}
			foot := footRE.FindStringSubmatch(page.Body)
			if foot == nil {
				t.Fatal("budget list has no total row")
			}
			tc := cellsOf(t, cellRE, foot[1])
			if tc["actual"] != total["actual"] || tc["committed"] != total["committed"] || tc["forecast"] != total["forecast"] || tc["planned"] != total["annual_planned"] {
				t.Errorf("budget list total %v, API %v", tc, total)
			}
			if !strings.Contains(page.Body, `id="unbudgeted"`) || !strings.Contains(page.Body, "Unbudgeted") {
				t.Error("the budget list does not mark the unbudgeted row")
			}

			// Each line's page.
			for id, code := range map[int64]string{d.cloud27: "INF-CLOUD", d.soft27: "SW-LIC"} {
				cards := cellsOf(t, cardRE, c.get("/budget/"+itoa(id)).Body)
				want := rows["seen "+code]
				for _, k := range []string{"actual", "committed", "forecast", "overdue", "prepaid"} {
					if cards[k] != want[k] {
						t.Errorf("line page %s %s = %d, API %d", code, k, cards[k], want[k])
					}
				}
			}

			// The dashboard: cards, overdue and unbudgeted notes, the month table.
			home := c.get("/").Body
			cards := cellsOf(t, cardRE, home)
			for _, k := range []string{"actual", "committed", "forecast", "overdue", "prepaid"} {
				if cards[k] != total[k] {
					t.Errorf("dashboard %s = %d, API total %d", k, cards[k], total[k])
				}
			}
			if cards["actual"]+cards["committed"] != cards["forecast"] {
				t.Errorf("dashboard: actual %d + committed %d ≠ forecast %d", cards["actual"], cards["committed"], cards["forecast"])
			}
			if cards["unbudgeted"] != wan["forecast"] || !strings.Contains(home, `href="/budget?fy=2027#unbudgeted"`) {
				t.Errorf("dashboard unbudgeted = %d, want %d linking to the list", cards["unbudgeted"], wan["forecast"])
			}
			var months int64
			for _, m := range monthRE.FindAllStringSubmatch(home, -1) {
				months += cents(t, m[1])
			}
			if months != cards["actual"] {
				t.Errorf("the month table adds up to %d, the Actual card says %d", months, cards["actual"])
			}

			// The export, read back.
			xl := c.get("/budget/export.xlsx?fy=2027")
			if xl.Code != 200 {
				t.Fatalf("export: %d", xl.Code)
			}
			f := openWorkbook(t, xl.Body)
			title, _ := f.GetCellValue("Budget", "A1")
			if !strings.Contains(title, basis+" basis") || !strings.Contains(title, "EUR") {
				t.Errorf("export title %q does not name the basis and currency", title)
			}
			sheet, err := f.GetRows("Budget", excelize.Options{RawCellValue: true})
			if err != nil || len(sheet) < 9 {
				t.Fatalf("export rows: %v %v", sheet, err)
			}
			head := sheet[4]
			col := func(row []string, name string) int64 {
				for i, h := range head {
					if h == name && i < len(row) {
						return cents(t, trimFloat(row[i]))
					}
				}
				t.Fatalf("export has no column %q: %v", name, head)
				return 0
			}
			if len(sheet) != 9 {
				t.Errorf("export has %d rows, want the title block, the header, 2 lines, 1 unbudgeted and the total", len(sheet))
			}
			for _, row := range sheet[5:] {
				code := row[0]
				if row[0] == "Total" {
					code = ""
				} else if row[len(head)-1] == "unbudgeted" {
					code = "unbudgeted " + code
				}
				want := total
				if code != "" {
					want = rows["seen "+code]
				}
				for name, k := range map[string]string{"Actual": "actual", "Committed": "committed", "Forecast": "forecast",
					"Overdue, not invoiced": "overdue", "Prepaid for later months": "prepaid", "YTD actual": "ytd_actual"} {
					if got := col(row, name); got != want[k] {
						t.Errorf("export %q %s = %d, API %d", row[0], name, got, want[k])
					}
				}
			}

			// A quarter: the page, the export and the API agree too.
			var q2 struct {
				Totals map[string]string `json:"totals"`
			}
			api.get("/api/v1/budget-lines?fy=2027&quarter=2").JSON(t, &q2)
			qt := apiSet(q2.Totals)
			qpage := footRE.FindStringSubmatch(c.get("/budget?fy=2027&quarter=2").Body)
			qc := cellsOf(t, cellRE, qpage[1])
			for k, apiKey := range map[string]string{"planned": "planned", "actual": "actual", "committed": "committed", "ytd_planned": "ytd_planned",
				"ytd_actual": "ytd_actual", "annual_plan": "annual_planned", "forecast": "forecast"} {
				if qc[k] != qt[apiKey] {
					t.Errorf("Q2 total %s: page %d, API %d", k, qc[k], qt[apiKey])
				}
			}
			if qt["forecast"] != total["forecast"] || qt["committed"] > total["committed"] {
				t.Errorf("Q2 forecast %d ≠ the year's %d", qt["forecast"], total["forecast"])
			}
			qf := openWorkbook(t, c.get("/budget/export.xlsx?fy=2027&quarter=2").Body)
			qs, _ := qf.GetRows("Budget", excelize.Options{RawCellValue: true})
			head = qs[4]
			last := qs[len(qs)-1]
			if last[0] != "Total" || col(last, "Q2 actual") != qt["actual"] || col(last, "Q2 committed") != qt["committed"] || col(last, "YTD planned") != qt["ytd_planned"] {
				t.Errorf("Q2 export total row %v, API %v", last, qt)
			}
		})
	}
}

// trimFloat writes a raw workbook number ("5040.65", "1200", "-3.5") with two decimals.
func trimFloat(s string) string {
	if s == "" {
		return "0.00"
	}
	whole, frac, _ := strings.Cut(s, ".")
	return fmt.Sprintf("%s.%s", whole, (frac + "00")[:2])
}
