package outlay

import (
	"errors"
	"strings"
	"testing"
)

func TestParseDateRange(t *testing.T) {
	for _, tt := range []struct {
		in      string
		ok      bool
		inRange bool
	}{
		{"2027-03-31", true, true},
		{" 1900-01-01 ", true, true},
		{"2199-12-31", true, true},
		{"1899-12-31", false, false},
		{"0001-01-01", false, false},
		{"2200-01-01", false, false},
		{"2027-02-30", false, true},
		{"27-3-31", false, true},
	} {
		_, err := ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseDate(%q) = %v, want ok %v", tt.in, err, tt.ok)
		}
		if !tt.ok && errors.Is(err, ErrDateRange) == tt.inRange {
			t.Errorf("ParseDate(%q) = %v: range error %v, want %v", tt.in, err, !tt.inRange, !tt.inRange)
		}
	}
}

// FuzzParseDate: a date that parses lies in the accepted years and writes back as what
// was typed (trimmed); nothing panics.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2027-03-31", "0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29", " 2026-07-01\n", "", "2026-7-1", "+2026-07-01", "2026-07-01T00:00:00Z", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) failed but returned %v", s, d)
			}
			return
		}
		if y := d.Year(); y < MinDateYear || y > MaxDateYear {
			t.Fatalf("ParseDate(%q) = %v, outside the accepted years", s, d)
		}
		if got := FormatDate(d); got != strings.TrimSpace(s) {
			t.Fatalf("ParseDate(%q) writes back as %q", s, got)
		}
	})
}
