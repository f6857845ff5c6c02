package renewal

import (
	"testing"
	"time"
)

// d parses a civil date for tests.
func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2027-01-15", 1, "2027-02-15"},
		{"2027-01-31", 1, "2027-02-28"},
		{"2028-01-31", 1, "2028-02-29"}, // leap year
		{"2027-01-31", 2, "2027-03-31"},
		{"2027-01-31", 3, "2027-04-30"},
		{"2027-05-31", -3, "2027-02-28"},
		{"2028-05-31", -3, "2028-02-29"},
		{"2027-03-31", -1, "2027-02-28"},
		{"2027-04-01", -3, "2027-01-01"},
		{"2027-11-30", 3, "2028-02-29"},
		{"2027-12-15", 1, "2028-01-15"},
		{"2027-01-15", -1, "2026-12-15"},
		{"2027-01-15", -13, "2025-12-15"},
		{"2027-01-15", -25, "2024-12-15"},
		{"2028-02-29", 12, "2029-02-28"},
		{"2028-02-29", 48, "2032-02-29"},
		{"2027-06-30", 0, "2027-06-30"},
		{"0001-01-15", -1, "0000-12-15"},
	}
	for _, tt := range tests {
		if got := AddMonths(d(tt.from), tt.n); !got.Equal(d(tt.want)) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.from, tt.n, got.Format(time.DateOnly), tt.want)
		}
	}
}

func TestAddMonthsNormalisesToCivilUTC(t *testing.T) {
	loc := time.FixedZone("UTC+14", 14*3600)
	in := time.Date(2027, 1, 31, 23, 30, 0, 0, loc) // 2027-01-31 in its own zone
	got := AddMonths(in, 1)
	if want := d("2027-02-28"); got != want {
		t.Errorf("AddMonths(%v, 1) = %v, want %v at 00:00 UTC", in, got, want)
	}
}

