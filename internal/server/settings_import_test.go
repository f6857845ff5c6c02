package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSettingsImportCap: the largest import file is 20 MB until an administrator sets
// it from 1 to 100 on the page or in the API; a bad value is refused beside its field.
func TestSettingsImportCap(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	res := admin.get("/admin/settings")
	mustContain(t, "settings page", res.Body, "Largest import file (MB)", `name="import_max_mb" type="number" value="20"`)
	form := url.Values{"org_name": {"Acme"}, "base_currency": {"EUR"}, "fy_start_month": {"1"}, "basis": {"cash"},
		"reminder_offsets": {"30"}, "finance_emails": {""}}
	for _, bad := range []string{"0", "101", "ten", "2.5"} {
		form.Set("import_max_mb", bad)
		res = admin.postForm("/admin/settings", form)
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "from 1 to 100") || !strings.Contains(res.Body, `value="`+bad+`"`) {
			t.Errorf("import_max_mb %q: %d", bad, res.Code)
		}
	}
	form.Set("import_max_mb", "35")
	if res = admin.postForm("/admin/settings", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save 35: %d %s", res.Code, res.Body)
	}
	mustContain(t, "saved", admin.get("/admin/settings").Body, `name="import_max_mb" type="number" value="35"`)

	api, _ := h.apiClient("admin")
	var got map[string]any
	res = api.get("/api/v1/settings")
	res.JSON(t, &got)
	if got["import_max_mb"] != float64(35) {
		t.Fatalf("API settings: %v", got)
	}
	for _, bad := range []any{0, 101, "x"} {
		res = api.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"import_max_mb": bad})
		if res.Code != http.StatusBadRequest || !strings.Contains(res.Body, `"import_max_mb"`) {
			t.Errorf("PATCH import_max_mb %v: %d %s", bad, res.Code, res.Body)
		}
	}
	res = api.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"import_max_mb": "100"})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got["import_max_mb"] != float64(100) {
		t.Fatalf("PATCH 100: %d %v", res.Code, got)
	}
	// A form without the field (sent before it existed) means the default.
	form.Del("import_max_mb")
	if res = admin.postForm("/admin/settings", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save without the field: %d", res.Code)
	}
	mustContain(t, "default", admin.get("/admin/settings").Body, `name="import_max_mb" type="number" value="20"`)
}
