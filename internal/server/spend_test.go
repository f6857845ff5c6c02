package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// spendWorld holds the records spend points at, inserted by raw SQL because vendors,
// contracts and budget lines are stored by other slices.
type spendWorld struct {
	acme, globex, cloud, soft, contract int64
}

func (h *harness) spendExec(q string, args ...any) int64 {
	h.t.Helper()
	res, err := h.DB.WriteDB().Exec(q, args...)
	if err != nil {
		h.t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

func newSpendWorld(h *harness) spendWorld {
	var w spendWorld
	vendor := `INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at) VALUES (?, ?, 'cloud', 'active', 'high', 'x', 'x')`
	w.acme = h.spendExec(vendor, "Acme Cloud", "acme cloud")
	w.globex = h.spendExec(vendor, "Globex", "globex")
	line := `INSERT INTO budget_lines (fy, code, name, category, expense_type, planned, q1, q2, q3, q4, created_at, updated_at)
		VALUES (2026, ?, ?, 'cloud', 'opex', 400000, 100000, 100000, 100000, 100000, 'x', 'x')`
	w.cloud = h.spendExec(line, "INF-CLOUD", "Cloud infrastructure")
	w.soft = h.spendExec(line, "SW-LIC", "Software licences")
	w.contract = h.spendExec(`INSERT INTO contracts (vendor_id, title, kind, owner_email, renewal_type, notice_unit, currency, created_at, updated_at)
		VALUES (?, 'Hosting', 'subscription', 'ann@example.com', 'auto', 'months', 'EUR', 'x', 'x')`, w.acme)
	return w
}

func (h *harness) spendUSDRate() {
	h.t.Helper()
	from, _ := outlay.ParseDate("2026-01-01")
	if err := h.DB.CreateRate(context.Background(), &outlay.Rate{Currency: "USD", EffectiveFrom: from, RateMicros: 920000}); err != nil {
		h.t.Fatal(err)
	}
}

// spendForm is a valid form for a 1,200.00 EUR Acme invoice charged to INF-CLOUD.
func (w spendWorld) spendForm(invoice string) url.Values {
	return url.Values{"date": {"2026-03-15"}, "vendor": {itoa(w.acme)}, "description": {"Hosting March"},
		"invoice_number": {invoice}, "purchase_order": {"PO-77"}, "amount": {"1,200.00"}, "currency": {"EUR"},
		"budget_line_1": {itoa(w.cloud)}}
}

var spendLocation = regexp.MustCompile(`^/spend/(\d+)$`)

func spendMustCreate(t *testing.T, res response) string {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.Code != http.StatusSeeOther || !spendLocation.MatchString(loc) {
		t.Fatalf("save: %d %q\n%s", res.Code, loc, res.Body)
	}
	return loc
}

func spendHas(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestSpendFormKeepsEverythingOn422(t *testing.T) {
	h := newHarness(t)
	w := newSpendWorld(h)
	editor, _ := h.signIn("editor")
	if res := editor.get("/spend/new"); res.Code != http.StatusOK {
		t.Fatalf("new form: %d", res.Code)
	} else {
		spendHas(t, "new form", res.Body, `name="budget_line_5"`, `value="EUR"`, `value="2026-11-25"`,
			"For accrual accounting: the period the invoice pays for.", "INF-CLOUD — Cloud infrastructure (FY2026)")
	}
	v := w.spendForm("INV-9")
	v.Set("amount", "12.345")
	v.Set("service_from", "2026-13-01")
	v.Set("service_to", "2026-12-31")
	v.Set("line_amount_1", "abc")
	v.Set("budget_line_2", itoa(w.soft))
	v.Set("line_amount_2", "5.00")
	v.Set("line_amount_3", "7.00") // an amount without a line
	res := editor.postForm("/spend", v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", res.Code)
	}
	spendHas(t, "refused form", res.Body,
		"EUR allows at most 2 decimals", `value="12.345"`, "not a real date", `value="2026-13-01"`, `value="2026-12-31"`,
		`value="abc"`, "not a valid amount", `value="5.00"`, `value="7.00"`, "choose a budget line for this amount",
		`value="Hosting March"`, `value="INV-9"`, `value="PO-77"`,
		`<option value="`+itoa(w.soft)+`" selected>SW-LIC`, `name="vendor_name" value="Acme Cloud"`, `name="vendor" value="`+itoa(w.acme)+`"`)
	var n int
	h.DB.ReadDB().QueryRow(`SELECT count(*) FROM spend_entries`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d entries after a refused form", n)
	}

	// Allocations that do not add up come back with the message on the group.
	v = w.spendForm("INV-9")
	v.Set("line_amount_1", "1000.00")
	v.Set("budget_line_2", itoa(w.soft))
	v.Set("line_amount_2", "100.00")
	res = editor.postForm("/spend", v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("not adding up: %d", res.Code)
	}
	spendHas(t, "not adding up", res.Body, "the allocations add up to 1,100.00 EUR, not the entry&#39;s 1,200.00 EUR",
		`value="1000.00"`, `value="100.00"`)
}

func TestSpendMissingRateNamesIt(t *testing.T) {
	h := newHarness(t)
	w := newSpendWorld(h)
	editor, _ := h.signIn("editor")
	v := w.spendForm("US-1")
	v.Set("currency", "usd")
	res := editor.postForm("/spend", v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("missing rate: %d", res.Code)
	}
	spendHas(t, "missing rate", res.Body, "No USD exchange rate is effective on 2026-03-15", `value="usd"`)
}

func TestSpendDuplicateInvoiceLinksToTheEntry(t *testing.T) {
	h := newHarness(t)
	w := newSpendWorld(h)
	editor, _ := h.signIn("editor")
	first := spendMustCreate(t, editor.postForm("/spend", w.spendForm("INV-7")))
	res := editor.postForm("/spend", w.spendForm("inv-7"))
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate: %d", res.Code)
	}
	spendHas(t, "duplicate", res.Body, "already recorded for this vendor", `<a href="`+first+`">See the existing entry</a>`,
		"Invoice inv-7 from Acme Cloud is already recorded.", `value="inv-7"`)
	other := w.spendForm("INV-7")
	other.Set("vendor", itoa(w.globex))
	spendMustCreate(t, editor.postForm("/spend", other))
}

func TestSpendUSDInvoiceSplitAcrossTwoLines(t *testing.T) {
	h := newHarness(t)
	w := newSpendWorld(h)
	h.spendUSDRate()
	editor, _ := h.signIn("editor")
	v := w.spendForm("US-1")
	v.Set("currency", "USD")
	v.Set("line_amount_1", "700.00")
	v.Set("budget_line_2", itoa(w.soft)) // no amount: the rest
	v.Set("contract", itoa(w.contract))
	v.Set("service_from", "2026-03-01")
	v.Set("service_to", "2027-02-28")
	loc := spendMustCreate(t, editor.postForm("/spend", v))
	page := editor.get(loc)
	if page.Code != http.StatusOK {
		t.Fatalf("show: %d", page.Code)
	}
	spendHas(t, "detail", page.Body, "Spend saved: 1,200.00 USD at 0.920000 is 1,104.00 EUR.",
		"1 USD = 0.920000 EUR", "1,104.00", "700.00", "404.00", "INF-CLOUD", "SW-LIC", "Hosting</a>",
		"2026-03-01</span> to <span class=\"mono\">2027-02-28", "FY2026 Q1", "History (1 change)", `href="`+loc+`/edit"`)

	list := editor.get("/spend")
	spendHas(t, "list", list.Body, "1 entry", "1,200.00 <span class=\"cur\">USD</span>", "1,104.00 <span class=\"cur\">EUR</span>",
		"INF-CLOUD</span>, <span", "SW-LIC", "US-1")
	byLine := editor.get("/spend?budget_line_id=" + itoa(w.soft))
	spendHas(t, "list by line", byLine.Body, "Charged to SW-LIC", "404.00 <span class=\"cur\">EUR</span></td>\n  <td></td>")
	if r := editor.get("/spend?fy=2025"); !strings.Contains(r.Body, "No spend matches these filters.") {
		t.Errorf("FY2025 is not empty")
	}
	if r := editor.get("/spend?quarter=1&vendor_id=" + itoa(w.acme)); !strings.Contains(r.Body, "1 entry") ||
		!strings.Contains(r.Body, `<option value="2026" selected>FY2026`) {
		t.Errorf("Q1 of the current year does not show the entry")
	}
	if r := editor.get("/spend?quarter=2"); !strings.Contains(r.Body, "No spend matches these filters.") {
		t.Errorf("Q2 is not empty")
	}
	if r := editor.get("/spend?fy=abc&vendor_id=x"); r.Code != http.StatusOK || !strings.Contains(r.Body, "1 entry") {
		t.Errorf("malformed filters: %d", r.Code)
	}

	// Edit: the stored values come back; saving unchanged keeps the rate even after a
	// new one.
	edit := editor.get(loc + "/edit")
	spendHas(t, "edit form", edit.Body, `value="1200.00"`, `value="USD"`, `value="700.00"`, `value="404.00"`, `value="2027-02-28"`)
	from, _ := outlay.ParseDate("2026-03-01")
	h.DB.CreateRate(context.Background(), &outlay.Rate{Currency: "USD", EffectiveFrom: from, RateMicros: 990000})
	v.Set("line_amount_2", "404.00")
	v.Set("description", "Hosting March (corrected)")
	if r := editor.postForm(loc, v); r.Code != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.Code, r.Body)
	}
	spendHas(t, "after edit", editor.get(loc).Body, "Hosting March (corrected)", "1 USD = 0.920000 EUR", "History (2 changes)")
}

