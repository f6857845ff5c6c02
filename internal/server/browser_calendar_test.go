package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"outlay/internal/outlay"
)

// acceptConfirm makes the page's next "are you sure?" answer yes, as a user clicking OK
// does, and keeps what it asked in sessionStorage, which outlives the page it submits.
var acceptConfirm = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := chromedp.Evaluate[bool](`window.confirm = function (m) { sessionStorage.setItem("asked", m); return true; }; true`)(ctx, t)
	return err
})

// TestBrowserCalendarFeed is the calendar feed as an owner sets it up: on the profile,
// make the address, read it once, subscribe (a calendar program fetches it), replace it
// after asking, revoke it after asking; and turn the weekly digest off.
func TestBrowserCalendarFeed(t *testing.T) {
	h := newHarness(t) // today 2026-11-25
	s := seedRenewals(t, h)
	u := h.user(outlay.RoleViewer, "owner@example.com")
	p := newTab(t, h)
	p.do("sign in", chromedp.Navigate(h.URL+"/login"), loaded("#f-email"),
		fill("#f-email", u.Email), fill("#f-password", testPassword), click(`main form button[type="submit"]`), loaded(".cards"))

	p.do("open the profile", chromedp.Navigate(h.URL+"/profile"), loaded("#h-calendar"))
	p.do("create the feed address", click(`form[action="/profile/calendar"] button`), loaded("#new-feed"))
	first := p.text("#new-feed")
	if !strings.HasPrefix(first, h.URL+"/calendar/") || !strings.HasSuffix(first, ".ics") {
		t.Fatalf("feed address %q", first)
	}
	expect(t, "every key date's address", p.text("#new-feed-all"), first+"?scope=all")
	calendar := h.client()
	_, events := parseFeed(t, calendar.get(feedPath(t, first)))
	if _, ok := events["contract-"+itoa(s.missed)+"-2026-10-01@outlay"]; !ok || len(events) != 3 {
		t.Fatalf("subscribed feed: %v", uids(events))
	}

	p.do("open the profile again", chromedp.Navigate(h.URL+"/profile"), loaded("#feed-prefix"))
	secret := strings.TrimSuffix(strings.TrimPrefix(first, h.URL+"/calendar/"), ".ics")
	expect(t, "address start", p.text("#feed-prefix"), "/calendar/"+secret[:6]+"…")
	page := run(p, "page text", chromedp.Evaluate[string](`document.body.innerText`))
	if strings.Contains(page, secret) {
		t.Fatal("the profile shows the address again")
	}
	expectContains(t, "last used", p.text("#feed-used"), "2026-11-25")

	p.do("replace the address", acceptConfirm, click(`form[action="/profile/calendar"] button`), loaded("#new-feed"))
	expectContains(t, "replace asked", run(p, "asked", chromedp.Evaluate[string](`sessionStorage.getItem("asked") || ""`)), "Replace the feed address?")
	second := p.text("#new-feed")
	if second == first {
		t.Fatal("replacing kept the address")
	}
	if res := calendar.get(feedPath(t, first)); res.Code != 404 {
		t.Errorf("replaced address: %d, want 404", res.Code)
	}

	p.do("open the profile to revoke", chromedp.Navigate(h.URL+"/profile"), loaded("#feed-prefix"))
	p.do("revoke the address", acceptConfirm, click(`form[action="/profile/calendar/revoke"] button`), loaded(".flash"))
	expectContains(t, "revoke asked", run(p, "asked", chromedp.Evaluate[string](`sessionStorage.getItem("asked") || ""`)), "Revoke the feed address?")
	expectContains(t, "flash", p.text(".flash"), "Calendar feed revoked.")
	if res := calendar.get(feedPath(t, second)); res.Code != 404 {
		t.Errorf("revoked address: %d, want 404", res.Code)
	}
	if n := run(p, "create buttons", chromedp.Evaluate[int](`document.querySelectorAll('form[action="/profile/calendar"] button').length`)); n != 1 {
		t.Errorf("%d create buttons after revoking, want 1", n)
	}

	p.do("open the profile for the digest", chromedp.Navigate(h.URL+"/profile"), loaded("#h-digest"))
	p.do("turn the digest off", click("#f-weekly_digest"), click(`form[action="/profile/digest"] button`), loaded(".flash"))
	expectContains(t, "digest flash", p.text(".flash"), "You will no longer get the weekly digest.")
	if on := run(p, "digest box", chromedp.Evaluate[bool](`document.querySelector('#f-weekly_digest').checked`)); on {
		t.Error("the digest box is ticked after turning it off")
	}
	if got, err := h.DB.FindUserByID(t.Context(), u.ID); err != nil || got.WeeklyDigest {
		t.Fatalf("stored digest choice: %+v %v", got, err)
	}
}
