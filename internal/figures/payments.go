package figures

import (
	"sort"
	"time"

	"outlay/internal/renewal"
)

// ContractInput is what ProjectPayments needs to know about a contract: its
// renewal rules and its terms. Amounts are in the contract's currency.
type ContractInput struct {
	ID int64
	// RenewalType is "auto", "manual" or "none" (renewal.RenewalAuto etc.).
	// Only auto contracts are projected to roll.
	RenewalType string
	// RenewalTermMonths is the length of a renewal term; 0 means "as long as
	// the current term", which works only when that is a whole number of
	// months.
	RenewalTermMonths int
	// UpliftBasisPoints raises the price at each roll (300 = 3%).
	UpliftBasisPoints int64
	// Terms are the contract's recorded terms, oldest first.
	Terms []TermInput
	// Cancelled is true when a "cancel" decision is recorded on the current
	// (last) term: the contract runs to the term's end and does not roll.
	Cancelled bool
}

// TermInput is one recorded term: Start..End inclusive, the price of the
// whole term and its billing frequency ("monthly", "quarterly", "annual" or
// "upfront").
type TermInput struct {
	Start, End time.Time
	Price      int64
	Billing    string
}

// ScheduledPayment is one payment of a contract's schedule, due on the first
// day of its billing period PeriodStart..PeriodEnd (inclusive). Projected is
// true for payments of terms that do not exist yet but that an auto contract
// will roll into, so pages can show them as expected rather than agreed.
type ScheduledPayment struct {
	ContractID  int64
	Due         time.Time
	PeriodStart time.Time
	PeriodEnd   time.Time
	Amount      int64
	Projected   bool
}

// ProjectPayments returns the payments of contract c due on or before until,
// in due-date order: the payment schedule (renewal.Schedule) of every
// recorded term, and, for an auto contract without a cancel decision, the
// schedules of the terms it will roll into, while such a term starts on or
// before until. The forecast needs the projected terms: an auto contract that
// renews before year end costs money this year even though no one has
// recorded the new term yet.
//
// Projection follows DOMAIN.md's rolling rule:
//   - the renewal length is RenewalTermMonths, or when that is 0 the length
//     of the last term in whole months; when the last term is not a whole
//     number of months (for example 2027-01-01..2027-02-14) nothing is
//     projected, because no honest renewal length can be guessed. A term
//     counts as n whole months when renewal.AddMonths from some day of the
//     month gives its start and the day after its end, so a term clamped at a
//     month end (2027-02-28..2027-03-30, anchored on the 30th) counts too;
//   - term starts are counted from an anchor, anchor + k × length clamped to
//     the month end, so there is no drift: each projected term is
//     renewal.Following of the terms before it, the rule the roll job writes
//     terms by, so a series begun on 31 January renews on 28 February, 31
//     March, 30 April whether its earlier terms are recorded or projected;
//   - the price of each projected term is the previous term's price raised by
//     UpliftBasisPoints (renewal.ApplyUplift, rounded per roll), starting
//     from the last recorded term's price;
//   - billing is the last recorded term's billing.
//
// Manual and none contracts never roll: someone must record the next term.
func ProjectPayments(c ContractInput, until time.Time) []ScheduledPayment {
	until = civil(until)
	var out []ScheduledPayment
	add := func(start, end time.Time, price int64, billing string, projected bool) {
		for _, p := range renewal.Schedule(start, end, price, billing) {
			if p.Due.After(until) {
				break // Schedule is in due order
			}
			out = append(out, ScheduledPayment{
				ContractID: c.ID, Due: p.Due, PeriodStart: p.PeriodStart, PeriodEnd: p.PeriodEnd,
				Amount: p.Amount, Projected: projected,
			})
		}
	}
	for _, t := range c.Terms {
		add(t.Start, t.End, t.Price, t.Billing, false)
	}

	if c.RenewalType == renewal.RenewalAuto && !c.Cancelled && len(c.Terms) > 0 {
		last := c.Terms[len(c.Terms)-1]
		{
			// The projected terms are the ones the roll job will write: each one is
			// renewal.Following of the terms before it, the same function the roll uses,
			// so projection and roll agree on the anchor (31 January renews on 28
			// February, 31 March, 30 April), and on a term that is no whole number of
			// months (renewed for as many days).
			spans := make([]renewal.Span, len(c.Terms))
			for i, t := range c.Terms {
				spans[i] = renewal.Span{Start: civil(t.Start), End: civil(t.End)}
			}
			price := last.Price
			for {
				next := renewal.Following(spans, c.RenewalTermMonths)
				if next.Start.After(until) {
					break
				}
				price = renewal.ApplyUplift(price, c.UpliftBasisPoints)
				add(next.Start, next.End, price, last.Billing, true)
				spans = append(spans, next)
			}
		}
	}

	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out
}

// InvoicedPeriod is a spend entry linked to a contract, by its date: the
// evidence that the contract's payment for the billing period containing
// that date has been invoiced.
type InvoicedPeriod struct {
	ContractID int64
	Date       time.Time
}

// Uninvoiced returns the payments that no spend entry has invoiced yet, in
// their input order: a scheduled payment counts as invoiced once a spend
// entry linked to the same contract is dated within its billing period
// [PeriodStart, PeriodEnd]. These are the committed amounts. It sorts the
// invoice dates per contract and binary-searches each period, so it costs
// O((n+m) log m) for n payments and m invoices.
func Uninvoiced(payments []ScheduledPayment, invoices []InvoicedPeriod) []ScheduledPayment {
	dates := make(map[int64][]time.Time)
	for _, inv := range invoices {
		dates[inv.ContractID] = append(dates[inv.ContractID], civil(inv.Date))
	}
	for _, ds := range dates {
		sort.Slice(ds, func(i, j int) bool { return ds[i].Before(ds[j]) })
	}
	out := []ScheduledPayment{}
	for _, p := range payments {
		ds := dates[p.ContractID]
		from, to := civil(p.PeriodStart), civil(p.PeriodEnd)
		i := sort.Search(len(ds), func(i int) bool { return !ds[i].Before(from) })
		if i < len(ds) && !ds[i].After(to) {
			continue // invoiced
		}
		out = append(out, p)
	}
	return out
}
