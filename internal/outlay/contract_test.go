package outlay

import (
	"slices"
	"testing"
	"time"
)

func TestParsePercent(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  string
	}{
		{"", 0, ""}, {"3.5", 350, ""}, {" 3.25 % ", 325, ""}, {"0", 0, ""}, {"100", 10000, ""},
		{"3.505", 0, "use at most 2 decimals, such as 3.25"},
		{"-1", 0, "must not be negative"},
		{"three", 0, "not a number (use a percentage such as 3.5)"},
	}
	for _, tt := range tests {
		got, err := ParsePercent(tt.in)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != tt.want || msg != tt.err {
			t.Errorf("ParsePercent(%q) = %d, %q; want %d, %q", tt.in, got, msg, tt.want, tt.err)
		}
	}
}

func TestContractNextTermAndRenewable(t *testing.T) {
	d := func(s string) time.Time { t, _ := ParseDate(s); return t }
	c := &Contract{RenewalType: "auto", NoticeValue: 3, NoticeUnit: "months", UpliftBasisPoints: 350,
		Terms: []*Term{{StartDate: d("2026-04-01"), EndDate: d("2027-03-31"), Price: 1200000, Billing: "quarterly"}}}
	next := c.NextTerm()
	if FormatDate(next.StartDate) != "2027-04-01" || FormatDate(next.EndDate) != "2028-03-31" || next.Price != 1242000 || next.Billing != "quarterly" {
		t.Fatalf("next term: %+v", next)
	}
	if err := c.CheckRenewable(); err != nil {
		t.Fatal(err)
	}
	c.Terms[0].Decision = &Decision{Kind: "cancel"}
	if ErrorCode(c.CheckRenewable()) != ECONFLICT {
		t.Error("a cancelled term is renewable")
	}
	now := time.Now()
	c.Terms[0].Decision, c.ArchivedAt = nil, &now
	if ErrorCode(c.CheckRenewable()) != ECONFLICT {
		t.Error("an archived contract is renewable")
	}
	if (&Contract{}).NextTerm() != nil {
		t.Error("a contract without terms has a next term")
	}
}

// FuzzParsePercent: a percentage that parses is not negative, and written back with
// FormatPercent it parses to the same basis points; nothing panics.
func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"3.5", "3.25", "0", "", "100", "100.01", "3.505", "-1", "1e3", "4%", " 2.5 % ", "9999999999999999999", "１２", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bp, err := ParsePercent(s)
		if err != nil {
			return
		}
		if bp < 0 {
			t.Fatalf("ParsePercent(%q) = %d, negative", s, bp)
		}
		again, err := ParsePercent(FormatPercent(bp))
		if err != nil || again != bp {
			t.Fatalf("ParsePercent(%q) = %d; written %q it reads %d, %v", s, bp, FormatPercent(bp), again, err)
		}
	})
}

func TestParseContractOffsets(t *testing.T) {
	tests := []struct {
		typed string
		want  []int
		msg   string
	}{
		{"", nil, ""},
		{"   ", nil, ""},
		{"90, 30, 7", []int{90, 30, 7}, ""},
		{"7 30;90", []int{90, 30, 7}, ""},
		{"30, 30, 7", []int{30, 7}, ""}, // a repeat would send the same reminder twice
		{"1", []int{1}, ""},
		{"365", []int{365}, ""},
		{"90, x", nil, OffsetsHint},
		{"0", []int{0}, OffsetsHint},
		{"366", []int{366}, OffsetsHint},
		{"-7", []int{-7}, OffsetsHint},
		{"2.5", nil, OffsetsHint},
		{"1 2 3 4 5 6 7 8 9 10 11 12", []int{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, ""},
		{"1 2 3 4 5 6 7 8 9 10 11 12 13", []int{13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, "at most 12 offsets"},
	}
	for _, tt := range tests {
		got, msg := ParseContractOffsets(tt.typed)
		if !slices.Equal(got, tt.want) || msg != tt.msg {
			t.Errorf("%q: %v %q, want %v %q", tt.typed, got, msg, tt.want, tt.msg)
		}
	}
}

func TestContractEffectiveOffsets(t *testing.T) {
	s := DefaultSettings()
	own := &Contract{ReminderOffsets: []int{45, 10}}
	if got := own.EffectiveOffsets(s); !slices.Equal(got, []int{45, 10}) {
		t.Errorf("own: %v", got)
	}
	if got := (&Contract{}).EffectiveOffsets(s); !slices.Equal(got, []int{90, 60, 30, 14, 7, 1}) {
		t.Errorf("settings': %v", got)
	}
	c := &Contract{ReminderOffsets: []int{}}
	c.Normalize()
	if c.ReminderOffsets != nil {
		t.Errorf("an empty list normalises to %v, want nil (the settings')", c.ReminderOffsets)
	}
}
