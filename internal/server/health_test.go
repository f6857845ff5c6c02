package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// noRedirects is a client without cookies that shows redirects rather than following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// probeGet asks the address with no cookie and no credentials, as a monitor does.
func probeGet(t *testing.T, h *harness, method, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, h.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Code: res.StatusCode, Header: res.Header, Body: string(body)}
}

// withBuild stamps the server with a build, as cmd/outlay does from the binary.
func withBuild(version, commit string) harnessOption {
	return func(w *harnessWiring) { w.config.Version, w.config.Commit = version, commit }
}

// healthBody is /healthz's answer.
type healthBody struct {
	Status  string `json:"status"`
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Uptime  *int64 `json:"uptime_seconds"`
}

// TestHealthzAnswersBeforeSetUp: /healthz is 200 with the status, the build and the
// uptime as JSON to GET, and 200 with no body to HEAD, with a request id and no session
// cookie, even before the first administrator exists (every page would send the visitor
// to /setup).
func TestHealthzAnswersBeforeSetUp(t *testing.T) {
	const commit = "c91cecababc500a8b67124c2d9986a0afc152aa7"
	h := newHarness(t, withBuild("0.10.0-3-gc91ceca", commit))
	res := probeGet(t, h, http.MethodGet, "/healthz")
	if res.Code != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /healthz: %d %q %v", res.Code, res.Body, res.Header)
	}
	var b healthBody
	if err := json.Unmarshal([]byte(res.Body), &b); err != nil {
		t.Fatalf("/healthz is not JSON (%v): %s", err, res.Body)
	}
	if b.Status != "ok" || b.Version != "0.10.0-3-gc91ceca" || b.Commit != commit || b.Uptime == nil || *b.Uptime < 0 {
		t.Fatalf("/healthz: %s", res.Body)
	}
	if res.Header.Get("X-Request-Id") == "" || res.Header.Get("Set-Cookie") != "" {
		t.Fatalf("headers: %v", res.Header)
	}
	if res := probeGet(t, h, http.MethodHead, "/healthz"); res.Code != http.StatusOK || res.Body != "" {
		t.Fatalf("HEAD /healthz: %d %q", res.Code, res.Body)
	}
	// A page still goes to set-up: the probes' way round the session is theirs only.
	if res := probeGet(t, h, http.MethodGet, "/vendors"); res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/setup" {
		t.Fatalf("a page before set-up: %d %v", res.Code, res.Header)
	}
}

// TestHealthzUnstamped: a server given no build says "dev" and an empty commit, so a
// monitor that reads the fields always finds them.
func TestHealthzUnstamped(t *testing.T) {
	h := newHarness(t)
	var b healthBody
	res := probeGet(t, h, http.MethodGet, "/healthz")
	if err := json.Unmarshal([]byte(res.Body), &b); err != nil {
		t.Fatalf("/healthz is not JSON (%v): %s", err, res.Body)
	}
	if res.Code != http.StatusOK || b.Status != "ok" || b.Version != "dev" || b.Commit != "" || b.Uptime == nil {
		t.Fatalf("/healthz: %d %s", res.Code, res.Body)
	}
}

// TestFooterShowsBuildToAdmins: an admin's footer names the build; a viewer's and an
// editor's say "Outlay" alone, and so does the sign-in page.
func TestFooterShowsBuildToAdmins(t *testing.T) {
	h := newHarness(t, withBuild("0.10.0", "c91cecababc500a8b67124c2d9986a0afc152aa7"))
	admin, _ := h.signIn(outlay.RoleAdmin)
	res := admin.get("/")
	if res.Code != http.StatusOK {
		t.Fatalf("dashboard: %d", res.Code)
	}
	if got := footerText(t, res.Body); !strings.HasPrefix(got, "Outlay 0.10.0 (c91ceca) · ") {
		t.Fatalf("admin's footer: %q", got)
	}
	for _, role := range []string{outlay.RoleViewer, outlay.RoleEditor} {
		c, _ := h.signIn(role)
		res := c.get("/")
		if got := footerText(t, res.Body); res.Code != http.StatusOK || !strings.HasPrefix(got, "Outlay · ") || strings.Contains(res.Body, "c91ceca") {
			t.Fatalf("%s's dashboard: %d, footer %q", role, res.Code, got)
		}
	}
	if res := h.client().get("/login"); strings.Contains(res.Body, "0.10.0") || strings.Contains(res.Body, "c91ceca") {
		t.Fatalf("the sign-in page names the build: %s", res.Body)
	}
}

