package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"outlay/internal/outlay"
)

// forgotAnswerText is what every request for a link is told.
const forgotAnswerText = "If an account exists for that address, we have sent a link to it. It works once, for one hour."

// withMail sets the server's mail status (its From and base URL) and counts the wake-ups
// of the outbox worker in wakes.
// counting is a WakeMail hook that counts the wakes.
func counting(wakes *atomic.Int32) func() { return func() { wakes.Add(1) } }

var testMail = outlay.MailStatus{Configured: true, Host: "smtp.example.com:587", From: "Outlay <outlay@mail.example.com>",
	TLS: "starttls", BaseURL: "https://outlay.example.com/"}

// resetLinkRe finds a reset link in an email's body; group 1 is the secret.
var resetLinkRe = regexp.MustCompile(`https?://[^\s"<>]+/password/reset/([A-Za-z0-9_-]+)`)

// resetEmail reads the newest reset email to the address straight from the outbox table,
// body included (the service's FindEmails hides secret bodies), and returns its link,
// the link's secret and its Message-ID.
func resetEmail(t *testing.T, h *harness, to string) (link, secret, messageID string) {
	t.Helper()
	var body, html string
	var isSecret bool
	err := h.DB.ReadDB().QueryRow(`SELECT body_text, body_html, secret, message_id FROM outbox
		WHERE kind = 'password_reset' AND recipient = ? ORDER BY id DESC LIMIT 1`, to).Scan(&body, &html, &isSecret, &messageID)
	if err != nil {
		t.Fatalf("reset email to %s: %v", to, err)
	}
	m := resetLinkRe.FindStringSubmatch(body)
	if m == nil || !isSecret {
		t.Fatalf("reset email (secret %v) holds no link: %q", isSecret, body)
	}
	if !strings.Contains(html, m[0]) {
		t.Errorf("the HTML part lacks the link %s", m[0])
	}
	noteSecret("password reset secret", m[1])
	return m[0], m[1], messageID
}