func TestDaysBetween(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2027-01-01", "2027-01-01", 0},
		{"2027-01-01", "2027-01-24", 23},
		{"2027-01-24", "2027-01-19", -5},
		{"2027-02-28", "2027-03-01", 1},
		{"2028-02-28", "2028-03-01", 2},
		{"2027-01-01", "2028-01-01", 365},
		{"2028-01-01", "2029-01-01", 366},
	}
	for _, tt := range tests {
		if got := DaysBetween(d(tt.from), d(tt.to)); got != tt.want {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
	// A time of day must not turn 23 days into 22.
	from := time.Date(2027, 1, 1, 18, 0, 0, 0, time.UTC)
	to := time.Date(2027, 1, 24, 6, 0, 0, 0, time.UTC)
	if got := DaysBetween(from, to); got != 23 {
		t.Errorf("DaysBetween with times of day = %d, want 23", got)
	}
}

func TestRenewsOnCancelByKeyDate(t *testing.T) {
	tests := []struct {
		name        string
		termEnd     string
		notice      Notice
		renewsOn    string
		cancelBy    string
		renewalType string
		keyDate     string
	}{
		{"domain example", "2027-03-31", Notice{3, UnitMonths}, "2027-04-01", "2027-01-01", RenewalAuto, "2027-01-01"},
		{"90 days", "2027-03-31", Notice{90, UnitDays}, "2027-04-01", "2027-01-01", RenewalAuto, "2027-01-01"},
		{"30 days over february", "2027-03-14", Notice{30, UnitDays}, "2027-03-15", "2027-02-13", RenewalAuto, "2027-02-13"},
		{"30 days leap february", "2028-03-14", Notice{30, UnitDays}, "2028-03-15", "2028-02-14", RenewalAuto, "2028-02-14"},
		{"1 month clamped", "2027-03-30", Notice{1, UnitMonths}, "2027-03-31", "2027-02-28", RenewalAuto, "2027-02-28"},
		{"1 month clamped leap", "2028-03-30", Notice{1, UnitMonths}, "2028-03-31", "2028-02-29", RenewalAuto, "2028-02-29"},
		{"term ends year end", "2027-12-31", Notice{2, UnitMonths}, "2028-01-01", "2027-11-01", RenewalAuto, "2027-11-01"},
		{"term ends on leap day", "2028-02-29", Notice{6, UnitMonths}, "2028-03-01", "2027-09-01", RenewalAuto, "2027-09-01"},
		{"zero notice", "2027-06-30", Notice{0, UnitDays}, "2027-07-01", "2027-07-01", RenewalAuto, "2027-07-01"},
		{"manual key date is term end", "2027-03-31", Notice{3, UnitMonths}, "2027-04-01", "2027-01-01", RenewalManual, "2027-03-31"},
		{"none key date is term end", "2027-03-31", Notice{30, UnitDays}, "2027-04-01", "2027-03-02", RenewalNone, "2027-03-31"},
		{"unknown unit counts days", "2027-03-31", Notice{10, "weeks"}, "2027-04-01", "2027-03-22", RenewalAuto, "2027-03-22"},
	}
	for _, tt := range tests {
		ro := RenewsOn(d(tt.termEnd))
		if !ro.Equal(d(tt.renewsOn)) {
			t.Errorf("%s: RenewsOn = %s, want %s", tt.name, ro.Format(time.DateOnly), tt.renewsOn)
		}
		if got := CancelBy(ro, tt.notice); !got.Equal(d(tt.cancelBy)) {
			t.Errorf("%s: CancelBy = %s, want %s", tt.name, got.Format(time.DateOnly), tt.cancelBy)
		}
		if got := KeyDate(tt.renewalType, d(tt.termEnd), tt.notice); !got.Equal(d(tt.keyDate)) {
			t.Errorf("%s: KeyDate(%s) = %s, want %s", tt.name, tt.renewalType, got.Format(time.DateOnly), tt.keyDate)
		}
	}
}

func TestNoticeValidate(t *testing.T) {
	tests := []struct {
		n  Notice
		ok bool
	}{
		{Notice{90, UnitDays}, true},
		{Notice{3, UnitMonths}, true},
		{Notice{0, UnitDays}, true},
		{Notice{-1, UnitDays}, false},
		{Notice{3, "weeks"}, false},
		{Notice{3, ""}, false},
	}
	for _, tt := range tests {
		if err := tt.n.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v.Validate() = %v, want ok=%v", tt.n, err, tt.ok)
		}
	}
}

func TestNextTerm(t *testing.T) {
	tests := []struct {
		anchor     string
		length     int
		k          int
		start, end string
	}{
		// DOMAIN: a monthly term that starts on 31 January renews on 28/29
		// February, 31 March, 30 April — no drift.
		{"2027-01-31", 1, 0, "2027-01-31", "2027-02-27"},
		{"2027-01-31", 1, 1, "2027-02-28", "2027-03-30"},
		{"2027-01-31", 1, 2, "2027-03-31", "2027-04-29"},
		{"2027-01-31", 1, 3, "2027-04-30", "2027-05-30"},
		{"2027-01-31", 1, 11, "2027-12-31", "2028-01-30"},
		{"2027-01-31", 1, 12, "2028-01-31", "2028-02-28"},
		{"2027-01-31", 1, 13, "2028-02-29", "2028-03-30"},
		{"2028-01-31", 1, 1, "2028-02-29", "2028-03-30"},
		// Annual terms from a leap day.
		{"2028-02-29", 12, 0, "2028-02-29", "2029-02-27"},
		{"2028-02-29", 12, 1, "2029-02-28", "2030-02-27"},
		{"2028-02-29", 12, 4, "2032-02-29", "2033-02-27"},
		// Ordinary annual and quarterly rolls.
		{"2027-04-01", 12, 0, "2027-04-01", "2028-03-31"},
		{"2027-04-01", 12, 2, "2029-04-01", "2030-03-31"},
		{"2027-08-31", 3, 1, "2027-11-30", "2028-02-28"},
		{"2027-08-31", 3, 2, "2028-02-29", "2028-05-30"},
		{"2027-08-31", 3, 3, "2028-05-31", "2028-08-30"},
	}
	for _, tt := range tests {
		s, e := NextTerm(d(tt.anchor), tt.length, tt.k)
		if !s.Equal(d(tt.start)) || !e.Equal(d(tt.end)) {
			t.Errorf("NextTerm(%s, %d, %d) = %s..%s, want %s..%s", tt.anchor, tt.length, tt.k,
				s.Format(time.DateOnly), e.Format(time.DateOnly), tt.start, tt.end)
		}
	}
}

