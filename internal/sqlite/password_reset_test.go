package sqlite_test

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// resetMail is a composer for tests: it keeps the secret it was handed and writes the
// link into the body, as the server's does.
type resetMail struct {
	mu      sync.Mutex
	calls   int
	secrets []string
	keys    []string
}

func (m *resetMail) compose(u *outlay.User, key, secret string) (*outlay.Email, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	m.secrets = append(m.secrets, secret)
	m.keys = append(m.keys, key)
	return &outlay.Email{Subject: "Reset your Outlay password", Text: "Hello " + u.Name + ", https://outlay.example/password/reset/" + secret,
		MessageID: outlay.MessageID(key, "outlay.example")}, nil
}

func (m *resetMail) last() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.secrets[len(m.secrets)-1]
}

// outboxRow reads the email of a reset key straight from the table, body included.
func resetOutboxRow(t *testing.T, d *sqlite.DB, key string) (kind, to, body string, secret bool) {
	t.Helper()
	if err := d.ReadDB().QueryRow(`SELECT kind, recipient, body_text, secret FROM outbox WHERE dedupe_key = ?`, key).
		Scan(&kind, &to, &body, &secret); err != nil {
		t.Fatalf("outbox row %s: %v", key, err)
	}
	return kind, to, body, secret
}

// askReset asks for a link for email from one client address, under the real policy.
func askReset(d *sqlite.DB, email string, compose outlay.PasswordResetEmail) (bool, error) {
	retryAt, wrote, err := d.RequestPasswordReset(context.Background(),
		outlay.PasswordResetRequest{Email: email, Addr: "10.0.0.1", At: d.Now(), Policy: outlay.PasswordResetPolicy()}, compose)
	if err == nil && !retryAt.IsZero() {
		return false, errors.New("paused by the throttle")
	}
	return wrote, err
}

func resetRows(t *testing.T, d *sqlite.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.ReadDB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A link and its email are written together; only the secret's hash is stored; the link
// works until it is used, once, and its use sets the password and is audited without
// the hash or the secret.
func TestPasswordResetRequestAndUse(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "ann@example.com", outlay.RoleEditor)
	m := &resetMail{}

	wrote, err := askReset(d, "  ANN@example.com ", m.compose)
	if err != nil || !wrote {
		t.Fatalf("request: %v %v", wrote, err)
	}
	secret := m.last()
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(secret) {
		t.Fatalf("secret %q is not 32 bytes of base64url", secret)
	}
	var id int64
	var hash, created, expires string
	if err := d.ReadDB().QueryRow(`SELECT id, hash, created_at, expires_at FROM password_resets WHERE user_id = ?`, u.ID).
		Scan(&id, &hash, &created, &expires); err != nil {
		t.Fatal(err)
	}
	if len(hash) != 64 || strings.Contains(hash, secret) || created != "2026-11-25T09:30:00.000000Z" || expires != "2026-11-25T10:30:00.000000Z" {
		t.Fatalf("stored link: hash %q, %s to %s", hash, created, expires)
	}
	key := "password_reset/" + strconv.FormatInt(id, 10)
	kind, to, body, isSecret := resetOutboxRow(t, d, key)
	if kind != outlay.EmailPasswordReset || to != "ann@example.com" || !isSecret || !strings.Contains(body, "/password/reset/"+secret) {
		t.Fatalf("outbox: %s to %s, secret %v: %q", kind, to, isSecret, body)
	}

	r, err := d.FindPasswordReset(ctx, secret)
	if err != nil || r.UserID != u.ID || r.ID != id || !r.ExpiresAt.Equal(time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)) {
		t.Fatalf("find: %+v %v", r, err)
	}
	for _, wrong := range []string{"", secret + "x", strings.ToUpper(secret), hash} {
		if _, err := d.FindPasswordReset(ctx, wrong); outlay.ErrorCode(err) != outlay.ENOTFOUND {
			t.Errorf("secret %q: %v, want not found", wrong, err)
		}
	}

	userID, err := d.ResetPassword(ctx, secret, "$argon2id$new")
	if err != nil || userID != u.ID {
		t.Fatalf("reset: %d %v", userID, err)
	}
	got, _ := d.FindUserByID(ctx, u.ID)
	if got.PasswordHash != "$argon2id$new" {
		t.Fatalf("hash after reset: %q", got.PasswordHash)
	}
	var who, after string
	if err := d.ReadDB().QueryRow(`SELECT user_email, after FROM audit_log WHERE entity = 'user' AND entity_id = ? ORDER BY id DESC LIMIT 1`, u.ID).
		Scan(&who, &after); err != nil {
		t.Fatal(err)
	}
	if who != "ann@example.com" || after != `{"password":"changed","via":"reset by email"}` {
		t.Fatalf("audit: by %q: %s", who, after)
	}
	if _, err := d.FindPasswordReset(ctx, secret); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("used link found again: %v", err)
	}
	if _, err := d.ResetPassword(ctx, secret, "$argon2id$again"); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("used link used again: %v", err)
	}
	if got, _ := d.FindUserByID(ctx, u.ID); got.PasswordHash != "$argon2id$new" {
		t.Fatalf("second use changed the hash to %q", got.PasswordHash)
	}
}

