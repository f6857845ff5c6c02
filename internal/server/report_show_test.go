package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// reportRowRE reads the Reports preview's rows by category.
var reportRowRE = regexp.MustCompile(`(?s)<tr data-category="([^"]*)">(.*?)</tr>`)

// budgetTotals reads the budget API's totals for a quarter, in cents by figure name.
func budgetTotals(t *testing.T, api *client, query string) figureSet {
	t.Helper()
	var list struct {
		Totals map[string]string `json:"totals"`
	}
	res := api.get("/api/v1/budget-lines?" + query)
	if res.Code != http.StatusOK {
		t.Fatalf("budget API: %d %s", res.Code, res.Body)
	}
	res.JSON(t, &list)
	out := figureSet{}
	for _, k := range []string{"planned", "actual", "variance", "ytd_actual", "forecast", "forecast_variance"} {
		out[k] = cents(t, list.Totals[k])
	}
	return out
}

// The Reports page offers the years with budget lines and the current one, defaults
// to the current quarter (FY2027 Q2 on 2026-11-25 with a July year) and the setting's
// basis, and previews the Summary's totals: each the budget API's for the quarter to
// the cent, the categories adding up to the total. Choosing the other basis shows that
// basis's figures, and the download links carry the choice.
func TestReportsPagePreviewsTheSummaryTotals(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("viewer")
	api, _ := h.apiClient("viewer")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	seedReconcileData(t, h, ctx)

	res := c.get("/reports")
	if res.Code != http.StatusOK {
		t.Fatalf("reports: %d %s", res.Code, res.Body)
	}
	mustContain(t, "reports page", res.Body,
		`<a href="/reports" aria-current="page">Reports</a>`,
		`<option value="2027" selected>FY2027</option>`, `<option value="2026">FY2026</option>`,
		`<option value="2" selected>Q2 (2026-10-01 – 2026-12-31)</option>`,
		`<option value="cash" selected>`,
		`href="/reports/quarterly.xlsx?basis=cash&amp;fy=2027&amp;quarter=2"`,
		`formaction="/reports/quarterly.xlsx"`,
		"Q2 is 2026-10-01 – 2026-12-31 (still running: figures to today) · cash basis · amounts in EUR",
		"Opens on the current quarter, FY2027 Q2;")

	for _, basis := range []string{outlay.BasisCash, outlay.BasisAccrual} {
		// The API shows the setting's basis: set it, then ask the page for it explicitly
		// with the setting at the other one.
		st, _ := h.DB.GetSettings(ctx)
		st.Basis = basis
		if err := h.DB.UpdateSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		want := budgetTotals(t, api, "fy=2027&quarter=2")
		other := map[string]string{outlay.BasisCash: outlay.BasisAccrual, outlay.BasisAccrual: outlay.BasisCash}[basis]
		st.Basis = other
		if err := h.DB.UpdateSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		page := c.get("/reports?fy=2027&quarter=2&basis=" + basis)
		if page.Code != http.StatusOK {
			t.Fatalf("%s: %d", basis, page.Code)
		}
		rows := map[string]figureSet{}
		for _, m := range reportRowRE.FindAllStringSubmatch(page.Body, -1) {
			rows[m[1]] = cellsOf(t, cellRE, m[2])
		}
		if rows["total"] == nil || rows["cloud"] == nil || rows["unbudgeted"] == nil || len(rows) != 3 {
			t.Fatalf("%s: preview rows %v, want cloud, unbudgeted and total", basis, rows)
		}
		for k, v := range want {
			if rows["total"][k] != v {
				t.Errorf("%s: preview total %s = %d, budget API %d", basis, k, rows["total"][k], v)
			}
			if sum := rows["cloud"][k] + rows["unbudgeted"][k]; sum != v {
				t.Errorf("%s: rows add up to %s %d, total %d", basis, k, sum, v)
			}
		}
		// Worked numbers (seedReconcileData): the quarter's plan is a quarter of 24,000 +
		// 6,000. Cash: PREPAID's 1,800.00 (2026-11-10) + LATER's 500.00 (2026-12-15).
		// Accrual: PREPAID's 61 of 181 service days in Q2, 1,800.00 × 61 / 181 = 606.63,
		// + LATER's 500.00 on its date.
		wantActual := map[string]int64{outlay.BasisCash: 230000, outlay.BasisAccrual: 110663}[basis]
		if rows["total"]["planned"] != 750000 || rows["total"]["actual"] != wantActual {
			t.Errorf("%s: Q2 plan %d (7,500.00), actual %d (want %d)", basis, rows["total"]["planned"], rows["total"]["actual"], wantActual)
		}
		mustContain(t, basis+" preview", page.Body, basis+" basis · amounts in EUR",
			`href="/reports/quarterly.xlsx?basis=`+basis+`&amp;fy=2027&amp;quarter=2"`)
	}
}

// Parameters that cannot be read come back as a 400 page with the form, each message
// beside its field, what was typed kept, and no preview or download link.
func TestReportsPageRefusesBadParameters(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	for _, path := range []string{"/reports?fy=27x&quarter=5&basis=mixed", "/reports/quarterly.xlsx?fy=27x&quarter=5&basis=mixed"} {
		res := c.get(path)
		if res.Code != http.StatusBadRequest || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: %d %s", path, res.Code, res.Header.Get("Content-Type"))
		}
		mustContain(t, path, res.Body,
			`<option value="27x" selected>27x</option>`, `<p class="error" id="e-fy">must be a fiscal year, such as 2026</p>`,
			`<option value="5" selected>5</option>`, `<p class="error" id="e-quarter">must be 1, 2, 3 or 4</p>`,
			`<option value="mixed" selected>mixed</option>`, `<p class="error" id="e-basis">must be cash or accrual</p>`,
			`<a href="#f-fy">Fiscal year: must be a fiscal year`)
		if strings.Contains(res.Body, "pack-summary") || strings.Contains(res.Body, "data-download") {
			t.Errorf("%s: a preview or a download link for a choice that cannot be read", path)
		}
	}
	if res := h.client().get("/reports"); res.Code != http.StatusSeeOther {
		t.Errorf("signed out: %d", res.Code)
	}
}