func TestNextTermContiguous(t *testing.T) {
	// Terms must tile time: each ends the day before the next starts.
	for _, anchor := range []string{"2027-01-31", "2027-01-30", "2028-02-29", "2027-05-15"} {
		for _, length := range []int{1, 3, 12, 36} {
			for k := range 30 {
				_, end := NextTerm(d(anchor), length, k)
				next, _ := NextTerm(d(anchor), length, k+1)
				if !RenewsOn(end).Equal(next) {
					t.Fatalf("anchor %s length %d: term %d ends %s but term %d starts %s",
						anchor, length, k, end.Format(time.DateOnly), k+1, next.Format(time.DateOnly))
				}
			}
		}
	}
}

func TestApplyUplift(t *testing.T) {
	tests := []struct {
		price, bp, want int64
	}{
		{100000, 350, 103500}, // 1000.00 + 3.50%
		{100000, 0, 100000},
		{1000, 325, 1033},   // 1032.5 rounds up
		{1000, 324, 1032},   // 1032.4 rounds down
		{1000, 326, 1033},   // 1032.6 rounds up
		{999, 250, 1024},    // 1023.975 rounds up
		{1, 5000, 2},        // 1.5 rounds away from zero
		{1, 4999, 1},        // 1.4999
		{-1000, 325, -1033}, // credit: -1032.5 rounds away from zero
		{-1000, 324, -1032},
		{100000, -1000, 90000}, // 10% decrease
		{1005, -500, 955},      // 954.75 rounds up
		{0, 350, 0},
		{1200, 10000, 2400},
		{1000, -10000, 0},
		{9_000_000_000_000_000, 100, 9_090_000_000_000_000}, // would overflow price*10100 in int64
	}
	for _, tt := range tests {
		if got := ApplyUplift(tt.price, tt.bp); got != tt.want {
			t.Errorf("ApplyUplift(%d, %d) = %d, want %d", tt.price, tt.bp, got, tt.want)
		}
	}
}

func TestApplyUpliftOverflowPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("ApplyUplift overflowing int64 did not panic")
		}
	}()
	ApplyUplift(9_000_000_000_000_000_000, 10000)
}