// An unknown or deactivated address composes an email as a real request does (the same
// work) but writes nothing.
func TestPasswordResetUnknownAndInactiveWriteNothing(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	gone := mustUser(t, d, "gone@example.com", outlay.RoleViewer)
	gone.Active = false
	if err := d.UpdateUser(ctx, gone); err != nil {
		t.Fatal(err)
	}
	m := &resetMail{}
	for _, email := range []string{"nobody@example.com", "gone@example.com", ""} {
		wrote, err := askReset(d, email, m.compose)
		if err != nil || wrote {
			t.Fatalf("%q: %v %v, want nothing written", email, wrote, err)
		}
	}
	if m.calls != 3 {
		t.Fatalf("composed %d emails, want 3 (the same work as a real request)", m.calls)
	}
	// Each was counted, in the transaction that did not write a link: every request
	// commits a write, as a real one does.
	if n := resetRows(t, d, `SELECT count(*) FROM login_failures`); n != 3 {
		t.Fatalf("%d requests counted, want 3", n)
	}
	if n := resetRows(t, d, `SELECT count(*) FROM password_resets`) + resetRows(t, d, `SELECT count(*) FROM outbox`); n != 0 {
		t.Fatalf("%d rows written", n)
	}
}

// A link stops working at its hour's end, and when its user is deactivated.
func TestPasswordResetExpiresAndDeactivation(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "bob@example.com", outlay.RoleViewer)
	m := &resetMail{}
	if _, err := askReset(d, u.Email, m.compose); err != nil {
		t.Fatal(err)
	}
	secret := m.last()
	start := d.Now()
	d.Now = func() time.Time { return start.Add(59*time.Minute + 59*time.Second) }
	if _, err := d.FindPasswordReset(ctx, secret); err != nil {
		t.Fatalf("a second before the hour: %v", err)
	}
	d.Now = func() time.Time { return start.Add(time.Hour) }
	if _, err := d.FindPasswordReset(ctx, secret); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("after the hour: %v", err)
	}
	if _, err := d.ResetPassword(ctx, secret, "$argon2id$late"); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("reset after the hour: %v", err)
	}

	d.Now = func() time.Time { return start }
	if _, err := askReset(d, u.Email, m.compose); err != nil {
		t.Fatal(err)
	}
	u.Active = false
	if err := d.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindPasswordReset(ctx, m.last()); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("deactivated user's link: %v", err)
	}
	if _, err := d.ResetPassword(ctx, m.last(), "$argon2id$gone"); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("deactivated user's reset: %v", err)
	}
}

// Using one link uses up every other open link of the user, not other users' links.
func TestPasswordResetUsesUpTheOtherLinks(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "cat@example.com", outlay.RoleViewer)
	other := mustUser(t, d, "dan@example.com", outlay.RoleViewer)
	m := &resetMail{}
	for _, email := range []string{u.Email, u.Email, other.Email} {
		if wrote, err := askReset(d, email, m.compose); err != nil || !wrote {
			t.Fatalf("request for %s: %v %v", email, wrote, err)
		}
	}
	first, second, others := m.secrets[0], m.secrets[1], m.secrets[2]
	if _, err := d.ResetPassword(ctx, second, "$argon2id$x"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindPasswordReset(ctx, first); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("the user's earlier link still works: %v", err)
	}
	if _, err := d.FindPasswordReset(ctx, others); err != nil {
		t.Fatalf("another user's link: %v", err)
	}
}

