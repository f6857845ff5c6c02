package server_test

import (
	"net/http"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// TestProfileCalendarShowsAddressOnce: the profile explains the feed and offers to make
// one; making it shows the full address once (not cached), with the base URL of the
// settings; afterwards the page shows when it was made, when last used and how the
// address starts, never the address, and offers Replace and Revoke. Revoking leaves the
// offer to make one.
func TestProfileCalendarShowsAddressOnce(t *testing.T) {
	h := newHarness(t, withBaseURL("https://outlay.example.com"))
	c, _ := h.signIn(outlay.RoleViewer)
	page := c.get("/profile")
	mustContain(t, "profile", page.Body, "Calendar feed", "Outlook", "Google Calendar", "Apple Calendar", "Create feed address",
		`action="/profile/calendar"`)
	if strings.Contains(page.Body, `action="/profile/calendar/revoke"`) {
		t.Error("a revoke button without a feed")
	}

	res := c.postForm("/profile/calendar", nil)
	if res.Code != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create feed: %d, Cache-Control %q", res.Code, res.Header.Get("Cache-Control"))
	}
	address := newFeedAddressIn(t, res.Body)
	if !strings.HasPrefix(address, "https://outlay.example.com/calendar/") || !strings.HasSuffix(address, ".ics") {
		t.Fatalf("address %q", address)
	}
	secret := strings.TrimSuffix(strings.TrimPrefix(address, "https://outlay.example.com/calendar/"), ".ics")
	mustContain(t, "answer", res.Body, "only time it is shown", address+"?scope=all")

	page = c.get("/profile")
	if strings.Contains(page.Body, secret) {
		t.Fatal("the profile shows the feed's secret again")
	}
	mustContain(t, "profile with a feed", page.Body, `<dd class="mono" id="feed-prefix">/calendar/`+secret[:6]+`…</dd>`,
		`<dd class="mono" id="feed-created">2026-11-25 09:30`, `id="feed-used"><span class="muted">never</span>`,
		">Replace<", ">Revoke<", `action="/profile/calendar/revoke"`)
	if strings.Contains(page.Body, "Create feed address") {
		t.Error("the offer to make a feed beside the live one")
	}

	// Used: the profile says when.
	if r := h.client().get("/calendar/" + secret + ".ics"); r.Code != http.StatusOK {
		t.Fatalf("feed: %d", r.Code)
	}
	mustContain(t, "profile after use", c.get("/profile").Body, `id="feed-used">2026-11-25 09:30`)

	if r := c.postForm("/profile/calendar/revoke", nil); r.Code != http.StatusSeeOther || r.Header.Get("Location") != "/profile" {
		t.Fatalf("revoke: %d %q", r.Code, r.Header.Get("Location"))
	}
	page = c.get("/profile")
	mustContain(t, "profile after revoke", page.Body, "Calendar feed revoked.", "Create feed address")
	if strings.Contains(page.Body, "feed-prefix") {
		t.Error("a revoked feed is still shown")
	}
	// A second revoke (another tab) is no error.
	if r := c.postForm("/profile/calendar/revoke", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("second revoke: %d", r.Code)
	}
	mustContain(t, "second revoke", c.get("/profile").Body, "nothing to revoke")
}

// newFeedAddressIn is the feed address an answer to making a feed shows.
func newFeedAddressIn(t *testing.T, body string) string {
	t.Helper()
	const open = `<code id="new-feed">`
	i := strings.Index(body, open)
	if i < 0 {
		t.Fatalf("no new feed address shown")
	}
	rest := body[i+len(open):]
	address := rest[:strings.Index(rest, "</code>")]
	noteFeedSecret(address)
	return address
}

// TestProfileDigestSwitch: the digest is on for a new user; unticking and saving turns it
// off (audited), ticking turns it on again; while the settings send no digests the
// profile says so.
func TestProfileDigestSwitch(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn(outlay.RoleEditor)
	box := `name="weekly_digest" value="1" checked`
	mustContain(t, "profile", c.get("/profile").Body, "Email me a weekly digest of my key dates (Mondays)", box)

	res := c.postForm("/profile/digest", nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/profile" {
		t.Fatalf("turn off: %d %q", res.Code, res.Header.Get("Location"))
	}
	page := c.get("/profile")
	mustContain(t, "after turning off", page.Body, "You will no longer get the weekly digest.")
	if strings.Contains(page.Body, box) {
		t.Error("the box is still ticked")
	}
	if got, err := h.DB.FindUserByID(t.Context(), u.ID); err != nil || got.WeeklyDigest {
		t.Fatalf("stored: %+v %v", got, err)
	}
	var before, after string
	if err := h.DB.ReadDB().QueryRow(`SELECT before, after FROM audit_log WHERE entity = 'user' AND entity_id = ? AND after LIKE '%weekly_digest%'`,
		u.ID).Scan(&before, &after); err != nil {
		t.Fatalf("no audit entry: %v", err)
	}
	if before != `{"weekly_digest":true}` || after != `{"weekly_digest":false}` {
		t.Errorf("audit %s -> %s", before, after)
	}

	if res := c.postForm("/profile/digest", map[string][]string{"weekly_digest": {"1"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("turn on: %d", res.Code)
	}
	page = c.get("/profile")
	mustContain(t, "after turning on", page.Body, "You will get a weekly digest of your key dates on Mondays.", box)
	if strings.Contains(page.Body, "turned off for the whole organisation") {
		t.Error("the organisation's switch is on, yet the profile says it is off")
	}

	st, err := h.DB.GetSettings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	st.WeeklyDigest = false
	if err := h.DB.UpdateSettings(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "organisation off", c.get("/profile").Body, "Weekly digests are turned off for the whole organisation", box)
	if res := c.postForm("/profile/digest", map[string][]string{"weekly_digest": {"1"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("save while off: %d", res.Code)
	}
	mustContain(t, "saved while off", c.get("/profile").Body, "yours starts once an administrator turns them on")
}
