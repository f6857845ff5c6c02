// Package ical writes a published calendar of all-day events in iCalendar (RFC 5545),
// the format Outlook, Google Calendar and Apple Calendar subscribe to by URL. It knows
// nothing of contracts or HTTP: the server turns key dates into Events, and this package
// turns Events into text, through github.com/arran4/golang-ical, with the line endings
// the standard demands.
package ical

import (
	"bufio"
	"io"
	"strconv"
	"time"

	ics "github.com/arran4/golang-ical"
)

// ProductID names the program that made the calendar (PRODID).
const ProductID = "-//Outlay//Outlay key dates//EN"

// ContentType is the media type of what Write writes.
const ContentType = "text/calendar; charset=utf-8"

// Calendar is a calendar to publish.
type Calendar struct {
	Name        string // X-WR-CALNAME: what a calendar program calls the subscription
	Description string // X-WR-CALDESC
	// RefreshEvery is how often a subscriber should fetch again (X-PUBLISHED-TTL and
	// REFRESH-INTERVAL); zero leaves it to the program.
	RefreshEvery time.Duration
	Events       []Event
}

// Event is one all-day event.
type Event struct {
	// UID identifies the event across fetches: the same UID in the next fetch updates
	// the event a subscriber already has instead of adding a second one.
	UID         string
	Date        time.Time // the civil day; its clock time and zone are ignored
	Summary     string
	Description string // may hold line breaks
	URL         string // optional
	// AlarmDaysBefore adds a display alarm that many days before the day; 0 adds none.
	AlarmDaysBefore int
}

// Write writes cal to w: VERSION 2.0, the Gregorian scale, METHOD PUBLISH, and each event
// on its day (DTSTART;VALUE=DATE, DTEND the day after, which RFC 5545 makes exclusive),
// stamped with stamp. Lines end in CRLF and are folded at 75 octets, as the standard
// says: the library folds, and its default line ending on Unix is a bare LF, so the CRLF
// is asked for here.
func Write(w io.Writer, cal Calendar, stamp time.Time) error {
	c := ics.NewCalendarFor("Outlay")
	c.SetProductId(ProductID)
	c.SetCalscale("GREGORIAN")
	c.SetMethod(ics.MethodPublish)
	if cal.Name != "" {
		c.SetXWRCalName(cal.Name)
		c.SetName(cal.Name)
	}
	if cal.Description != "" {
		c.SetXWRCalDesc(cal.Description)
	}
	if cal.RefreshEvery > 0 {
		d := duration(cal.RefreshEvery)
		c.SetXPublishedTTL(d)
		c.SetRefreshInterval(d)
	}
	stamp = stamp.UTC()
	for _, e := range cal.Events {
		ev := c.AddEvent(e.UID)
		ev.SetDtStampTime(stamp)
		day := civil(e.Date)
		ev.SetAllDayStartAt(day)
		ev.SetAllDayEndAt(day.AddDate(0, 0, 1))
		ev.SetSummary(e.Summary)
		if e.Description != "" {
			ev.SetDescription(e.Description)
		}
		if e.URL != "" {
			ev.SetURL(e.URL)
		}
		// A key date is a deadline, not a meeting: it leaves the day free.
		ev.SetTimeTransparency(ics.TransparencyTransparent)
		if e.AlarmDaysBefore > 0 {
			a := ev.AddAlarm()
			a.SetAction(ics.ActionDisplay)
			a.SetTrigger("-P" + strconv.Itoa(e.AlarmDaysBefore) + "D")
			a.SetProperty(ics.ComponentPropertyDescription, e.Summary)
		}
	}
	b := bufio.NewWriterSize(w, 32<<10)
	if err := c.SerializeTo(b, ics.WithNewLineWindows); err != nil {
		return err
	}
	return b.Flush()
}

// civil is the date of t as written, at midnight UTC, whatever t's zone.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// duration writes d as an RFC 5545 duration of whole minutes or more ("PT15M", "PT1H").
func duration(d time.Duration) string {
	if d%time.Hour == 0 {
		return "PT" + strconv.FormatInt(int64(d/time.Hour), 10) + "H"
	}
	return "PT" + strconv.FormatInt(int64(max(d/time.Minute, 1)), 10) + "M"
}
