package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"outlay/internal/outlay"
)

// withBaseURL sets the address emails and feed links start with, as OUTLAY_BASE_URL does.
func withBaseURL(base string) harnessOption {
	return func(w *harnessWiring) { w.config.Mail.BaseURL = base }
}

// newFeedURL makes a calendar feed on c's profile and returns the address the answer
// shows, the one time it is shown.
func newFeedURL(t *testing.T, c *client) string {
	t.Helper()
	res := c.postForm("/profile/calendar", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("create feed: %d: %s", res.Code, res.Body)
	}
	m := regexp.MustCompile(`<code id="new-feed">([^<]+)</code>`).FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no feed address on the answer: %s", res.Body)
	}
	noteFeedSecret(m[1])
	return m[1]
}

// feedPath is the path of a feed address, to fetch it from the harness.
func feedPath(t *testing.T, address string) string {
	t.Helper()
	i := strings.Index(address, "/calendar/")
	if i < 0 {
		t.Fatalf("not a feed address: %q", address)
	}
	return address[i:]
}

// feedEvent is what a test reads of an event.
type feedEvent struct {
	UID, Start, End, Summary, Description, URL string
	Alarm                                      bool
}

// parseFeed parses a feed answer back with golang-ical.
func parseFeed(t *testing.T, res response) (*ics.Calendar, map[string]feedEvent) {
	t.Helper()
	if res.Code != http.StatusOK {
		t.Fatalf("feed: %d: %s", res.Code, res.Body)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(res.Body))
	if err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, res.Body)
	}
	out := map[string]feedEvent{}
	for _, e := range cal.Events() {
		text := func(p ics.ComponentProperty) string {
			if v := e.GetProperty(p); v != nil {
				return ics.FromText(v.Value)
			}
			return ""
		}
		start, err := e.GetAllDayStartAt()
		if err != nil {
			t.Fatalf("%s: start: %v", e.Id(), err)
		}
		end, err := e.GetAllDayEndAt()
		if err != nil {
			t.Fatalf("%s: end: %v", e.Id(), err)
		}
		out[e.Id()] = feedEvent{UID: e.Id(), Start: outlay.FormatDate(start), End: outlay.FormatDate(end),
			Summary: text(ics.ComponentPropertySummary), Description: text(ics.ComponentPropertyDescription),
			URL: text(ics.ComponentPropertyUrl), Alarm: len(e.Alarms()) > 0}
	}
	return cal, out
}

