package server_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/server"
)

// contractBody is a valid POST /api/v1/contracts body.
func contractBody(vendorID int64) map[string]any {
	return map[string]any{
		"vendor_id": vendorID, "title": "Acme hosting", "reference": "PO-17", "kind": "subscription",
		"owner_email": "editor@example.com", "renewal_type": "auto", "notice_value": 3, "notice_unit": "months",
		"renewal_term_months": 12, "uplift_percent": "3.5", "currency": "EUR", "budget_line_code": "INF-CLOUD",
		"first_term": map[string]any{"start_date": "2026-04-01", "end_date": "2027-03-31", "price": "12000", "billing": "annual"},
	}
}

func TestAPIContractCreateGetPatch(t *testing.T) {
	h := newHarness(t)
	c, _ := h.apiClient("editor")
	v := seedContractVendor(t, h, "Acme Cloud")

	res := c.sendJSON(http.MethodPost, "/api/v1/contracts", contractBody(v))
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	var got server.APIContract
	res.JSON(t, &got)
	if got.ID == 0 || got.VendorName != "Acme Cloud" || got.UpliftPercent != "3.50" || got.Currency != "EUR" ||
		got.RenewsOn != "2027-04-01" || got.CancelBy != "2027-01-01" || got.KeyDate != "2027-01-01" ||
		got.DaysLeft != 37 || got.Status != "notice" || got.Decision != nil || got.Archived {
		t.Fatalf("created: %+v", got)
	}
	if got.CurrentTerm == nil || got.CurrentTerm.Price != "12000.00" || got.CurrentTerm.StartDate != "2026-04-01" || len(got.Terms) != 1 {
		t.Fatalf("terms: %+v %+v", got.CurrentTerm, got.Terms)
	}
	path := fmt.Sprintf("/api/v1/contracts/%d", got.ID)

	res = c.get(path)
	if res.Code != http.StatusOK {
		t.Fatalf("get: %d", res.Code)
	}
	var raw map[string]any
	res.JSON(t, &raw)
	for _, k := range []string{"id", "vendor_id", "title", "reference", "kind", "owner_email", "backup_owner_email",
		"renewal_type", "notice_value", "notice_unit", "renewal_term_months", "uplift_percent", "currency",
		"budget_line_code", "notes", "justification", "vendor_name", "current_term", "terms", "renews_on", "cancel_by",
		"key_date", "days_left", "status", "decision", "archived", "created_at", "updated_at"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("GET lacks %q", k)
		}
	}

	// PATCH changes only the fields sent.
	res = c.sendJSON(http.MethodPatch, path, map[string]any{"title": "Acme hosting EU", "uplift_percent": "4", "notice_value": 60, "notice_unit": "days"})
	if res.Code != http.StatusOK {
		t.Fatalf("patch: %d %s", res.Code, res.Body)
	}
	res.JSON(t, &got)
	if got.Title != "Acme hosting EU" || got.UpliftPercent != "4.00" || got.Reference != "PO-17" || got.CancelBy != "2027-01-31" || got.BudgetLineCode != "INF-CLOUD" {
		t.Fatalf("patched: %+v", got)
	}
	res = c.sendJSON(http.MethodPatch, path, map[string]any{"uplift_percent": "4.125", "owner_email": "nope"})
	var apiErr server.APIError
	res.JSON(t, &apiErr)
	if res.Code != http.StatusBadRequest || apiErr.Fields["uplift_percent"] == "" {
		t.Fatalf("bad patch: %d %s", res.Code, res.Body)
	}
	res = c.sendJSON(http.MethodPatch, path, map[string]any{"owner_email": "nope"})
	res.JSON(t, &apiErr)
	if res.Code != http.StatusBadRequest || apiErr.Fields["owner_email"] != "not a valid email address" {
		t.Fatalf("bad owner: %d %s", res.Code, res.Body)
	}
	res = c.sendJSON(http.MethodPatch, path, map[string]any{"first_term": map[string]any{}})
	if res.Code != http.StatusBadRequest {
		t.Fatalf("patching terms: %d", res.Code)
	}
	entries, _, _ := h.DB.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "contract", EntityID: &got.ID})
	if len(entries) != 2 || entries[0].Action != "update" || entries[1].Action != "create" || entries[0].UserEmail != "editor@example.com" {
		t.Fatalf("audit: %d entries", len(entries))
	}
}