// An account gets at most PasswordResetsPerHour links an hour, then nothing (no error:
// the visitor is told the same); an hour after the first it gets one again.
func TestPasswordResetPerAccountLimit(t *testing.T) {
	d := MustOpen(t)
	u := mustUser(t, d, "eve@example.com", outlay.RoleViewer)
	m := &resetMail{}
	start := d.Now()
	for i := range outlay.PasswordResetsPerHour + 2 {
		d.Now = func() time.Time { return start.Add(time.Duration(i) * time.Minute) }
		wrote, err := askReset(d, u.Email, m.compose)
		if err != nil || wrote != (i < outlay.PasswordResetsPerHour) {
			t.Fatalf("request %d: wrote %v, %v", i+1, wrote, err)
		}
	}
	if n := resetRows(t, d, `SELECT count(*) FROM outbox WHERE kind = 'password_reset'`); n != outlay.PasswordResetsPerHour {
		t.Fatalf("%d emails, want %d", n, outlay.PasswordResetsPerHour)
	}
	d.Now = func() time.Time { return start.Add(time.Hour + time.Second) }
	if wrote, err := askReset(d, u.Email, m.compose); err != nil || !wrote {
		t.Fatalf("an hour later: %v %v", wrote, err)
	}
}

// A composer that fails leaves neither the link nor its email behind.
func TestPasswordResetAllOrNothing(t *testing.T) {
	d := MustOpen(t)
	u := mustUser(t, d, "fay@example.com", outlay.RoleViewer)
	boom := errors.New("template broke")
	_, err := askReset(d, u.Email, func(*outlay.User, string, string) (*outlay.Email, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if n := resetRows(t, d, `SELECT count(*) FROM password_resets`); n != 0 {
		t.Fatalf("%d links left behind", n)
	}
}

// Two uses of one link racing each other: exactly one sets its password.
func TestPasswordResetConcurrentUseOnce(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "gus@example.com", outlay.RoleViewer)
	m := &resetMail{}
	if _, err := askReset(d, u.Email, m.compose); err != nil {
		t.Fatal(err)
	}
	secret := m.last()
	var mu sync.Mutex
	ok, gone := 0, 0
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			_, err := d.ResetPassword(ctx, secret, "$argon2id$"+strconv.Itoa(i))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case outlay.ErrorCode(err) == outlay.ENOTFOUND:
				gone++
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if ok != 1 || gone != 7 {
		t.Fatalf("%d succeeded, %d found the link gone; want 1 and 7", ok, gone)
	}
}

// The request is counted by the sign-in throttle in its own transaction: past the
// policy's limit it is paused, with when to retry, and nothing is looked up, counted or
// written; the account's sign-in attempts are not used up by it.
func TestPasswordResetThrottled(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "hal@example.com", outlay.RoleViewer)
	m := &resetMail{}
	p := outlay.PasswordResetPolicy()
	req := outlay.PasswordResetRequest{Email: u.Email, Addr: "10.0.0.9", At: d.Now(), Policy: p}
	for i := range p.PerAccountAddress {
		if retryAt, _, err := d.RequestPasswordReset(ctx, req, m.compose); err != nil || !retryAt.IsZero() {
			t.Fatalf("request %d: paused until %v, %v", i+1, retryAt, err)
		}
	}
	calls, counted := m.calls, resetRows(t, d, `SELECT count(*) FROM login_failures`)
	retryAt, wrote, err := d.RequestPasswordReset(ctx, req, m.compose)
	if err != nil || wrote || !retryAt.Equal(d.Now().Add(p.Window)) {
		t.Fatalf("over the limit: retry at %v, wrote %v, %v", retryAt, wrote, err)
	}
	if m.calls != calls || resetRows(t, d, `SELECT count(*) FROM login_failures`) != counted {
		t.Fatal("a paused request was composed or counted")
	}
	if retryAt, err := d.ReserveLoginAttempt(ctx, u.Email, "10.0.0.9", d.Now(), outlay.DefaultLoginPolicy()); err != nil || !retryAt.IsZero() {
		t.Fatalf("sign-in after the reset requests: paused until %v, %v", retryAt, err)
	}
}
