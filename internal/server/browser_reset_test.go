package server_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
)

// A person who forgot their password, in a real browser: the sign-in page's link, the
// address, the answer; the emailed link (read from the outbox), a mismatched password
// refused at its field, the new one saved, the sign-in page saying so, and sign-in with
// the new password.
func TestBrowserForgotPassword(t *testing.T) {
	var wakes atomic.Int32
	status := testMail
	status.BaseURL = "" // links from the request, so they lead to this test's server
	h := newHarness(t, withMail(status, counting(&wakes)))
	u := h.user("editor")
	p := newTab(t, h)

	p.do("open the sign-in page", chromedp.Navigate(h.URL+"/login"), loaded("#f-email"))
	p.do("forgot password", click(`a[href="/password/forgot"]`), loaded(`form[action="/password/forgot"] #f-email`))
	p.do("ask for a link", fill("#f-email", u.Email), click(`main form button[type="submit"]`), loaded(".flash"))
	expect(t, "answer", p.text(".flash"), forgotAnswerText)

	link, _, _ := resetEmail(t, h, u.Email)
	if !strings.HasPrefix(link, h.URL+"/password/reset/") {
		t.Fatalf("link %q", link)
	}
	p.do("open the emailed link", chromedp.Navigate(link), loaded("#f-new_password"))
	noteSecret("password", "a browser passphrase")
	p.do("mismatched passwords", fill("#f-new_password", "a browser passphrase"), fill("#f-new_password_confirm", "a browser passphrase!"),
		click(`main form button[type="submit"]`), loaded("#e-new_password_confirm"))
	expect(t, "mismatch message", p.text("#e-new_password_confirm"), "does not match the password above")
	expect(t, "typed password not sent back", p.value("#f-new_password"), "")
	p.do("the new password", fill("#f-new_password", "a browser passphrase"), fill("#f-new_password_confirm", "a browser passphrase"),
		click(`main form button[type="submit"]`), loaded(".flash"))
	expect(t, "after the reset", p.location(), "/login")
	expect(t, "flash", p.text(".flash"), "Password changed; sign in with your new password.")
	p.do("sign in with it", fill("#f-email", u.Email), fill("#f-password", "a browser passphrase"),
		click(`main form button[type="submit"]`), loaded(".cards"))
}
