package server_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"outlay/internal/server"
)

// signInFrom posts the sign-in form as a client at addr would, through the real router.
func signInFrom(h *harness, addr, email, pw string) *httptest.ResponseRecorder {
	form := url.Values{"email": {email}, "password": {pw}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	rec := httptest.NewRecorder()
	h.Srv.ServeHTTP(rec, req)
	return rec
}

// statusCounts runs the sign-ins concurrently and counts their answers by status.
func statusCounts(h *harness, n int, signIn func(i int) *httptest.ResponseRecorder) map[int]int {
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			rec := signIn(i)
			mu.Lock()
			counts[rec.Code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return counts
}

// 40 concurrent wrong guesses from one address: the throttle's ten are checked, the rest
// refused without hashing, because each attempt is counted before its password is.
func TestSignInConcurrentGuessesOnlyTheThresholdChecked(t *testing.T) {
	h := newHarness(t)
	admin := h.user("admin")
	counts := statusCounts(h, 40, func(int) *httptest.ResponseRecorder {
		return signInFrom(h, "10.0.0.1", admin.Email, "wrong password!")
	})
	if counts[http.StatusUnauthorized] != 10 || counts[http.StatusTooManyRequests] != 30 {
		t.Fatalf("answers %v, want 10 × 401 and 30 × 429", counts)
	}
	if peak, runs := h.Srv.PasswordHashStats(); runs != 10 || peak > server.HashConcurrency {
		t.Fatalf("%d passwords checked (%d at once), want 10 (at most %d)", runs, peak, server.HashConcurrency)
	}
}

// Failures for the administrator from other addresses do not stop the right password
// from a third; the addresses that guessed stay paused, with when to retry.
func TestSignInAdminNotLockedOutByFailuresElsewhere(t *testing.T) {
	h := newHarness(t)
	admin := h.user("admin")
	for _, addr := range []string{"10.0.0.1", "10.0.0.2"} {
		for i := 0; i < 12; i++ {
			want := http.StatusUnauthorized
			if i >= 10 {
				want = http.StatusTooManyRequests
			}
			if rec := signInFrom(h, addr, admin.Email, "wrong password!"); rec.Code != want {
				t.Fatalf("%s try %d: %d, want %d", addr, i+1, rec.Code, want)
			}
		}
	}
	if rec := signInFrom(h, "10.0.0.3", admin.Email, testPassword); rec.Code != http.StatusSeeOther {
		t.Fatalf("right password from another address: %d, want 303", rec.Code)
	}
	rec := signInFrom(h, "10.0.0.1", admin.Email, testPassword)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "900" {
		t.Fatalf("right password from a guessing address: %d, Retry-After %q; want 429, 900", rec.Code, rec.Header().Get("Retry-After"))
	}
	mustContain(t, "paused page", rec.Body.String(), "Too many failed sign-ins", "try again in 15 minutes (after 09:45 UTC)")
}

// One address guessing across many accounts is paused at the higher per-address limit,
// for every account; another address is not.
func TestSignInAddressLimitAcrossAccounts(t *testing.T) {
	h := newHarness(t)
	u := h.user("editor")
	counts := statusCounts(h, 50, func(i int) *httptest.ResponseRecorder {
		return signInFrom(h, "10.0.0.5", "guess"+strconv.Itoa(i)+"@example.com", "wrong password!")
	})
	if counts[http.StatusUnauthorized] != 50 {
		t.Fatalf("50 accounts from one address: %v, want 50 × 401", counts)
	}
	if rec := signInFrom(h, "10.0.0.5", u.Email, testPassword); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("51st attempt from the address: %d, want 429", rec.Code)
	}
	if rec := signInFrom(h, "10.0.0.6", u.Email, testPassword); rec.Code != http.StatusSeeOther {
		t.Fatalf("from another address: %d, want 303", rec.Code)
	}
}

// An unknown account costs the same password check as a wrong password and answers the
// same, so neither time nor text tells which accounts exist.
func TestSignInUnknownAccountChecksAPasswordToo(t *testing.T) {
	h := newHarness(t)
	u := h.user("viewer")
	wrong := signInFrom(h, "10.0.0.1", u.Email, "wrong password!")
	_, afterWrong := h.Srv.PasswordHashStats()
	unknown := signInFrom(h, "10.0.0.1", "nobody@example.com", "wrong password!")
	_, afterUnknown := h.Srv.PasswordHashStats()
	if afterWrong != 1 || afterUnknown != 2 {
		t.Fatalf("password checks: %d after a wrong password, %d after an unknown account; want 1, 2", afterWrong, afterUnknown)
	}
	if wrong.Code != http.StatusUnauthorized || unknown.Code != http.StatusUnauthorized {
		t.Fatalf("statuses %d and %d, want 401 both", wrong.Code, unknown.Code)
	}
	for _, rec := range []*httptest.ResponseRecorder{wrong, unknown} {
		mustContain(t, "failed sign-in", rec.Body.String(), "The email or password is not right, or the account is deactivated.")
	}
}

// A password typed into the email field is not stored; a huge "email" is refused before
// anything is counted or hashed.
func TestSignInFailureRecordsHoldNoTypedText(t *testing.T) {
	h := newHarness(t)
	h.user("admin") // set-up is done, so /login answers
	const typed = "Tr0ub4dor&3-my-password"
	if rec := signInFrom(h, "10.0.0.1", typed, "wrong password!"); rec.Code != http.StatusUnauthorized {
		t.Fatalf("password as email: %d", rec.Code)
	}
	var n int
	if err := h.DB.ReadDB().QueryRow(`SELECT count(*) FROM login_failures WHERE instr(lower(CAST(account AS TEXT) || CAST(address AS TEXT) || at), lower(?)) > 0`, typed).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows hold the typed text (%v)", n, err)
	}

	huge := strings.Repeat("x", 9<<20) + "@example.com"
	if rec := signInFrom(h, "10.0.0.1", huge, "wrong password!"); rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("9 MiB email: %d, want 413", rec.Code)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("email", "a@example.com")
	fw, _ := mw.CreateFormFile("file", "big.bin")
	fw.Write(bytes.Repeat([]byte("y"), 1<<20))
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/login", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	h.Srv.ServeHTTP(rec, req)
	// No route takes uploads: a multipart body is refused before it is read.
	if rec.Code != http.StatusUnsupportedMediaType {
		t.Fatalf("1 MiB multipart sign-in: %d, want 415", rec.Code)
	}
	long := strings.Repeat("x", 255) + "@example.com"
	if rec := signInFrom(h, "10.0.0.1", long, "wrong password!"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "too long") {
		t.Fatalf("267-character email: %d, want 422 with a message", rec.Code)
	}
	if err := h.DB.ReadDB().QueryRow(`SELECT count(*) FROM login_failures`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d failure rows (%v), want only the first attempt's", n, err)
	}
	if _, runs := h.Srv.PasswordHashStats(); runs != 1 {
		t.Fatalf("%d passwords checked, want 1", runs)
	}
}

