package books

import (
	"context"
	"slices"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// KeyDateQuery asks for the key dates that need a person.
type KeyDateQuery struct {
	Today      time.Time
	WindowDays int // the reminder window, for the contracts' status
	// HorizonDays bounds how far ahead dates are listed; the missed cancel-by dates of
	// running terms are listed however long ago they passed.
	HorizonDays int
	// Limit caps the rows returned (0: all); the counts cover every date in range.
	Limit int
	// Narrow, when set, keeps only what the Renewals page's filter can keep, in the
	// queries themselves: the contracts of its vendor, owner and renewal type, and no
	// licences when it asks for a renewal type or a decision a licence cannot have.
	// The filter's own Match still decides; this only spares reading the rest.
	Narrow *RenewalFilter
}

// KeyDate is one date that needs a person: a contract's key date (Contract set) or the
// expiry of a licence no contract covers (Licence set).
type KeyDate struct {
	Date     time.Time
	DaysLeft int // negative when it passed
	Contract *outlay.Contract
	Licence  *outlay.Licence
}

// KeyDates are the rows of a key-date table and how many dates there are in all.
type KeyDates struct {
	Rows      []KeyDate
	Contracts int // contract key dates in range, shown or not
	Licences  int // uncovered licence expiries in range, shown or not
}

// Total counts every date in range, shown or not.
func (k *KeyDates) Total() int { return k.Contracts + k.Licences }

// ContractFinder finds contracts: the contract service, or a read transaction.
type ContractFinder interface {
	FindContracts(ctx context.Context, f outlay.ContractFilter) ([]*outlay.Contract, int, error)
}

// LicenceFinder finds licences: the licence service, or a read transaction.
type LicenceFinder interface {
	FindLicences(ctx context.Context, f outlay.LicenceFilter) ([]*outlay.Licence, int, error)
}

// NeedingAPerson returns the key dates that need a person (DOMAIN.md, "Contracts and
// terms"), soonest first: the contracts' upcoming key dates up to the horizon and the
// cancel-by dates missed while the term still runs with no renew or cancel decision
// (an ended contract is not among them), beside the expiries up to the horizon of
// licences that no contract covers (no contract, or one that is archived, cancelled or
// ended). The dashboard's table reads it; the contract list by key date orders its rows
// by the same rule.
func NeedingAPerson(ctx context.Context, contracts ContractFinder, licences LicenceFinder, q KeyDateQuery) (*KeyDates, error) {
	today := q.Today
	horizon := today.AddDate(0, 0, q.HorizonDays)
	cf := outlay.ContractFilter{
		KeyDateFrom: &today, KeyDateTo: &horizon, LateUndecided: true,
		Today: today, WindowDays: q.WindowDays, Sort: "key_date", Limit: q.Limit,
	}
	before := horizon.AddDate(0, 0, 1)
	lf := outlay.LicenceFilter{
		ExpiringFrom: &today, ExpiringBefore: &before, UncoveredOn: &today, Sort: "expiry", Limit: q.Limit,
	}
	readLicences := true
	if n := q.Narrow; n != nil {
		cf.VendorID, cf.OwnerEmail, cf.RenewalType = n.VendorID, n.OwnerEmail, n.RenewalType
		lf.VendorID = n.VendorID
		readLicences = n.RenewalType == "" && (n.Decision == "" || n.Decision == DecisionFilterNone)
	}
	cs, nc, err := contracts.FindContracts(ctx, cf)
	if err != nil {
		return nil, err
	}
	var ls []*outlay.Licence
	var nl int
	if readLicences {
		if ls, nl, err = licences.FindLicences(ctx, lf); err != nil {
			return nil, err
		}
	}
	out := &KeyDates{Contracts: nc, Licences: nl, Rows: make([]KeyDate, 0, len(cs)+len(ls))}
	for _, c := range cs {
		out.Rows = append(out.Rows, KeyDate{Date: c.KeyDate, DaysLeft: c.DaysLeft, Contract: c})
	}
	for _, l := range ls {
		out.Rows = append(out.Rows, KeyDate{Date: l.ExpiryDate, DaysLeft: renewal.DaysBetween(today, l.ExpiryDate), Licence: l})
	}
	// Both lists come sorted by date; a stable sort keeps a contract before a licence
	// on the same day, and each list's own order within it.
	slices.SortStableFunc(out.Rows, func(a, b KeyDate) int { return a.Date.Compare(b.Date) })
	if q.Limit > 0 && len(out.Rows) > q.Limit {
		out.Rows = out.Rows[:q.Limit]
	}
	return out, nil
}
