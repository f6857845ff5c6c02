package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
)

// benchFeed measures a calendar program's fetch of a feed on the large set: the feed of
// the owner of the most contracts, or with ?scope=all every key date of the year, which
// the feed caps at 2,000 events in its queries.
func benchFeed(b *testing.B, query string) {
	srv, _, db := benchServer(b)
	ctx := context.Background()
	var email string
	if err := db.ReadDB().QueryRow(`SELECT owner_email FROM contracts WHERE archived_at IS NULL
		GROUP BY owner_email ORDER BY count(*) DESC LIMIT 1`).Scan(&email); err != nil {
		b.Fatal(err)
	}
	u, err := db.FindUserByEmail(ctx, email)
	if outlay.ErrorCode(err) == outlay.ENOTFOUND {
		u = &outlay.User{Email: email, Name: "Busiest owner", Role: outlay.RoleViewer, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$bench$bench"}
		err = db.CreateUser(ctx, u)
	}
	if err != nil {
		b.Fatal(err)
	}
	secret, _, err := db.CreateCalendarFeed(ctx, u.ID)
	if err != nil {
		b.Fatal(err)
	}
	path := "/calendar/" + secret + ".ics" + query
	do := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	first := do()
	if first.Code != http.StatusOK {
		b.Fatalf("GET feed: %d %s", first.Code, first.Body.String()[:min(300, first.Body.Len())])
	}
	events := strings.Count(first.Body.String(), "BEGIN:VEVENT")
	if events == 0 || events > 2000 {
		b.Fatalf("%d events", events)
	}
	// A capped feed says so in its description (folded lines joined again).
	if unfolded := strings.ReplaceAll(first.Body.String(), "\r\n ", ""); events == 2000 && !strings.Contains(unfolded, "Showing the first 2000 of ") {
		b.Fatal("a feed cut at 2,000 events does not say so")
	}
	if i := strings.Index(first.Body.String(), "X-WR-CALDESC:"); i >= 0 {
		desc := strings.ReplaceAll(first.Body.String()[i:], "\r\n ", "")
		b.Log(desc[:strings.Index(desc, "\r\n")])
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		do()
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/fetch")
	b.ReportMetric(float64(events), "events")
	b.ReportMetric(float64(first.Body.Len())/1024, "KiB")
}

// BenchmarkCalendarFeedMine is the busiest owner's own feed.
func BenchmarkCalendarFeedMine(b *testing.B) { benchFeed(b, "") }

// BenchmarkCalendarFeedAll is every key date of the year, capped.
func BenchmarkCalendarFeedAll(b *testing.B) { benchFeed(b, "?scope=all") }