func uids(events map[string]feedEvent) []string {
	var out []string
	for k := range events {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestCalendarFeedEvents: the feed of the owner of three contracts holds their key dates
// as all-day events (the missed cancel-by date, the one with a cancel decision, the
// manual term's end) with stable UIDs, dates, summaries, descriptions and links; with
// ?scope=all it holds every key date of the next twelve months, the licence and another
// owner's contract too, and never the date past twelve months.
func TestCalendarFeedEvents(t *testing.T) {
	h := newHarness(t, withBaseURL("https://outlay.example.com/"))
	s := seedRenewals(t, h)
	h.user(outlay.RoleAdmin)
	owner := h.client()
	u := h.user(outlay.RoleViewer, "owner@example.com")
	if res := owner.postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}}); res.Code != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.Code)
	}
	address := newFeedURL(t, owner)
	if !regexp.MustCompile(`^https://outlay\.example\.com/calendar/[A-Za-z0-9_-]{43}\.ics$`).MatchString(address) {
		t.Fatalf("feed address %q", address)
	}
	calendar := h.client() // a calendar program: no session, no cookie
	res := calendar.get(feedPath(t, address))
	if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "private, max-age=900" {
		t.Errorf("Cache-Control %q", cc)
	}
	if strings.Contains(strings.ReplaceAll(res.Body, "\r\n", ""), "\n") {
		t.Error("a line of the feed does not end in CRLF")
	}
	for _, line := range strings.Split(res.Body, "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
	}
	cal, events := parseFeed(t, res)
	mustContain(t, "calendar", res.Body, "VERSION:2.0\r\n", "CALSCALE:GREGORIAN\r\n", "METHOD:PUBLISH\r\n",
		"X-WR-CALNAME:Outlay key dates\r\n", "PRODID:-//Outlay//Outlay key dates//EN\r\n")
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == "X-WR-CALDESC" && !strings.Contains(ics.FromText(p.Value), "owner@example.com") {
			t.Errorf("description %q does not say whose dates", p.Value)
		}
	}
	missed := "contract-" + itoa(s.missed) + "-2026-10-01@outlay"
	cancelling := "contract-" + itoa(s.cancelling) + "-2027-01-01@outlay"
	manual := "contract-" + itoa(s.manual) + "-2027-01-20@outlay"
	if got, want := uids(events), []string{missed, cancelling, manual}; strings.Join(got, " ") != strings.Join(sorted(want), " ") {
		t.Fatalf("own feed events %v, want %v", got, sorted(want))
	}
	m := events[missed]
	if m.Start != "2026-10-01" || m.End != "2026-10-02" || m.Summary != "Cancel by (notice missed): Missed notice (Acme)" ||
		m.URL != "https://outlay.example.com/contracts/"+itoa(s.missed) || m.Alarm {
		t.Errorf("missed event: %+v", m)
	}
	mustContain(t, "missed description", m.Description, "nobody cancelled: the contract renews by itself on 2027-01-01",
		"Owner: owner@example.com", "https://outlay.example.com/contracts/"+itoa(s.missed))
	c := events[cancelling]
	if c.Start != "2027-01-01" || c.End != "2027-01-02" || c.Summary != "Cancel by: Cancelling suite (Acme)" || !c.Alarm {
		t.Errorf("cancelling event: %+v", c)
	}
	mustContain(t, "cancelling description", c.Description, "If nobody cancels by 2027-01-01, the contract renews by itself on 2027-04-01",
		"Decision recorded: cancel")
	mn := events[manual]
	if mn.Summary != "Term ends: Manual support (Acme)" || mn.Start != "2027-01-20" {
		t.Errorf("manual event: %+v", mn)
	}
	mustContain(t, "manual description", mn.Description, "If nobody renews it, the contract ends.", "backup owner: backup@example.com")

	// The same UIDs on the next fetch, so a subscriber updates rather than duplicates.
	_, again := parseFeed(t, calendar.get(feedPath(t, address)))
	if strings.Join(uids(again), " ") != strings.Join(uids(events), " ") {
		t.Errorf("second fetch: %v, first %v", uids(again), uids(events))
	}

	_, all := parseFeed(t, calendar.get(feedPath(t, address)+"?scope=all"))
	fixed := "contract-" + itoa(s.fixed) + "-2026-12-15@outlay"
	orphan := "licence-" + itoa(s.orphan) + "-2027-02-10@outlay"
	if got, want := uids(all), sorted([]string{missed, cancelling, manual, fixed, orphan}); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("scope=all events %v, want %v", got, want)
	}
	if e := all[fixed]; e.Summary != "Term ends: Fixed hosting (Beta)" || !strings.Contains(e.Description, "The fixed term ends on 2026-12-15; nothing follows it.") {
		t.Errorf("fixed event: %+v", e)
	}
	if e := all[orphan]; e.Summary != "Licence expires: Orphan Suite (Acme)" || e.URL != "https://outlay.example.com/licences/"+itoa(s.orphan) ||
		!strings.Contains(e.Description, "Owner: lic@example.com") {
		t.Errorf("licence event: %+v", e)
	}
	if res := calendar.get(feedPath(t, address) + "?scope=everyone"); res.Code != http.StatusBadRequest {
		t.Errorf("unknown scope: %d", res.Code)
	}
	for _, q := range []string{"?scope=mine", "?scope="} {
		if _, mine := parseFeed(t, calendar.get(feedPath(t, address)+q)); len(mine) != 3 {
			t.Errorf("%s: %v, want the own 3", q, uids(mine))
		}
	}

	// A backup owner's own feed has the contract they back up.
	backup := h.client()
	b := h.user(outlay.RoleEditor, "backup@example.com")
	if res := backup.postForm("/login", url.Values{"email": {b.Email}, "password": {testPassword}}); res.Code != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.Code)
	}
	_, backups := parseFeed(t, calendar.get(feedPath(t, newFeedURL(t, backup))))
	if got := uids(backups); len(got) != 1 || got[0] != manual {
		t.Errorf("backup owner's feed: %v, want [%s]", got, manual)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// TestCalendarFeedAddressEnds: a revoked address, a replaced one, a deactivated user's
// and one never made all answer 404, alike; the secret never reaches the log.
func TestCalendarFeedAddressEnds(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn(outlay.RoleEditor)
	calendar := h.client()
	first := feedPath(t, newFeedURL(t, c))
	if res := calendar.get(first); res.Code != http.StatusOK {
		t.Fatalf("new feed: %d", res.Code)
	}
	// Without a base URL the address is the one the request came to.
	second := newFeedURL(t, c)
	if !strings.HasPrefix(second, h.URL+"/calendar/") {
		t.Errorf("address %q, want it on %s", second, h.URL)
	}
	if res := calendar.get(first); res.Code != http.StatusNotFound {
		t.Errorf("replaced address: %d, want 404", res.Code)
	}
	if res := calendar.get(feedPath(t, second)); res.Code != http.StatusOK {
		t.Errorf("replacement: %d", res.Code)
	}
	if res := c.postForm("/profile/calendar/revoke", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.Code)
	}
	if res := calendar.get(feedPath(t, second)); res.Code != http.StatusNotFound {
		t.Errorf("revoked address: %d, want 404", res.Code)
	}
	third := feedPath(t, newFeedURL(t, c))
	u.Active = false
	if err := h.DB.UpdateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if res := calendar.get(third); res.Code != http.StatusNotFound {
		t.Errorf("deactivated user's address: %d, want 404", res.Code)
	}
	secret := strings.TrimSuffix(strings.TrimPrefix(third, "/calendar/"), ".ics")
	// One character off: the last one changed.
	last := "A"
	if secret[42] == 'A' {
		last = "B"
	}
	// Active again, the address opens again: what answered 404 was the deactivation.
	u.Active = true
	if err := h.DB.UpdateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if res := calendar.get(third); res.Code != http.StatusOK {
		t.Fatalf("reactivated user's address: %d", res.Code)
	}
	for _, bad := range []string{"/calendar/" + strings.Repeat("A", 43) + ".ics", "/calendar/" + secret[:42] + last + ".ics",
		"/calendar/" + secret, "/calendar/.ics", "/calendar/" + secret + ".ics.ics", "/calendar/" + secret + "x.ics"} {
		if res := calendar.get(bad); res.Code != http.StatusNotFound || strings.Contains(res.Body, "BEGIN:VCALENDAR") {
			t.Errorf("%s: %d, want 404", bad, res.Code)
		}
	}
	// While every feed slot is taken a fetch is told to come back, not queued for ever.
	release := h.Srv.HoldFeedSlots(time.Millisecond)
	if res := calendar.get(third); res.Code != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("busy: %d, Retry-After %q", res.Code, res.Header.Get("Retry-After"))
	}
	release()
	if res := calendar.get(third); res.Code != http.StatusOK {
		t.Errorf("after the slots came free: %d", res.Code)
	}
	logs := h.Log.String()
	for _, p := range []string{first, second, third} {
		if s := strings.TrimSuffix(p[strings.LastIndex(p, "/")+1:], ".ics"); strings.Contains(logs, s) {
			t.Errorf("the log holds a feed secret: %s", s)
		}
	}
	if !strings.Contains(logs, "path=/calendar/(secret).ics") {
		t.Errorf("feed requests are not logged as /calendar/(secret).ics:\n%s", logs)
	}
}
