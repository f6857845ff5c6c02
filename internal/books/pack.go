package books

import (
	"cmp"
	"context"
	"slices"
	"time"

	"outlay/internal/outlay"
)

// FinancePack gathers everything the quarterly finance pack shows for q, every part of
// it read in one read transaction (one View), so that every sheet agrees with every
// other whatever is written meanwhile. The budget figures are BudgetYear's, computed on
// that transaction, so the pack and the budget list cannot differ.
//
// A bad query is EINVALID with the field messages the API uses (fy, quarter, basis).
// A fiscal year without budget lines is not an error: the pack has no lines, and still
// its spend, commitments, vendors, contracts, renewals and licences. A zero q.Now means
// now.
func FinancePack(ctx context.Context, view outlay.Viewer, q outlay.PackQuery) (*outlay.FinancePack, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if q.Now.IsZero() {
		q.Now = time.Now().UTC()
	}
	var p *outlay.FinancePack
	err := view.View(ctx, func(tx outlay.ReadTx) error {
		var err error
		p, err = readPack(ctx, tx, q)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// civilDay is t's calendar date at 00:00 UTC, the "today" of the rules.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// readPack builds the pack from one read transaction.
func readPack(ctx context.Context, tx outlay.ReadTx, q outlay.PackQuery) (*outlay.FinancePack, error) {
	st, err := tx.GetSettings(ctx)
	if err != nil {
		return nil, err
	}
	basis := q.Basis
	if basis == "" {
		basis = st.Basis
	}
	if basis != outlay.BasisAccrual {
		basis = outlay.BasisCash
	}
	cal := st.Calendar()
	today := civilDay(q.Now)
	p := &outlay.FinancePack{
		OrgName: st.OrgName, Base: st.BaseCurrency, Basis: basis, FY: q.FY, Quarter: q.Quarter,
		GeneratedAt: q.Now, GeneratedBy: q.By,
	}
	p.From, p.To = cal.QuarterBounds(q.FY, q.Quarter)
	p.YearFrom, p.YearTo = cal.Bounds(q.FY)

	year, err := budgetYear(ctx, tx, tx, BudgetQuery{
		Filter: outlay.BudgetLineFilter{FY: q.FY}, Quarter: q.Quarter, Today: today, Settings: &st, Basis: basis,
	})
	if err != nil {
		return nil, err
	}
	p.Lines, p.Unbudgeted, p.Totals = byCategory(year.Lines), year.Unbudgeted, year.Totals

	if p.Rates, err = packRates(ctx, tx, p.From, p.To); err != nil {
		return nil, err
	}
	conv := newConverter(tx, st.BaseCurrency, today)
	if err := readPackSpend(ctx, tx, p); err != nil {
		return nil, err
	}
	if err := readPackCommitments(ctx, tx, p, today); err != nil {
		return nil, err
	}
	if err := readPackContracts(ctx, tx, p, st, today, conv); err != nil {
		return nil, err
	}
	if p.Licences, err = packLicences(ctx, tx, today, conv); err != nil {
		return nil, err
	}
	return p, nil
}

// byCategory orders a year's lines as the Summary groups them: categories in the
// domain's order (outlay.VendorCategories, as the dashboard lists them; any other
// after them, by name), and within a category the budget list's code order.
func byCategory(lines []outlay.BudgetLineFigures) []outlay.BudgetLineFigures {
	rank := func(cat string) int {
		if i := slices.Index(outlay.VendorCategories, cat); i >= 0 {
			return i
		}
		return len(outlay.VendorCategories)
	}
	out := slices.Clone(lines)
	slices.SortStableFunc(out, func(a, b outlay.BudgetLineFigures) int {
		return cmp.Or(cmp.Compare(rank(a.Line.Category), rank(b.Line.Category)), cmp.Compare(a.Line.Category, b.Line.Category))
	})
	return out
}

// packRates are the exchange rates that applied on some day of from..to: per currency,
// the last one in effect on from and every one that took effect after it up to to, by
// currency and date.
func packRates(ctx context.Context, tx outlay.ReadTx, from, to time.Time) ([]*outlay.Rate, error) {
	all, _, err := tx.FindRates(ctx, outlay.RateFilter{})
	if err != nil {
		return nil, err
	}
	// all is newest first within each currency: the first rate on or before from is the
	// one in effect at the start; every later one up to to took effect during it.
	var out []*outlay.Rate
	started := map[string]bool{}
	for _, r := range all {
		switch {
		case r.EffectiveFrom.After(to):
		case r.EffectiveFrom.After(from):
			out = append(out, r)
		case !started[r.Currency]:
			started[r.Currency] = true
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b *outlay.Rate) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), a.EffectiveFrom.Compare(b.EffectiveFrom))
	})
	return out, nil
}
