package server

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/ical"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// feedMaxEvents caps the events of one feed. Every key date of twelve months can run to
// thousands on a large installation; a calendar program asked for many more than this
// would fetch megabytes every refresh and show a wall of events nobody reads. The
// soonest (and the missed) come first, so the cap drops the farthest, and the calendar's
// description says how many were left out.
const feedMaxEvents = 2000

// feedCacheControl lets the subscriber (never a shared cache: the address is a secret)
// keep a fetch for 15 minutes.
const feedCacheControl = "private, max-age=900"

// calendarPathPrefix starts every feed address: /calendar/<secret>.ics.
const calendarPathPrefix = "/calendar/"

// Feed scopes: the key dates the user answers for (the default), or every key date.
const (
	feedScopeMine = "mine"
	feedScopeAll  = "all"
)

// calendarFeed answers a calendar program's fetch of /calendar/<secret>.ics with the key
// dates of the next twelve months and the missed ones, as all-day events. There is no
// session: the secret in the address is the credential, so an unknown, revoked or
// replaced secret, or a deactivated user's, is 404 like any address with nothing behind
// it, all four alike.
func (s *Server) calendarFeed(c *gin.Context) {
	ctx := c.Request.Context()
	secret, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok || secret == "" {
		feedNotFound(c)
		return
	}
	u, err := s.feeds.FindUserByCalendarSecret(ctx, secret)
	if outlay.ErrorCode(err) == outlay.ENOTFOUND {
		feedNotFound(c)
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	scope := c.Query("scope")
	if scope == "" {
		scope = feedScopeMine
	}
	if scope != feedScopeMine && scope != feedScopeAll {
		c.Data(http.StatusBadRequest, "text/plain; charset=utf-8", []byte("scope must be mine or all.\n"))
		return
	}
	// A feed of every key date reads thousands of rows: like an export, only a few are
	// built at once, so a subscriber refreshing too eagerly cannot take every reader.
	leave, ok := s.feedGate.enter(ctx)
	if !ok {
		c.Header("Retry-After", strconv.Itoa(exportRetryAfter))
		c.Data(http.StatusTooManyRequests, "text/plain; charset=utf-8", []byte("Outlay is busy; fetch the calendar again in a few seconds.\n"))
		return
	}
	defer leave()
	window := s.windowDays(c)
	q := books.KeyDateQuery{Today: s.today(), WindowDays: window, HorizonDays: books.RenewalHorizonDays}
	var rows []books.KeyDate
	var total int
	if scope == feedScopeAll {
		// Every key date: the rule itself, capped in its queries, so a large installation
		// reads no more rows than the feed shows. Its counts still cover every date.
		q.Limit = feedMaxEvents
		keys, err := books.NeedingAPerson(ctx, s.contracts, s.licences(), q)
		if err != nil {
			s.fail(c, err)
			return
		}
		rows, total = keys.Rows, keys.Total()
	} else {
		// The user's own: what the Renewals page shows with its owner filter (owner or
		// backup owner of a contract, owner of a licence): whom the reminders reach.
		keys, err := books.RenewalKeyDates(ctx, s.contracts, s.licences(), q, books.RenewalFilter{OwnerEmail: u.Email})
		if err != nil {
			s.fail(c, err)
			return
		}
		rows, total = keys.Rows, len(keys.Rows)
	}
	if len(rows) > feedMaxEvents {
		rows = rows[:feedMaxEvents]
	}
	base := s.siteBaseURL(c)
	cal := ical.Calendar{Name: "Outlay key dates", RefreshEvery: time.Hour, Events: make([]ical.Event, 0, len(rows))}
	cal.Description = feedDescription(scope, u, len(rows), total)
	for _, k := range rows {
		cal.Events = append(cal.Events, feedEvent(k, window, base))
	}
	var b bytes.Buffer
	if err := ical.Write(&b, cal, s.Now()); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", feedCacheControl)
	// The secret is in the address: a link followed from an event's description must
	// not carry it to another site in a Referer header.
	c.Header("Referrer-Policy", "no-referrer")
	c.Data(http.StatusOK, ical.ContentType, b.Bytes())
}

// feedNotFound is the answer to an address that opens no feed. A plain 404 without a
// page: a calendar program reads no HTML, and nothing in it may tell why.
func feedNotFound(c *gin.Context) {
	c.Data(http.StatusNotFound, "text/plain; charset=utf-8", []byte("No calendar feed at this address.\n"))
}

// feedDescription is the calendar's X-WR-CALDESC: whose key dates, and how many were
// left out by the cap.
func feedDescription(scope string, u *outlay.User, shown, total int) string {
	d := "Outlay key dates of the next 12 months and missed cancel-by dates"
	if scope == feedScopeAll {
		d += ", every contract and licence."
	} else {
		d += " of the contracts and licences " + u.Email + " owns or backs up."
	}
	if shown < total {
		d += " Showing the first " + strconv.Itoa(shown) + " of " + strconv.Itoa(total) +
			" key dates (at most " + strconv.Itoa(feedMaxEvents) + " in one feed); the Renewals page lists them all."
	}
	return d
}

// feedEvent is one key date as an all-day event.
func feedEvent(k books.KeyDate, window int, base string) ical.Event {
	r := newRenewalRow(k, window)
	kind, id := "licence", int64(0)
	if k.Contract != nil {
		kind, id = "contract", k.Contract.ID
	} else {
		id = k.Licence.ID
	}
	summary := r.What()
	if late := r.Late(); late != "" {
		summary += " (" + late + ")"
	}
	summary += ": " + r.Name() + " (" + r.VendorName() + ")"
	url := base + r.Href()
	e := ical.Event{
		// Stable across fetches, so a subscriber updates the event rather than adding
		// one; a key date that moves is a new date and so a new event.
		UID:         kind + "-" + strconv.FormatInt(id, 10) + "-" + outlay.FormatDate(k.Date) + "@outlay",
		Date:        k.Date,
		Summary:     summary,
		Description: feedEventText(r) + "\n\n" + url,
		URL:         url,
	}
	if k.DaysLeft >= 0 {
		e.AlarmDaysBefore = 7
	}
	return e
}

// feedEventText says what falls due, what happens if nobody acts, and who answers for it.
func feedEventText(r renewalRow) string {
	date := outlay.FormatDate(r.Date)
	var lines []string
	if c := r.Contract; c != nil {
		switch {
		case r.View.IsAuto() && r.DaysLeft < 0:
			lines = append(lines, "Notice was due by "+date+" and nobody cancelled: the contract renews by itself on "+
				outlay.FormatDate(c.RenewsOn)+" for "+feedNextTerm(r.View)+".")
		case r.View.IsAuto():
			lines = append(lines, "Last day to give notice ("+r.View.NoticeLabel()+"). If nobody cancels by "+date+
				", the contract renews by itself on "+outlay.FormatDate(c.RenewsOn)+" for "+feedNextTerm(r.View)+".")
		case c.RenewalType == renewal.RenewalManual:
			lines = append(lines, "The term ends on "+date+". If nobody renews it, the contract ends.")
		default:
			lines = append(lines, "The fixed term ends on "+date+"; nothing follows it.")
		}
		if t := c.CurrentTerm(); t != nil && t.Decision != nil {
			lines = append(lines, "Decision recorded: "+t.Decision.Kind+" by "+t.Decision.By+" on "+outlay.FormatDate(t.Decision.At)+".")
		}
		owner := "Owner: " + orNobody(c.OwnerEmail)
		if c.BackupOwnerEmail != "" {
			owner += ", backup owner: " + c.BackupOwnerEmail
		}
		lines = append(lines, owner)
		if c.Reference != "" {
			lines = append(lines, "Reference: "+c.Reference)
		}
	} else if l := r.Licence; l != nil {
		lines = append(lines, "The licence expires on "+date+" ("+strconv.FormatInt(l.SeatsPurchased, 10)+
			" seats). If nobody renews it, the seats lapse.", "Owner: "+orNobody(l.OwnerEmail))
	}
	return strings.Join(lines, "\n")
}

// feedNextTerm is how long the term an auto contract renews into runs, in words.
func feedNextTerm(v contractView) string {
	if v.RenewalTermMonths == 0 {
		return "another term as long as the current one"
	}
	return "another " + v.RenewalTermLabel()
}

func orNobody(email string) string {
	if email == "" {
		return "nobody named"
	}
	return email
}
