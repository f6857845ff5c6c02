package outlay

import (
	"context"
	"time"

	"outlay/internal/renewal"
)

// Audit actions of the changes people make to a contract's terms after the fact.
const (
	ActionCorrectTerm = "correct_term"
	ActionRemoveTerm  = "remove_term"
)

// Renewal is what a person chooses when renewing a contract by hand. A zero field takes
// the default of Contract.NextTerm: the renewal term length, the current price raised by
// the uplift, the current billing.
type Renewal struct {
	// FromTermID is the term the person saw as the one to renew. When set and no longer
	// the latest term (renewed meanwhile: a double click, the back button), the renewal is
	// refused instead of adding a second term.
	FromTermID int64
	Months     int    // length of the new term in months; 0: the default length
	Price      *int64 // for the whole new term, in the contract's currency
	Billing    string
}

// RenewalTerm is the term renewing with r would add after the current one (not stored),
// or nil for a contract without terms. Dates come from renewal.Following, so a chosen
// length still keeps month ends from drifting.
func (c *Contract) RenewalTerm(r Renewal) *Term {
	next := c.NextTerm()
	if next == nil {
		return nil
	}
	if r.Months > 0 {
		spans := make([]renewal.Span, len(c.Terms))
		for i, t := range c.Terms {
			spans[i] = renewal.Span{Start: t.StartDate, End: t.EndDate}
		}
		s := renewal.Following(spans, r.Months)
		next.StartDate, next.EndDate = s.Start, s.End
	}
	if r.Price != nil {
		next.Price = *r.Price
	}
	if r.Billing != "" {
		next.Billing = r.Billing
	}
	return next
}

// RenewalMonths is the length a renewal page offers: the renewal term length when set,
// else the current term's length when it is a whole number of months, else 0 (the person
// types it).
func (c *Contract) RenewalMonths() int {
	if c.RenewalTermMonths > 0 {
		return c.RenewalTermMonths
	}
	if t := c.CurrentTerm(); t != nil {
		return renewal.WholeMonths(t.StartDate, t.EndDate)
	}
	return 0
}

// CheckRenewableOn is CheckRenewable with the rules that need the date: renewing is for
// the latest term once (DOMAIN.md "A renewal by hand creates the next term once"), so a
// contract whose latest term has not started yet, after an earlier one, was already
// renewed; a fixed-term contract (renewal type none) simply ends and is never renewed.
func (c *Contract) CheckRenewableOn(today time.Time) error {
	if err := c.CheckRenewable(); err != nil {
		return err
	}
	if c.RenewalType == renewal.RenewalNone {
		return Errorf(ECONFLICT, "This contract has a fixed term that simply ends (renewal type none); it cannot be renewed. Change its renewal type first if it should go on.")
	}
	if cur := c.CurrentTerm(); len(c.Terms) > 1 && cur.StartDate.After(today) {
		return Errorf(ECONFLICT, "This contract is already renewed: its next term runs from %s to %s. Correct or remove that term instead of renewing again.",
			FormatDate(cur.StartDate), FormatDate(cur.EndDate))
	}
	return nil
}

// CheckRenewal is CheckRenewableOn for a renewal that names the term it renews: a term
// that is no longer the latest one was renewed meanwhile.
func (c *Contract) CheckRenewal(today time.Time, r Renewal) error {
	if cur := c.CurrentTerm(); cur != nil && r.FromTermID != 0 && r.FromTermID != cur.ID {
		return Errorf(ECONFLICT, "This contract was renewed meanwhile: its latest term now runs from %s to %s. Nothing was changed.",
			FormatDate(cur.StartDate), FormatDate(cur.EndDate))
	}
	return c.CheckRenewableOn(today)
}

// TermIndex returns the position of the term with id in c.Terms, or -1.
func (c *Contract) TermIndex(id int64) int {
	for i, t := range c.Terms {
		if t.ID == id {
			return i
		}
	}
	return -1
}

