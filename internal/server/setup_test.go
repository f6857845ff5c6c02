package server_test

import (
	"context"
	"net/http"
	"net/url"
	"outlay/internal/outlay"
	"strings"
	"testing"
)

func TestFirstRunLeadsToSetup(t *testing.T) {
	h := newHarness(t)
	for _, p := range []string{"/", "/vendors", "/login"} {
		res := h.client().get(p)
		if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/setup" {
			t.Errorf("%s before set-up: %d %q", p, res.Code, res.Header.Get("Location"))
		}
	}
	// The API answers that it is not set up; its document and the page for it answer.
	if res := h.client().get("/api/v1/vendors"); res.Code != http.StatusUnauthorized || !strings.Contains(res.Body, "not set up") {
		t.Errorf("the API before set-up: %d %s", res.Code, res.Body)
	}
	for _, p := range []string{"/api/v1/openapi.json", "/api/docs"} {
		if res := h.client().get(p); res.Code != http.StatusOK {
			t.Errorf("%s before set-up: %d", p, res.Code)
		}
	}
}

func TestSetupFirstAdmin(t *testing.T) {
	h := newHarness(t)
	c := h.client()
	if res := c.get("/"); res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/setup" {
		t.Fatalf("GET / before set-up: %d %q", res.Code, res.Header.Get("Location"))
	}
	res := c.get("/setup")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, "Create the first administrator") {
		t.Fatalf("GET /setup: %d", res.Code)
	}
	noteSecret("password", "long enough pass")

	tests := []struct {
		name      string
		form      url.Values
		wantField string
		wantMsg   string
	}{
		{"short password", url.Values{"name": {"Ann Admin"}, "email": {"ann@example.com"}, "password": {"short"}, "password_confirm": {"short"}}, "password", "use at least 10 characters"},
		{"confirmation differs", url.Values{"name": {"Ann Admin"}, "email": {"ann@example.com"}, "password": {"long enough pass"}, "password_confirm": {"long enough pas"}}, "password_confirm", "does not match"},
		{"bad email", url.Values{"name": {"Ann Admin"}, "email": {"ann@"}, "password": {"long enough pass"}, "password_confirm": {"long enough pass"}}, "email", "not a valid email address"},
		{"no name", url.Values{"name": {""}, "email": {"ann@example.com"}, "password": {"long enough pass"}, "password_confirm": {"long enough pass"}}, "name", "required"},
		{"direction override in the name", url.Values{"name": {"Ann \u202eAdmin"}, "email": {"ann@example.com"}, "password": {"long enough pass"}, "password_confirm": {"long enough pass"}}, "name", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.postForm("/setup", tt.form)
			if res.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Code)
			}
			if !strings.Contains(res.Body, `id="e-`+tt.wantField+`">`+tt.wantMsg) {
				t.Errorf("no message %q beside %s", tt.wantMsg, tt.wantField)
			}
			for _, k := range []string{"name", "email"} {
				if v := tt.form.Get(k); v != "" && !strings.Contains(res.Body, `value="`+v+`"`) {
					t.Errorf("typed %s %q not kept", k, v)
				}
			}
			if strings.Contains(res.Body, "long enough pass") {
				t.Error("a password was sent back into the page")
			}
		})
	}
	if n, _ := h.DB.CountUsers(context.Background()); n != 0 {
		t.Fatalf("refused set-up created %d users", n)
	}

	res = c.postForm("/setup", url.Values{"name": {"Ann Admin"}, "email": {"Ann@Example.com"}, "password": {"long enough pass"}, "password_confirm": {"long enough pass"}})
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("set-up: %d %q %s", res.Code, res.Header.Get("Location"), res.Body)
	}
	// Signed in at once: the profile shows the new administrator and the welcome.
	res = c.get("/profile")
	if res.Code != http.StatusOK {
		t.Fatalf("profile after set-up: %d", res.Code)
	}
	for _, want := range []string{"ann@example.com", "Ann Admin", ">admin<", "Welcome to Outlay. Start by adding your vendors."} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("profile lacks %q", want)
		}
	}

	// The page is gone, and a second set-up creates nothing.
	if res := c.get("/setup"); res.Code != http.StatusNotFound {
		t.Errorf("GET /setup after set-up: %d, want 404", res.Code)
	}
	other := h.client()
	if res := other.get("/setup"); res.Code != http.StatusNotFound {
		t.Errorf("anonymous GET /setup after set-up: %d, want 404", res.Code)
	}
	res = other.postForm("/setup", url.Values{"name": {"Mallory"}, "email": {"mallory@example.com"}, "password": {"long enough pass"}, "password_confirm": {"long enough pass"}})
	if res.Code != http.StatusNotFound {
		t.Errorf("second POST /setup: %d, want 404", res.Code)
	}
	if n, _ := h.DB.CountUsers(context.Background()); n != 1 {
		t.Fatalf("users after second set-up: %d, want 1", n)
	}
	if _, err := h.DB.FindUserByEmail(context.Background(), "mallory@example.com"); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("second set-up created a user: %v", err)
	}
	// Everyone else now signs in.
	if res := other.get("/"); res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Errorf("anonymous GET / after set-up: %d %q", res.Code, res.Header.Get("Location"))
	}
}