func TestStatus(t *testing.T) {
	// Auto contract, current term 2027-04-01..2028-03-31, notice 3 months:
	// renews on 2028-04-01, key date (cancel by) 2028-01-01, window 90 days
	// opens on 2027-10-03.
	auto := StatusInput{
		RenewalType: RenewalAuto,
		FirstStart:  d("2026-04-01"),
		TermStart:   d("2027-04-01"),
		TermEnd:     d("2028-03-31"),
		Notice:      Notice{3, UnitMonths},
		WindowDays:  90,
	}
	manual := auto
	manual.RenewalType = RenewalManual // key date 2028-03-31, window opens 2028-01-01
	none := auto
	none.RenewalType = RenewalNone
	with := func(in StatusInput, decision string) StatusInput {
		in.Decision = decision
		return in
	}

	tests := []struct {
		name  string
		today string
		in    StatusInput
		want  string
	}{
		{"before first start", "2026-03-31", auto, StatusUpcoming},
		{"first day", "2026-04-01", auto, StatusActive},
		{"mid term", "2027-06-15", auto, StatusActive},
		{"day before window", "2027-10-02", auto, StatusActive},
		{"window opens", "2027-10-03", auto, StatusNotice},
		{"in window", "2027-12-01", auto, StatusNotice},
		{"on cancel-by (still in time)", "2028-01-01", auto, StatusNotice},
		{"day after cancel-by", "2028-01-02", auto, StatusNoticeMissed},
		{"last day of term", "2028-03-31", auto, StatusNoticeMissed},
		{"after term end, not rolled yet: renewed by itself", "2028-04-01", auto, StatusActive},
		{"archived auto after its end does not roll", "2028-04-01", func() StatusInput { in := auto; in.Archived = true; return in }(), StatusEnded},
		{"renegotiate after cancel-by still missed", "2028-02-15", with(auto, DecisionRenegotiate), StatusNoticeMissed},
		{"renew after cancel-by settles it", "2028-02-15", with(auto, DecisionRenew), StatusActive},
		{"cancel after cancel-by (late notice accepted)", "2028-02-15", with(auto, DecisionCancel), StatusCancelled},
		{"renegotiate keeps notice", "2027-12-01", with(auto, DecisionRenegotiate), StatusNotice},
		{"renew settles it", "2027-12-01", with(auto, DecisionRenew), StatusActive},
		{"cancel while running", "2027-12-01", with(auto, DecisionCancel), StatusCancelled},
		{"cancel before window", "2027-06-01", with(auto, DecisionCancel), StatusCancelled},
		{"cancelled and over", "2028-04-01", with(auto, DecisionCancel), StatusCancelled},
		{"renewed but not rolled", "2028-04-01", with(auto, DecisionRenew), StatusActive},
		{"renegotiated but not rolled", "2028-04-01", with(auto, DecisionRenegotiate), StatusActive},
		{"upcoming beats cancel", "2026-03-01", with(auto, DecisionCancel), StatusUpcoming},
		{"manual before window", "2027-12-31", manual, StatusActive},
		{"manual window opens", "2028-01-01", manual, StatusNotice},
		{"manual last day", "2028-03-31", manual, StatusNotice},
		{"manual after end", "2028-04-01", manual, StatusEnded},
		{"manual renegotiating after end", "2028-04-01", with(manual, DecisionRenegotiate), StatusEnded},
		{"none in window", "2028-02-01", none, StatusNotice},
		{"none after end", "2028-04-01", none, StatusEnded},
		{"zero window only key date", "2028-01-01", func() StatusInput { in := auto; in.WindowDays = 0; return in }(), StatusNotice},
		{"zero window day before", "2027-12-31", func() StatusInput { in := auto; in.WindowDays = 0; return in }(), StatusActive},
		{"zero window day after", "2028-01-02", func() StatusInput { in := auto; in.WindowDays = 0; return in }(), StatusNoticeMissed},
	}
	for _, tt := range tests {
		if got := Status(d(tt.today), tt.in); got != tt.want {
			t.Errorf("%s: Status(%s) = %q, want %q", tt.name, tt.today, got, tt.want)
		}
	}
}

