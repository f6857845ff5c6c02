package outlay

import (
	"errors"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// DateLayout is the one way dates are written: in the database, in JSON, in pages.
const DateLayout = "2006-01-02"

// Dates from MinDateYear to MaxDateYear are accepted: far beyond any contract, and far
// from the years (0001, 9999) that a slip of the keyboard or a hostile client sends and
// that would read as "no date" or overflow the calendar arithmetic.
const (
	MinDateYear = 1900
	MaxDateYear = 2199
)

// ErrDateRange is the error of ParseDate for a real date outside MinDateYear–MaxDateYear.
var ErrDateRange = errors.New("the date must be between 1900-01-01 and 2199-12-31")

// ParseDate reads a YYYY-MM-DD civil date as midnight UTC. It refuses dates that do not
// exist (2027-02-30), which time.Parse already does, and dates outside the years Outlay
// accepts (ErrDateRange).
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, err
	}
	if y := t.Year(); y < MinDateYear || y > MaxDateYear {
		return time.Time{}, ErrDateRange
	}
	return t, nil
}

// FormatDate writes a civil date as YYYY-MM-DD; the zero time is written as "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// Today returns the current civil date in UTC. Code that needs "today" takes it as a
// parameter so tests can fix it; only the edges call Today.
func Today() time.Time {
	y, m, d := time.Now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ValidEmail reports whether s is a single bare address such as ann@example.com. It is
// one line of clean text too: net/mail lets control characters and direction overrides
// through in places, and an address is shown on pages and written into emails.
func ValidEmail(s string) bool {
	if !CleanText(s, false) {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s, "@")
}

// NormalizeEmail lower-cases and trims an address so that sign-in and ownership match
// regardless of how it was typed.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

func checkRequired(f FieldErrors, field, v string, max int) {
	if strings.TrimSpace(v) == "" {
		f.Add(field, "required")
	}
	checkLength(f, field, v, max)
}

func checkLength(f FieldErrors, field, v string, max int) {
	if utf8.RuneCountInString(v) > max {
		f.Add(field, "too long (at most "+strconv.Itoa(max)+" characters)")
	}
}

func checkOneOf(f FieldErrors, field, v string, allowed []string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	f.Add(field, "must be one of: "+strings.Join(allowed, ", "))
}

func checkEmail(f FieldErrors, field, v string, required bool) {
	if v == "" {
		if required {
			f.Add(field, "required")
		}
		return
	}
	if !ValidEmail(v) {
		f.Add(field, "not a valid email address")
	}
}
