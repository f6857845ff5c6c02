package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// countingStore counts the session writes that reach the session database.
type countingStore struct {
	scs.Store
	writes atomic.Int64
}

func (s *countingStore) Commit(token string, b []byte, expiry time.Time) error {
	s.writes.Add(1)
	return s.Store.Commit(token, b, expiry)
}

// withCountingSessions wraps the harness's session store in a counter.
func withCountingSessions(cs *countingStore) harnessOption {
	return func(w *harnessWiring) {
		cs.Store = w.sessions
		w.sessions = cs
	}
}

// A session is written when it changes (sign-in, a flash put and popped), not on every
// request; static files never touch it.
func TestSessionWrittenOnlyWhenChanged(t *testing.T) {
	cs := &countingStore{}
	h := newHarness(t, withCountingSessions(cs))
	c, _ := h.signIn("editor")
	afterSignIn := cs.writes.Load()
	if afterSignIn == 0 {
		t.Fatal("signing in wrote no session")
	}
	for _, path := range []string{"/", "/vendors", "/contracts", "/static/outlay.css", "/static/outlay.js", "/api/v1/vendors", "/profile", "/"} {
		res := c.get(path)
		if res.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.Code)
		}
		if strings.HasPrefix(path, "/static/") && res.Header.Get("Set-Cookie") != "" {
			t.Errorf("GET %s sets a cookie", path)
		}
	}
	if n := cs.writes.Load() - afterSignIn; n != 0 {
		t.Fatalf("%d session writes for reading pages and files, want 0", n)
	}

	// Saving a vendor puts a flash (one write); the page after the redirect shows it and
	// takes it out (one more); reading on changes nothing.
	res := c.postForm("/vendors", url.Values{"name": {"Acme"}, "category": {"software"}, "status": {"active"}, "criticality": {"medium"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create vendor: %d %s", res.Code, res.Body)
	}
	if n := cs.writes.Load() - afterSignIn; n != 1 {
		t.Fatalf("%d session writes after the flash was put, want 1", n)
	}
	if page := c.get(res.Header.Get("Location")); page.Code != http.StatusOK {
		t.Fatalf("page after save: %d", page.Code)
	}
	c.get("/vendors")
	if n := cs.writes.Load() - afterSignIn; n != 2 {
		t.Fatalf("%d session writes after the flash was shown, want 2", n)
	}
}

// A request the client abandons while its user is looked up does not sign the user out,
// and is logged as cancelled, not as an internal error.
func TestCancelledRequestKeepsSession(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	u, _ := url.Parse(h.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, "/contracts", nil).WithContext(ctx)
	for _, ck := range c.http.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	h.Srv.ServeHTTP(rec, req)
	if rec.Code == http.StatusInternalServerError {
		t.Errorf("cancelled request answered 500")
	}
	logs := h.Log.String()
	if !strings.Contains(logs, "request cancelled") {
		t.Errorf("cancelled request not logged as cancelled:\n%s", logs)
	}
	if strings.Contains(logs, "internal error") {
		t.Errorf("cancelled request logged as an internal error:\n%s", logs)
	}
	if res := c.get("/profile"); res.Code != http.StatusOK {
		t.Fatalf("after a cancelled request the user is signed out: GET /profile %d", res.Code)
	}
}

// A deactivated user's session ends with the account.
func TestDeactivatedUserSessionEnds(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("editor")
	u.Active = false
	if err := h.DB.UpdateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if res := c.get("/profile"); res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("deactivated user's page: %d %q", res.Code, res.Header.Get("Location"))
	}
}

// Sessions live in their own file: while the business writer is held by a long write (an
// import, a payment refresh), signed-in pages that only read still answer.
func TestPagesDoNotWaitOnTheWriter(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	tx, err := h.DB.WriteDB().BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE settings SET value = value`); err != nil {
		t.Fatal(err)
	}
	// Without the writer, a page that waited on it would never answer: give up well
	// before the test's own deadline instead of hanging.
	c.http.Timeout = 20 * time.Second
	for _, path := range []string{"/", "/vendors", "/profile"} {
		if res := c.get(path); res.Code != http.StatusOK {
			t.Fatalf("GET %s while the writer is busy: %d", path, res.Code)
		}
	}
}
