package server_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestSecurityHeaders(t *testing.T) {
	h := newHarness(t)
	h.user("admin")
	res := h.client().get("/login")
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "same-origin",
	}
	for k, v := range want {
		if !strings.Contains(res.Header.Get(k), v) {
			t.Errorf("%s = %q, want it to contain %q", k, res.Header.Get(k), v)
		}
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("admin")
	req, _ := http.NewRequest(http.MethodPost, h.URL+"/logout", nil)
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin POST: status %d, want 403", res.StatusCode)
	}
	// The refusal is logged with its request id and where the request said it came from.
	mustContain(t, "the log", h.Log.String(), `msg="cross-origin request refused" request_id=`+res.Header.Get("X-Request-Id"),
		"method=POST path=/logout status=403 origin=https://evil.example sec_fetch_site=cross-site")
	// The session survived: the refused sign-out did nothing.
	if r := c.get("/profile"); r.Code == http.StatusSeeOther {
		t.Fatalf("session ended by a refused cross-origin request")
	}
}
