package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSettingsPageSavesAndKeepsBadInput(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	res := admin.get("/admin/settings")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, `value="EUR"`) || !strings.Contains(res.Body, "90, 60, 30, 14, 7, 1") {
		t.Fatalf("settings page: %d", res.Code)
	}
	bad := url.Values{"org_name": {"Acme"}, "base_currency": {"EUR"}, "fy_start_month": {"7"}, "basis": {"accrual"},
		"reminder_offsets": {"90, sixty"}, "finance_emails": {"finance@example.com, not-an-email"}}
	res = admin.postForm("/admin/settings", bad)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad settings: %d", res.Code)
	}
	for _, want := range []string{`sixty is not a whole number of days`, `value="90, sixty"`, `value="finance@example.com, not-an-email"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("bad settings page lacks %q", want)
		}
	}
	good := bad
	good.Set("reminder_offsets", "60, 30")
	good.Set("finance_emails", "finance@example.com")
	res = admin.postForm("/admin/settings", good)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("good settings: %d %s", res.Code, res.Body)
	}
	if page := admin.get("/admin/settings"); !strings.Contains(page.Body, "Settings saved.") || !strings.Contains(page.Body, `value="60, 30"`) {
		t.Fatalf("saved settings not shown")
	}
	editor, _ := h.signIn("editor")
	if r := editor.get("/admin/settings"); r.Code != http.StatusForbidden {
		t.Fatalf("editor on settings: %d", r.Code)
	}
	if r := editor.postForm("/admin/settings", good); r.Code != http.StatusForbidden {
		t.Fatalf("editor saving settings: %d", r.Code)
	}
}

func TestSettingsAPI(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.apiClient("admin")
	var got map[string]any
	res := admin.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"fy_start_month": 4, "org_name": "Acme"})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got["fy_start_month"].(float64) != 4 || got["base_currency"] != "EUR" || got["org_name"] != "Acme" {
		t.Fatalf("PATCH settings: %d %v", res.Code, got)
	}
	res = admin.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"basis": "cashflow", "fy_start_month": 0})
	var e struct {
		Fields map[string]string `json:"fields"`
	}
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || e.Fields["basis"] == "" || e.Fields["fy_start_month"] == "" {
		t.Fatalf("bad PATCH: %d %s", res.Code, res.Body)
	}
	viewer, _ := h.apiClient("viewer")
	if r := viewer.get("/api/v1/settings"); r.Code != http.StatusOK {
		t.Fatalf("viewer GET settings: %d", r.Code)
	}
	if r := viewer.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"org_name": "x"}); r.Code != http.StatusForbidden {
		t.Fatalf("viewer PATCH settings: %d", r.Code)
	}
}

func TestRatesPageAndAPI(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	res := admin.postForm("/admin/rates", url.Values{"currency": {"usd"}, "effective_from": {"2026-07-01"}, "rate": {"0.92"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("add rate: %d %s", res.Code, res.Body)
	}
	page := admin.get("/admin/rates")
	if !strings.Contains(page.Body, "1 USD = 0.920000 from 2026-07-01") || !strings.Contains(page.Body, "0.920000") {
		t.Fatalf("rate not listed")
	}
	res = admin.postForm("/admin/rates", url.Values{"currency": {"USD"}, "effective_from": {"2026-02-30"}, "rate": {"0.1234567"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "not a real date") ||
		!strings.Contains(res.Body, "use at most 6 decimals") || !strings.Contains(res.Body, `value="0.1234567"`) {
		t.Fatalf("bad rate: %d", res.Code)
	}
	api, _ := h.apiClient("admin")
	res = api.sendJSON(http.MethodPost, "/api/v1/rates", map[string]string{"currency": "USD", "effective_from": "2026-07-01", "rate": "0.95"})
	if res.Code != http.StatusConflict {
		t.Fatalf("duplicate rate: %d %s", res.Code, res.Body)
	}
	res = api.sendJSON(http.MethodPost, "/api/v1/rates", map[string]string{"currency": "GBP", "effective_from": "2026-07-01", "rate": "1.17"})
	var r struct {
		ID   int64  `json:"id"`
		Rate string `json:"rate"`
	}
	res.JSON(t, &r)
	if res.Code != http.StatusCreated || r.Rate != "1.170000" {
		t.Fatalf("create rate: %d %s", res.Code, res.Body)
	}
	var list struct {
		Total int `json:"total"`
	}
	api.get("/api/v1/rates").JSON(t, &list)
	if list.Total != 2 {
		t.Fatalf("rates total = %d", list.Total)
	}
	if r := admin.get("/admin/rates/999/delete"); r.Code != http.StatusNotFound {
		t.Fatalf("unknown rate: %d", r.Code)
	}
	if r := api.do(http.MethodDelete, "/api/v1/rates/"+itoa(r.ID), nil, ""); r.Code != http.StatusNoContent {
		t.Fatalf("delete rate: %d", r.Code)
	}
}

func TestSettingsAndRateFormsShowEveryProblemAtOnce(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	res := admin.postForm("/admin/settings", url.Values{"org_name": {"Acme"}, "base_currency": {"XYZ"}, "fy_start_month": {"x"},
		"basis": {"cashflow"}, "reminder_offsets": {"90, soon"}, "finance_emails": {""}})
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("settings: %d", res.Code)
	}
	mustContain(t, "settings", res.Body, "not a known ISO 4217 currency code", "choose a month", "must be one of: cash, accrual",
		"soon is not a whole number of days")
	res = admin.postForm("/admin/rates", url.Values{"currency": {"EUR"}, "effective_from": {"2026-13-01"}, "rate": {"abc"}})
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("rate: %d", res.Code)
	}
	mustContain(t, "rate", res.Body, "the base currency needs no rate", "not a real date", "not a valid amount")
	if strings.Contains(res.Body, "Rate saved") {
		t.Fatal("a refused rate was reported saved")
	}
}

// Once budget lines exist, the settings page keeps the fiscal calendar and says why beside
// the field, keeping everything that was typed.
func TestSettingsFormRefusesMovingTheFiscalYearOnceLinesExist(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	h.blLine("INF-CLOUD", 4000000)
	form := url.Values{"org_name": {"Acme Ltd"}, "base_currency": {"EUR"}, "fy_start_month": {"7"}, "basis": {"cash"},
		"reminder_offsets": {"60, 30"}, "finance_emails": {"finance@example.com"}}
	res := admin.postForm("/admin/settings", form)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("moving the fiscal year with a budget line: %d", res.Code)
	}
	mustContain(t, "refused settings", res.Body, `id="e-fy_start_month">cannot change once budget lines or spend are recorded`,
		"filed under the fiscal years the calendar defines", `value="Acme Ltd"`, `value="60, 30"`)
	if st, _ := h.DB.GetSettings(context.Background()); st.FYStartMonth != 1 || st.OrgName == "Acme Ltd" {
		t.Fatalf("settings changed by a refused form: %+v", st)
	}
}
