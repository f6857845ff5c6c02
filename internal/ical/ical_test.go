package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"outlay/internal/ical"
)

var stamp = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

func TestWriteParsesBackWithEveryField(t *testing.T) {
	var b bytes.Buffer
	long := strings.Repeat("What happens if nobody acts: the contract renews by itself, ", 4) + "Zürich, Genève; done.\nSecond line."
	cal := ical.Calendar{Name: "Outlay key dates", Description: "Key dates of the next 12 months", RefreshEvery: time.Hour,
		Events: []ical.Event{
			{UID: "contract-12-2027-01-01@outlay", Date: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Summary: "Cancel by: Acme Cloud Platform (Acme)",
				Description: long, URL: "https://outlay.example.com/contracts/12", AlarmDaysBefore: 7},
			// The day as written counts, whatever the zone: a date at 23:00 in New York
			// is still that day.
			{UID: "licence-7-2026-12-31@outlay", Date: time.Date(2026, 12, 31, 23, 0, 0, 0, time.FixedZone("EST", -5*3600)), Summary: "Licence expires: Figma"},
		}}
	if err := ical.Write(&b, cal, stamp); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "PRODID:" + ical.ProductID + "\r\n", "CALSCALE:GREGORIAN\r\n",
		"METHOD:PUBLISH\r\n", "X-WR-CALNAME:Outlay key dates\r\n", "X-PUBLISHED-TTL:PT1H\r\n", "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n",
		"DTSTART;VALUE=DATE:20270101\r\n", "DTEND;VALUE=DATE:20270102\r\n", "DTSTAMP:20261125T093000Z\r\n",
		"DTSTART;VALUE=DATE:20261231\r\n", "DTEND;VALUE=DATE:20270101\r\n",
		"BEGIN:VALARM\r\n", "ACTION:DISPLAY\r\n", "TRIGGER:-P7D\r\n", "END:VCALENDAR\r\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Count(text, "BEGIN:VALARM") != 1 {
		t.Errorf("%d alarms, want 1 (the licence asked for none)", strings.Count(text, "BEGIN:VALARM"))
	}
	checkLines(t, text)

	got, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	events := got.Events()
	if len(events) != 2 {
		t.Fatalf("%d events, want 2", len(events))
	}
	e := events[0]
	if e.Id() != "contract-12-2027-01-01@outlay" {
		t.Errorf("UID %q", e.Id())
	}
	if start, err := e.GetAllDayStartAt(); err != nil || start.Format("2006-01-02") != "2027-01-01" {
		t.Errorf("start %v %v", start, err)
	}
	if end, err := e.GetAllDayEndAt(); err != nil || end.Format("2006-01-02") != "2027-01-02" {
		t.Errorf("end %v %v", end, err)
	}
	prop := func(e *ics.VEvent, p ics.ComponentProperty) string {
		if v := e.GetProperty(p); v != nil {
			return ics.FromText(v.Value)
		}
		return ""
	}
	if s := prop(e, ics.ComponentPropertySummary); s != "Cancel by: Acme Cloud Platform (Acme)" {
		t.Errorf("summary %q", s)
	}
	// Folding and escaping undone give the text back, accents, commas, semicolons and
	// line breaks included.
	if d := prop(e, ics.ComponentPropertyDescription); d != long {
		t.Errorf("description\n%q, want\n%q", d, long)
	}
	if u := e.GetProperty(ics.ComponentPropertyUrl); u == nil || u.Value != "https://outlay.example.com/contracts/12" {
		t.Errorf("url %+v", u)
	}
	if st, err := e.GetDtStampTime(); err != nil || !st.Equal(stamp) {
		t.Errorf("stamp %v %v", st, err)
	}
	if start, err := events[1].GetAllDayStartAt(); err != nil || start.Format("2006-01-02") != "2026-12-31" {
		t.Errorf("licence start %v %v", start, err)
	}
}

// checkLines holds every line to RFC 5545: CRLF endings, at most 75 octets, and a fold
// never splits a UTF-8 character.
func checkLines(t *testing.T, text string) {
	t.Helper()
	if strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\r") {
		t.Error("a line does not end in CRLF")
	}
	folded := 0
	for _, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		}
		if !utf8.ValidString(line) {
			t.Errorf("fold split a character: %q", line)
		}
	}
	if folded == 0 {
		t.Error("nothing was folded; the test's long description should have been")
	}
}

func TestWriteEmptyCalendar(t *testing.T) {
	var b bytes.Buffer
	if err := ical.Write(&b, ical.Calendar{Name: "Outlay key dates"}, stamp); err != nil {
		t.Fatal(err)
	}
	got, err := ics.ParseCalendar(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Events()); n != 0 {
		t.Fatalf("%d events", n)
	}
}