func TestSchedule(t *testing.T) {
	type period struct{ start, end string }
	tests := []struct {
		name    string
		start   string
		end     string
		price   int64
		billing string
		periods []period
		amounts []int64
	}{
		{
			name: "annual term billed quarterly", start: "2027-01-01", end: "2027-12-31", price: 1200000, billing: BillingQuarterly,
			periods: []period{{"2027-01-01", "2027-03-31"}, {"2027-04-01", "2027-06-30"}, {"2027-07-01", "2027-09-30"}, {"2027-10-01", "2027-12-31"}},
			amounts: []int64{300000, 300000, 300000, 300000},
		},
		{
			name: "uneven split", start: "2027-01-01", end: "2027-12-31", price: 100001, billing: BillingQuarterly,
			periods: []period{{"2027-01-01", "2027-03-31"}, {"2027-04-01", "2027-06-30"}, {"2027-07-01", "2027-09-30"}, {"2027-10-01", "2027-12-31"}},
			amounts: []int64{25001, 25000, 25000, 25000},
		},
		{
			name: "monthly from the 31st does not drift", start: "2027-01-31", end: "2027-05-30", price: 1000, billing: BillingMonthly,
			periods: []period{{"2027-01-31", "2027-02-27"}, {"2027-02-28", "2027-03-30"}, {"2027-03-31", "2027-04-29"}, {"2027-04-30", "2027-05-30"}},
			amounts: []int64{250, 250, 250, 250},
		},
		{
			// A renewal month of a series anchored on the 31st starts on the 28th:
			// it is billed as one period by the anchor day, not a month plus 3 days.
			name: "month-end anchored term is one period", start: "2027-02-28", end: "2027-03-30", price: 3100, billing: BillingMonthly,
			periods: []period{{"2027-02-28", "2027-03-30"}},
			amounts: []int64{3100},
		},
		{
			name: "month-end anchored quarter", start: "2027-04-30", end: "2027-10-30", price: 600, billing: BillingQuarterly,
			periods: []period{{"2027-04-30", "2027-07-30"}, {"2027-07-31", "2027-10-30"}},
			amounts: []int64{300, 300},
		},
		{
			// A term typed from the 28th with an end that says so keeps the 28th.
			name: "the 28th as a real anchor", start: "2027-02-28", end: "2027-04-27", price: 200, billing: BillingMonthly,
			periods: []period{{"2027-02-28", "2027-03-27"}, {"2027-03-28", "2027-04-27"}},
			amounts: []int64{100, 100},
		},
		{
			name: "short last period is still one period", start: "2027-01-01", end: "2028-06-30", price: 300, billing: BillingAnnual,
			periods: []period{{"2027-01-01", "2027-12-31"}, {"2028-01-01", "2028-06-30"}},
			amounts: []int64{150, 150},
		},
		{
			name: "quarterly cut at term end", start: "2027-01-01", end: "2027-04-15", price: 1000, billing: BillingQuarterly,
			periods: []period{{"2027-01-01", "2027-03-31"}, {"2027-04-01", "2027-04-15"}},
			amounts: []int64{500, 500},
		},
		{
			name: "upfront", start: "2027-04-01", end: "2030-03-31", price: 3600000, billing: BillingUpfront,
			periods: []period{{"2027-04-01", "2030-03-31"}},
			amounts: []int64{3600000},
		},
		{
			name: "leap february monthly", start: "2028-01-31", end: "2028-03-30", price: 101, billing: BillingMonthly,
			periods: []period{{"2028-01-31", "2028-02-28"}, {"2028-02-29", "2028-03-30"}},
			amounts: []int64{51, 50},
		},
		{
			name: "single day term", start: "2027-05-05", end: "2027-05-05", price: 7, billing: BillingMonthly,
			periods: []period{{"2027-05-05", "2027-05-05"}},
			amounts: []int64{7},
		},
		{name: "unknown billing", start: "2027-01-01", end: "2027-12-31", price: 100, billing: "weekly"},
		{name: "end before start", start: "2027-01-01", end: "2026-12-31", price: 100, billing: BillingMonthly},
	}
	for _, tt := range tests {
		got := Schedule(d(tt.start), d(tt.end), tt.price, tt.billing)
		if len(got) != len(tt.periods) {
			t.Errorf("%s: %d payments, want %d: %+v", tt.name, len(got), len(tt.periods), got)
			continue
		}
		for i, p := range got {
			w := tt.periods[i]
			if !p.PeriodStart.Equal(d(w.start)) || !p.PeriodEnd.Equal(d(w.end)) || !p.Due.Equal(d(w.start)) || p.Amount != tt.amounts[i] {
				t.Errorf("%s: payment %d = due %s for %s..%s amount %d; want due %s for %s..%s amount %d", tt.name, i,
					p.Due.Format(time.DateOnly), p.PeriodStart.Format(time.DateOnly), p.PeriodEnd.Format(time.DateOnly), p.Amount,
					w.start, w.start, w.end, tt.amounts[i])
			}
		}
	}
}

