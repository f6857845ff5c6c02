package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2/memstore"

	"outlay/internal/outlay"
	"outlay/internal/server"
	"outlay/internal/sqlite"
)

// scrape reads /metrics as Prometheus does, failing unless it is 200 in the text format.
func scrape(t *testing.T, h *harness, header ...string) string {
	t.Helper()
	res := probeGet(t, h, http.MethodGet, "/metrics", header...)
	if res.Code != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %v %s", res.Code, res.Header, res.Body)
	}
	return res.Body
}

// sample is the value of the series with exactly these labels (in the sorted order the
// text format writes them), or -1 when the scrape has no such series.
func sample(t *testing.T, body, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatalf("%s: %v", series, err)
	}
	return v
}

// TestMetricsExposeTheNamedSeries: a scrape carries the request counter and latency by
// route pattern, both database pools, the outbox by status, the ages of the last
// reminder run and good backup, and the export and import counts and durations; and the
// request counter moves with requests.
func TestMetricsExposeTheNamedSeries(t *testing.T) {
	h := newHarness(t)
	h.user(outlay.RoleAdmin) // set up, so an unknown address is a 404, not a way to /setup
	ctx := context.Background()

	healthz := `outlay_http_requests_total{code="200",method="GET",route="/healthz"}`
	before := sample(t, scrape(t, h), healthz)
	for range 3 {
		probeGet(t, h, http.MethodGet, "/healthz")
	}
	probeGet(t, h, http.MethodGet, "/no/such/page")

	// A reminder run an hour ago and a good backup a day ago, by the database's clock.
	h.DB.Now = func() time.Time { return testNow.Add(-time.Hour) }
	run := &outlay.ReminderRun{AsOf: testNow, Holder: "test"}
	if err := h.DB.StartReminderRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	if err := h.DB.FinishReminderRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	h.DB.Now = func() time.Time { return testNow }
	day := testNow.Add(-24 * time.Hour).Format(sqlite.TimeLayout)
	if _, err := h.DB.WriteDB().Exec(`INSERT INTO backup_runs (kind, started_at, finished_at, path, ok) VALUES ('nightly', ?, ?, 'b', 1)`, day, day); err != nil {
		t.Fatal(err)
	}
	// An export and an import preview.
	viewer, _ := h.signIn(outlay.RoleViewer)
	if res := viewer.get("/vendors/export.xlsx"); res.Code != http.StatusOK {
		t.Fatalf("export: %d", res.Code)
	}
	editor, _ := h.apiClient(outlay.RoleEditor)
	editor.upload("/api/v1/imports/vendors", "v.csv", []byte("name\nAcme\n"), "dry_run", "true")

	body := scrape(t, h)
	if after := sample(t, body, healthz); after-max(before, 0) != 3 {
		t.Fatalf("the /healthz counter went from %v to %v after three requests", before, after)
	}
	for _, series := range []string{
		`outlay_http_requests_total{code="404",method="GET",route="unmatched"}`,
		`outlay_http_requests_total{code="200",method="GET",route="/vendors/export.xlsx"}`,
		`outlay_http_request_duration_seconds_count{route="/healthz"}`,
		`outlay_db_connections_in_use{pool="write"}`,
		`outlay_db_connections_in_use{pool="read"}`,
		`outlay_db_connections_idle{pool="read"}`,
		`outlay_db_connection_waits_total{pool="write"}`,
		`outlay_outbox_emails{status="pending"}`,
		`outlay_outbox_emails{status="failed"}`,
		`outlay_exports_total{result="ok",route="/vendors/export.xlsx"}`,
		`outlay_export_duration_seconds_count{route="/vendors/export.xlsx"}`,
		`outlay_import_duration_seconds_count{kind="vendors",mode="preview"}`,
	} {
		if sample(t, body, series) < 0 {
			t.Errorf("no series %s in\n%s", series, body)
		}
	}
	if v := sample(t, body, `outlay_http_request_duration_seconds_count{route="/healthz"}`); v < 3 {
		t.Errorf("the /healthz latency histogram counted %v requests", v)
	}
	if !regexp.MustCompile(`(?m)^outlay_imports_total\{kind="vendors",mode="preview",result="\w+"\} 1$`).MatchString(body) {
		t.Errorf("no import counted:\n%s", body)
	}
	if v := sample(t, body, `outlay_reminder_run_age_seconds`); v != 3600 {
		t.Errorf("reminder run age %v, want 3600", v)
	}
	if v := sample(t, body, `outlay_backup_age_seconds`); v != 86400 {
		t.Errorf("backup age %v, want 86400", v)
	}
	if !strings.Contains(body, "go_goroutines") {
		t.Errorf("no Go runtime series")
	}
}

// TestMetricsBehindToken: with OUTLAY_METRICS=token a scrape needs the token as its
// bearer token (401 without it or with another), and the token is in no log line.
func TestMetricsBehindToken(t *testing.T) {
	const token = "metrics-secret-6f1c2b"
	noteSecret("metrics token", token)
	h := newHarness(t, func(w *harnessWiring) { w.config.Metrics, w.config.MetricsToken = server.MetricsToken, token })
	for _, header := range [][]string{nil, {"Authorization", "Bearer wrong"}, {"Authorization", "Basic " + token}, {"Authorization", "Bearer "}} {
		res := probeGet(t, h, http.MethodGet, "/metrics", header...)
		if res.Code != http.StatusUnauthorized || strings.Contains(res.Body, "outlay_") || res.Header.Get("WWW-Authenticate") == "" {
			t.Fatalf("%v: %d %s", header, res.Code, res.Body)
		}
	}
	body := scrape(t, h, "Authorization", "Bearer "+token)
	if !strings.Contains(body, `outlay_http_requests_total{code="401",method="GET",route="/metrics"} 4`) {
		t.Fatalf("the refusals are not counted:\n%s", body)
	}
	// The other probes need no token.
	if res := probeGet(t, h, http.MethodGet, "/healthz"); res.Code != http.StatusOK {
		t.Fatalf("/healthz in token mode: %d", res.Code)
	}
	if strings.Contains(h.Log.String(), token) {
		t.Fatalf("the metrics token is in the log")
	}
}

// TestMetricsOff: with OUTLAY_METRICS=off there is nothing at /metrics (a 404 page, not
// the series), and the other probes still answer.
func TestMetricsOff(t *testing.T) {
	h := newHarness(t, func(w *harnessWiring) { w.config.Metrics = server.MetricsOff })
	h.user(outlay.RoleAdmin)
	res := probeGet(t, h, http.MethodGet, "/metrics")
	if res.Code != http.StatusNotFound || strings.Contains(res.Body, "outlay_http") {
		t.Fatalf("/metrics off: %d %s", res.Code, res.Body)
	}
	if res := probeGet(t, h, http.MethodGet, "/readyz"); res.Code != http.StatusOK {
		t.Fatalf("/readyz with metrics off: %d", res.Code)
	}
}

// TestMetricsSettingsRefused: token mode without a token, or a mode that does not exist,
// stops the server from starting rather than serving metrics to anyone.
func TestMetricsSettingsRefused(t *testing.T) {
	h := newHarness(t)
	for _, cfg := range []server.Config{{Metrics: server.MetricsToken}, {Metrics: "yes"}} {
		cfg.ImportDir = t.TempDir()
		if _, err := server.New(cfg, dbServices(h.DB), memstore.NewWithCleanupInterval(0), nil); err == nil {
			t.Errorf("%+v was taken", cfg)
		}
	}
}