func TestAPIContractCreateRefusesBadInput(t *testing.T) {
	h := newHarness(t)
	c, _ := h.apiClient("editor")
	v := seedContractVendor(t, h, "Acme")

	tests := []struct {
		name       string
		change     func(b map[string]any)
		field, msg string
	}{
		{"too many decimals", func(b map[string]any) { b["first_term"].(map[string]any)["price"] = "12.345" }, "first_term.price", "EUR allows at most 2 decimals"},
		{"end before start", func(b map[string]any) { b["first_term"].(map[string]any)["end_date"] = "2026-03-01" }, "first_term.end_date", "must be on or after the start date"},
		{"bad date", func(b map[string]any) { b["first_term"].(map[string]any)["start_date"] = "2026-02-30" }, "first_term.start_date", "not a real date (use YYYY-MM-DD)"},
		{"no first term", func(b map[string]any) { delete(b, "first_term") }, "first_term", "required: {start_date, end_date, price, billing}"},
		{"unknown vendor", func(b map[string]any) { b["vendor_id"] = 999 }, "vendor_id", "no such vendor"},
		{"bad renewal type", func(b map[string]any) { b["renewal_type"] = "sometimes" }, "renewal_type", "must be one of: auto, manual, none"},
		{"price as a number", func(b map[string]any) { b["first_term"].(map[string]any)["price"] = 12000 }, "first_term.price", "must be a string"},
		{"unknown field", func(b map[string]any) { b["colour"] = "blue" }, "colour", "unknown field"},
		{"offset of zero days", func(b map[string]any) { b["reminder_offsets"] = []any{30, 0} }, "reminder_offsets", outlay.OffsetsHint},
		{"offset not a number", func(b map[string]any) { b["reminder_offsets"] = []any{90, "x"} }, "reminder_offsets", outlay.OffsetsHint},
		{"thirteen offsets", func(b map[string]any) { b["reminder_offsets"] = []any{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13} }, "reminder_offsets", "at most 12 offsets"},
	}
	for _, tt := range tests {
		body := contractBody(v)
		tt.change(body)
		res := c.sendJSON(http.MethodPost, "/api/v1/contracts", body)
		var e server.APIError
		res.JSON(t, &e)
		if res.Code != http.StatusBadRequest || e.Fields[tt.field] != tt.msg {
			t.Errorf("%s: %d %s, want 400 %s: %s", tt.name, res.Code, res.Body, tt.field, tt.msg)
		}
	}
	if res := c.sendJSON(http.MethodPost, "/api/v1/contracts", `{"title": `); res.Code != http.StatusBadRequest {
		t.Errorf("malformed JSON: %d", res.Code)
	}
	var list struct{ Total int }
	c.get("/api/v1/contracts").JSON(t, &list)
	if list.Total != 0 {
		t.Fatalf("refused bodies stored %d contracts", list.Total)
	}
}

