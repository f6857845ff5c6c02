package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// settingsBox is how the settings page renders a ticked checkbox.
func settingsBox(name string) string { return `name="` + name + `" value="1" checked` }

// TestSettingsEmailSwitchesRoundTrip: the weekly digest and the finance pack email are
// on in a new installation, and each switch saved from the form reads back as saved, in
// the form and in the API.
func TestSettingsEmailSwitchesRoundTrip(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	page := admin.get("/admin/settings")
	mustContain(t, "settings", page.Body, "Send owners a weekly digest on Mondays",
		"Email the quarterly finance pack to the finance list on the first day after each quarter",
		settingsBox("weekly_digest"), settingsBox("pack_email"))

	form := url.Values{"org_name": {"Acme"}, "base_currency": {"EUR"}, "fy_start_month": {"1"}, "basis": {"cash"},
		"reminder_offsets": {"90, 30"}, "finance_emails": {"finance@example.com"}, "import_max_mb": {"20"}, "weekly_digest": {"1"}}
	if res := admin.postForm("/admin/settings", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.Code, res.Body)
	}
	page = admin.get("/admin/settings")
	mustContain(t, "digest on, pack off", page.Body, settingsBox("weekly_digest"))
	if strings.Contains(page.Body, settingsBox("pack_email")) {
		t.Error("the pack email box is ticked after saving it unticked")
	}
	st, err := h.DB.GetSettings(t.Context())
	if err != nil || !st.WeeklyDigest || st.PackEmail {
		t.Fatalf("stored: digest %v pack %v (%v)", st.WeeklyDigest, st.PackEmail, err)
	}

	form.Del("weekly_digest")
	form.Set("pack_email", "1")
	if res := admin.postForm("/admin/settings", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", res.Code)
	}
	page = admin.get("/admin/settings")
	mustContain(t, "digest off, pack on", page.Body, settingsBox("pack_email"))
	if strings.Contains(page.Body, settingsBox("weekly_digest")) {
		t.Error("the digest box is ticked after saving it unticked")
	}

	// A form refused for another field keeps the boxes as they were sent.
	form.Set("reminder_offsets", "soon")
	res := admin.postForm("/admin/settings", form)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", res.Code)
	}
	mustContain(t, "refused form", res.Body, settingsBox("pack_email"))
	if strings.Contains(res.Body, settingsBox("weekly_digest")) {
		t.Error("the refused form ticked the digest box it was sent without")
	}

	api, _ := h.apiClient("viewer")
	var got map[string]any
	api.get("/api/v1/settings").JSON(t, &got)
	if got["weekly_digest"] != false || got["pack_email"] != true {
		t.Errorf("API after the form: weekly_digest %v, pack_email %v", got["weekly_digest"], got["pack_email"])
	}
}

// TestSettingsEmailSwitchesAPI: GET has both booleans; a PATCH changes the one it names
// and keeps the other, a PATCH of neither keeps both, and a value that is not a boolean
// is 400 at its field.
func TestSettingsEmailSwitchesAPI(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.apiClient("admin")
	var got map[string]any
	admin.get("/api/v1/settings").JSON(t, &got)
	if got["weekly_digest"] != true || got["pack_email"] != true {
		t.Fatalf("defaults: %v", got)
	}
	res := admin.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"pack_email": false})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got["pack_email"] != false || got["weekly_digest"] != true {
		t.Fatalf("PATCH pack_email: %d %v", res.Code, got)
	}
	res = admin.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"weekly_digest": false, "pack_email": true})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got["pack_email"] != true || got["weekly_digest"] != false {
		t.Fatalf("PATCH both: %d %v", res.Code, got)
	}
	res = admin.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"org_name": "Acme"})
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got["pack_email"] != true || got["weekly_digest"] != false || got["org_name"] != "Acme" {
		t.Fatalf("PATCH without the switches: %d %v", res.Code, got)
	}
	st, err := h.DB.GetSettings(t.Context())
	if err != nil || st.WeeklyDigest || !st.PackEmail {
		t.Fatalf("stored: digest %v pack %v (%v)", st.WeeklyDigest, st.PackEmail, err)
	}
	res = admin.sendJSON(http.MethodPatch, "/api/v1/settings", `{"weekly_digest": "yes"}`)
	var e struct {
		Fields map[string]string `json:"fields"`
	}
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || e.Fields["weekly_digest"] == "" {
		t.Fatalf("non-boolean: %d %s", res.Code, res.Body)
	}
	if st, _ := h.DB.GetSettings(t.Context()); st.WeeklyDigest {
		t.Fatal("a refused PATCH changed the setting")
	}
}
