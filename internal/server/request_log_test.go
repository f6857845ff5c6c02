package server_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// requestLines reads the harness's JSON log and returns its "request" lines by request id.
func requestLines(t *testing.T, h *harness) map[string]map[string]any {
	t.Helper()
	lines := map[string]map[string]any{}
	sc := bufio.NewScanner(strings.NewReader(h.Log.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("a log line is not JSON (%v): %s", err, sc.Text())
		}
		if m["msg"] == "request" {
			lines[m["request_id"].(string)] = m
		}
	}
	return lines
}

// Every request has one line with its id, route pattern, path, status, duration, size,
// user and address; probes that answer are debug, failures errors.
func TestRequestLogLine(t *testing.T) {
	h := newHarness(t, func(w *harnessWiring) { w.logJSON = true })
	v := h.vendor("Acme", "cloud")
	editor, ed := h.signIn("editor")
	api, robot := h.apiClient("viewer")
	admin, _ := h.signIn("admin")
	page := editor.get("/vendors/" + itoa(v.ID) + "?q=not-for-the-log")
	listed := api.get("/api/v1/vendors")
	missing := h.client().get("/no/such/page")
	probe := probeGet(t, h, http.MethodGet, "/healthz")
	h.spendExec(`DROP TABLE audit_log`)
	failed := admin.get("/admin/audit")
	if page.Code != 200 || listed.Code != 200 || missing.Code != 404 || probe.Code != 200 || failed.Code != 500 {
		t.Fatalf("statuses %d %d %d %d %d", page.Code, listed.Code, missing.Code, probe.Code, failed.Code)
	}

	lines := requestLines(t, h)
	for _, tc := range []struct {
		what  string
		res   response
		level string
		want  map[string]any
	}{
		{"page", page, "INFO", map[string]any{"method": "GET", "route": "/vendors/:id", "path": "/vendors/" + itoa(v.ID),
			"status": 200.0, "user_id": float64(ed.ID), "bytes": float64(len(page.Body))}},
		{"API", listed, "INFO", map[string]any{"route": "/api/v1/vendors", "path": "/api/v1/vendors", "status": 200.0,
			"user_id": float64(robot.ID), "bytes": float64(len(listed.Body))}},
		{"unknown page", missing, "INFO", map[string]any{"route": "unmatched", "path": "/no/such/page", "status": 404.0, "user_id": 0.0}},
		{"probe", probe, "DEBUG", map[string]any{"route": "/healthz", "status": 200.0, "user_id": 0.0, "bytes": float64(len(probe.Body))}},
		{"failure", failed, "ERROR", map[string]any{"route": "/admin/audit", "status": 500.0}},
	} {
		id := tc.res.Header.Get("X-Request-Id")
		line, ok := lines[id]
		if !ok {
			t.Errorf("%s: no request line for id %q", tc.what, id)
			continue
		}
		if line["level"] != tc.level {
			t.Errorf("%s: level %v, want %s", tc.what, line["level"], tc.level)
		}
		for k, want := range tc.want {
			if line[k] != want {
				t.Errorf("%s: %s = %v, want %v", tc.what, k, line[k], want)
			}
		}
		if d, ok := line["duration_ms"].(float64); !ok || d <= 0 {
			t.Errorf("%s: duration_ms %v", tc.what, line["duration_ms"])
		}
		if line["client_ip"] != "127.0.0.1" {
			t.Errorf("%s: client_ip %v", tc.what, line["client_ip"])
		}
	}
	if strings.Contains(h.Log.String(), "not-for-the-log") {
		t.Error("the query string is in the log")
	}
}

// generatedID is the shape of an id Outlay makes.
var generatedID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// The request id is in the header of every answer and on its error pages; a trusted
// proxy's plain id is kept, anything else replaced.
func TestRequestIDs(t *testing.T) {
	// httptest.NewRequest's requests come from 192.0.2.1, the proxy here.
	h := newHarness(t, func(w *harnessWiring) { w.config.TrustedProxies = []string{"192.0.2.1", "10.0.0.0/8"} })
	c, _ := h.signIn("viewer")
	page := c.get("/vendors")
	if id := page.Header.Get("X-Request-Id"); !generatedID.MatchString(id) {
		t.Errorf("page: request id %q", id)
	}
	missing := c.get("/no/such/page")
	if id := missing.Header.Get("X-Request-Id"); !generatedID.MatchString(id) || !strings.Contains(missing.Body, id) {
		t.Errorf("404 page: id %q, shown on the page: %v", id, strings.Contains(missing.Body, id))
	}
	admin, _ := h.signIn("admin")
	h.spendExec(`DROP TABLE audit_log`)
	failed := admin.get("/admin/audit")
	if id := failed.Header.Get("X-Request-Id"); failed.Code != 500 || !generatedID.MatchString(id) || !strings.Contains(failed.Body, id) {
		t.Errorf("error page: %d, id %q, shown on the page: %v", failed.Code, id, strings.Contains(failed.Body, id))
	}

	// Sent straight to the handler: no client sends a header with a newline, but a
	// raw connection can.
	base, err := url.Parse(h.URL)
	if err != nil {
		t.Fatal(err)
	}
	sendFrom := func(remote, id string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/no/such/page", nil)
		req.RemoteAddr = remote
		req.Header.Set("X-Request-ID", id)
		for _, ck := range c.http.Jar.Cookies(base) {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		h.Srv.ServeHTTP(rec, req)
		return rec
	}
	send := func(id string) *httptest.ResponseRecorder { return sendFrom("192.0.2.1:41000", id) }
	for _, id := range []string{"proxy-1f3a.b_C", "0ad9c3e2-7c1b-4c5e-9d51-3f0c3e1f2a9b", strings.Repeat("a", 64)} {
		rec := send(id)
		if got := rec.Header().Get("X-Request-Id"); got != id || !strings.Contains(rec.Body.String(), id) {
			t.Errorf("proxy's id %q: answered with %q", id, got)
		}
		if !strings.Contains(h.Log.String(), "request_id="+id+" ") {
			t.Errorf("proxy's id %q is not in the log", id)
		}
	}
	for _, id := range []string{strings.Repeat("b", 65), "with space", "forged\nlevel=ERROR msg=forged", "tab\there", "é-accent", "semi;colon"} {
		rec := send(id)
		if got := rec.Header().Get("X-Request-Id"); !generatedID.MatchString(got) {
			t.Errorf("hostile id %q: answered with %q", id, got)
		}
	}
	// A plain id from a proxy of a trusted range is kept; from anyone else it is not.
	if got := sendFrom("10.1.2.3:41000", "range-proxy-id").Header().Get("X-Request-Id"); got != "range-proxy-id" {
		t.Errorf("a trusted range's id: answered with %q", got)
	}
	for _, remote := range []string{"203.0.113.9:41000", "[2001:db8::1]:41000"} {
		if got := sendFrom(remote, "client-made-id").Header().Get("X-Request-Id"); !generatedID.MatchString(got) {
			t.Errorf("an id from %s, no proxy: answered with %q", remote, got)
		}
	}
	logs := h.Log.String()
	for _, s := range []string{strings.Repeat("b", 65), "with space", "msg=forged", "accent", "semi;colon", "client-made-id"} {
		if strings.Contains(logs, s) {
			t.Errorf("the log holds a hostile id: %q", s)
		}
	}
}