func outboxCount(t *testing.T, h *harness) int {
	t.Helper()
	var n int
	if err := h.DB.ReadDB().QueryRow(`SELECT count(*) FROM outbox`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The whole way: the sign-in page's link, the request, the email in the outbox with its
// link, the form, a refused weak and a mismatched password (token kept), the new
// password; the user's other sessions end, their API token stays, the old password
// fails and the new one signs in; the link works once; neither the secret nor the hash
// reaches the log or the audit trail.
func TestPasswordResetByEmail(t *testing.T) {
	var wakes atomic.Int32
	h := newHarness(t, withMail(testMail, counting(&wakes)))
	u := h.user("editor")
	other, _ := h.signIn("viewer")
	elsewhere := h.client() // the user signed in on another device
	if res := elsewhere.postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}}); res.Code != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.Code)
	}
	apiToken, _, err := h.DB.CreateToken(context.Background(), u.ID, "script")
	if err != nil {
		t.Fatal(err)
	}
	noteSecret("API token", apiToken)

	c := h.client()
	login := c.get("/login")
	mustContain(t, "sign-in page", login.Body, `<a href="/password/forgot">Forgot password?</a>`)
	form := c.get("/password/forgot")
	if form.Code != http.StatusOK {
		t.Fatalf("forgot form: %d", form.Code)
	}
	mustContain(t, "forgot form", form.Body, `action="/password/forgot"`, `name="email"`)

	res := c.postForm("/password/forgot", url.Values{"email": {" Editor@Example.com "}})
	if res.Code != http.StatusOK {
		t.Fatalf("request: %d %s", res.Code, res.Body)
	}
	mustContain(t, "request answer", res.Body, forgotAnswerText)
	if wakes.Load() != 1 {
		t.Fatalf("worker woken %d times, want 1", wakes.Load())
	}
	link, secret, messageID := resetEmail(t, h, u.Email)
	if !strings.HasPrefix(link, "https://outlay.example.com/password/reset/") || len(secret) != 43 {
		t.Fatalf("link %q", link)
	}
	if !regexp.MustCompile(`^<[0-9a-f]{32}@mail\.example\.com>$`).MatchString(messageID) {
		t.Fatalf("Message-ID %q", messageID)
	}
	path := strings.TrimPrefix(link, "https://outlay.example.com")

	page := c.get(path)
	if page.Code != http.StatusOK || page.Header.Get("Cache-Control") != "no-store" || page.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("reset form: %d, Cache-Control %q, Referrer-Policy %q", page.Code, page.Header.Get("Cache-Control"), page.Header.Get("Referrer-Policy"))
	}
	mustContain(t, "reset form", page.Body, `action="`+path+`"`, `name="new_password"`, `name="new_password_confirm"`)

	const newPassword = "a brand new passphrase"
	noteSecret("password", newPassword)
	weak := c.postForm(path, url.Values{"new_password": {"short"}, "new_password_confirm": {"short"}})
	if weak.Code != http.StatusUnprocessableEntity {
		t.Fatalf("weak password: %d", weak.Code)
	}
	mustContain(t, "weak password", weak.Body, `id="e-new_password"`, "at least 10", `action="`+path+`"`)
	mismatch := c.postForm(path, url.Values{"new_password": {newPassword}, "new_password_confirm": {newPassword + "!"}})
	if mismatch.Code != http.StatusUnprocessableEntity {
		t.Fatalf("mismatch: %d", mismatch.Code)
	}
	mustContain(t, "mismatch", mismatch.Body, `id="e-new_password_confirm"`, "does not match", `action="`+path+`"`)
	if strings.Contains(mismatch.Body, newPassword) {
		t.Error("the refused form sent the password back")
	}

	done := c.postForm(path, url.Values{"new_password": {newPassword}, "new_password_confirm": {newPassword}})
	if done.Code != http.StatusSeeOther || done.Header.Get("Location") != "/login" {
		t.Fatalf("reset: %d to %q: %s", done.Code, done.Header.Get("Location"), done.Body)
	}
	mustContain(t, "sign-in page after the reset", c.get("/login").Body, "Password changed; sign in with your new password.")

	if r := elsewhere.get("/contracts"); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("the user's other session: %d to %q, want sent to sign in", r.Code, r.Header.Get("Location"))
	}
	if r := other.get("/contracts"); r.Code != http.StatusOK {
		t.Fatalf("another user's session: %d", r.Code)
	}
	api := h.client()
	api.token = apiToken
	if r := api.get("/api/v1/vendors"); r.Code != http.StatusOK {
		t.Fatalf("the user's API token after the reset: %d, want it kept", r.Code)
	}

	if r := h.client().postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}}); r.Code != http.StatusUnauthorized {
		t.Fatalf("old password: %d, want 401", r.Code)
	}
	if r := h.client().postForm("/login", url.Values{"email": {u.Email}, "password": {newPassword}}); r.Code != http.StatusSeeOther {
		t.Fatalf("new password: %d, want 303", r.Code)
	}

	noteSecret("password", "yet another passphrase")
	for _, r := range []response{c.get(path), c.postForm(path, url.Values{"new_password": {"yet another passphrase"}, "new_password_confirm": {"yet another passphrase"}})} {
		if r.Code != http.StatusGone {
			t.Fatalf("the link again: %d, want 410", r.Code)
		}
		mustContain(t, "used link", r.Body, "This link has expired or was already used — ask for a new one.", `href="/password/forgot"`)
	}
	if r := h.client().postForm("/login", url.Values{"email": {u.Email}, "password": {newPassword}}); r.Code != http.StatusSeeOther {
		t.Fatalf("the second use changed the password: %d", r.Code)
	}

	var after string
	if err := h.DB.ReadDB().QueryRow(`SELECT after FROM audit_log WHERE entity = 'user' AND entity_id = ? ORDER BY id DESC LIMIT 1`, u.ID).Scan(&after); err != nil {
		t.Fatal(err)
	}
	stored, _ := h.DB.FindUserByID(context.Background(), u.ID)
	if !strings.Contains(after, "reset by email") || strings.Contains(after, secret) || strings.Contains(after, stored.PasswordHash) {
		t.Fatalf("audit entry: %s", after)
	}
	mustContain(t, "audit page", other.get("/admin/audit").Body, "reset by email")
	logs := h.Log.String()
	if strings.Contains(logs, secret) {
		t.Fatal("the log holds the reset link's secret")
	}
	mustContain(t, "log", logs, "path=/password/reset/(secret)")
}

// An unknown address, a deactivated account and a real one get the same status and the
// same page, byte for byte; only the real one gets an email.
func TestPasswordForgotSameAnswerForEveryAddress(t *testing.T) {
	var wakes atomic.Int32
	h := newHarness(t, withMail(testMail, counting(&wakes)))
	real := h.user("viewer")
	gone := h.user("viewer")
	gone.Active = false
	if err := h.DB.UpdateUser(context.Background(), gone); err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, email := range []string{"nobody@example.com", gone.Email, real.Email} {
		res := h.client().postForm("/password/forgot", url.Values{"email": {email}})
		if res.Code != http.StatusOK {
			t.Fatalf("%s: %d", email, res.Code)
		}
		bodies = append(bodies, res.Body)
	}
	if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Fatalf("the answers differ:\nunknown: %s\ndeactivated: %s\nreal: %s", bodies[0], bodies[1], bodies[2])
	}
	mustContain(t, "answer", bodies[0], forgotAnswerText)
	if n := outboxCount(t, h); n != 1 {
		t.Fatalf("%d emails, want only the real account's", n)
	}
	resetEmail(t, h, real.Email)
	if wakes.Load() != 1 {
		t.Fatalf("worker woken %d times, want 1", wakes.Load())
	}
}

