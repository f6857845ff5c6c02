package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/password"
	"outlay/internal/sqlite"
)

// With OUTLAY_LOG_FORMAT=json every line is one JSON object with slog's keys and the
// attributes; the level filters.
func TestLoggerJSON(t *testing.T) {
	var buf bytes.Buffer
	log, err := newLogger(&buf, envOf(map[string]string{"OUTLAY_LOG_FORMAT": "JSON", "OUTLAY_LOG_LEVEL": "debug"}))
	if err != nil {
		t.Fatal(err)
	}
	log.Debug("request", "request_id", "abc", "status", 200)
	log.Warn("mail is not configured")
	sc := bufio.NewScanner(&buf)
	var lines []map[string]any
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON (%v): %s", err, sc.Text())
		}
		lines = append(lines, m)
	}
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	first := lines[0]
	for k, want := range map[string]any{"level": "DEBUG", "msg": "request", "request_id": "abc", "status": float64(200)} {
		if first[k] != want {
			t.Errorf("%s = %v, want %v", k, first[k], want)
		}
	}
	if _, ok := first["time"]; !ok {
		t.Error("no time key")
	}
	if lines[1]["level"] != "WARN" {
		t.Errorf("second line: %v", lines[1])
	}
}

// Text is the default, at info: a debug line is dropped. remind's default is warn,
// unless OUTLAY_LOG_LEVEL says otherwise.
func TestLoggerTextAndLevels(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		warn  bool
		lines []string // what Debug, Info and Warn lines appear, by level
	}{
		{"default", nil, false, []string{"INFO", "WARN"}},
		{"error only", map[string]string{"OUTLAY_LOG_LEVEL": "error"}, false, nil},
		{"remind default", nil, true, []string{"WARN"}},
		{"remind with a level", map[string]string{"OUTLAY_LOG_LEVEL": "info"}, true, []string{"INFO", "WARN"}},
	}
	for _, tc := range cases {
		getenv := envOf(tc.env)
		if tc.warn {
			getenv = envDefault(getenv, "OUTLAY_LOG_LEVEL", "warn")
		}
		var buf bytes.Buffer
		log, err := newLogger(&buf, getenv)
		if err != nil {
			t.Fatal(err)
		}
		log.Debug("d", "k", "v")
		log.Info("i", "k", "v")
		log.Warn("w", "k", "v")
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			if l == "" {
				continue
			}
			if !strings.HasPrefix(l, "time=") || !strings.Contains(l, " k=v") {
				t.Errorf("%s: not a text line: %s", tc.name, l)
			}
			got = append(got, strings.TrimPrefix(strings.Fields(l)[1], "level="))
		}
		if strings.Join(got, ",") != strings.Join(tc.lines, ",") {
			t.Errorf("%s: levels %v, want %v", tc.name, got, tc.lines)
		}
	}
}

// A value the logger does not know is a usage error that names the variable.
func TestLoggerRefusesBadValues(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"OUTLAY_LOG_FORMAT": {"OUTLAY_LOG_FORMAT": "logfmt"},
		"OUTLAY_LOG_LEVEL":  {"OUTLAY_LOG_LEVEL": "verbose"},
	} {
		_, err := newLogger(&bytes.Buffer{}, envOf(env))
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), env[name]) {
			t.Errorf("%s=%q: %v", name, env[name], err)
		}
	}
	// serve refuses to start with one, before it opens anything.
	t.Setenv("OUTLAY_LOG_FORMAT", "xml")
	dir := t.TempDir()
	err := run([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, nil, &bytes.Buffer{}, &bytes.Buffer{})
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "OUTLAY_LOG_FORMAT") {
		t.Fatalf("serve with OUTLAY_LOG_FORMAT=xml: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "outlay.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve made a database before refusing its log settings: %v", err)
	}
}