// Many concurrent sign-ins from many addresses all answer rightly, and no more password
// hashes than the limit ever run at once (each holds 19 MiB).
func TestSignInConcurrentHashingBounded(t *testing.T) {
	h := newHarness(t)
	var users []string
	for i := 0; i < 4; i++ {
		users = append(users, h.user("viewer").Email)
	}
	counts := statusCounts(h, 64, func(i int) *httptest.ResponseRecorder {
		addr := "10.1." + strconv.Itoa(i/250) + "." + strconv.Itoa(i%250+1)
		if i < len(users) {
			return signInFrom(h, addr, users[i], testPassword)
		}
		return signInFrom(h, addr, "user"+strconv.Itoa(i)+"@example.com", "wrong password!")
	})
	if counts[http.StatusSeeOther] != 4 || counts[http.StatusUnauthorized] != 60 {
		t.Fatalf("answers %v, want 4 × 303 and 60 × 401", counts)
	}
	peak, runs := h.Srv.PasswordHashStats()
	if peak > server.HashConcurrency || peak < 1 || runs != 64 {
		t.Fatalf("%d hashes ran, at most %d at once; want 64, at most %d", runs, peak, server.HashConcurrency)
	}
}

// Changing the password ends the user's other sessions and keeps the one that changed it;
// other users' sessions are untouched.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	h := newHarness(t)
	u := h.user("editor")
	signIn := func() *client {
		c := h.client()
		if res := c.postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}}); res.Code != http.StatusSeeOther {
			t.Fatalf("sign in: %d", res.Code)
		}
		return c
	}
	mine, laptop, phone := signIn(), signIn(), signIn()
	someoneElse, _ := h.signIn("viewer")
	const newPassword = "a much better passphrase"
	noteSecret("password", newPassword)
	res := mine.postForm("/profile/password", url.Values{"current_password": {testPassword}, "new_password": {newPassword}, "new_password_confirm": {newPassword}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("change: %d %s", res.Code, res.Body)
	}
	if res := mine.get("/profile"); res.Code != http.StatusOK {
		t.Errorf("the session that changed the password: %d, want 200", res.Code)
	}
	for name, c := range map[string]*client{"laptop": laptop, "phone": phone} {
		if res := c.get("/profile"); res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("%s session after the change: %d %q, want a redirect to sign-in", name, res.Code, res.Header.Get("Location"))
		}
	}
	if res := someoneElse.get("/profile"); res.Code != http.StatusOK {
		t.Errorf("another user's session: %d, want 200", res.Code)
	}
}

// Deactivation ends the user's sessions for good: reactivating the account does not bring
// back a session that was open when it was deactivated.
func TestDeactivationEndsSessionsForGood(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	other, u := h.signIn("editor")
	path := "/admin/users/" + strconv.FormatInt(u.ID, 10)
	if res := admin.postForm(path, url.Values{"name": {u.Name}, "role": {"editor"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.Code)
	}
	if res := admin.postForm(path, url.Values{"name": {u.Name}, "role": {"editor"}, "active": {"1"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("reactivate: %d", res.Code)
	}
	if got, _ := h.DB.FindUserByID(context.Background(), u.ID); !got.Active {
		t.Fatal("not reactivated")
	}
	if res := other.get("/profile"); res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("session from before the deactivation: %d %q, want a redirect to sign-in", res.Code, res.Header.Get("Location"))
	}
	if res := admin.get("/admin/users"); res.Code != http.StatusOK {
		t.Errorf("the admin's own session: %d", res.Code)
	}
}
