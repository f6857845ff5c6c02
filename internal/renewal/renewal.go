// Package renewal holds the date arithmetic of contract terms: when a term
// renews, by when notice must be given, which date needs a person (the key
// date), how terms roll forward without drifting, what a term's payment
// schedule is, and what status a contract is in on a given day.
//
// All dates are civil dates, represented as time.Time at 00:00 UTC. Inputs
// are read by their calendar date in their own location (a time of day is
// ignored) and every result is at 00:00 UTC, so results compare cleanly with
// == and Before/After. The rules are in DOMAIN.md ("Contracts and terms").
package renewal

import (
	"fmt"
	"math/big"
	"time"

	"outlay/internal/money"
)

// civil returns the calendar date of t at 00:00 UTC, so arithmetic below never
// meets a daylight-saving gap or a stray time of day.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AddMonths moves t by n calendar months (n may be negative), keeping the day
// of the month and clamping it to the last day of a shorter month:
// 2027-01-31 + 1 is 2027-02-28, 2028-01-31 + 1 is 2028-02-29. time.AddDate
// would instead overflow into the next month (2027-03-03), which is never
// what a contract means by "one month later".
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	months := y*12 + int(m) - 1 + n
	ny, nm := months/12, months%12
	if nm < 0 { // floor division for dates before year 0
		ny, nm = ny-1, nm+12
	}
	month := time.Month(nm + 1)
	last := time.Date(ny, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(ny, month, min(d, last), 0, 0, 0, 0, time.UTC)
}

// DaysBetween counts calendar days from from to to: 1 for consecutive days,
// negative when to is before from. Pages use it for "in 23 days" and
// "5 days late".
func DaysBetween(from, to time.Time) int {
	return int(civil(to).Sub(civil(from)).Hours() / 24)
}

// Units of a notice period.
const (
	UnitDays   = "days"
	UnitMonths = "months"
)

// Notice is a contract's notice period: Value days or Value months. Months
// are counted like AddMonths (day of month kept, clamped at month end) and
// days are calendar days, as contracts write them.
type Notice struct {
	Value int
	Unit  string
}

// Validate checks a notice period entered by a user: a unit of "days" or
// "months" and a value that is not negative. A zero notice is valid (notice
// may be given up to the day before renewal).
func (n Notice) Validate() error {
	if n.Unit != UnitDays && n.Unit != UnitMonths {
		return fmt.Errorf("notice period unit must be %q or %q", UnitDays, UnitMonths)
	}
	if n.Value < 0 {
		return fmt.Errorf("notice period cannot be negative")
	}
	return nil
}

// RenewsOn is the day after termEnd: the first day of the next term, the
// day an auto-renewing contract renews by itself.
func RenewsOn(termEnd time.Time) time.Time {
	return civil(termEnd).AddDate(0, 0, 1)
}

// CancelBy is the last day on which notice is in time: renewsOn minus the
// notice period. Notice given on that day is in time; the day after is late.
// Example: term ends 2027-03-31, notice 3 months: renews on 2027-04-01,
// cancel by 2027-01-01. Units other than "months" are taken as days (Validate
// rejects them at input; counting days is the conservative reading of a
// number with no unit).
func CancelBy(renewsOn time.Time, n Notice) time.Time {
	if n.Unit == UnitMonths {
		return AddMonths(renewsOn, -n.Value)
	}
	return civil(renewsOn).AddDate(0, 0, -n.Value)
}

// Renewal types (DOMAIN.md): auto renews unless notice is given, manual ends
// unless someone renews it, none is a fixed term that simply ends.
const (
	RenewalAuto   = "auto"
	RenewalManual = "manual"
	RenewalNone   = "none"
)

// KeyDate is the date that needs a person, which reminders count down to:
// for an auto-renewing contract the cancel-by date (after it, the contract
// has renewed whether anyone wanted it or not); for manual and none the
// term's end (the day service stops unless someone acts). Unknown renewal
// types are treated like manual.
func KeyDate(renewalType string, termEnd time.Time, n Notice) time.Time {
	if renewalType == RenewalAuto {
		return CancelBy(RenewsOn(termEnd), n)
	}
	return civil(termEnd)
}