// Without a configured base URL, the link is built from the request's address, and the
// log says to set one.
func TestPasswordResetLinkFromRequestWithoutBaseURL(t *testing.T) {
	h := newHarness(t)
	u := h.user("viewer")
	if res := h.client().postForm("/password/forgot", url.Values{"email": {u.Email}}); res.Code != http.StatusOK {
		t.Fatalf("request: %d", res.Code)
	}
	link, _, messageID := resetEmail(t, h, u.Email)
	if !strings.HasPrefix(link, h.URL+"/password/reset/") {
		t.Fatalf("link %q, want it on %s", link, h.URL)
	}
	if !strings.HasSuffix(messageID, "@outlay.invalid>") {
		t.Fatalf("Message-ID %q without a From", messageID)
	}
	mustContain(t, "log", h.Log.String(), "set the mail base URL")
	if r := h.client().get(strings.TrimPrefix(link, h.URL)); r.Code != http.StatusOK {
		t.Fatalf("the link: %d", r.Code)
	}
}

// A link stops working an hour after it was sent, on the form and on its submission.
func TestPasswordResetLinkExpiresAfterAnHour(t *testing.T) {
	var wakes atomic.Int32
	h := newHarness(t, withMail(testMail, counting(&wakes)))
	u := h.user("viewer")
	c := h.client()
	c.postForm("/password/forgot", url.Values{"email": {u.Email}})
	link, _, _ := resetEmail(t, h, u.Email)
	path := strings.TrimPrefix(link, "https://outlay.example.com")

	h.DB.Now = func() time.Time { return testNow.Add(59 * time.Minute) }
	if r := c.get(path); r.Code != http.StatusOK {
		t.Fatalf("after 59 minutes: %d, want the form", r.Code)
	}
	h.DB.Now = func() time.Time { return testNow.Add(time.Hour + time.Second) }
	if r := c.get(path); r.Code != http.StatusGone || !strings.Contains(r.Body, "expired or was already used") {
		t.Fatalf("after an hour: %d", r.Code)
	}
	pw := "a late new passphrase"
	noteSecret("password", pw)
	if r := c.postForm(path, url.Values{"new_password": {pw}, "new_password_confirm": {pw}}); r.Code != http.StatusGone {
		t.Fatalf("submitted after an hour: %d, want 410", r.Code)
	}
	if _, runs := h.Srv.PasswordHashStats(); runs != 0 {
		t.Fatalf("%d passwords hashed for an expired link", runs)
	}
	if r := h.client().postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}}); r.Code != http.StatusSeeOther {
		t.Fatalf("old password after the expired link: %d", r.Code)
	}
	for _, p := range []string{"/password/reset/nonsense", "/password/reset/" + strings.Repeat("A", 43)} {
		if r := c.get(p); r.Code != http.StatusGone {
			t.Errorf("%s: %d, want 410", p, r.Code)
		}
	}
}

// forgotFrom posts the forgot form as a client at addr would, through the real router.
func forgotFrom(h *harness, addr, email string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/password/forgot", strings.NewReader(url.Values{"email": {email}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	rec := httptest.NewRecorder()
	h.Srv.ServeHTTP(rec, req)
	return rec
}