// footerText is the footer's text, tags removed and spaces folded.
func footerText(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `<footer class="footer">`)
	if !ok {
		t.Fatalf("no footer in %s", page)
	}
	inner, _, _ := strings.Cut(rest, "</footer>")
	var b strings.Builder
	tag := false
	for _, r := range inner {
		switch {
		case r == '<':
			tag = true
		case r == '>':
			tag = false
		case !tag:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

type readyBody struct {
	Status string               `json:"status"`
	Checks []outlay.HealthCheck `json:"checks"`
}

func readyz(t *testing.T, h *harness) (int, readyBody, string) {
	t.Helper()
	res := probeGet(t, h, http.MethodGet, "/readyz")
	var b readyBody
	if err := json.Unmarshal([]byte(res.Body), &b); err != nil {
		t.Fatalf("/readyz is not JSON (%v): %s", err, res.Body)
	}
	return res.Code, b, res.Body
}

func failedChecks(b readyBody) map[string]string {
	out := map[string]string{}
	for _, c := range b.Checks {
		if !c.OK {
			out[c.Name] = c.Problem
		}
	}
	return out
}

// TestReadyzFreshHarness: a fresh installation is ready: every check listed and passing.
func TestReadyzFreshHarness(t *testing.T) {
	h := newHarness(t)
	code, b, raw := readyz(t, h)
	if code != http.StatusOK || b.Status != "ready" || len(b.Checks) != 5 || len(failedChecks(b)) != 0 {
		t.Fatalf("fresh /readyz: %d %s", code, raw)
	}
	for _, name := range []string{"database", "writable", "migrations", "reminders", "backup"} {
		if !strings.Contains(raw, `"name":"`+name+`"`) {
			t.Errorf("check %q missing: %s", name, raw)
		}
	}
}

// TestReadyzReadOnlyDatabase: a database that takes no writes is 503, the writable check
// saying so, and the answer names no file.
func TestReadyzReadOnlyDatabase(t *testing.T) {
	h := newHarness(t)
	// The writer is one connection; query_only makes it refuse every write, as a
	// read-only file does (the tests run as root, whom chmod does not stop).
	if _, err := h.DB.WriteDB().Exec(`PRAGMA query_only = ON`); err != nil {
		t.Fatal(err)
	}
	code, b, raw := readyz(t, h)
	f := failedChecks(b)
	if code != http.StatusServiceUnavailable || b.Status != "not ready" || f["writable"] == "" || len(f) != 1 {
		t.Fatalf("read-only /readyz: %d %s", code, raw)
	}
	if strings.Contains(raw, h.DB.Path()) || strings.Contains(raw, "outlay.db") {
		t.Fatalf("/readyz shows the database's path: %s", raw)
	}
	if _, err := h.DB.WriteDB().Exec(`PRAGMA query_only = OFF`); err != nil {
		t.Fatal(err)
	}
	if code, _, raw := readyz(t, h); code != http.StatusOK {
		t.Fatalf("writable again: %d %s", code, raw)
	}
}

// TestReadyzClosedDatabase: a database that is gone from under the server is 503, and
// /healthz, which reads none, stays 200.
func TestReadyzClosedDatabase(t *testing.T) {
	h := newHarness(t)
	h.DB.Close()
	code, b, raw := readyz(t, h)
	f := failedChecks(b)
	if code != http.StatusServiceUnavailable || f["database"] == "" || f["writable"] == "" {
		t.Fatalf("closed /readyz: %d %s", code, raw)
	}
	if res := probeGet(t, h, http.MethodGet, "/healthz"); res.Code != http.StatusOK {
		t.Fatalf("/healthz on a closed database: %d", res.Code)
	}
}