// NextTerm returns the k-th term (k = 0 is the first) of a series of terms of
// lengthMonths each counted from anchor: term k starts on
// AddMonths(anchor, k*lengthMonths) and ends the day before term k+1 starts.
//
// Every start is computed from the anchor rather than from the previous term,
// so month-end clamping never accumulates: terms from 2027-01-31 start on
// 2027-02-28, 2027-03-31, 2027-04-30, whereas stepping one month at a time
// would get stuck on the 28th.
//
// For rolling an auto contract forward, anchor is the first renewal date
// (RenewsOn of the original term's end) and k = 0 is the first renewal term;
// the original term is not part of the series because its length may differ
// from the renewal length. The same function gives the terms of a series
// that begins with the first term, with anchor = its start. (The brief's
// TermAfter(anchor, k, length) would be this same formula under another name,
// so only NextTerm exists.)
func NextTerm(anchor time.Time, lengthMonths int, k int) (start, end time.Time) {
	start = AddMonths(anchor, k*lengthMonths)
	end = AddMonths(anchor, (k+1)*lengthMonths).AddDate(0, 0, -1)
	return start, end
}

// ApplyUplift raises price by upliftBasisPoints (350 = 3.50%; negative for a
// decrease), rounding half away from zero to the minor unit: 1000 cents +
// 3.25% is 1032.5, billed as 1033. Integer arithmetic only, via big.Int so no
// intermediate product overflows. A result outside int64 (only possible for
// absurd prices) panics rather than returning a wrong amount.
func ApplyUplift(price int64, upliftBasisPoints int64) int64 {
	const scale = 10000
	num := new(big.Int).Mul(big.NewInt(price), new(big.Int).Add(big.NewInt(scale), big.NewInt(upliftBasisPoints)))
	q, r := new(big.Int).QuoRem(num, big.NewInt(scale), new(big.Int)) // truncates toward zero
	if r.Abs(r).Mul(r, big.NewInt(2)).Cmp(big.NewInt(scale)) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	if !q.IsInt64() {
		panic("renewal.ApplyUplift: result overflows int64")
	}
	return q.Int64()
}

// Derived contract statuses. Status is never typed in; it follows from the
// dates, the renewal type and the decision recorded on the current term.
const (
	StatusUpcoming = "upcoming"
	StatusActive   = "active"
	StatusNotice   = "notice" // the notice period is running
	// StatusNoticeMissed is an auto contract whose cancel-by date passed with no renew
	// or cancel decision while its term still runs: it will renew by itself, and still
	// needs a person (a renegotiation, a late notice the vendor may accept).
	StatusNoticeMissed = "notice_missed"
	StatusCancelled    = "cancelled"
	StatusEnded        = "ended"
)

// Renewal decisions recorded on a term. DecisionNone means none was recorded.
const (
	DecisionNone        = ""
	DecisionRenew       = "renew"
	DecisionRenegotiate = "renegotiate"
	DecisionCancel      = "cancel"
)

// StatusInput is what Status needs to know about a contract and its current
// term.
type StatusInput struct {
	RenewalType string    // "auto", "manual" or "none"
	FirstStart  time.Time // start of the contract's first term
	TermStart   time.Time // start of the current term; informational, no rule depends on it
	TermEnd     time.Time // end of the current term (inclusive)
	Notice      Notice
	Decision    string // "", "renew", "renegotiate" or "cancel" on the current term
	WindowDays  int    // reminder window: the largest reminder offset, e.g. 90
	// Archived contracts do not roll, so an archived auto contract past its end has
	// ended like any other.
	Archived bool
}

