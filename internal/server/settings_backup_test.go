package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSettingsBackupKeep: the nightly backups kept are 14 until an administrator sets a
// number from 1 to 365 on the page or in the API; a bad value is refused beside its
// field, and storage returns what was saved.
func TestSettingsBackupKeep(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	res := admin.get("/admin/settings")
	mustContain(t, "settings page", res.Body, "Nightly backups to keep", `name="backup_keep" type="number" value="14"`)
	form := url.Values{"org_name": {"Acme"}, "base_currency": {"EUR"}, "fy_start_month": {"1"}, "basis": {"cash"},
		"reminder_offsets": {"30"}, "finance_emails": {""}}
	for _, bad := range []string{"0", "366", "many", "1.5", "-3"} {
		form.Set("backup_keep", bad)
		res = admin.postForm("/admin/settings", form)
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "from 1 to 365") || !strings.Contains(res.Body, `value="`+bad+`"`) {
			t.Errorf("backup_keep %q: %d", bad, res.Code)
		}
	}
	form.Set("backup_keep", "30")
	if res = admin.postForm("/admin/settings", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save 30: %d %s", res.Code, res.Body)
	}
	mustContain(t, "saved", admin.get("/admin/settings").Body, `name="backup_keep" type="number" value="30"`)
	if st, err := h.DB.GetSettings(context.Background()); err != nil || st.BackupKeep != 30 {
		t.Fatalf("stored: %d, %v", st.BackupKeep, err)
	}

	api, _ := h.apiClient("admin")
	var got map[string]any
	res = api.get("/api/v1/settings")
	res.JSON(t, &got)
	if got["backup_keep"] != float64(30) {
		t.Fatalf("API settings: %v", got)
	}
	for _, bad := range []any{0, 366, "x", 2.5} {
		res = api.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"backup_keep": bad})
		if res.Code != http.StatusBadRequest || !strings.Contains(res.Body, `"backup_keep"`) {
			t.Errorf("PATCH backup_keep %v: %d %s", bad, res.Code, res.Body)
		}
	}
	res = api.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"backup_keep": "365"})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got["backup_keep"] != float64(365) {
		t.Fatalf("PATCH 365: %d %v", res.Code, got)
	}
	// A form without the field (sent before it existed) means the default.
	form.Del("backup_keep")
	if res = admin.postForm("/admin/settings", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save without the field: %d", res.Code)
	}
	mustContain(t, "default", admin.get("/admin/settings").Body, `name="backup_keep" type="number" value="14"`)
}
