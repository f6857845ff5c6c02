package renewal

import "time"

// Span is the dates of one term, both inclusive.
type Span struct {
	Start, End time.Time
}

// WholeMonths returns n when the term start..end (inclusive) is exactly n calendar months
// long, that is AddMonths(start, n) is the day after end; otherwise 0. A term from
// 2027-01-31 to 2027-02-27 is one month (AddMonths clamps to 2027-02-28); a term of 30
// days from 2027-04-01 to 2027-04-30 is one month too, but 2027-04-01..2027-04-20 is none.
func WholeMonths(start, end time.Time) int {
	start, next := civil(start), RenewsOn(end)
	if !next.After(start) {
		return 0
	}
	sy, sm, _ := start.Date()
	ny, nm, _ := next.Date()
	n := (ny-sy)*12 + int(nm-sm)
	if n > 0 && AddMonths(start, n).Equal(next) {
		return n
	}
	return 0
}

// Following returns the dates of the term that follows terms (oldest first; the last
// one is the current term). lengthMonths is the contract's renewal term length; 0 means
// "as long as the current term": in whole months when its length is a whole number of
// months, else the same number of days.
//
// Terms must not drift at month ends (DOMAIN.md: a monthly term that starts on 31
// January renews on 28 February, 31 March, 30 April), so a new term is never computed
// from the previous one alone. Instead Following looks for the longest run of terms,
// ending with the current one, that is exactly the series NextTerm(anchor, L, 0),
// NextTerm(anchor, L, 1), … with anchor = the run's first start, and returns the run's
// next member. That anchor is the first renewal date when the original term had another
// length, and the original term's start when it had the same length (which is what the
// 31 January example needs: anchored at 28 February, the series would stick to the 28th).
// When no run ends with the current term (the renewal length was changed, or the
// current term was typed in with an odd length), a new series starts the day after the
// current term.
//
// The result is the zero Span when terms is empty.
func Following(terms []Span, lengthMonths int) Span {
	if len(terms) == 0 {
		return Span{}
	}
	n := len(terms) - 1
	for j := 0; j <= n; j++ {
		l := lengthMonths
		if l <= 0 {
			l = WholeMonths(terms[j].Start, terms[j].End)
		}
		if l > 0 && isSeries(terms[j:], l) {
			s, e := NextTerm(civil(terms[j].Start), l, n-j+1)
			return Span{s, e}
		}
	}
	cur := terms[n]
	next := RenewsOn(cur.End)
	if lengthMonths > 0 {
		s, e := NextTerm(next, lengthMonths, 0)
		return Span{s, e}
	}
	// Not a whole number of months (else the loop had found the run of the current term
	// alone): the same number of days.
	days := DaysBetween(cur.Start, cur.End) + 1
	return Span{next, next.AddDate(0, 0, max(days, 1)-1)}
}

// isSeries reports whether ts are exactly the first len(ts) terms of the series of
// lengthMonths anchored at the first term's start.
func isSeries(ts []Span, lengthMonths int) bool {
	anchor := civil(ts[0].Start)
	for k, t := range ts {
		s, e := NextTerm(anchor, lengthMonths, k)
		if !s.Equal(civil(t.Start)) || !e.Equal(civil(t.End)) {
			return false
		}
	}
	return true
}