func TestScheduleSumsToPrice(t *testing.T) {
	starts := []string{"2027-01-01", "2027-01-31", "2028-02-29", "2027-08-31"}
	for _, s := range starts {
		for _, months := range []int{1, 5, 12, 13, 36} {
			start := d(s)
			_, end := NextTerm(start, months, 0)
			for _, billing := range []string{BillingMonthly, BillingQuarterly, BillingAnnual, BillingUpfront} {
				for _, price := range []int64{0, 1, 99_999, 1_234_567, -5_000} {
					pays := Schedule(start, end, price, billing)
					var sum int64
					for i, p := range pays {
						sum += p.Amount
						if i > 0 && !RenewsOn(pays[i-1].PeriodEnd).Equal(p.PeriodStart) {
							t.Fatalf("%s %d months %s: gap between periods %d and %d", s, months, billing, i-1, i)
						}
					}
					if len(pays) == 0 || sum != price || !pays[0].PeriodStart.Equal(start) || !pays[len(pays)-1].PeriodEnd.Equal(end) {
						t.Fatalf("%s..%s %s price %d: schedule %+v sums to %d or does not cover the term", s, end.Format(time.DateOnly), billing, price, pays, sum)
					}
				}
			}
		}
	}
}

// TestStatusNoticeMissedAtMonthEnds checks the first day of "notice missed" where the
// cancel-by date is clamped at a month's end, in a leap year and with notice in days.
func TestStatusNoticeMissedAtMonthEnds(t *testing.T) {
	auto := func(start, end string, n Notice) StatusInput {
		return StatusInput{RenewalType: RenewalAuto, FirstStart: d(start), TermStart: d(start), TermEnd: d(end), Notice: n, WindowDays: 30}
	}
	tests := []struct {
		name  string
		in    StatusInput
		today string
		want  string
	}{
		// Renews on 2027-05-31; three months back is clamped to 2027-02-28.
		{"clamped cancel-by is in time", auto("2026-05-31", "2027-05-30", Notice{3, UnitMonths}), "2027-02-28", StatusNotice},
		{"the day after a clamped cancel-by", auto("2026-05-31", "2027-05-30", Notice{3, UnitMonths}), "2027-03-01", StatusNoticeMissed},
		// Leap year: renews on 2028-05-31, cancel by 2028-02-29.
		{"leap cancel-by is in time", auto("2027-05-31", "2028-05-30", Notice{3, UnitMonths}), "2028-02-29", StatusNotice},
		{"the day after a leap cancel-by", auto("2027-05-31", "2028-05-30", Notice{3, UnitMonths}), "2028-03-01", StatusNoticeMissed},
		// Renews on 2027-03-01; 30 calendar days back is 2027-01-30.
		{"days: cancel-by in time", auto("2026-03-01", "2027-02-28", Notice{30, UnitDays}), "2027-01-30", StatusNotice},
		{"days: the day after", auto("2026-03-01", "2027-02-28", Notice{30, UnitDays}), "2027-01-31", StatusNoticeMissed},
		{"days: missed until the last day", auto("2026-03-01", "2027-02-28", Notice{30, UnitDays}), "2027-02-28", StatusNoticeMissed},
		{"days: renewed by itself the day after", auto("2026-03-01", "2027-02-28", Notice{30, UnitDays}), "2027-03-01", StatusActive},
		// A monthly term with three months' notice: its cancel-by passed before it began.
		{"notice longer than the term", auto("2027-01-31", "2027-02-27", Notice{3, UnitMonths}), "2027-02-01", StatusNoticeMissed},
	}
	for _, tt := range tests {
		if got := Status(d(tt.today), tt.in); got != tt.want {
			t.Errorf("%s: Status(%s) = %q, want %q", tt.name, tt.today, got, tt.want)
		}
	}
}
