package renewal

import (
	"testing"
	"time"
)

func TestWholeMonths(t *testing.T) {
	tests := []struct {
		start, end string
		want       int
	}{
		{"2027-01-31", "2027-02-27", 1},
		{"2027-01-01", "2027-01-31", 1},
		{"2026-04-01", "2027-03-31", 12},
		{"2027-04-01", "2027-06-30", 3},
		{"2028-02-29", "2029-02-27", 12},
		{"2027-02-28", "2027-03-30", 0}, // a clamped series term: 28 Feb + 1 month is 28 Mar
		{"2027-01-01", "2027-01-10", 0},
		{"2027-01-01", "2027-01-01", 0},
		{"2027-01-05", "2027-01-01", 0}, // end before start
	}
	for _, tt := range tests {
		if got := WholeMonths(d(tt.start), d(tt.end)); got != tt.want {
			t.Errorf("WholeMonths(%s, %s) = %d, want %d", tt.start, tt.end, got, tt.want)
		}
	}
}

// roll renews n times from the first term and returns the starts of the new terms.
func roll(first Span, lengthMonths, n int) []Span {
	terms := []Span{first}
	for range n {
		terms = append(terms, Following(terms, lengthMonths))
	}
	return terms[1:]
}

func TestFollowingMonthlyFrom31JanuaryDoesNotDrift(t *testing.T) {
	// DOMAIN.md: a monthly term that starts on 31 January renews on 28 February,
	// 31 March, 30 April — with the renewal length given and with it left to the term.
	for _, length := range []int{1, 0} {
		got := roll(Span{d("2027-01-31"), d("2027-02-27")}, length, 4)
		want := []Span{
			{d("2027-02-28"), d("2027-03-30")},
			{d("2027-03-31"), d("2027-04-29")},
			{d("2027-04-30"), d("2027-05-30")},
			{d("2027-05-31"), d("2027-06-29")},
		}
		for i := range want {
			if !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) {
				t.Errorf("length %d, renewal %d: %s..%s, want %s..%s", length, i+1,
					got[i].Start.Format(time.DateOnly), got[i].End.Format(time.DateOnly),
					want[i].Start.Format(time.DateOnly), want[i].End.Format(time.DateOnly))
			}
		}
	}
}

func TestFollowing(t *testing.T) {
	tests := []struct {
		name   string
		terms  []Span
		length int
		want   Span
	}{
		{"annual term, same length", []Span{{d("2026-04-01"), d("2027-03-31")}}, 0,
			Span{d("2027-04-01"), d("2028-03-31")}},
		{"annual term, renewal of 12 months", []Span{{d("2026-04-01"), d("2027-03-31")}}, 12,
			Span{d("2027-04-01"), d("2028-03-31")}},
		{"36-month first term rolling yearly", []Span{{d("2024-01-01"), d("2026-12-31")}}, 12,
			Span{d("2027-01-01"), d("2027-12-31")}},
		{"odd first term, monthly renewals anchored on the first renewal date",
			[]Span{{d("2026-12-15"), d("2027-01-30")}, {d("2027-01-31"), d("2027-02-27")}, {d("2027-02-28"), d("2027-03-30")}}, 1,
			Span{d("2027-03-31"), d("2027-04-29")}},
		{"length of days when not whole months", []Span{{d("2027-01-01"), d("2027-01-10")}}, 0,
			Span{d("2027-01-11"), d("2027-01-20")}},
		{"changed renewal length starts a new series",
			[]Span{{d("2026-01-31"), d("2026-02-27")}}, 12,
			Span{d("2026-02-28"), d("2027-02-27")}},
		{"leap day annual", []Span{{d("2028-02-29"), d("2029-02-27")}, {d("2029-02-28"), d("2030-02-27")}}, 12,
			Span{d("2030-02-28"), d("2031-02-27")}},
		{"no terms", nil, 12, Span{}},
	}
	for _, tt := range tests {
		got := Following(tt.terms, tt.length)
		if !got.Start.Equal(tt.want.Start) || !got.End.Equal(tt.want.End) {
			t.Errorf("%s: %s..%s, want %s..%s", tt.name, got.Start.Format(time.DateOnly), got.End.Format(time.DateOnly),
				tt.want.Start.Format(time.DateOnly), tt.want.End.Format(time.DateOnly))
		}
	}
}

func TestFollowingTilesTime(t *testing.T) {
	for _, first := range []Span{{d("2027-01-31"), d("2027-02-27")}, {d("2027-05-15"), d("2027-06-03")}, {d("2028-02-29"), d("2028-05-28")}} {
		for _, length := range []int{0, 1, 3, 12} {
			terms := []Span{first}
			for range 40 {
				next := Following(terms, length)
				if !next.Start.Equal(RenewsOn(terms[len(terms)-1].End)) || next.End.Before(next.Start) {
					t.Fatalf("first %v length %d: term %d %v does not follow %v", first, length, len(terms), next, terms[len(terms)-1])
				}
				terms = append(terms, next)
			}
		}
	}
}
