package fiscal

import (
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestYearAndQuarter(t *testing.T) {
	tests := []struct {
		start time.Month
		date  string
		fy, q int
	}{
		{time.January, "2026-01-01", 2026, 1},
		{time.January, "2026-03-31", 2026, 1},
		{time.January, "2026-04-01", 2026, 2},
		{time.January, "2026-09-30", 2026, 3},
		{time.January, "2026-12-31", 2026, 4},
		{0, "2026-12-31", 2026, 4}, // zero value means January

		{time.April, "2026-03-31", 2026, 4},
		{time.April, "2026-04-01", 2027, 1},
		{time.April, "2026-06-30", 2027, 1},
		{time.April, "2026-07-01", 2027, 2},
		{time.April, "2026-12-31", 2027, 3},
		{time.April, "2027-01-01", 2027, 4},
		{time.April, "2027-03-31", 2027, 4},

		{time.July, "2026-06-30", 2026, 4},
		{time.July, "2026-07-01", 2027, 1},
		{time.July, "2026-09-30", 2027, 1},
		{time.July, "2026-10-01", 2027, 2},
		{time.July, "2026-12-31", 2027, 2},
		{time.July, "2027-01-01", 2027, 3},
		{time.July, "2027-04-01", 2027, 4},
		{time.July, "2027-06-30", 2027, 4},
		{time.July, "2028-02-29", 2028, 3},

		{time.December, "2026-12-01", 2027, 1},
		{time.December, "2027-11-30", 2027, 4},
	}
	for _, tt := range tests {
		c := Calendar{StartMonth: tt.start}
		if got := c.Year(d(tt.date)); got != tt.fy {
			t.Errorf("start %v: Year(%s) = %d, want %d", tt.start, tt.date, got, tt.fy)
		}
		fy, q := c.Quarter(d(tt.date))
		if fy != tt.fy || q != tt.q {
			t.Errorf("start %v: Quarter(%s) = FY%d Q%d, want FY%d Q%d", tt.start, tt.date, fy, q, tt.fy, tt.q)
		}
	}
}

func TestBounds(t *testing.T) {
	tests := []struct {
		start      time.Month
		fy         int
		first, end string
	}{
		{time.January, 2026, "2026-01-01", "2026-12-31"},
		{time.April, 2027, "2026-04-01", "2027-03-31"},
		{time.July, 2027, "2026-07-01", "2027-06-30"},
		{time.March, 2028, "2027-03-01", "2028-02-29"}, // ends on a leap day
		{time.March, 2027, "2026-03-01", "2027-02-28"},
	}
	for _, tt := range tests {
		c := Calendar{StartMonth: tt.start}
		s, e := c.Bounds(tt.fy)
		if !s.Equal(d(tt.first)) || !e.Equal(d(tt.end)) {
			t.Errorf("start %v: Bounds(%d) = %s..%s, want %s..%s", tt.start, tt.fy,
				s.Format(time.DateOnly), e.Format(time.DateOnly), tt.first, tt.end)
		}
		if c.Year(s) != tt.fy || c.Year(e) != tt.fy {
			t.Errorf("start %v: bounds of FY%d map back to FY%d and FY%d", tt.start, tt.fy, c.Year(s), c.Year(e))
		}
	}
}

func TestQuarterBounds(t *testing.T) {
	tests := []struct {
		start      time.Month
		fy, q      int
		first, end string
	}{
		{time.January, 2026, 1, "2026-01-01", "2026-03-31"},
		{time.January, 2026, 2, "2026-04-01", "2026-06-30"},
		{time.January, 2026, 3, "2026-07-01", "2026-09-30"},
		{time.January, 2026, 4, "2026-10-01", "2026-12-31"},
		{time.April, 2027, 1, "2026-04-01", "2026-06-30"},
		{time.April, 2027, 3, "2026-10-01", "2026-12-31"},
		{time.April, 2027, 4, "2027-01-01", "2027-03-31"},
		{time.July, 2027, 1, "2026-07-01", "2026-09-30"},
		{time.July, 2027, 2, "2026-10-01", "2026-12-31"},
		{time.July, 2027, 3, "2027-01-01", "2027-03-31"},
		{time.July, 2027, 4, "2027-04-01", "2027-06-30"},
		{time.December, 2028, 1, "2027-12-01", "2028-02-29"},
	}
	for _, tt := range tests {
		c := Calendar{StartMonth: tt.start}
		s, e := c.QuarterBounds(tt.fy, tt.q)
		if !s.Equal(d(tt.first)) || !e.Equal(d(tt.end)) {
			t.Errorf("start %v: QuarterBounds(%d, %d) = %s..%s, want %s..%s", tt.start, tt.fy, tt.q,
				s.Format(time.DateOnly), e.Format(time.DateOnly), tt.first, tt.end)
		}
	}
}

func TestQuartersTileTheYear(t *testing.T) {
	for m := time.January; m <= time.December; m++ {
		c := Calendar{StartMonth: m}
		for fy := 2025; fy <= 2030; fy++ {
			ys, ye := c.Bounds(fy)
			prevEnd := ys.AddDate(0, 0, -1)
			for q := 1; q <= 4; q++ {
				s, e := c.QuarterBounds(fy, q)
				if !s.Equal(prevEnd.AddDate(0, 0, 1)) {
					t.Fatalf("start %v FY%d Q%d starts %s, previous ended %s", m, fy, q, s.Format(time.DateOnly), prevEnd.Format(time.DateOnly))
				}
				for _, day := range []time.Time{s, e} {
					if gfy, gq := c.Quarter(day); gfy != fy || gq != q {
						t.Fatalf("start %v: %s is FY%d Q%d, want FY%d Q%d", m, day.Format(time.DateOnly), gfy, gq, fy, q)
					}
				}
				prevEnd = e
			}
			if !prevEnd.Equal(ye) {
				t.Fatalf("start %v FY%d: Q4 ends %s, year ends %s", m, fy, prevEnd.Format(time.DateOnly), ye.Format(time.DateOnly))
			}
		}
	}
}

func TestQuarterBoundsPanicsOutOfRange(t *testing.T) {
	for _, q := range []int{0, 5, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("QuarterBounds(2027, %d) did not panic", q)
				}
			}()
			Calendar{StartMonth: time.July}.QuarterBounds(2027, q)
		}()
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		fy   int
		want string
	}{{2027, "FY2027"}, {2026, "FY2026"}}
	for _, tt := range tests {
		if got := (Calendar{StartMonth: time.July}).Label(tt.fy); got != tt.want {
			t.Errorf("Label(%d) = %q, want %q", tt.fy, got, tt.want)
		}
	}
}
