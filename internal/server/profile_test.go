package server_test

import (
	"context"
	"net/http"
	"net/url"
	"outlay/internal/outlay"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestProfileShowsDetails(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("viewer")
	res := c.get("/profile")
	if res.Code != http.StatusOK {
		t.Fatalf("profile: %d", res.Code)
	}
	for _, want := range []string{u.Email, u.Name, "Viewer", "2026-11-25 09:30", "Change password", "API tokens", "No API tokens yet"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("profile lacks %q", want)
		}
	}
	if res := h.client().get("/profile"); res.Code != http.StatusSeeOther {
		t.Errorf("anonymous profile: %d", res.Code)
	}
}

func TestProfileChangePassword(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("editor")
	const newPassword = "a much better passphrase"
	noteSecret("password", newPassword)

	tests := []struct {
		name             string
		current, np, cnf string
		field, msg       string
	}{
		{"wrong current", "not my password", newPassword, newPassword, "current_password", "is not right"},
		{"missing current", "", newPassword, newPassword, "current_password", "required"},
		{"too short", testPassword, "short", "short", "new_password", "use at least 10 characters"},
		{"confirmation differs", testPassword, newPassword, newPassword + "!", "new_password_confirm", "does not match"},
		{"same as before", testPassword, testPassword, testPassword, "new_password", "must differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.postForm("/profile/password", url.Values{"current_password": {tt.current}, "new_password": {tt.np}, "new_password_confirm": {tt.cnf}})
			if res.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Code)
			}
			if !strings.Contains(res.Body, `id="e-`+tt.field+`">`+tt.msg) {
				t.Errorf("no %q beside %s", tt.msg, tt.field)
			}
			if strings.Contains(res.Body, newPassword) || strings.Contains(res.Body, testPassword) {
				t.Error("a password was sent back into the page")
			}
		})
	}

	res := c.postForm("/profile/password", url.Values{"current_password": {testPassword}, "new_password": {newPassword}, "new_password_confirm": {newPassword}})
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/profile" {
		t.Fatalf("change: %d %q", res.Code, res.Header.Get("Location"))
	}
	if !strings.Contains(res.Header.Get("Set-Cookie"), "outlay_session=") {
		t.Error("the session id was not renewed")
	}
	if res := c.get("/profile"); res.Code != http.StatusOK || !strings.Contains(res.Body, "Your password has been changed.") {
		t.Errorf("profile after change: %d", res.Code)
	}
	if res := h.client().postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}}); res.Code != http.StatusUnauthorized {
		t.Errorf("old password: %d, want 401", res.Code)
	}
	if res := h.client().postForm("/login", url.Values{"email": {u.Email}, "password": {newPassword}}); res.Code != http.StatusSeeOther {
		t.Errorf("new password: %d, want 303", res.Code)
	}
	entries, _, _ := h.DB.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "user", EntityID: &u.ID})
	if len(entries) == 0 || string(entries[0].After) != `{"password":"changed"}` || entries[0].UserEmail != u.Email {
		t.Errorf("password change not audited as the user: %+v", entries)
	}
}

var secretRE = regexp.MustCompile(`olt_[a-z2-7]{32}`)

func TestProfileTokens(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("viewer")

	res := c.postForm("/profile/tokens", url.Values{"name": {strings.Repeat("x", 101)}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-name">too long`) {
		t.Fatalf("long token name: %d", res.Code)
	}

	res = c.postForm("/profile/tokens", url.Values{"name": {"Reporting script"}})
	if res.Code != http.StatusOK {
		t.Fatalf("create token: %d", res.Code)
	}
	secret := secretRE.FindString(res.Body)
	if secret == "" || !strings.Contains(res.Body, `class="secret"`) || !strings.Contains(res.Body, `data-copy="new-token"`) {
		t.Fatalf("the new secret is not shown: %s", res.Body)
	}
	noteSecret("API token", secret)
	if !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
		t.Error("the page with the secret may be cached")
	}
	// Shown once: the profile lists the token by its prefix only.
	res = c.get("/profile")
	if strings.Contains(res.Body, secret) {
		t.Fatal("the secret is shown a second time")
	}
	if !strings.Contains(res.Body, "Reporting script") || !strings.Contains(res.Body, secret[:10]+"…") {
		t.Fatal("the token is not listed by name and prefix")
	}

	api := h.client()
	api.token = secret
	if res := api.get("/api/v1/audit"); res.Code != http.StatusOK {
		t.Fatalf("the token as Bearer: %d %s", res.Code, res.Body)
	}
	// Created and last used are both "now" in tests: two cells once it has been used.
	if res := c.get("/profile"); strings.Count(res.Body, `<td class="mono">2026-11-25 09:30</td>`) != 2 {
		t.Error("last use not shown")
	}

	tokens, _ := h.DB.FindTokens(context.Background(), u.ID)
	if len(tokens) != 1 {
		t.Fatalf("tokens: %d", len(tokens))
	}
	id := strconv.FormatInt(tokens[0].ID, 10)

	// Someone else cannot revoke it.
	other, _ := h.signIn("admin")
	if res := other.postForm("/profile/tokens/"+id+"/revoke", nil); res.Code != http.StatusNotFound {
		t.Errorf("another user's revoke: %d, want 404", res.Code)
	}
	if res := c.postForm("/profile/tokens/abc/revoke", nil); res.Code != http.StatusNotFound {
		t.Errorf("revoke /abc: %d, want 404", res.Code)
	}

	res = c.postForm("/profile/tokens/"+id+"/revoke", nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/profile" {
		t.Fatalf("revoke: %d %q", res.Code, res.Header.Get("Location"))
	}
	if res := c.get("/profile"); !strings.Contains(res.Body, "Token “Reporting script” revoked.") || !strings.Contains(res.Body, "No API tokens yet") {
		t.Error("revoke not confirmed or token still listed")
	}
	if res := api.get("/api/v1/audit"); res.Code != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d, want 401", res.Code)
	}
}