func TestSpendDeleteAndRoles(t *testing.T) {
	h := newHarness(t)
	w := newSpendWorld(h)
	editor, _ := h.signIn("editor")
	loc := spendMustCreate(t, editor.postForm("/spend", w.spendForm("INV-1")))

	viewer, _ := h.signIn("viewer")
	if r := viewer.get("/spend"); r.Code != http.StatusOK || strings.Contains(r.Body, "Record spend") {
		t.Fatalf("viewer list: %d", r.Code)
	}
	if r := viewer.get(loc); r.Code != http.StatusOK || strings.Contains(r.Body, loc+"/edit") {
		t.Fatalf("viewer detail: %d", r.Code)
	}
	for _, path := range []string{"/spend/new", loc + "/edit", loc + "/delete"} {
		if r := viewer.get(path); r.Code != http.StatusForbidden {
			t.Errorf("viewer GET %s: %d", path, r.Code)
		}
	}
	for _, path := range []string{"/spend", loc, loc + "/delete"} {
		if r := viewer.postForm(path, w.spendForm("V-1")); r.Code != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d", path, r.Code)
		}
	}

	if r := editor.get(loc + "/delete"); r.Code != http.StatusOK || !strings.Contains(r.Body, "Delete this spend entry?") {
		t.Fatalf("confirm: %d", r.Code)
	}
	if r := editor.postForm(loc+"/delete", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.Code)
	}
	list := editor.get("/spend")
	spendHas(t, "list after delete", list.Body, "Spend entry deleted.", "No spend recorded yet.", `href="/spend/new"`)
	for _, path := range []string{loc, "/spend/abc", "/spend/0/edit"} {
		if r := editor.get(path); r.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d", path, r.Code)
		}
	}
	var audits int
	h.DB.ReadDB().QueryRow(`SELECT count(*) FROM audit_log WHERE entity = 'spend'`).Scan(&audits)
	if audits != 2 {
		t.Errorf("audit entries = %d", audits)
	}
}

