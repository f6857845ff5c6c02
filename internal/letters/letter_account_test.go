package letters

import (
	"strings"
	"testing"
	"time"
)

var site = Site{OrgName: "Example GmbH", BaseURL: "https://outlay.example.com"}

// check asserts what a letter must and must not say, in both parts.
type check struct {
	subject string
	both    []string // in the text part and in the HTML part
	text    []string // in the text part only (its own spelling of links and lists)
	html    []string // in the HTML part only (markup)
	none    []string // in neither part
}

func (c check) run(t *testing.T, l Letter) {
	t.Helper()
	if l.Subject != c.subject {
		t.Errorf("subject = %q, want %q", l.Subject, c.subject)
	}
	// A sentence may be wrapped anywhere in the text part, so "both" compares it with
	// the text's words joined by single spaces; "text" checks the layout as it is.
	flat := strings.Join(strings.Fields(l.Text), " ")
	for _, w := range c.both {
		if !strings.Contains(flat, w) {
			t.Errorf("text part lacks %q:\n%s", w, l.Text)
		}
		if !strings.Contains(l.HTML, w) {
			t.Errorf("HTML part lacks %q:\n%s", w, l.HTML)
		}
	}
	for _, w := range c.text {
		if !strings.Contains(l.Text, w) {
			t.Errorf("text part lacks %q:\n%s", w, l.Text)
		}
	}
	for _, w := range c.html {
		if !strings.Contains(l.HTML, w) {
			t.Errorf("HTML part lacks %q:\n%s", w, l.HTML)
		}
	}
	for _, w := range c.none {
		if strings.Contains(l.Text, w) || strings.Contains(flat, w) {
			t.Errorf("text part has %q:\n%s", w, l.Text)
		}
		if strings.Contains(l.HTML, w) {
			t.Errorf("HTML part has %q:\n%s", w, l.HTML)
		}
	}
	checkShape(t, l)
}

// checkShape holds for every letter: inline styles only, nothing loaded from elsewhere,
// no address made of a missing base URL, text lines wrapped unless they hold a link.
func checkShape(t *testing.T, l Letter) {
	t.Helper()
	for _, bad := range []string{"<style", "<link", "<img", "<script", "http:///", "https:///", "\"http://\"", "#ZgotmplZ"} {
		if strings.Contains(l.HTML, bad) {
			t.Errorf("HTML part has %q:\n%s", bad, l.HTML)
		}
	}
	if !strings.HasPrefix(l.HTML, "<!DOCTYPE html>") {
		t.Errorf("HTML part does not start with a doctype:\n%s", l.HTML)
	}
	if strings.Contains(l.Subject, "\n") || strings.Contains(l.Subject, "\r") {
		t.Errorf("subject spans lines: %q", l.Subject)
	}
	for line := range strings.SplitSeq(l.Text, "\n") {
		if n := len([]rune(line)); n > textWidth && !strings.Contains(line, "/") {
			t.Errorf("text line of %d runes:\n%s", n, line)
		}
	}
}

func TestTest(t *testing.T) {
	at := time.Date(2026, 12, 2, 3, 14, 5, 0, time.UTC)
	cases := []struct {
		name string
		to   string
		site Site
		want check
	}{
		{
			name: "with base URL and organisation",
			to:   "ops@example.com",
			site: site,
			want: check{
				subject: "Outlay test email",
				both:    []string{"Mail from Outlay works", "2026-12-02 03:14:05 UTC", "ops@example.com", "https://outlay.example.com", "Outlay for Example GmbH"},
				text:    []string{"Open Outlay at https://outlay.example.com", "Sent at:      2026-12-02 03:14:05 UTC\nSent to:      ops@example.com\n"},
				html:    []string{`<a href="https://outlay.example.com"`, `>Sent to</th><td style="padding:4px 0;">ops@example.com</td>`},
			},
		},
		{
			name: "no base URL, no organisation",
			to:   "a&b@example.com",
			site: Site{},
			want: check{
				subject: "Outlay test email",
				both:    []string{"This is a test email from Outlay.", "2026-12-02 03:14:05 UTC"},
				text:    []string{"a&b@example.com"},
				html:    []string{"a&amp;b@example.com"},
				none:    []string{"Open Outlay at", "http", "Organisation"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.want.run(t, Test(c.to, at, c.site)) })
	}
}

func TestPasswordReset(t *testing.T) {
	link := "https://outlay.example.com/reset/abcDEF123_-x"
	cases := []struct {
		name  string
		user  string
		valid time.Duration
		site  Site
		want  check
	}{
		{
			name:  "one hour",
			user:  "Dana Ops",
			valid: time.Hour,
			site:  site,
			want: check{
				subject: "Reset your Outlay password",
				both:    []string{"Hello Dana Ops,", "works once, for 1 hour.", "If you did not ask for this, ignore this email", link},
				text:    []string{"Choose a new password:\n  " + link},
				html:    []string{`<a href="` + link + `"`},
			},
		},
		{
			name:  "minutes, name to escape, no base URL",
			user:  "<b>Eve</b> & Co",
			valid: 90 * time.Minute,
			site:  Site{OrgName: "A & B"},
			want: check{
				subject: "Reset your Outlay password",
				both:    []string{"works once, for 1 hour 30 minutes.", "Outlay for A"},
				text:    []string{"Hello <b>Eve</b> & Co,", "Outlay for A & B."},
				html:    []string{"Hello &lt;b&gt;Eve&lt;/b&gt; &amp; Co,", "Outlay for A &amp; B."},
				none:    []string{"Open Outlay at", "1 hours"},
			},
		},
		{
			name:  "no name, half an hour",
			user:  " ",
			valid: 30 * time.Minute,
			site:  site,
			want: check{
				subject: "Reset your Outlay password",
				both:    []string{"Hello,", "for 30 minutes."},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := PasswordReset(c.user, link, c.valid, c.site)
			c.want.run(t, l)
			if strings.Contains(l.HTML, "<b>Eve") {
				t.Errorf("HTML part has the name unescaped:\n%s", l.HTML)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	cases := []struct {
		in     string
		width  int
		indent string
		want   string
	}{
		{"a b c", 3, "", "a b\nc"},
		{"aaa bbb", 5, "  ", "aaa\n  bbb"},
		{"see https://outlay.example.com/contracts/12345 now", 10, "", "see\nhttps://outlay.example.com/contracts/12345\nnow"},
		{"  spaced   out  ", 72, "", "spaced out"},
		{"", 72, "", ""},
	}
	for _, c := range cases {
		if got := wrap(c.in, c.width, c.indent); got != c.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
	// After a label of 6 runes, "bb" no longer fits a line of 10.
	if got, want := wrapAfter(6, "aa bb", 10, "      "), "aa\n      bb"; got != want {
		t.Errorf("wrapAfter = %q, want %q", got, want)
	}
}

func TestDaysLeft(t *testing.T) {
	for n, want := range map[int]string{0: "today", 1: "1 day left", 2: "2 days left", 30: "30 days left", -1: "1 day ago", -5: "5 days ago"} {
		if got := daysLeft(n); got != want {
			t.Errorf("daysLeft(%d) = %q, want %q", n, got, want)
		}
	}
}
