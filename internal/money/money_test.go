package money

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func TestDigits(t *testing.T) {
	tests := []struct {
		code   string
		digits int
		ok     bool
	}{
		{"JPY", 0, true},
		{"EUR", 2, true},
		{"USD", 2, true},
		{"GBP", 2, true},
		{"CHF", 2, true}, // CHF cash rounding is 0.05; standard digits stay 2.
		{"KWD", 3, true},
		{"BHD", 3, true},
		{"ISK", 0, true},
		{"CLF", 4, true},
		{"eur", 0, false}, // x/text would fix the case; we store upper case only.
		{"Eur", 0, false},
		{"EU", 0, false},
		{"EURO", 0, false},
		{"", 0, false},
		{"ZZZ", 0, false},
		{"XXX", 0, false},
		{"E1R", 0, false},
	}
	for _, tt := range tests {
		d, ok := Digits(tt.code)
		if d != tt.digits || ok != tt.ok {
			t.Errorf("Digits(%q) = %d, %v; want %d, %v", tt.code, d, ok, tt.digits, tt.ok)
		}
		if got := ValidCurrency(tt.code); got != tt.ok {
			t.Errorf("ValidCurrency(%q) = %v, want %v", tt.code, got, tt.ok)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in       string
		currency string
		neg      bool
		want     int64
		err      error  // sentinel expected via errors.Is; nil means success
		msg      string // exact message, when it matters to the user
	}{
		{in: "12000.50", currency: "EUR", want: 1200050},
		{in: "12,000.50", currency: "EUR", want: 1200050},
		{in: "12 000.50", currency: "EUR", want: 1200050},
		{in: "12\u00a0000.50", currency: "EUR", want: 1200050},
		{in: "  12.5  ", currency: "EUR", want: 1250},
		{in: "12", currency: "EUR", want: 1200},
		{in: "12.", currency: "EUR", want: 1200},
		{in: ".5", currency: "EUR", want: 50},
		{in: "0", currency: "EUR", want: 0},
		{in: "1,234,567.89", currency: "EUR", want: 123456789},
		{in: "1234567.89", currency: "EUR", want: 123456789},
		{in: "100", currency: "JPY", want: 100},
		{in: "1,000", currency: "JPY", want: 1000},
		{in: "1.250", currency: "KWD", want: 1250},
		{in: "1.25", currency: "KWD", want: 1250},
		{in: "0.001", currency: "BHD", want: 1},
		{in: "-12.34", currency: "EUR", neg: true, want: -1234},
		{in: "-1,000", currency: "JPY", neg: true, want: -1000},
		{in: "92233720368547758.07", currency: "EUR", want: math.MaxInt64},
		{in: "-92233720368547758.07", currency: "EUR", neg: true, want: -math.MaxInt64},

		{in: "12.345", currency: "EUR", err: ErrTooManyDecimals, msg: "EUR allows at most 2 decimals"},
		{in: "12.340", currency: "EUR", err: ErrTooManyDecimals, msg: "EUR allows at most 2 decimals"},
		{in: "100.5", currency: "JPY", err: ErrTooManyDecimals, msg: "JPY has no decimals"},
		{in: "1.2500", currency: "KWD", err: ErrTooManyDecimals, msg: "KWD allows at most 3 decimals"},
		{in: "", currency: "EUR", err: ErrEmpty, msg: "enter an amount"},
		{in: "   ", currency: "EUR", err: ErrEmpty},
		{in: "abc", currency: "EUR", err: ErrSyntax, msg: "not a valid amount"},
		{in: ".", currency: "EUR", err: ErrSyntax},
		{in: "-", currency: "EUR", neg: true, err: ErrSyntax},
		{in: "1.2.3", currency: "EUR", err: ErrSyntax},
		{in: "--1", currency: "EUR", neg: true, err: ErrSyntax},
		{in: "+1", currency: "EUR", err: ErrSyntax},
		{in: "1,2,3.4", currency: "EUR", err: ErrSyntax},
		{in: "1,23", currency: "EUR", err: ErrSyntax},
		{in: "1234,567", currency: "EUR", err: ErrSyntax},
		{in: ",123", currency: "EUR", err: ErrSyntax},
		{in: "1,000 000", currency: "EUR", err: ErrSyntax},
		{in: "1,000.000,00", currency: "EUR", err: ErrSyntax},
		{in: "1.000,50", currency: "EUR", err: ErrSyntax},
		{in: "12 €", currency: "EUR", err: ErrSyntax},
		{in: "1e3", currency: "EUR", err: ErrSyntax},
		{in: "- 1", currency: "EUR", neg: true, err: ErrSyntax},
		{in: "-12", currency: "EUR", err: ErrNegative, msg: "the amount cannot be negative"},
		{in: "92233720368547758.08", currency: "EUR", err: ErrTooLarge},
		{in: "99999999999999999999", currency: "JPY", err: ErrTooLarge},
		{in: "12", currency: "ZZZ", err: ErrCurrency, msg: `unknown currency "ZZZ"`},
		{in: "12", currency: "eur", err: ErrCurrency},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.currency, tt.neg)
		if tt.err == nil {
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q, %s, %v) = %d, %v; want %d", tt.in, tt.currency, tt.neg, got, err, tt.want)
			}
			continue
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("Parse(%q, %s, %v) error = %v; want %v", tt.in, tt.currency, tt.neg, err, tt.err)
			continue
		}
		if tt.msg != "" && err.Error() != tt.msg {
			t.Errorf("Parse(%q, %s) message = %q; want %q", tt.in, tt.currency, err.Error(), tt.msg)
		}
	}
}

