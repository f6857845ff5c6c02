package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// blLine stores a budget line directly, as a fixture: FY2027, cloud, opex.
func (h *harness) blLine(code string, planned int64, edit ...func(*outlay.BudgetLine)) *outlay.BudgetLine {
	h.t.Helper()
	b := &outlay.BudgetLine{FY: 2027, Code: code, Name: "Line " + code, Category: "cloud", ExpenseType: "opex", Planned: planned}
	for _, e := range edit {
		e(b)
	}
	if err := h.DB.CreateBudgetLine(context.Background(), b); err != nil {
		h.t.Fatal(err)
	}
	return b
}

// blSpend charges an amount to the line with raw SQL, as the spend storage would.
func (h *harness) blSpend(lineID, amount int64) {
	h.t.Helper()
	db := h.DB.WriteDB()
	if _, err := db.Exec(`INSERT OR IGNORE INTO vendors (id, name, name_key, category, status, criticality, created_at, updated_at)
		VALUES (1, 'Acme', 'acme', 'cloud', 'active', 'medium', 'x', 'x')`); err != nil {
		h.t.Fatal(err)
	}
	res, err := db.Exec(`INSERT INTO spend_entries (date, vendor_id, description, amount, currency, fx_rate_micros, base_amount, created_at, updated_at)
		VALUES ('2027-02-01', 1, 'Invoice', ?, 'EUR', 1000000, ?, 'x', 'x')`, amount, amount)
	if err != nil {
		h.t.Fatal(err)
	}
	spendID, _ := res.LastInsertId()
	if _, err := db.Exec(`INSERT INTO spend_allocations (spend_id, budget_line_id, amount, date) VALUES (?, ?, ?, '2027-02-01')`,
		spendID, lineID, amount); err != nil {
		h.t.Fatal(err)
	}
}

// blContains fails the test for each snippet the body lacks.
func blContains(t *testing.T, body string, snippets ...string) {
	t.Helper()
	for _, s := range snippets {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
}

// blForm is a valid budget line form, changed by edit.
func blForm(edit map[string]string) url.Values {
	v := url.Values{
		"fy": {"2027"}, "code": {"inf-cloud"}, "name": {"Cloud hosting"}, "category": {"cloud"}, "expense_type": {"opex"},
		"cost_centre": {"CC-100"}, "gl_account": {"6200"}, "owner_email": {"ann@example.com"}, "planned": {"100,000.01"},
		"justification": {"Hosting for the web shop."},
	}
	for k, val := range edit {
		v.Set(k, val)
	}
	return v
}

func TestBudgetListRedirectsToCurrentFiscalYear(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	res := c.get("/budget")
	if res.Code != http.StatusFound || res.Header.Get("Location") != "/budget?fy=2026" {
		t.Fatalf("GET /budget: %d %q", res.Code, res.Header.Get("Location"))
	}
	// With a July start, 2026-11-25 is in FY2027; filters survive the redirect.
	s, _ := h.DB.GetSettings(context.Background())
	s.FYStartMonth = 7
	if err := h.DB.UpdateSettings(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	res = c.get("/budget?q=cloud&fy=nonsense")
	if res.Code != http.StatusFound || res.Header.Get("Location") != "/budget?fy=2027&q=cloud" {
		t.Fatalf("GET /budget?q=cloud: %d %q", res.Code, res.Header.Get("Location"))
	}
}

func TestBudgetCreateViaFormAndShow(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	res := c.get("/budget/new?fy=2027")
	if res.Code != http.StatusOK {
		t.Fatalf("new form: %d", res.Code)
	}
	blContains(t, res.Body, `action="/budget"`, `<option value="2027" selected>FY2027</option>`, "Split the plan by quarter myself",
		"Leave unticked to split the plan equally.", "Planned (EUR)")
	res = c.postForm("/budget", blForm(nil))
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/budget/1" {
		t.Fatalf("create: %d %q %s", res.Code, res.Header.Get("Location"), res.Body)
	}
	page := c.get("/budget/1")
	if page.Code != http.StatusOK {
		t.Fatalf("show: %d", page.Code)
	}
	blContains(t, page.Body, "Budget line saved.", `<span class="mono">INF-CLOUD</span> Cloud hosting`, "FY2027",
		"CC-100", "6200", `href="mailto:ann@example.com"`, "Hosting for the web shop.", "Equal parts",
		"By quarter", "2027-01-01 – 2027-03-31", "2027-10-01 – 2027-12-31",
		"25,000.01", "25,000.00", "100,000.01", `href="/budget/1/edit"`, `href="/budget/1/delete"`, "History (1 change)")

	// Edit: an explicit split.
	res = c.get("/budget/1/edit")
	blContains(t, res.Body, `value="INF-CLOUD"`, `value="100000.01"`, `value="25000.01"`, `action="/budget/1"`)
	res = c.postForm("/budget/1", blForm(map[string]string{"quarters_set": "1", "planned": "100000.01",
		"q1": "40000.01", "q2": "30000", "q3": "20,000", "q4": "10000.00"}))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("update: %d %s", res.Code, res.Body)
	}
	b, err := h.DB.FindBudgetLineByID(context.Background(), 1)
	if err != nil || !b.QuartersSet || b.Quarters != [4]int64{4_000_001, 3_000_000, 2_000_000, 1_000_000} {
		t.Fatalf("after update = %+v %v", b, err)
	}
	blContains(t, c.get("/budget/1").Body, "Set by quarter", "40,000.01", "History (2 changes)")
}