// CheckTermCorrection checks a corrected term against its neighbours: it must start the
// day after the previous term ends and end the day before the next one starts, so that
// terms neither overlap nor leave a gap. Problems are reported under start_date and
// end_date, with the day that would fit.
func (c *Contract) CheckTermCorrection(i int, t *Term) error {
	f := FieldErrors{}
	t.validate(f, "")
	if err := f.Err(); err != nil {
		return err
	}
	if i > 0 {
		prev := c.Terms[i-1]
		want := renewal.RenewsOn(prev.EndDate)
		switch {
		case t.StartDate.Before(want):
			f.Add("start_date", "overlaps the previous term, which ends on "+FormatDate(prev.EndDate)+"; the start must be "+FormatDate(want))
		case t.StartDate.After(want):
			f.Add("start_date", "leaves a gap after the previous term, which ends on "+FormatDate(prev.EndDate)+"; the start must be "+FormatDate(want))
		}
	}
	if i < len(c.Terms)-1 {
		next := c.Terms[i+1]
		want := next.StartDate.AddDate(0, 0, -1)
		switch {
		case t.EndDate.After(want):
			f.Add("end_date", "overlaps the next term, which starts on "+FormatDate(next.StartDate)+"; the end must be "+FormatDate(want))
		case t.EndDate.Before(want):
			f.Add("end_date", "leaves a gap before the next term, which starts on "+FormatDate(next.StartDate)+"; the end must be "+FormatDate(want))
		}
	}
	return f.Err()
}

// CheckTermRemoval returns an ECONFLICT error saying why the term with id cannot be
// removed, or nil. Only the latest term, after an earlier one, that has not started yet
// may go: a term that ran is history, and the history of prices must stay.
func (c *Contract) CheckTermRemoval(today time.Time, id int64) error {
	i := c.TermIndex(id)
	switch {
	case i < 0:
		return Errorf(ENOTFOUND, "Term not found.")
	case c.Archived():
		return Errorf(ECONFLICT, "This contract is archived; its terms can no longer change.")
	case i != len(c.Terms)-1:
		return Errorf(ECONFLICT, "Only the latest term can be removed; this one is followed by another.")
	case i == 0:
		return Errorf(ECONFLICT, "This is the contract's only term; a contract keeps at least one. Archive the contract instead.")
	case !c.Terms[i].StartDate.After(today):
		return Errorf(ECONFLICT, "This term started on %s; only a term that has not started yet can be removed. Correct its dates or price instead.", FormatDate(c.Terms[i].StartDate))
	}
	return nil
}

// ContractPayment is one scheduled payment of a contract, as stored with its schedule.
type ContractPayment struct {
	Due         time.Time
	PeriodStart time.Time
	PeriodEnd   time.Time
	Amount      int64  // in the contract's currency
	BaseAmount  *int64 // in the base currency; nil while no rate is known
	Projected   bool   // of a term an auto contract will roll into, not stored yet
	Invoiced    bool   // a spend entry linked to the contract falls in the period
}

// Overdue reports whether the payment's due date has passed while it is not invoiced:
// the cost is still coming and someone should chase the invoice.
func (p ContractPayment) Overdue(today time.Time) bool {
	return !p.Invoiced && p.Due.Before(today)
}

// TermService changes a contract's terms after the fact and reads their schedule. Every
// change is audited, and the contract's key dates and payments follow in the same
// transaction.
type TermService interface {
	// RenewContractWith appends the term Contract.RenewalTerm(r) and returns it, after
	// Contract.CheckRenewal: renewing is for the latest term, once.
	RenewContractWith(ctx context.Context, contractID int64, r Renewal) (*Term, error)
	// UpdateTerm corrects a term's dates, price and billing (CheckTermCorrection) and
	// returns the contract as stored.
	UpdateTerm(ctx context.Context, contractID int64, t *Term) (*Contract, error)
	// DeleteTerm removes the latest term when it has not started yet (CheckTermRemoval).
	DeleteTerm(ctx context.Context, contractID, termID int64) error
	// FindContractPayments returns the contract's scheduled payments whose period starts
	// from from to to (inclusive), by due date.
	FindContractPayments(ctx context.Context, contractID int64, from, to time.Time) ([]ContractPayment, error)
}
