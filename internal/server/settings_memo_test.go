package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"outlay/internal/outlay"
)

// countingSettings counts the settings reads that reach storage.
type countingSettings struct {
	outlay.SettingsService
	reads atomic.Int64
}

func (s *countingSettings) GetSettings(ctx context.Context) (outlay.Settings, error) {
	s.reads.Add(1)
	return s.SettingsService.GetSettings(ctx)
}

// A request reads the settings from storage at most once, however many parts of the
// page need them; one that changes them reads them again to show what was stored.
func TestSettingsReadOncePerRequest(t *testing.T) {
	cs := &countingSettings{}
	h := newHarness(t, func(w *harnessWiring) {
		cs.SettingsService = w.services.Settings
		w.services.Settings = cs
	})
	admin, _ := h.signIn("admin")
	api, _ := h.apiClient("admin")
	for _, path := range []string{"/", "/contracts", "/licences", "/licences/new", "/budget?fy=2027", "/budget/new", "/spend", "/spend/new",
		"/admin/settings", "/admin/rates", "/api/v1/settings", "/api/v1/spend", "/api/v1/budget-lines"} {
		c := admin
		if strings.HasPrefix(path, "/api/") {
			c = api
		}
		before := cs.reads.Load()
		if res := c.get(path); res.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.Code)
		}
		if n := cs.reads.Load() - before; n > 1 {
			t.Errorf("GET %s read the settings %d times", path, n)
		}
	}

	// The API's answer to a change is the stored settings, read after the write.
	res := api.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"org_name": "  Acme Ltd  "})
	if res.Code != http.StatusOK || !strings.Contains(res.Body, `"org_name":"Acme Ltd"`) {
		t.Fatalf("PATCH settings: %d %s", res.Code, res.Body)
	}
	res = admin.postForm("/admin/settings", url.Values{"org_name": {"Globex"}, "base_currency": {"EUR"}, "fy_start_month": {"1"},
		"basis": {"cash"}, "reminder_offsets": {"90, 30"}, "finance_emails": {""}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("save settings: %d %s", res.Code, res.Body)
	}
	if page := admin.get("/admin/settings"); !strings.Contains(page.Body, `value="Globex"`) {
		t.Fatal("settings page does not show the saved name")
	}
}
