package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"outlay/internal/importer"
	"outlay/internal/outlay"
	"outlay/internal/password"
	"outlay/internal/server"
	"outlay/internal/sqlite"
)

// testNow is the fixed "now" of handler tests.
var testNow = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

// harness is a running Outlay on a real database file, reached over real HTTP.
type harness struct {
	t  *testing.T
	DB *sqlite.DB
	// Log holds what the server logged.
	Log *logBuffer
	// users counts users made per role, so each gets its own email.
	users map[string]int
	Srv   *server.Server
	URL   string
	// ImportDir is the server's private folder of uploads waiting for their commit.
	ImportDir string
}

// harnessOption changes how newHarness wires the server, before it is built.
type harnessOption func(*harnessWiring)

// harnessWiring is what newHarness hands to server.New.
type harnessWiring struct {
	config   server.Config
	services server.Services
	sessions scs.Store
	// logJSON logs as OUTLAY_LOG_FORMAT=json does, for tests that read the fields.
	logJSON bool
}

// newHarness starts Outlay on a fresh database with "now" fixed at testNow, wired as
// cmd/outlay wires it: the database's services, sessions in sessions.db beside it.
// Options may wrap a service or the session store to watch what the server does.
func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return testNow }
	sessionDB, err := sqlite.OpenSessions(filepath.Join(dir, "sessions.db"))
	if err != nil {
		t.Fatal(err)
	}
	store := sqlite3store.NewWithCleanupInterval(sessionDB, 0)
	importDir := filepath.Join(dir, "imports")
	w := harnessWiring{config: server.Config{ImportDir: importDir, Probe: db}, services: dbServices(db), sessions: store}
	for _, o := range opts {
		o(&w)
	}
	// Everything, debug included, goes to the test's buffer and to testLogs, which
	// TestMain searches for the secrets the tests used.
	logs := &logBuffer{}
	out, level := io.MultiWriter(logs, testLogs), &slog.HandlerOptions{Level: slog.LevelDebug}
	log := slog.New(slog.NewTextHandler(out, level))
	if w.logJSON {
		log = slog.New(slog.NewJSONHandler(out, level))
	}
	srv, err := server.New(w.config, w.services, w.sessions, log)
	if err != nil {
		t.Fatal(err)
	}
	srv.Now = func() time.Time { return testNow }
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); sessionDB.Close(); db.Close() })
	return &harness{t: t, DB: db, Log: logs, Srv: srv, URL: ts.URL, users: map[string]int{}, ImportDir: w.config.ImportDir}
}

// dbServices is the database as the server's services, as cmd/outlay hands it over.
func dbServices(db *sqlite.DB) server.Services {
	return server.Services{
		Vendors: db, Contracts: db, Users: db, Tokens: db, Audit: db, Throttle: db, Settings: db,
		Rates: db, Figures: db, Spend: db, Licences: db, Budget: db, Work: db.Work(),
		Imports: importer.Capped{Work: db.Work(), Settings: db}, Resets: db,
		Outbox: db, Runs: db, Feeds: db, Backups: db,
	}
}

// logBuffer collects log output from the server's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything logged so far.
func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testPassword is every test user's password (noted as a secret by TestMain).
const testPassword = "correct horse battery"

// user creates a user with the role; the email is <role>@example.com for the first one
// of a role, <role>2@example.com for the second, and so on, unless given.
func (h *harness) user(role string, email ...string) *outlay.User {
	h.t.Helper()
	hash, err := password.Hash(testPassword)
	if err != nil {
		h.t.Fatal(err)
	}
	h.users[role]++
	email0 := role + "@example.com"
	if n := h.users[role]; n > 1 {
		email0 = role + strconv.Itoa(n) + "@example.com"
	}
	u := &outlay.User{Email: email0, Name: strings.ToUpper(role[:1]) + role[1:] + " User", Role: role, PasswordHash: hash}
	if len(email) > 0 {
		u.Email = email[0]
	}
	if err := h.DB.CreateUser(context.Background(), u); err != nil {
		h.t.Fatal(err)
	}
	return u
}

// client is a browser-like HTTP client with its own cookies that does not follow
// redirects, so tests can see the 303s.
type client struct {
	h     *harness
	http  *http.Client
	token string
}

func (h *harness) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{h: h, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signIn returns a client signed in as a new user with the role.
func (h *harness) signIn(role string) (*client, *outlay.User) {
	h.t.Helper()
	u := h.user(role)
	c := h.client()
	res := c.postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}})
	if res.Code != http.StatusSeeOther {
		h.t.Fatalf("sign in as %s: status %d: %s", role, res.Code, res.Body)
	}
	return c, u
}

// apiClient returns a client that authenticates with a new API token of a new user.
func (h *harness) apiClient(role string) (*client, *outlay.User) {
	h.t.Helper()
	u := h.user(role)
	secret, _, err := h.DB.CreateToken(context.Background(), u.ID, "test")
	if err != nil {
		h.t.Fatal(err)
	}
	noteSecret("API token", secret)
	c := h.client()
	c.token = secret
	return c, u
}

// response is a finished request.
type response struct {
	Code   int
	Header http.Header
	Body   string
}

// JSON decodes the body into v, failing the test if it is not JSON.
func (r response) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("not JSON (%v): %s", err, r.Body)
	}
}

func (c *client) do(method, path string, body io.Reader, contentType string) response {
	c.h.t.Helper()
	req, err := http.NewRequest(method, c.h.URL+path, body)
	if err != nil {
		c.h.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Code: res.StatusCode, Header: res.Header, Body: string(b)}
}

func (c *client) get(path string) response { return c.do(http.MethodGet, path, nil, "") }

func (c *client) postForm(path string, v url.Values) response {
	return c.do(http.MethodPost, path, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded")
}

// sendJSON sends v (a string is sent as is) as a JSON body.
func (c *client) sendJSON(method, path string, v any) response {
	var body []byte
	if s, ok := v.(string); ok {
		body = []byte(s)
	} else {
		body, _ = json.Marshal(v)
	}
	return c.do(method, path, bytes.NewReader(body), "application/json")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// mustContain fails the test for each wanted text missing from body.
func mustContain(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}