func TestAPIContractListFilters(t *testing.T) {
	h := newHarness(t)
	c, _ := h.apiClient("viewer")
	acme := seedContractVendor(t, h, "Acme")
	globex := seedContractVendor(t, h, "Globex")
	a := seedContract(t, h, acme, "Soon", "2026-04-01", "2027-03-31")
	b := seedContract(t, h, globex, "Later", "2026-09-01", "2027-08-31", func(c *outlay.Contract) {
		c.BackupOwnerEmail = "backup@example.com"
		c.RenewalType = "manual"
	})

	type page struct {
		Items   []server.APIContract
		Total   int
		Page    int
		PerPage int `json:"per_page"`
	}
	list := func(q string) page {
		t.Helper()
		res := c.get("/api/v1/contracts" + q)
		if res.Code != http.StatusOK {
			t.Fatalf("list %s: %d %s", q, res.Code, res.Body)
		}
		var p page
		res.JSON(t, &p)
		return p
	}
	ids := func(p page) string {
		s := ""
		for _, it := range p.Items {
			s += fmt.Sprint(it.ID, " ")
		}
		return s
	}
	p := list("")
	if p.Total != 2 || p.Page != 1 || p.PerPage != 50 || ids(p) != fmt.Sprint(a.ID, " ", b.ID, " ") {
		t.Fatalf("default list: %+v", p)
	}
	if p.Items[0].CurrentTerm == nil || p.Items[0].CurrentTerm.Price != "12000.00" || p.Items[0].Terms != nil || p.Items[0].Status != "notice" {
		t.Fatalf("list item: %+v", p.Items[0])
	}
	for q, want := range map[string]string{
		fmt.Sprintf("?vendor_id=%d", globex): fmt.Sprint(b.ID, " "),
		"?owner=backup@example.com":          fmt.Sprint(b.ID, " "),
		"?status=notice":                     fmt.Sprint(a.ID, " "),
		"?renewal_type=manual":               fmt.Sprint(b.ID, " "),
		"?q=soon":                            fmt.Sprint(a.ID, " "),
		"?sort=key_date&dir=desc":            fmt.Sprint(b.ID, " ", a.ID, " "),
		"?per_page=1&page=2":                 fmt.Sprint(b.ID, " "),
	} {
		if got := ids(list(q)); got != want {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
	}
	for _, q := range []string{"?vendor_id=abc", "?status=bogus", "?renewal_type=x"} {
		if res := c.get("/api/v1/contracts" + q); res.Code != http.StatusBadRequest {
			t.Errorf("%s: %d", q, res.Code)
		}
	}
	for _, p := range []string{"/api/v1/contracts/999", "/api/v1/contracts/abc"} {
		if res := c.get(p); res.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, res.Code)
		}
	}
	// A viewer reads but cannot write.
	if res := c.sendJSON(http.MethodPost, "/api/v1/contracts", contractBody(acme)); res.Code != http.StatusForbidden {
		t.Errorf("viewer create: %d", res.Code)
	}
	if res := c.sendJSON(http.MethodPost, fmt.Sprintf("/api/v1/contracts/%d/renew", a.ID), ""); res.Code != http.StatusForbidden {
		t.Errorf("viewer renew: %d", res.Code)
	}
}

func TestAPIContractRenewDecideArchive(t *testing.T) {
	h := newHarness(t)
	c, _ := h.apiClient("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31", func(c *outlay.Contract) { c.UpliftBasisPoints = 350 })
	path := fmt.Sprintf("/api/v1/contracts/%d", ct.ID)

	res := c.sendJSON(http.MethodPost, path+"/renew", nil)
	if res.Code != http.StatusCreated {
		t.Fatalf("renew: %d %s", res.Code, res.Body)
	}
	var got server.APIContract
	res.JSON(t, &got)
	if len(got.Terms) != 2 || got.CurrentTerm.StartDate != "2027-04-01" || got.CurrentTerm.EndDate != "2028-03-31" ||
		got.CurrentTerm.Price != "12420.00" || got.RenewsOn != "2028-04-01" || got.Status != "active" {
		t.Fatalf("renewed: %+v %+v", got, got.CurrentTerm)
	}

	res = c.sendJSON(http.MethodPost, path+"/decision", map[string]any{"decision": "cancel", "note": "moving"})
	if res.Code != http.StatusOK {
		t.Fatalf("decision: %d %s", res.Code, res.Body)
	}
	res.JSON(t, &got)
	if got.Decision == nil || got.Decision.Decision != "cancel" || got.Decision.Note != "moving" || got.Decision.By != "editor@example.com" ||
		got.CurrentTerm.Decision == nil || got.Status != "cancelled" {
		t.Fatalf("decided: %+v", got.Decision)
	}
	res = c.sendJSON(http.MethodPost, path+"/decision", map[string]any{"decision": "perhaps"})
	var e server.APIError
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || e.Fields["decision"] == "" {
		t.Fatalf("bad decision: %d %s", res.Code, res.Body)
	}
	res = c.sendJSON(http.MethodPost, path+"/renew", nil)
	res.JSON(t, &e)
	if res.Code != http.StatusConflict || e.Error == "" {
		t.Fatalf("renew after cancel: %d %s", res.Code, res.Body)
	}

	if res := c.do(http.MethodDelete, path, nil, ""); res.Code != http.StatusNoContent {
		t.Fatalf("archive: %d %s", res.Code, res.Body)
	}
	if res := c.do(http.MethodDelete, path, nil, ""); res.Code != http.StatusNoContent {
		t.Fatalf("archive again: %d", res.Code)
	}
	var list struct{ Total int }
	c.get("/api/v1/contracts").JSON(t, &list)
	if list.Total != 0 {
		t.Fatal("archived contract listed")
	}
	c.get("/api/v1/contracts?archived=true").JSON(t, &list)
	if list.Total != 1 {
		t.Fatal("archived=true leaves it out")
	}
	res = c.get(path)
	res.JSON(t, &got)
	if !got.Archived {
		t.Fatal("archived flag")
	}
	for _, p := range []string{"/api/v1/contracts/999/renew", "/api/v1/contracts/x/renew"} {
		if res := c.sendJSON(http.MethodPost, p, nil); res.Code != http.StatusNotFound {
			t.Errorf("POST %s: %d", p, res.Code)
		}
	}
	if res := c.do(http.MethodDelete, "/api/v1/contracts/999", nil, ""); res.Code != http.StatusNotFound {
		t.Errorf("DELETE unknown: %d", res.Code)
	}
}