func TestDecimalAndFormat(t *testing.T) {
	tests := []struct {
		amount   int64
		currency string
		decimal  string
		format   string
	}{
		{1200000, "EUR", "12000.00", "12,000.00"},
		{-5, "EUR", "-0.05", "-0.05"},
		{0, "EUR", "0.00", "0.00"},
		{7, "EUR", "0.07", "0.07"},
		{99, "EUR", "0.99", "0.99"},
		{100, "EUR", "1.00", "1.00"},
		{1234567, "EUR", "12345.67", "12,345.67"},
		{-123456, "EUR", "-1234.56", "-1,234.56"},
		{100000, "EUR", "1000.00", "1,000.00"},
		{10000, "EUR", "100.00", "100.00"},
		{100, "JPY", "100", "100"},
		{0, "JPY", "0", "0"},
		{-1234567, "JPY", "-1234567", "-1,234,567"},
		{1250, "KWD", "1.250", "1.250"},
		{1, "BHD", "0.001", "0.001"},
		{1234567, "KWD", "1234.567", "1,234.567"},
		{math.MaxInt64, "EUR", "92233720368547758.07", "92,233,720,368,547,758.07"},
		{math.MinInt64, "EUR", "-92233720368547758.08", "-92,233,720,368,547,758.08"},
		{1234, "???", "12.34", "12.34"}, // unknown code falls back to 2 digits
	}
	for _, tt := range tests {
		if got := Decimal(tt.amount, tt.currency); got != tt.decimal {
			t.Errorf("Decimal(%d, %s) = %q, want %q", tt.amount, tt.currency, got, tt.decimal)
		}
		if got := Format(tt.amount, tt.currency); got != tt.format {
			t.Errorf("Format(%d, %s) = %q, want %q", tt.amount, tt.currency, got, tt.format)
		}
	}
	if got := (Money{Amount: 1200000, Currency: "EUR"}).String(); got != "12,000.00 EUR" {
		t.Errorf("Money.String() = %q", got)
	}
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		total   int64
		weights []int64
		want    []int64
	}{
		{"exact", 100, []int64{1, 1}, []int64{50, 50}},
		{"thirds", 100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		{"negative thirds", -100, []int64{1, 1, 1}, []int64{-34, -33, -33}},
		{"proportional", 1000, []int64{70, 20, 10}, []int64{700, 200, 100}},
		{"largest remainder wins", 10, []int64{3, 3, 4}, []int64{3, 3, 4}},
		{"remainder to largest fraction", 5, []int64{1, 2, 4}, []int64{1, 1, 3}},
		{"zero weight gets nothing", 101, []int64{0, 1, 1}, []int64{0, 51, 50}},
		{"all zero splits equally", 10, []int64{0, 0, 0}, []int64{4, 3, 3}},
		{"zero total", 0, []int64{1, 2, 3}, []int64{0, 0, 0}},
		{"single", 12345, []int64{7}, []int64{12345}},
		{"empty", 100, nil, []int64{}},
		{"no overflow", math.MaxInt64, []int64{math.MaxInt64, math.MaxInt64}, []int64{math.MaxInt64/2 + 1, math.MaxInt64 / 2}},
		{"min int64", math.MinInt64, []int64{1}, []int64{math.MinInt64}},
		{"min int64 halves", math.MinInt64, []int64{1, 1}, []int64{math.MinInt64 / 2, math.MinInt64 / 2}},
	}
	for _, tt := range tests {
		got := Allocate(tt.total, tt.weights)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Allocate(%d, %v) = %v, want %v", tt.name, tt.total, tt.weights, got, tt.want)
		}
		if len(tt.weights) > 0 && sum(got) != tt.total {
			t.Errorf("%s: parts %v add up to %d, not %d", tt.name, got, sum(got), tt.total)
		}
	}
}