func TestBudgetFormKeepsInputOnError(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	for _, tc := range []struct {
		name  string
		edit  map[string]string
		wants []string
	}{
		{"too many decimals", map[string]string{"planned": "1000.005", "code": "inf cloud"},
			[]string{"EUR allows at most 2 decimals", `value="1000.005"`, `value="inf cloud"`, "such as INF-CLOUD"}},
		{"quarters do not add up", map[string]string{"planned": "100000", "quarters_set": "1",
			"q1": "25000", "q2": "25000", "q3": "25000", "q4": "24999"},
			[]string{"the quarters add up to 99,999.00, not the planned 100,000.00", `value="24999"`, `name="quarters_set" value="1" checked`,
				`href="#f-quarters"`}},
		{"bad quarter amount", map[string]string{"planned": "100", "quarters_set": "1", "q1": "abc", "q2": "", "q3": "0", "q4": "0"},
			[]string{"not a valid amount", "enter an amount", `value="abc"`}},
		{"bad choices", map[string]string{"category": "", "expense_type": "both", "owner_email": "ann"},
			[]string{"must be one of", "not a valid email address", `value="ann"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.postForm("/budget", blForm(tc.edit))
			if res.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", res.Code)
			}
			// Every other field keeps what was typed.
			blContains(t, res.Body, append(tc.wants, `value="Cloud hosting"`, `value="CC-100"`, `value="6200"`,
				"Hosting for the web shop.", `<option value="2027" selected>FY2027</option>`)...)
		})
	}
	if _, total, _ := h.DB.FindBudgetLines(context.Background(), outlay.BudgetLineFilter{}); total != 0 {
		t.Fatalf("refused forms stored %d lines", total)
	}
	// A code the year already has.
	h.blLine("INF-CLOUD", 100)
	res := c.postForm("/budget", blForm(nil))
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate code: %d", res.Code)
	}
	blContains(t, res.Body, "FY2027 already has a line INF-CLOUD", `value="inf-cloud"`)
	// The same code in another year is fine.
	if res := c.postForm("/budget", blForm(map[string]string{"fy": "2028"})); res.Code != http.StatusSeeOther {
		t.Fatalf("same code next year: %d", res.Code)
	}
}

func TestBudgetListTotalsFiltersAndSwitcher(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	for i := 1; i <= 53; i++ {
		h.blLine("OPS-"+strconv.Itoa(100+i), 100_00)
	}
	h.blLine("APP-ERP", 1000_01, func(b *outlay.BudgetLine) { b.Name = "ERP"; b.Category = "software"; b.ExpenseType = "capex" })
	h.blLine("NEXT-YEAR", 999_00, func(b *outlay.BudgetLine) { b.FY = 2028 })

	res := c.get("/budget?fy=2027")
	if res.Code != http.StatusOK {
		t.Fatalf("list: %d", res.Code)
	}
	// 54 lines, 50 on the first page; the total covers all of them.
	blContains(t, res.Body, "<h1>Budget FY2027</h1>", "54 budget lines", "(all 54 lines)", `data-total="planned">6,300.01`,
		`href="/budget/copy?from=2027"`, "Copy to FY2028", `href="/budget/new?fy=2027"`,
		`aria-current="page">FY2027</a>`, `href="/budget?fy=2028"`, `aria-sort="ascending"`, "CapEx", `rel="next"`)
	if strings.Contains(res.Body, "NEXT-YEAR") || strings.Count(res.Body, `<tr data-id=`) != 50 {
		t.Fatalf("page rows: %d", strings.Count(res.Body, `<tr data-id=`))
	}
	res = c.get("/budget?fy=2027&category=software&sort=planned&dir=desc")
	blContains(t, res.Body, "1 budget line", "APP-ERP", `data-total="planned">1,000.01`, "Reset filters", `aria-sort="descending"`)
	if strings.Contains(res.Body, "OPS-101") {
		t.Error("filtered list shows other categories")
	}
	res = c.get("/budget?fy=2027&q=nothing-like-it")
	blContains(t, res.Body, "No budget lines in FY2027 match these filters.")

	// An empty year offers both ways to start.
	res = c.get("/budget?fy=2029")
	blContains(t, res.Body, "No budget lines for FY2029 yet. Add the first one, or copy last year's.",
		`href="/budget/new?fy=2029"`, `href="/budget/copy?from=2028&amp;to=2029"`)
}

func TestBudgetViewerReadsOnly(t *testing.T) {
	h := newHarness(t)
	b := h.blLine("INF-CLOUD", 100_00)
	c, _ := h.signIn("viewer")
	res := c.get("/budget?fy=2027")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, "INF-CLOUD") {
		t.Fatalf("viewer list: %d", res.Code)
	}
	if strings.Contains(res.Body, "New budget line") || strings.Contains(res.Body, "Copy to FY2028") {
		t.Error("viewer sees edit buttons")
	}
	if show := c.get("/budget/" + itoa(b.ID)); show.Code != http.StatusOK || strings.Contains(show.Body, "/edit") {
		t.Fatalf("viewer show: %d", show.Code)
	}
	for _, path := range []string{"/budget/new", "/budget/copy?from=2027", "/budget/1/edit", "/budget/1/delete"} {
		if r := c.get(path); r.Code != http.StatusForbidden {
			t.Errorf("viewer GET %s: %d", path, r.Code)
		}
	}
	for _, path := range []string{"/budget", "/budget/copy", "/budget/1", "/budget/1/delete"} {
		if r := c.postForm(path, blForm(nil)); r.Code != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d", path, r.Code)
		}
	}
	if r := c.get("/budget/999"); r.Code != http.StatusNotFound {
		t.Errorf("unknown line: %d", r.Code)
	}
	if r := c.get("/budget/abc"); r.Code != http.StatusNotFound {
		t.Errorf("bad id: %d", r.Code)
	}
}

func TestBudgetCopyFlow(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	h.blLine("INF-CLOUD", 100_00)
	h.blLine("APP-ERP", 200_00)
	h.blLine("INF-NET", 300_00)
	h.blLine("INF-NET", 333_00, func(b *outlay.BudgetLine) { b.FY = 2028 })

	res := c.get("/budget/copy?from=2027")
	if res.Code != http.StatusOK {
		t.Fatalf("confirm: %d", res.Code)
	}
	blContains(t, res.Body, "Copy 2 budget lines from FY2027 to FY2028?", "1 line is skipped because FY2028 already has its code",
		"Adjust the plans in FY2028 afterwards.", `name="from" value="2027"`, `name="to" value="2028"`)
	res = c.postForm("/budget/copy", url.Values{"from": {"2027"}, "to": {"2028"}})
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/budget?fy=2028" {
		t.Fatalf("copy: %d %q", res.Code, res.Header.Get("Location"))
	}
	page := c.get("/budget?fy=2028")
	blContains(t, page.Body, "Copied 2 lines to FY2028.", "APP-ERP", "INF-CLOUD", "3 budget lines", "333.00")
	// Nothing is left to copy the second time.
	blContains(t, c.get("/budget/copy?from=2027").Body, "Nothing to copy", "FY2028 already has every code of FY2027")
	c.postForm("/budget/copy", url.Values{"from": {"2027"}})
	blContains(t, c.get("/budget?fy=2028").Body, "Nothing copied: FY2028 already has every code of FY2027.")
	lines, _, _ := h.DB.FindBudgetLines(context.Background(), outlay.BudgetLineFilter{FY: 2028, Code: "INF-CLOUD"})
	if len(lines) != 1 {
		t.Fatal("copied line missing")
	}
	entries, _, _ := h.DB.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "budget_line", EntityID: &lines[0].ID})
	if len(entries) != 1 || entries[0].UserEmail != "editor@example.com" || entries[0].Action != "create" {
		t.Fatalf("copy audit = %+v", entries)
	}
}

func TestBudgetDeleteFlow(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	free := h.blLine("INF-NET", 100_00)
	used := h.blLine("INF-CLOUD", 100_00)
	h.blSpend(used.ID, 40_00)

	res := c.get("/budget/" + itoa(free.ID) + "/delete")
	blContains(t, res.Body, "Delete INF-NET from FY2027?", `action="/budget/`+itoa(free.ID)+`/delete"`, "Delete budget line")
	res = c.postForm("/budget/"+itoa(free.ID)+"/delete", nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/budget?fy=2027" {
		t.Fatalf("delete: %d %q", res.Code, res.Header.Get("Location"))
	}
	blContains(t, c.get("/budget?fy=2027").Body, "Budget line INF-NET deleted from FY2027.")
	if r := c.get("/budget/" + itoa(free.ID)); r.Code != http.StatusNotFound {
		t.Fatalf("deleted line: %d", r.Code)
	}

	res = c.get("/budget/" + itoa(used.ID) + "/delete")
	blContains(t, res.Body, "Spend is charged to this line, so it cannot be deleted.", "1 spend allocation is charged to it")
	if strings.Contains(res.Body, "Delete budget line") {
		t.Error("delete button offered for a line with spend")
	}
	res = c.postForm("/budget/"+itoa(used.ID)+"/delete", nil)
	if res.Code != http.StatusConflict {
		t.Fatalf("delete with spend: %d", res.Code)
	}
	blContains(t, res.Body, "INF-CLOUD in FY2027 cannot be deleted: 1 spend allocation is charged to it.")
}

func TestBudgetAPI(t *testing.T) {
	h := newHarness(t)
	api, _ := h.apiClient("editor")
	type line struct {
		ID               int64    `json:"id"`
		FY               int      `json:"fy"`
		Code             string   `json:"code"`
		Name             string   `json:"name"`
		Planned          string   `json:"planned"`
		Currency         string   `json:"currency"`
		Quarters         []string `json:"quarters"`
		QuartersExplicit bool     `json:"quarters_explicit"`
		ExpenseType      string   `json:"expense_type"`
		CreatedAt        string   `json:"created_at"`
	}
	type apiErr struct {
		Error  string            `json:"error"`
		Fields map[string]string `json:"fields"`
	}
	body := map[string]any{"fy": 2027, "code": "inf-cloud", "name": "Cloud hosting", "category": "cloud",
		"expense_type": "opex", "planned": "100000.01", "owner_email": "Ann@Example.com"}
	res := api.sendJSON(http.MethodPost, "/api/v1/budget-lines", body)
	var got line
	res.JSON(t, &got)
	if res.Code != http.StatusCreated || got.Code != "INF-CLOUD" || got.Planned != "100000.01" || got.Currency != "EUR" ||
		strings.Join(got.Quarters, ",") != "25000.01,25000.00,25000.00,25000.00" || got.QuartersExplicit || got.CreatedAt == "" {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	id := itoa(got.ID)

	// Bad input is a 400 with the field named.
	for _, tc := range []struct {
		name  string
		body  any
		field string
		want  string
	}{
		{"too many decimals", map[string]any{"code": "X-1", "name": "x", "category": "cloud", "expense_type": "opex", "planned": "1000.005"}, "planned", "EUR allows at most 2 decimals"},
		{"planned missing", map[string]any{"code": "X-1", "name": "x", "category": "cloud", "expense_type": "opex"}, "planned", "required"},
		{"quarters off", map[string]any{"code": "X-1", "name": "x", "category": "cloud", "expense_type": "opex", "planned": "100",
			"quarters": []string{"25", "25", "25", "24"}}, "quarters", "the quarters add up to 99.00, not the planned 100.00"},
		{"three quarters", map[string]any{"code": "X-1", "name": "x", "category": "cloud", "expense_type": "opex", "planned": "100",
			"quarters": []string{"50", "25", "25"}}, "quarters", "must be a list of four amounts"},
		{"wrong type", `{"planned": 100}`, "planned", "must be a string"},
		{"unknown field", `{"currency": "EUR"}`, "currency", "unknown field"},
	} {
		res := api.sendJSON(http.MethodPost, "/api/v1/budget-lines", tc.body)
		var e apiErr
		res.JSON(t, &e)
		if res.Code != http.StatusBadRequest || !strings.Contains(e.Fields[tc.field], tc.want) {
			t.Errorf("%s: %d %s", tc.name, res.Code, res.Body)
		}
	}
	if res := api.sendJSON(http.MethodPost, "/api/v1/budget-lines", `{"code":`); res.Code != http.StatusBadRequest {
		t.Errorf("malformed JSON: %d", res.Code)
	}
	// Duplicate code in the year.
	res = api.sendJSON(http.MethodPost, "/api/v1/budget-lines", body)
	var dup apiErr
	res.JSON(t, &dup)
	if res.Code != http.StatusConflict || dup.Fields["code"] != "FY2027 already has a line INF-CLOUD" {
		t.Fatalf("duplicate: %d %s", res.Code, res.Body)
	}

	// PATCH: an explicit split, then a plan change that no longer fits it, then back to
	// the default split.
	res = api.sendJSON(http.MethodPatch, "/api/v1/budget-lines/"+id, map[string]any{"quarters": []string{"70000.01", "10000", "10000", "10000"}})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || !got.QuartersExplicit || got.Quarters[0] != "70000.01" || got.Name != "Cloud hosting" {
		t.Fatalf("patch quarters: %d %s", res.Code, res.Body)
	}
	res = api.sendJSON(http.MethodPatch, "/api/v1/budget-lines/"+id, map[string]any{"planned": "120000"})
	var e apiErr
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || e.Fields["quarters"] != "the quarters add up to 100,000.01, not the planned 120,000.00" {
		t.Fatalf("patch plan under explicit split: %d %s", res.Code, res.Body)
	}
	res = api.sendJSON(http.MethodPatch, "/api/v1/budget-lines/"+id, `{"planned": "120000", "quarters": null, "name": "Cloud"}`)
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got.QuartersExplicit || strings.Join(got.Quarters, ",") != "30000.00,30000.00,30000.00,30000.00" || got.Name != "Cloud" {
		t.Fatalf("patch back to default: %d %s", res.Code, res.Body)
	}
	res = api.get("/api/v1/budget-lines/" + id)
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got.Planned != "120000.00" || got.FY != 2027 {
		t.Fatalf("get: %d %s", res.Code, res.Body)
	}
	for _, path := range []string{"/api/v1/budget-lines/999", "/api/v1/budget-lines/abc"} {
		if r := api.get(path); r.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d", path, r.Code)
		}
	}
	if r := api.sendJSON(http.MethodPatch, "/api/v1/budget-lines/999", map[string]any{"name": "x"}); r.Code != http.StatusNotFound {
		t.Errorf("PATCH unknown: %d", r.Code)
	}

	// List: the year, filters, paging.
	h.blLine("APP-ERP", 500_00, func(b *outlay.BudgetLine) { b.Category = "software"; b.ExpenseType = "capex" })
	h.blLine("NOW", 1_00, func(b *outlay.BudgetLine) { b.FY = 2026 })
	var list struct {
		Items   []line `json:"items"`
		Total   int    `json:"total"`
		Page    int    `json:"page"`
		PerPage int    `json:"per_page"`
	}
	res = api.get("/api/v1/budget-lines?fy=2027&per_page=1&sort=planned&dir=desc")
	res.JSON(t, &list)
	if res.Code != http.StatusOK || list.Total != 2 || len(list.Items) != 1 || list.Items[0].Code != "INF-CLOUD" || list.PerPage != 1 {
		t.Fatalf("list: %d %s", res.Code, res.Body)
	}
	res = api.get("/api/v1/budget-lines?fy=2027&expense_type=capex&category=software&q=erp")
	res.JSON(t, &list)
	if list.Total != 1 || list.Items[0].Code != "APP-ERP" || list.Items[0].ExpenseType != "capex" {
		t.Fatalf("filtered list: %s", res.Body)
	}
	res = api.get("/api/v1/budget-lines")
	res.JSON(t, &list)
	if list.Total != 1 || list.Items[0].Code != "NOW" {
		t.Fatalf("default year list: %s", res.Body)
	}
	res = api.get("/api/v1/budget-lines?fy=20277&category=food")
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || e.Fields["fy"] == "" || e.Fields["category"] == "" {
		t.Fatalf("bad list filters: %d %s", res.Code, res.Body)
	}

	// Copy to the next year, twice.
	var copied struct {
		Created int `json:"created"`
	}
	res = api.sendJSON(http.MethodPost, "/api/v1/budget-lines/copy", map[string]any{"from_fy": 2027, "to_fy": 2028})
	res.JSON(t, &copied)
	if res.Code != http.StatusOK || copied.Created != 2 {
		t.Fatalf("copy: %d %s", res.Code, res.Body)
	}
	res = api.sendJSON(http.MethodPost, "/api/v1/budget-lines/copy", map[string]any{"from_fy": 2027})
	res.JSON(t, &copied)
	if res.Code != http.StatusOK || copied.Created != 0 {
		t.Fatalf("second copy: %d %s", res.Code, res.Body)
	}
	if r := api.sendJSON(http.MethodPost, "/api/v1/budget-lines/copy", map[string]any{}); r.Code != http.StatusBadRequest {
		t.Fatalf("copy without from_fy: %d", r.Code)
	}

	// DELETE: 409 with spend, 204 without.
	h.blSpend(got.ID, 10_00)
	res = api.do(http.MethodDelete, "/api/v1/budget-lines/"+id, nil, "")
	res.JSON(t, &e)
	if res.Code != http.StatusConflict || !strings.Contains(e.Error, "cannot be deleted") {
		t.Fatalf("delete with spend: %d %s", res.Code, res.Body)
	}
	res = api.get("/api/v1/budget-lines?fy=2028&code=inf-cloud")
	res.JSON(t, &list)
	if list.Total != 1 {
		t.Fatalf("copied line: %s", res.Body)
	}
	if r := api.do(http.MethodDelete, "/api/v1/budget-lines/"+itoa(list.Items[0].ID), nil, ""); r.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.Code, r.Body)
	}
	if r := api.do(http.MethodDelete, "/api/v1/budget-lines/"+itoa(list.Items[0].ID), nil, ""); r.Code != http.StatusNotFound {
		t.Fatalf("delete again: %d", r.Code)
	}

	// Viewers read, but change nothing.
	viewer, _ := h.apiClient("viewer")
	if r := viewer.get("/api/v1/budget-lines/" + id); r.Code != http.StatusOK {
		t.Fatalf("viewer GET: %d", r.Code)
	}
	for _, r := range []response{
		viewer.sendJSON(http.MethodPost, "/api/v1/budget-lines", body),
		viewer.sendJSON(http.MethodPatch, "/api/v1/budget-lines/"+id, map[string]any{"name": "x"}),
		viewer.do(http.MethodDelete, "/api/v1/budget-lines/"+id, nil, ""),
		viewer.sendJSON(http.MethodPost, "/api/v1/budget-lines/copy", map[string]any{"from_fy": 2027}),
	} {
		if r.Code != http.StatusForbidden {
			t.Errorf("viewer write: %d", r.Code)
		}
	}
}