// TestAPIContractReminderOffsets: reminder_offsets is a list of days, largest first, or
// null for the settings'; PATCH changes it only when sent.
func TestAPIContractReminderOffsets(t *testing.T) {
	h := newHarness(t)
	c, _ := h.apiClient("editor")
	v := seedContractVendor(t, h, "Acme")

	body := contractBody(v)
	body["reminder_offsets"] = []any{7, "30", 90}
	res := c.sendJSON(http.MethodPost, "/api/v1/contracts", body)
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	var got server.APIContract
	res.JSON(t, &got)
	if !slices.Equal(got.ReminderOffsets, []int{90, 30, 7}) {
		t.Fatalf("created offsets %v", got.ReminderOffsets)
	}
	path := fmt.Sprintf("/api/v1/contracts/%d", got.ID)
	if res = c.get(path); !strings.Contains(res.Body, `"reminder_offsets":[90,30,7]`) {
		t.Errorf("GET: %s", res.Body)
	}

	res = c.sendJSON(http.MethodPatch, path, map[string]any{"title": "Hosting EU"})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || !slices.Equal(got.ReminderOffsets, []int{90, 30, 7}) {
		t.Fatalf("a PATCH without offsets changed them: %d %s", res.Code, res.Body)
	}
	res = c.sendJSON(http.MethodPatch, path, map[string]any{"reminder_offsets": []any{400}})
	var apiErr server.APIError
	res.JSON(t, &apiErr)
	if res.Code != http.StatusBadRequest || apiErr.Fields["reminder_offsets"] != outlay.OffsetsHint {
		t.Fatalf("offset over a year: %d %s", res.Code, res.Body)
	}
	apiErr = server.APIError{}
	res = c.sendJSON(http.MethodPatch, path, map[string]any{"reminder_offsets": true})
	res.JSON(t, &apiErr)
	if res.Code != http.StatusBadRequest || apiErr.Fields["reminder_offsets"] == "" {
		t.Fatalf("offsets as a boolean: %d %s", res.Code, res.Body)
	}
	res = c.sendJSON(http.MethodPatch, path, map[string]any{"reminder_offsets": nil})
	if res.Code != http.StatusOK || !strings.Contains(res.Body, `"reminder_offsets":null`) {
		t.Fatalf("back to the settings: %d %s", res.Code, res.Body)
	}
	res = c.sendJSON(http.MethodPatch, path, map[string]any{"reminder_offsets": []any{14, 60}})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || !slices.Equal(got.ReminderOffsets, []int{60, 14}) {
		t.Fatalf("own offsets again: %d %s", res.Code, res.Body)
	}
}