// The usage text names both variables and their values.
func TestUsageNamesLogVariables(t *testing.T) {
	var stdout bytes.Buffer
	if err := run([]string{"help"}, nil, &stdout, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"OUTLAY_LOG_FORMAT=text|json", "OUTLAY_LOG_LEVEL=debug|info|warn|error"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}

// TestServeLogsNoSecrets runs `outlay serve` with JSON logs at debug, an SMTP password
// (for a server that refuses the connection, so delivery fails and is logged), the
// metrics behind a token, a user's password and an API token in use. The log has a
// JSON request line for each request, with the API token's user, and none of the
// secrets.
func TestServeLogsNoSecrets(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	dir, _ := remindData(t) // a reminder is due: the worker tries to deliver it
	const (
		smtpPassword = "smtp pass 7c1e9a"
		metricsToken = "metrics-token-0b5d31f8"
		userPassword = "a user's passphrase 42"
	)
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	hash, err := password.Hash(userPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &outlay.User{Email: "ann@example.com", Name: "Ann Admin", Role: outlay.RoleAdmin, PasswordHash: hash}
	if err := db.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	apiToken, _, err := db.CreateToken(context.Background(), u.ID, "script")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	addr := freeAddr(t)
	closed := freeAddr(t) // the SMTP server's address: nothing listens there
	host, port, _ := net.SplitHostPort(closed)
	for k, v := range map[string]string{"OUTLAY_ADDR": addr, "OUTLAY_LOG_FORMAT": "json", "OUTLAY_LOG_LEVEL": "debug",
		"OUTLAY_SMTP_HOST": host, "OUTLAY_SMTP_PORT": port, "OUTLAY_SMTP_TLS": "starttls", "OUTLAY_SMTP_USER": "outlay",
		"OUTLAY_SMTP_PASSWORD": smtpPassword, "OUTLAY_SMTP_FROM": "outlay@example.com", "OUTLAY_BASE_URL": "https://outlay.example.com",
		"OUTLAY_METRICS": "token", "OUTLAY_METRICS_TOKEN": metricsToken} {
		t.Setenv(k, v)
	}
	child := startServe(t, dir)
	waitFor(t, "the server and its first failed delivery", 60*time.Second, func() bool {
		l := child.logged()
		return strings.Contains(l, `"msg":"Outlay is serving"`) && strings.Contains(l, `"msg":"email will be retried"`)
	})
	base := "http://" + addr
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(req *http.Request, want int) string {
		t.Helper()
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d, want %d", req.Method, req.URL.Path, res.StatusCode, want)
		}
		return res.Header.Get("X-Request-Id")
	}
	get := func(path, token string, want int) string {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return do(req, want)
	}
	scraped := get("/metrics", metricsToken, http.StatusOK)
	listed := get("/api/v1/vendors", apiToken, http.StatusOK)
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(url.Values{"email": {u.Email}, "password": {userPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	signedIn := do(req, http.StatusSeeOther)
	waitFor(t, "the request lines", 30*time.Second, func() bool {
		return strings.Contains(child.logged(), signedIn)
	})
	child.stop(t)

	lines := map[string]map[string]any{}
	for _, l := range strings.Split(strings.TrimSpace(child.logged()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("a line of outlay serve's log is not JSON (%v): %s", err, l)
		}
		if id, ok := m["request_id"].(string); ok && m["msg"] == "request" {
			lines[id] = m
		}
	}
	if m := lines[scraped]; m["route"] != "/metrics" || m["level"] != "DEBUG" {
		t.Errorf("the scrape's line: %v", m)
	}
	if m := lines[listed]; m["route"] != "/api/v1/vendors" || m["user_id"] != float64(u.ID) || m["status"] != 200.0 {
		t.Errorf("the API request's line: %v", m)
	}
	if m := lines[signedIn]; m["route"] != "/login" || m["method"] != "POST" || m["status"] != 303.0 {
		t.Errorf("the sign-in's line: %v", m)
	}
	if !strings.Contains(child.logged(), `"password":"********"`) {
		t.Errorf("the mail settings are not logged with the password masked:\n%s", child.logged())
	}
	child.mustNotLog(t, map[string]string{smtpPassword: "SMTP password", metricsToken: "metrics token",
		userPassword: "user's password", apiToken: "API token"})
}