// Status derives a contract's status on today. The rules, first match wins:
//
//  1. Before the first term starts: upcoming.
//  2. After the current term's end: cancelled if the decision was to cancel; active
//     for an auto contract that is not archived (it has renewed by itself, and the roll
//     that stores its next term runs in the same transaction as any change and in the
//     hourly upkeep, so nobody sees a running auto contract as ended in between);
//     otherwise ended (manual or none past their end: nothing follows).
//  3. Decision cancel: cancelled (it is still running but will not go on).
//  4. Decision renew: active; the renewal is settled, reminders have stopped,
//     so the notice window is no longer interesting.
//  5. From WindowDays before the key date up to and including the key date:
//     notice, i.e. the notice period is running and someone must decide.
//     Renegotiate does not stop this, just as it does not stop reminders.
//  6. An auto contract after its key date (the cancel-by date) while its term runs:
//     notice missed. It will renew whether anyone wanted it or not; renegotiate does
//     not settle it either. (For manual and none the key date is the term's end, so
//     they never get here.)
//  7. Otherwise active.
func Status(today time.Time, in StatusInput) string {
	today = civil(today)
	switch {
	case today.Before(civil(in.FirstStart)):
		return StatusUpcoming
	case today.After(civil(in.TermEnd)):
		switch {
		case in.Decision == DecisionCancel:
			return StatusCancelled
		case in.RenewalType == RenewalAuto && !in.Archived:
			return StatusActive
		}
		return StatusEnded
	case in.Decision == DecisionCancel:
		return StatusCancelled
	case in.Decision == DecisionRenew:
		return StatusActive
	}
	key := KeyDate(in.RenewalType, in.TermEnd, in.Notice)
	windowStart := key.AddDate(0, 0, -max(in.WindowDays, 0))
	switch {
	case !today.Before(windowStart) && !today.After(key):
		return StatusNotice
	case in.RenewalType == RenewalAuto && today.After(key):
		return StatusNoticeMissed
	}
	return StatusActive
}

// Billing frequencies of a term.
const (
	BillingMonthly   = "monthly"
	BillingQuarterly = "quarterly"
	BillingAnnual    = "annual"
	BillingUpfront   = "upfront"
)

// Payment is one scheduled payment of a term: due on the first day of its
// billing period (billed in advance), for the period PeriodStart..PeriodEnd
// (both inclusive).
type Payment struct {
	Due         time.Time
	PeriodStart time.Time
	PeriodEnd   time.Time
	Amount      int64
}

// addMonthsOnDay is AddMonths(start, n) landing on the given day of the month rather
// than start's, clamped to the month's last day.
func addMonthsOnDay(start time.Time, n, day int) time.Time {
	first := time.Date(start.Year(), start.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(day, last), 0, 0, 0, 0, time.UTC)
}

// Schedule returns the payment schedule of a term from start to end (both
// inclusive) priced at price: billing periods of one (monthly), three
// (quarterly) or twelve (annual) months run from start, each computed from
// start as AddMonths(start, i*step) so they do not drift at month ends, the
// last one cut at the term's end; upfront is one period for the whole term.
//
// A term that starts on a month's last day because its series is anchored on a
// later day (a monthly renewal of a 31 January contract runs 28 February to 30
// March) steps by that anchor day, read from the day after the term's end, so
// the term is one period and not a month plus three days.
// The price is split equally over the periods with money.Split (a shorter
// last period is still one period; earlier periods take the odd units), so
// the payments always add up to the price. The result is empty for an
// unknown billing frequency or when end is before start.
func Schedule(start, end time.Time, price int64, billing string) []Payment {
	start, end = civil(start), civil(end)
	if end.Before(start) {
		return nil
	}
	var step int
	switch billing {
	case BillingMonthly:
		step = 1
	case BillingQuarterly:
		step = 3
	case BillingAnnual:
		step = 12
	case BillingUpfront:
		return []Payment{{Due: start, PeriodStart: start, PeriodEnd: end, Amount: price}}
	default:
		return nil
	}
	day := start.Day()
	if next := end.AddDate(0, 0, 1); start.AddDate(0, 0, 1).Day() == 1 && next.Day() > day {
		// start is a month's last day, clamped from the anchor day the term's end shows.
		day = next.Day()
	}
	at := func(i int) time.Time {
		if i == 0 {
			return start
		}
		return addMonthsOnDay(start, i*step, day)
	}
	var pays []Payment
	for i := 0; ; i++ {
		ps := at(i)
		if ps.After(end) {
			break
		}
		pe := at(i+1).AddDate(0, 0, -1)
		if pe.After(end) {
			pe = end
		}
		pays = append(pays, Payment{Due: ps, PeriodStart: ps, PeriodEnd: pe})
	}
	for i, amount := range money.Split(price, len(pays)) {
		pays[i].Amount = amount
	}
	return pays
}