// Asking for links is throttled as sign-in is: per address asked for from one client
// address, known or not alike, and per client address over all; a pause answers 429 with
// Retry-After. It does not use up the account's sign-in attempts, and three emails an
// hour is all one account gets, from any number of addresses.
func TestPasswordForgotThrottled(t *testing.T) {
	var wakes atomic.Int32
	h := newHarness(t, withMail(testMail, counting(&wakes)))
	u := h.user("viewer")
	policy := outlay.PasswordResetPolicy()
	for _, email := range []string{u.Email, "nobody@example.com"} {
		for i := range policy.PerAccountAddress {
			if rec := forgotFrom(h, "10.0.0.1", email); rec.Code != http.StatusOK {
				t.Fatalf("%s request %d: %d", email, i+1, rec.Code)
			}
		}
		rec := forgotFrom(h, "10.0.0.1", email)
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "900" {
			t.Fatalf("%s over the limit: %d, Retry-After %q; want 429, 900", email, rec.Code, rec.Header().Get("Retry-After"))
		}
		mustContain(t, "paused", rec.Body.String(), "Too many requests from here. Try again in 15 minutes (after 09:45 UTC).", `value="`+email+`"`)
	}
	if n := outboxCount(t, h); n != outlay.PasswordResetsPerHour {
		t.Fatalf("%d emails after %d requests, want the account's %d an hour", n, policy.PerAccountAddress, outlay.PasswordResetsPerHour)
	}
	if rec := forgotFrom(h, "10.0.0.2", u.Email); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), forgotAnswerText) {
		t.Fatalf("from another address: %d, want the usual answer", rec.Code)
	}
	if n := outboxCount(t, h); n != outlay.PasswordResetsPerHour {
		t.Fatalf("%d emails: another address got the account a fourth in the hour", n)
	}
	if rec := signInFrom(h, "10.0.0.1", u.Email, testPassword); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in from the address that asked for links: %d, want 303", rec.Code)
	}

	// One client address over many accounts stops at the per-address limit.
	for i := range policy.PerAddress {
		if rec := forgotFrom(h, "10.0.0.3", "user"+itoa(int64(i))+"@example.com"); rec.Code != http.StatusOK {
			t.Fatalf("sweep request %d: %d", i+1, rec.Code)
		}
	}
	if rec := forgotFrom(h, "10.0.0.3", "one-more@example.com"); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("sweep over the address limit: %d, want 429", rec.Code)
	}
}

// A missing or overlong address is a 422 with the message at the field, and a body over
// the sign-in limit is refused before anything is read or counted.
func TestPasswordForgotBadInput(t *testing.T) {
	h := newHarness(t)
	h.user("admin")
	rec := forgotFrom(h, "10.0.0.1", "  ")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="e-email"`) {
		t.Fatalf("empty address: %d", rec.Code)
	}
	long := strings.Repeat("x", 255) + "@example.com"
	rec = forgotFrom(h, "10.0.0.1", long)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "too long") || !strings.Contains(rec.Body.String(), long) {
		t.Fatalf("overlong address: %d, want 422 with the message and the typed value", rec.Code)
	}
	if rec := forgotFrom(h, "10.0.0.1", strings.Repeat("x", 20<<10)+"@example.com"); rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("20 KiB address: %d, want 413", rec.Code)
	}
	var n int
	if err := h.DB.ReadDB().QueryRow(`SELECT count(*) FROM login_failures`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d throttle rows (%v), want none for refused input", n, err)
	}
}

// The reset page's POST from a browser signed in as the same user signs that browser
// out too: the session that posted is not written back by the request's own commit.
func TestPasswordResetSignsOutTheBrowserThatPosts(t *testing.T) {
	var wakes atomic.Int32
	h := newHarness(t, withMail(testMail, counting(&wakes)))
	c, u := h.signIn("editor")
	if r := c.postForm("/password/forgot", url.Values{"email": {u.Email}}); r.Code != http.StatusOK {
		t.Fatalf("request: %d", r.Code)
	}
	link, _, _ := resetEmail(t, h, u.Email)
	path := strings.TrimPrefix(link, "https://outlay.example.com")
	pw := "another fresh passphrase"
	noteSecret("password", pw)
	if r := c.postForm(path, url.Values{"new_password": {pw}, "new_password_confirm": {pw}}); r.Code != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.Code)
	}
	if r := c.get("/contracts"); r.Code != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("the browser that reset: %d to %q, want sent to sign in", r.Code, r.Header.Get("Location"))
	}
}

// Locked out by failed sign-ins, the owner resets the password from the same address and
// can sign in there at once with the new one.
func TestPasswordResetAfterFailedSignIns(t *testing.T) {
	var wakes atomic.Int32
	h := newHarness(t, withMail(testMail, counting(&wakes)))
	u := h.user("viewer")
	c := h.client()
	for range outlay.DefaultLoginPolicy().PerAccountAddress {
		c.postForm("/login", url.Values{"email": {u.Email}, "password": {"a guess that is wrong"}})
	}
	if r := c.postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}}); r.Code != http.StatusTooManyRequests {
		t.Fatalf("after the failures: %d, want 429", r.Code)
	}
	if r := c.postForm("/password/forgot", url.Values{"email": {u.Email}}); r.Code != http.StatusOK {
		t.Fatalf("request: %d", r.Code)
	}
	link, _, _ := resetEmail(t, h, u.Email)
	path := strings.TrimPrefix(link, "https://outlay.example.com")
	pw := "the owner's new passphrase"
	noteSecret("password", pw)
	if r := c.postForm(path, url.Values{"new_password": {pw}, "new_password_confirm": {pw}}); r.Code != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.Code)
	}
	if r := c.postForm("/login", url.Values{"email": {u.Email}, "password": {pw}}); r.Code != http.StatusSeeOther {
		t.Fatalf("sign in after the reset: %d, want 303", r.Code)
	}
}
