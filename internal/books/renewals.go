package books

import (
	"context"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// RenewalHorizonDays is how far ahead the Renewals page lists key dates: twelve months.
const RenewalHorizonDays = 365

// RenewalFilter narrows the key dates of the Renewals page. Its zero value keeps them all.
type RenewalFilter struct {
	// OwnerEmail keeps a contract's key date when it is the owner or the backup owner,
	// and a licence's expiry when it is the licence's owner: whoever a reminder reaches.
	OwnerEmail string
	VendorID   *int64
	// RenewalType (auto, manual, none) keeps the contracts of that type; a licence has
	// no renewal type, so its expiries drop out when one is asked for.
	RenewalType string
	// Decision keeps the contracts whose current term has that decision (renew,
	// renegotiate, cancel), or none ("none"): nobody decided yet, which a licence's
	// expiry also is, since a licence has no decision to record.
	Decision string
}

// DecisionFilterNone is the decision filter value of the key dates nobody decided on.
const DecisionFilterNone = "none"

// DecisionFilters are the values the decision filter takes, in the order pages list them.
var DecisionFilters = []string{DecisionFilterNone, renewal.DecisionRenew, renewal.DecisionRenegotiate, renewal.DecisionCancel}

// Match reports whether the filter keeps the key date.
func (f RenewalFilter) Match(k KeyDate) bool {
	owner := outlay.NormalizeEmail(f.OwnerEmail)
	if c := k.Contract; c != nil {
		decision := c.Decision()
		if decision == renewal.DecisionNone {
			decision = DecisionFilterNone
		}
		return (owner == "" || outlay.NormalizeEmail(c.OwnerEmail) == owner || outlay.NormalizeEmail(c.BackupOwnerEmail) == owner) &&
			(f.VendorID == nil || c.VendorID == *f.VendorID) &&
			(f.RenewalType == "" || c.RenewalType == f.RenewalType) &&
			(f.Decision == "" || decision == f.Decision)
	}
	if l := k.Licence; l != nil {
		return (owner == "" || outlay.NormalizeEmail(l.OwnerEmail) == owner) &&
			(f.VendorID == nil || l.VendorID == *f.VendorID) &&
			f.RenewalType == "" &&
			(f.Decision == "" || f.Decision == DecisionFilterNone)
	}
	return false
}

// Renewals are the key dates of the Renewals page once filtered.
type Renewals struct {
	Rows   []KeyDate // soonest first, the missed ones leading
	Missed int       // of Rows, the dates that already passed
}

// RenewalKeyDates returns the key dates that need a person (NeedingAPerson, the
// dashboard's rule) up to q's horizon, all of them whatever q.Limit says, that the filter
// keeps. The rule's queries are narrowed by what the filter names (KeyDateQuery.Narrow),
// and the filter is still applied to the rule's rows, so the page can never list a date
// the rule would not: there is one rule, not two.
func RenewalKeyDates(ctx context.Context, contracts ContractFinder, licences LicenceFinder, q KeyDateQuery, f RenewalFilter) (*Renewals, error) {
	q.Limit = 0
	q.Narrow = &f
	all, err := NeedingAPerson(ctx, contracts, licences, q)
	if err != nil {
		return nil, err
	}
	out := &Renewals{}
	for _, k := range all.Rows {
		if !f.Match(k) {
			continue
		}
		out.Rows = append(out.Rows, k)
		if k.DaysLeft < 0 {
			out.Missed++
		}
	}
	return out, nil
}
