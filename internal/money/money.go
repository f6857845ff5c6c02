// Package money holds amounts as int64 counts of a currency's minor units and
// the few operations the rest of Outlay needs on them: reading user input,
// writing decimal strings, and splitting an amount into parts that always add
// up to the whole.
//
// Floats never appear here: a sum of float amounts drifts by fractions of a
// cent, and a report that does not add up is worse than no report.
package money

import (
	"errors"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/currency"
)

// Money is an amount together with its ISO 4217 currency code. Amount counts
// minor units (cents for EUR, yen for JPY, fils for KWD) so that sums are
// exact; the currency tells how many of those units make one major unit.
type Money struct {
	Amount   int64
	Currency string
}

// String renders m for logs and debugging as "12,000.00 EUR". Pages should
// use Format and put the currency where their layout wants it.
func (m Money) String() string {
	return Format(m.Amount, m.Currency) + " " + m.Currency
}

// Digits reports how many minor digits currency has (JPY 0, EUR 2, KWD 3),
// taken from the CLDR data shipped in golang.org/x/text/currency rather than
// a hand-kept table. It reports false for anything that is not three
// upper-case letters naming a known currency, and for XXX ("no currency"),
// which x/text accepts but which cannot price anything.
//
// The digits are CLDR's standard digits, which differ from ISO 4217 for a few
// currencies whose minor unit is not used in practice (IDR, COP, PKR, IQD,
// IRR and a few others report 0); invoices in those currencies carry no
// decimals, so CLDR is the better fit for user input.
func Digits(currencyCode string) (int, bool) {
	if !wellFormed(currencyCode) || currencyCode == "XXX" {
		return 0, false
	}
	u, err := currency.ParseISO(currencyCode)
	if err != nil {
		return 0, false
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale, true
}

// ValidCurrency reports whether code is a currency Outlay can hold amounts
// in: three upper-case letters known to x/text (see Digits).
func ValidCurrency(code string) bool {
	_, ok := Digits(code)
	return ok
}

// wellFormed checks the exact spelling we store. x/text would accept "eur"
// as well, but codes are compared as strings across the database, so only
// the canonical upper-case form is valid.
func wellFormed(code string) bool {
	if len(code) != 3 {
		return false
	}
	for i := range 3 {
		if code[i] < 'A' || code[i] > 'Z' {
			return false
		}
	}
	return true
}

// digitsOrDefault is used by the formatting functions, which cannot return an
// error: an unknown code there is a programming error upstream (codes are
// validated on input), and two digits is the least surprising fallback.
func digitsOrDefault(currencyCode string) int {
	if d, ok := Digits(currencyCode); ok {
		return d
	}
	return 2
}

// Errors returned by Parse, for callers that need to tell the cases apart
// with errors.Is. The error Parse returns carries a message meant for the
// user (for example "EUR allows at most 2 decimals"), which may be more
// specific than the sentinel's own text.
var (
	// ErrEmpty means the input was blank.
	ErrEmpty = errors.New("enter an amount")
	// ErrSyntax means the input is not a number in an accepted form.
	ErrSyntax = errors.New("not a valid amount")
	// ErrNegative means a "-" was typed where negatives are not allowed.
	ErrNegative = errors.New("the amount cannot be negative")
	// ErrTooManyDecimals means more decimals than the currency has; the
	// message names the currency and its digits.
	ErrTooManyDecimals = errors.New("too many decimals for the currency")
	// ErrTooLarge means the amount does not fit in int64 minor units.
	ErrTooLarge = errors.New("the amount is too large")
	// ErrCurrency means the currency code itself is not valid.
	ErrCurrency = errors.New("unknown currency")
)

// parseError pairs a message for the user with the sentinel it belongs to, so
// a form can show err.Error() as it is while code can still use errors.Is.
type parseError struct {
	msg  string
	kind error
}

func (e *parseError) Error() string { return e.msg }
func (e *parseError) Unwrap() error { return e.kind }

// Parse reads an amount typed by a user into minor units of currencyCode.
//
// Accepted: surrounding spaces; an optional leading "-" when allowNegative
// (credit notes); digits, optionally grouped by thousands with "," or a space
// ("12,000.50", "12 000.50"; a group separator must be used consistently and
// every group after the first must have three digits); an optional "." and
// fraction digits (".5" and "12." are accepted).
//
// More fraction digits than the currency has is an error, even when they are
// zeros: the rule is that input is never rounded, and a stray third decimal
// usually means the user typed into the wrong field or currency. Fewer
// decimals are fine ("12.5" EUR is 1250). Amounts beyond int64 are rejected.
func Parse(s, currencyCode string, allowNegative bool) (int64, error) {
	digits, ok := Digits(currencyCode)
	if !ok {
		return 0, &parseError{msg: "unknown currency " + strconv.Quote(currencyCode), kind: ErrCurrency}
	}
	v, err := parseFixed(s, digits, allowNegative)
	if errors.Is(err, ErrTooManyDecimals) {
		if digits == 0 {
			return 0, &parseError{msg: currencyCode + " has no decimals", kind: ErrTooManyDecimals}
		}
		return 0, &parseError{msg: currencyCode + " allows at most " + strconv.Itoa(digits) + " decimals", kind: ErrTooManyDecimals}
	}
	return v, err
}

// ParseFixed reads a decimal number with at most digits decimals as an integer scaled by
// 10^digits, by the same rules as Parse: "3.5" with 2 digits is 350. It serves numbers
// that are not amounts but must not be floats either: percentages held in basis points,
// exchange rates held in millionths.
func ParseFixed(s string, digits int, allowNegative bool) (int64, error) {
	v, err := parseFixed(s, digits, allowNegative)
	if errors.Is(err, ErrTooManyDecimals) {
		return 0, &parseError{msg: "use at most " + strconv.Itoa(digits) + " decimals", kind: ErrTooManyDecimals}
	}
	return v, err
}

// FormatFixed writes an integer scaled by 10^digits as a plain decimal: 350 with 2
// digits is "3.50". It is the inverse of ParseFixed.
func FormatFixed(v int64, digits int) string { return render(v, digits, "") }

func parseFixed(s string, digits int, allowNegative bool) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrEmpty
	}
	neg := false
	if s[0] == '-' {
		if !allowNegative {
			return 0, ErrNegative
		}
		neg = true
		s = s[1:]
	}
	// "12." is read as 12: a dangling point loses nothing.
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return 0, ErrSyntax // "-" or "."
	}
	intDigits, ok := ungroup(intPart)
	if !ok || !allDigits(frac) {
		return 0, ErrSyntax
	}
	if len(frac) > digits {
		return 0, ErrTooManyDecimals
	}
	// Pad the fraction to the digits and read everything as one integer, checking for
	// overflow digit by digit.
	all := intDigits + frac + strings.Repeat("0", digits-len(frac))
	var v int64
	for i := 0; i < len(all); i++ {
		d := int64(all[i] - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, ErrTooLarge
		}
		v = v*10 + d
	}
	if neg {
		v = -v
	}
	return v, nil
}