func TestAllocateSumsAlways(t *testing.T) {
	weights := [][]int64{{1}, {1, 2}, {3, 3, 3}, {5, 0, 7, 11}, {1, 1, 1, 1, 1, 1, 1}, {999, 1}}
	for total := int64(-250); total <= 250; total++ {
		for _, w := range weights {
			got := Allocate(total, w)
			if sum(got) != total {
				t.Fatalf("Allocate(%d, %v) = %v, sums to %d", total, w, got, sum(got))
			}
			mirror := Allocate(-total, w)
			for i := range got {
				if got[i] != -mirror[i] {
					t.Fatalf("Allocate(%d, %v) = %v is not the mirror of %v", total, w, got, mirror)
				}
			}
		}
	}
}

func TestAllocateNegativeWeightPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Allocate with a negative weight did not panic")
		}
	}()
	Allocate(10, []int64{1, -1})
}

func TestSplit(t *testing.T) {
	tests := []struct {
		total int64
		n     int
		want  []int64
	}{
		{100, 4, []int64{25, 25, 25, 25}},
		{101, 4, []int64{26, 25, 25, 25}},
		{103, 4, []int64{26, 26, 26, 25}},
		{-103, 4, []int64{-26, -26, -26, -25}},
		{2, 3, []int64{1, 1, 0}},
		{1200000, 12, []int64{100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000, 100000}},
		{100, 1, []int64{100}},
		{100, 0, []int64{}},
		{100, -1, []int64{}},
	}
	for _, tt := range tests {
		if got := Split(tt.total, tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("Split(%d, %d) = %v, want %v", tt.total, tt.n, got, tt.want)
		}
	}
}

func sum(xs []int64) int64 {
	var s int64
	for _, x := range xs {
		s += x
	}
	return s
}

var fuzzCurrencies = []string{"EUR", "JPY", "KWD", "USD", "CLF"}

// FuzzParse checks that whatever Parse accepts survives a round trip through
// Decimal and Format, and that a negative amount only comes out when allowed.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"12,000.50", "12 000.50", "-0.05", "100", "1.250", ".5", "12.", "1,2,3.4", "", "-", "92233720368547758.07"} {
		f.Add(s, uint8(0), true)
		f.Add(s, uint8(1), false)
		f.Add(s, uint8(2), true)
	}
	f.Fuzz(func(t *testing.T, s string, ci uint8, allowNegative bool) {
		cur := fuzzCurrencies[int(ci)%len(fuzzCurrencies)]
		v, err := Parse(s, cur, allowNegative)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Parse(%q, %s) returned an empty message", s, cur)
			}
			return
		}
		if v < 0 && !allowNegative {
			t.Fatalf("Parse(%q, %s, false) = %d, a negative", s, cur, v)
		}
		dec := Decimal(v, cur)
		back, err := Parse(dec, cur, true)
		if err != nil || back != v {
			t.Fatalf("Parse(%q) = %d; Decimal = %q; parsed back %d, %v", s, v, dec, back, err)
		}
		shown := Format(v, cur)
		back, err = Parse(shown, cur, true)
		if err != nil || back != v {
			t.Fatalf("Parse(%q) = %d; Format = %q; parsed back %d, %v", s, v, shown, back, err)
		}
	})
}

func TestParseFixed(t *testing.T) {
	tests := []struct {
		in     string
		digits int
		want   int64
		err    string
	}{
		{"3.5", 2, 350, ""},
		{"0.92", 6, 920000, ""},
		{"1,234.5", 6, 1234500000, ""},
		{"3.505", 2, 0, "use at most 2 decimals"},
		{"abc", 2, 0, "not a valid amount"},
	}
	for _, tt := range tests {
		got, err := ParseFixed(tt.in, tt.digits, false)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseFixed(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseFixed(%q, %d) = %d, %v; want %d", tt.in, tt.digits, got, err, tt.want)
		}
		if back := FormatFixed(got, tt.digits); back == "" {
			t.Errorf("FormatFixed(%d) empty", got)
		}
	}
	if s := FormatFixed(920000, 6); s != "0.920000" {
		t.Errorf("FormatFixed(920000, 6) = %q", s)
	}
}
