package figures

import (
	"reflect"
	"testing"
	"time"

	"outlay/internal/fiscal"
)

// d parses a civil date for tests.
func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// dp is d as a pointer, for optional service periods.
func dp(s string) *time.Time {
	t := d(s)
	return &t
}

// mo builds a Month from its key.
func mo(s string) Month {
	m, err := ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

func sumShares(xs []MonthAmount) int64 {
	var s int64
	for _, x := range xs {
		s += x.Amount
	}
	return s
}

func TestMonth(t *testing.T) {
	m := MonthOf(d("2028-02-17"))
	if m != (Month{2028, time.February}) {
		t.Fatalf("MonthOf = %v", m)
	}
	if got := m.Start(); got != d("2028-02-01") {
		t.Errorf("Start = %v", got)
	}
	if got := m.End(); got != d("2028-02-29") {
		t.Errorf("End = %v (leap year)", got)
	}
	if got := (Month{2027, time.February}).End(); got != d("2027-02-28") {
		t.Errorf("End 2027-02 = %v", got)
	}
	if got := m.Days(); got != 29 {
		t.Errorf("Days = %d", got)
	}
	if got := (Month{2027, time.March}).Key(); got != "2027-03" {
		t.Errorf("Key = %q", got)
	}
	if got := (Month{2027, time.December}).Next(); got != (Month{2028, time.January}) {
		t.Errorf("Next of December = %v", got)
	}
	if got := (Month{2027, time.January}).Next(); got != (Month{2027, time.February}) {
		t.Errorf("Next of January = %v", got)
	}
	cmp := []struct {
		a, b string
		want int
	}{
		{"2027-03", "2027-03", 0},
		{"2027-03", "2027-04", -1},
		{"2027-12", "2028-01", -1},
		{"2028-01", "2027-12", 1},
		{"2027-05", "2027-04", 1},
	}
	for _, c := range cmp {
		if got := mo(c.a).Compare(mo(c.b)); got != c.want {
			t.Errorf("%s.Compare(%s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	// A time of day late in a far-east zone is still that calendar date.
	loc := time.FixedZone("UTC+14", 14*3600)
	if got := MonthOf(time.Date(2027, 1, 31, 23, 0, 0, 0, loc)); got != (Month{2027, time.January}) {
		t.Errorf("MonthOf in UTC+14 = %v", got)
	}
}

func TestParseMonth(t *testing.T) {
	for _, s := range []string{"2027-03", "0999-12", "2028-01"} {
		m, err := ParseMonth(s)
		if err != nil || m.Key() != s {
			t.Errorf("ParseMonth(%q) = %v, %v", s, m, err)
		}
	}
	for _, s := range []string{"", "2027-3", "2027-13", "2027-03-01", "27-03", "2027/03"} {
		if _, err := ParseMonth(s); err == nil {
			t.Errorf("ParseMonth(%q) accepted", s)
		}
	}
}

func TestAccrualShares(t *testing.T) {
	tests := []struct {
		name     string
		amount   int64
		date     string
		from, to *time.Time
		want     []MonthAmount
	}{
		{
			name: "no service period counts on the date", amount: 12345, date: "2027-03-15",
			want: []MonthAmount{{mo("2027-03"), 12345}},
		},
		{
			name: "only a from date is no service period", amount: 12345, date: "2027-03-15", from: dp("2027-01-01"),
			want: []MonthAmount{{mo("2027-03"), 12345}},
		},
		{
			name: "end before start is not lost", amount: 500, date: "2027-03-15", from: dp("2027-05-01"), to: dp("2027-04-01"),
			want: []MonthAmount{{mo("2027-03"), 500}},
		},
		{
			name: "within one month", amount: 999, date: "2027-02-01", from: dp("2027-01-15"), to: dp("2027-01-20"),
			want: []MonthAmount{{mo("2027-01"), 999}},
		},
		{
			// 17, 28 and 10 days of 55: 3090.9, 5090.9, 1818.2.
			name: "partial months by days", amount: 10000, date: "2027-01-15", from: dp("2027-01-15"), to: dp("2027-03-10"),
			want: []MonthAmount{{mo("2027-01"), 3091}, {mo("2027-02"), 5091}, {mo("2027-03"), 1818}},
		},
		{
			name: "credit note mirrors", amount: -10000, date: "2027-01-15", from: dp("2027-01-15"), to: dp("2027-03-10"),
			want: []MonthAmount{{mo("2027-01"), -3091}, {mo("2027-02"), -5091}, {mo("2027-03"), -1818}},
		},
		{
			// 12 and 10 days of 22: 54.5 and 45.5; the tie goes to the earlier month.
			name: "across a year end", amount: 100, date: "2026-12-01", from: dp("2026-12-20"), to: dp("2027-01-10"),
			want: []MonthAmount{{mo("2026-12"), 55}, {mo("2027-01"), 45}},
		},
		{
			name: "a tiny amount still returns every month", amount: 1, date: "2027-01-01", from: dp("2027-01-01"), to: dp("2027-03-31"),
			want: []MonthAmount{{mo("2027-01"), 1}, {mo("2027-02"), 0}, {mo("2027-03"), 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AccrualShares(tt.amount, d(tt.date), tt.from, tt.to)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("AccrualShares = %v, want %v", got, tt.want)
			}
			if s := sumShares(got); s != tt.amount {
				t.Errorf("shares add up to %d, want %d", s, tt.amount)
			}
		})
	}
}

func TestAccrualSharesThreeYearPrepaid(t *testing.T) {
	// 36,000.00 for 2026-01-01..2028-12-31 (1,096 days): per day 3284.67 cents.
	got := AccrualShares(3600000, d("2026-01-10"), dp("2026-01-01"), dp("2028-12-31"))
	if len(got) != 36 {
		t.Fatalf("%d shares, want 36", len(got))
	}
	if s := sumShares(got); s != 3600000 {
		t.Errorf("shares add up to %d, want 3600000", s)
	}
	want := map[string]int64{
		"2026-01": 101825, // 31 days: 101824.82
		"2026-02": 91970,  // 28 days: 91970.07
		"2026-04": 98540,  // 30 days: 98540.15
		"2028-02": 95255,  // 29 days (leap): 95255.47
		"2028-12": 101825,
	}
	byYear := map[int]int64{}
	for _, s := range got {
		byYear[s.Month.Year] += s.Amount
		if w, ok := want[s.Month.Key()]; ok && s.Amount != w {
			t.Errorf("%s: %d, want %d", s.Month, s.Amount, w)
		}
	}
	// 365/1096 of the total is 1198905.1; 2028 has 366 days.
	if byYear[2027] != 1198905 || byYear[2026] != 1198905 || byYear[2028] != 1202190 {
		t.Errorf("by year = %v", byYear)
	}
}

func TestCashShares(t *testing.T) {
	got := CashShares(-4200, d("2027-07-31"))
	want := []MonthAmount{{mo("2027-07"), -4200}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CashShares = %v, want %v", got, want)
	}
}

func TestDefaultQuarters(t *testing.T) {
	tests := []struct {
		planned int64
		want    [4]int64
	}{
		{1000000, [4]int64{250000, 250000, 250000, 250000}},
		{1000001, [4]int64{250001, 250000, 250000, 250000}},
		{3, [4]int64{1, 1, 1, 0}},
		{-7, [4]int64{-2, -2, -2, -1}},
		{0, [4]int64{}},
	}
	for _, tt := range tests {
		if got := DefaultQuarters(tt.planned); got != tt.want {
			t.Errorf("DefaultQuarters(%d) = %v, want %v", tt.planned, got, tt.want)
		}
	}
}

func TestPlanMonths(t *testing.T) {
	t.Run("January start, default split", func(t *testing.T) {
		got := PlanMonths(fiscal.Calendar{}, 2027, DefaultQuarters(1000000))
		if len(got) != 12 || got[0].Month != mo("2027-01") || got[11].Month != mo("2027-12") {
			t.Fatalf("months = %v", got)
		}
		for i, m := range got {
			want := []int64{83334, 83333, 83333}[i%3]
			if m.Amount != want {
				t.Errorf("%s = %d, want %d", m.Month, m.Amount, want)
			}
		}
		if s := sumShares(got); s != 1000000 {
			t.Errorf("sum %d", s)
		}
	})
	t.Run("July start, explicit quarters", func(t *testing.T) {
		got := PlanMonths(fiscal.Calendar{StartMonth: time.July}, 2027, [4]int64{100, 200, 300, 401})
		want := []MonthAmount{
			{mo("2026-07"), 34}, {mo("2026-08"), 33}, {mo("2026-09"), 33},
			{mo("2026-10"), 67}, {mo("2026-11"), 67}, {mo("2026-12"), 66},
			{mo("2027-01"), 100}, {mo("2027-02"), 100}, {mo("2027-03"), 100},
			{mo("2027-04"), 134}, {mo("2027-05"), 134}, {mo("2027-06"), 133},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("PlanMonths = %v, want %v", got, want)
		}
	})
}