// ungroup validates the integer part and returns its bare digits. An empty
// integer part is allowed (".5"). Separators are "," or a space (including
// the no-break spaces that copy-paste from spreadsheets produces); when used,
// they must be the same throughout and split the digits into groups of three
// after a first group of one to three digits, so "1,2,3" is rejected instead
// of being guessed at.
func ungroup(s string) (string, bool) {
	if s == "" {
		return "", true
	}
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
	sep := ""
	switch {
	case strings.Contains(s, ","):
		sep = ","
		if strings.Contains(s, " ") {
			return "", false
		}
	case strings.Contains(s, " "):
		sep = " "
	}
	if sep == "" {
		return s, allDigits(s)
	}
	groups := strings.Split(s, sep)
	for i, g := range groups {
		if !allDigits(g) || g == "" || len(g) > 3 || (i > 0 && len(g) != 3) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// allDigits reports whether s consists of ASCII digits only (true for "").
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Decimal renders amount as a plain decimal string with exactly the
// currency's digits and no grouping: 1200000 EUR is "12000.00", -5 EUR is
// "-0.05", 100 JPY is "100", 1250 KWD is "1.250". This is the form amounts
// travel in through JSON and form inputs, and Parse reads it back unchanged.
func Decimal(amount int64, currencyCode string) string {
	return render(amount, digitsOrDefault(currencyCode), "")
}

// Format renders amount for display with "," between thousands and "." before
// the decimals, without the currency code: 1234567 EUR is "12,345.67".
func Format(amount int64, currencyCode string) string {
	return render(amount, digitsOrDefault(currencyCode), ",")
}

func render(amount int64, digits int, sep string) string {
	// The magnitude is taken as uint64 so that math.MinInt64 renders too.
	mag := uint64(amount)
	if amount < 0 {
		mag = -mag
	}
	str := strconv.FormatUint(mag, 10)
	if len(str) <= digits {
		str = strings.Repeat("0", digits-len(str)+1) + str
	}
	intPart, frac := str[:len(str)-digits], str[len(str)-digits:]
	var b strings.Builder
	if amount < 0 {
		b.WriteByte('-')
	}
	for i := 0; i < len(intPart); i++ {
		if sep != "" && i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(intPart[i])
	}
	if digits > 0 {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Allocate splits total into len(weights) parts proportional to weights by
// the largest-remainder method: every part first gets the floor of its exact
// share, then the units left over go one each to the parts with the largest
// remainders (ties to the earlier part). The parts always add up to total
// exactly, which is what lets a spend entry be split across budget lines
// without a cent going missing.
//
// A negative total is split as its magnitude and negated, so Allocate(-x, w)
// is the mirror of Allocate(x, w). A part with weight zero gets nothing; when
// all weights are zero the total is split equally. Weights must not be
// negative (Allocate panics: that is a bug in the caller, not user input).
// With no weights there is nothing to allocate into and the result is empty.
// Intermediate products use big.Int, so no combination of int64 values
// overflows.
func Allocate(total int64, weights []int64) []int64 {
	if len(weights) == 0 {
		return []int64{}
	}
	sum := new(big.Int)
	for _, w := range weights {
		if w < 0 {
			panic("money.Allocate: negative weight")
		}
		sum.Add(sum, big.NewInt(w))
	}
	ws := weights
	if sum.Sign() == 0 {
		ws = make([]int64, len(weights))
		for i := range ws {
			ws[i] = 1
		}
		sum.SetInt64(int64(len(ws)))
	}

	mag := new(big.Int).Abs(big.NewInt(total))
	parts := make([]*big.Int, len(ws))
	rems := make([]*big.Int, len(ws))
	left := new(big.Int).Set(mag)
	for i, w := range ws {
		prod := new(big.Int).Mul(mag, big.NewInt(w))
		parts[i], rems[i] = new(big.Int).QuoRem(prod, sum, new(big.Int))
		left.Sub(left, parts[i])
	}

	// Fewer than len(ws) units are left. They go to the largest remainders;
	// the stable sort gives ties to the earlier part, which is what Split
	// promises. Zero-weight parts have remainder zero and, since the
	// remainders add up to left*sum with each below sum, more than left
	// parts have a positive remainder, so a zero weight never gets a unit.
	order := make([]int, len(ws))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return rems[order[a]].Cmp(rems[order[b]]) > 0
	})
	for _, i := range order[:left.Int64()] {
		parts[i].Add(parts[i], big.NewInt(1))
	}

	out := make([]int64, len(ws))
	for i, p := range parts {
		if total < 0 {
			p.Neg(p)
		}
		out[i] = p.Int64() // |part| <= |total|, so it fits.
	}
	return out
}

// Split divides total into n parts as equal as possible, by the same method
// as Allocate: the first parts get the extra units (100 in 3 is 34, 33, 33).
// It is used for an annual plan across quarters and a term's price across its
// billing periods. n <= 0 gives an empty result.
func Split(total int64, n int) []int64 {
	if n <= 0 {
		return []int64{}
	}
	ones := make([]int64, n)
	for i := range ones {
		ones[i] = 1
	}
	return Allocate(total, ones)
}
