package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSignInRequiredAndNextKept(t *testing.T) {
	h := newHarness(t)
	h.user("admin")
	res := h.client().get("/vendors?status=active")
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/login?next="+url.QueryEscape("/vendors?status=active") {
		t.Fatalf("anonymous page: %d %q", res.Code, res.Header.Get("Location"))
	}
	api := h.client().get("/api/v1/vendors")
	if api.Code != http.StatusUnauthorized || !strings.Contains(api.Body, `"error"`) {
		t.Fatalf("anonymous API: %d %s", api.Code, api.Body)
	}
}

func TestSignInWrongPasswordAndThrottle(t *testing.T) {
	h := newHarness(t)
	u := h.user("editor")
	c := h.client()
	for i := 0; i < 10; i++ {
		res := c.postForm("/login", url.Values{"email": {u.Email}, "password": {"wrong password!"}})
		if res.Code != http.StatusUnauthorized {
			t.Fatalf("try %d: status %d", i, res.Code)
		}
		if !strings.Contains(res.Body, "not right") || !strings.Contains(res.Body, `value="editor@example.com"`) {
			t.Fatalf("try %d: message or typed email missing", i)
		}
	}
	// The right password is refused too while the pause lasts.
	res := c.postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}})
	if res.Code != http.StatusTooManyRequests || !strings.Contains(res.Body, "15 minutes") {
		t.Fatalf("after 10 failures: %d", res.Code)
	}
	// 16 minutes later it works again.
	h.Srv.Now = func() time.Time { return testNow.Add(16 * time.Minute) }
	res = c.postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("after the pause: %d %s", res.Code, res.Body)
	}
}

func TestSignInRenewsSessionAndSignOut(t *testing.T) {
	h := newHarness(t)
	u := h.user("viewer")
	c := h.client()
	c.get("/login") // no session yet: scs creates none for an anonymous GET
	res := c.postForm("/login", url.Values{"email": {strings.ToUpper(u.Email)}, "password": {testPassword}, "next": {"/contracts"}})
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/contracts" {
		t.Fatalf("sign in: %d %q", res.Code, res.Header.Get("Location"))
	}
	cookie := res.Header.Get("Set-Cookie")
	for _, attr := range []string{"outlay_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, attr) {
			t.Errorf("cookie %q lacks %s", cookie, attr)
		}
	}
	// An outside redirect target is ignored.
	c2 := h.client()
	res = c2.postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}, "next": {"//evil.example/"}})
	if res.Header.Get("Location") != "/" {
		t.Fatalf("next=//evil.example: redirected to %q", res.Header.Get("Location"))
	}
	if r := c.postForm("/logout", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", r.Code)
	}
	if r := c.get("/contracts"); r.Code != http.StatusSeeOther {
		t.Fatalf("after sign-out: %d, want a redirect to sign in", r.Code)
	}
}

// Browsers drop tabs and newlines from a URL before reading it, so "/\t/evil.example"
// lands on //evil.example: sign-in must not send anyone there.
func TestLoginNextRefusesControlCharacters(t *testing.T) {
	h := newHarness(t)
	u := h.user("viewer")
	for _, next := range []string{"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\t\\evil.example", "/reports\x00"} {
		form := url.Values{"email": {u.Email}, "password": {testPassword}, "next": {next}}
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// The transport, unlike a client, hands back the redirect without reading it.
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("next %q: %d to %q, want 303 to /", next, res.StatusCode, loc)
		}
	}
}