type spendAPIEntry struct {
	ID           int64   `json:"id"`
	VendorName   string  `json:"vendor_name"`
	Amount       string  `json:"amount"`
	Currency     string  `json:"currency"`
	FXRate       string  `json:"fx_rate"`
	BaseAmount   string  `json:"base_amount"`
	BaseCurrency string  `json:"base_currency"`
	Description  string  `json:"description"`
	ContractID   *int64  `json:"contract_id"`
	ServiceFrom  *string `json:"service_from"`
	Allocations  []struct {
		BudgetLineID   int64  `json:"budget_line_id"`
		BudgetLineCode string `json:"budget_line_code"`
		Amount         string `json:"amount"`
	} `json:"allocations"`
}

type spendAPIFailure struct {
	Error      string            `json:"error"`
	Fields     map[string]string `json:"fields"`
	ExistingID int64             `json:"existing_id"`
}

func TestSpendAPI(t *testing.T) {
	h := newHarness(t)
	w := newSpendWorld(h)
	h.spendUSDRate()
	api, _ := h.apiClient("editor")

	res := api.sendJSON(http.MethodPost, "/api/v1/spend", map[string]any{"date": "2026-03-15", "vendor_id": w.acme,
		"description": "Hosting", "invoice_number": "US-1", "amount": "1200.00", "currency": "USD", "budget_line_id": w.cloud,
		"contract_id": w.contract, "service_from": "2026-03-01", "service_to": "2026-03-31"})
	var got spendAPIEntry
	res.JSON(t, &got)
	if res.Code != http.StatusCreated || got.FXRate != "0.920000" || got.BaseAmount != "1104.00" || got.BaseCurrency != "EUR" ||
		got.VendorName != "Acme Cloud" || len(got.Allocations) != 1 || got.Allocations[0].Amount != "1104.00" ||
		got.Allocations[0].BudgetLineCode != "INF-CLOUD" || got.ContractID == nil || got.ServiceFrom == nil {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	id := itoa(got.ID)

	var again spendAPIEntry
	api.get("/api/v1/spend/"+id).JSON(t, &again)
	if again.ID != got.ID || again.Amount != "1200.00" || again.Currency != "USD" {
		t.Fatalf("get: %+v", again)
	}

	// PATCH: a split replaces the allocations; absent fields stay; null clears.
	res = api.sendJSON(http.MethodPatch, "/api/v1/spend/"+id, map[string]any{"description": "Hosting March",
		"allocations": []map[string]any{{"budget_line_id": w.cloud, "amount": "1000.00"}, {"budget_line_id": w.soft}},
		"contract_id": nil})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got.Description != "Hosting March" || got.ContractID != nil || got.FXRate != "0.920000" ||
		len(got.Allocations) != 2 || got.Allocations[1].Amount != "104.00" || got.ServiceFrom == nil {
		t.Fatalf("patch: %d %s", res.Code, res.Body)
	}

	// A second entry in EUR, then the list and its totals.
	res = api.sendJSON(http.MethodPost, "/api/v1/spend", map[string]any{"date": "2026-05-02", "vendor_id": w.globex,
		"description": "Licences", "amount": "-50.00", "budget_line_id": w.soft})
	if res.Code != http.StatusCreated {
		t.Fatalf("credit note: %d %s", res.Code, res.Body)
	}
	var list struct {
		Items        []spendAPIEntry `json:"items"`
		Total        int             `json:"total"`
		Page         int             `json:"page"`
		PerPage      int             `json:"per_page"`
		TotalBase    string          `json:"total_base"`
		BaseCurrency string          `json:"base_currency"`
	}
	api.get("/api/v1/spend").JSON(t, &list)
	if list.Total != 2 || list.TotalBase != "1054.00" || list.BaseCurrency != "EUR" || list.Items[0].Amount != "-50.00" || list.PerPage != 50 {
		t.Fatalf("list: %+v", list)
	}
	api.get("/api/v1/spend?budget_line_id="+itoa(w.soft)).JSON(t, &list)
	if list.Total != 2 || list.TotalBase != "54.00" {
		t.Fatalf("list by line: total %d sum %s", list.Total, list.TotalBase)
	}
	api.get("/api/v1/spend?fy=2026&quarter=1&sort=amount&per_page=1").JSON(t, &list)
	if list.Total != 1 || list.TotalBase != "1104.00" || len(list.Items) != 1 {
		t.Fatalf("list Q1: %+v", list)
	}

	for _, tc := range []struct {
		name   string
		method string
		path   string
		body   any
		status int
		field  string
		msg    string
	}{
		{"decimals", http.MethodPost, "/api/v1/spend", map[string]any{"date": "2026-03-15", "vendor_id": w.acme, "description": "x",
			"amount": "12.345", "budget_line_id": w.cloud}, 400, "amount", "EUR allows at most 2 decimals"},
		{"missing rate", http.MethodPost, "/api/v1/spend", map[string]any{"date": "2026-03-15", "vendor_id": w.acme, "description": "x",
			"amount": "10.00", "currency": "GBP", "budget_line_id": w.cloud}, 400, "currency", "No GBP exchange rate is effective on 2026-03-15"},
		{"not adding up", http.MethodPost, "/api/v1/spend", map[string]any{"date": "2026-03-15", "vendor_id": w.acme, "description": "x",
			"amount": "10.00", "allocations": []map[string]any{{"budget_line_id": w.cloud, "amount": "9.00"}}}, 400, "allocations", "add up to 9.00 EUR, not the entry's 10.00 EUR"},
		{"no allocation", http.MethodPost, "/api/v1/spend", map[string]any{"date": "2026-03-15", "vendor_id": w.acme, "description": "x",
			"amount": "10.00"}, 400, "allocations", "at least one budget line"},
		{"bad date", http.MethodPatch, "/api/v1/spend/" + id, map[string]any{"date": "2026-02-30"}, 400, "date", "not a real date"},
		{"wrong type", http.MethodPatch, "/api/v1/spend/" + id, `{"vendor_id": "acme"}`, 400, "vendor_id", "must be a number"},
		{"unknown field", http.MethodPatch, "/api/v1/spend/" + id, map[string]any{"fx_rate": "1.0"}, 400, "fx_rate", "unknown field"},
		{"duplicate", http.MethodPost, "/api/v1/spend", map[string]any{"date": "2026-03-20", "vendor_id": w.acme, "description": "x",
			"invoice_number": "us-1", "amount": "10.00", "budget_line_id": w.cloud}, 409, "invoice_number", "already recorded for this vendor"},
		{"unknown id", http.MethodPatch, "/api/v1/spend/999", map[string]any{"description": "x"}, 404, "", ""},
		{"bad id", http.MethodGet, "/api/v1/spend/abc", nil, 404, "", ""},
		{"bad filter", http.MethodGet, "/api/v1/spend?quarter=5", nil, 400, "quarter", "1, 2, 3 or 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r response
			if tc.method == http.MethodGet {
				r = api.get(tc.path)
			} else {
				r = api.sendJSON(tc.method, tc.path, tc.body)
			}
			var e spendAPIFailure
			r.JSON(t, &e)
			if r.Code != tc.status || !strings.Contains(e.Fields[tc.field], tc.msg) {
				t.Fatalf("%d %s", r.Code, r.Body)
			}
			if tc.name == "duplicate" && (e.ExistingID != got.ID || e.Fields["existing_id"] != "") {
				t.Fatalf("duplicate answer: %s", r.Body)
			}
		})
	}

	viewer, _ := h.apiClient("viewer")
	if r := viewer.get("/api/v1/spend/" + id); r.Code != http.StatusOK {
		t.Fatalf("viewer get: %d", r.Code)
	}
	if r := viewer.sendJSON(http.MethodPost, "/api/v1/spend", map[string]any{}); r.Code != http.StatusForbidden {
		t.Fatalf("viewer post: %d", r.Code)
	}
	if r := viewer.do(http.MethodDelete, "/api/v1/spend/"+id, nil, ""); r.Code != http.StatusForbidden {
		t.Fatalf("viewer delete: %d", r.Code)
	}
	if r := api.do(http.MethodDelete, "/api/v1/spend/"+id, nil, ""); r.Code != http.StatusNoContent {
		t.Fatalf("delete: %d", r.Code)
	}
	if r := api.get("/api/v1/spend/" + id); r.Code != http.StatusNotFound {
		t.Fatalf("get after delete: %d", r.Code)
	}
}
