package books

import (
	"context"
	"math/big"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// readPackContracts fills the register (Contracts), the key dates (Renewals) and the
// vendors' rows, which count the contracts and take their next key dates.
func readPackContracts(ctx context.Context, tx outlay.ReadTx, p *outlay.FinancePack, st outlay.Settings, today time.Time, conv *converter) error {
	window := st.WindowDays()
	cs, _, err := tx.FindContracts(ctx, outlay.ContractFilter{Today: today, WindowDays: window, Sort: "vendor"})
	if err != nil {
		return err
	}
	p.Contracts = make([]outlay.PackContract, 0, len(cs))
	annual := make(map[int64]outlay.PackContract, len(cs))
	for _, c := range cs {
		pc := outlay.PackContract{Contract: c}
		if pc.AnnualValue, pc.AnnualKnown, err = annualValue(ctx, c, conv); err != nil {
			return err
		}
		p.Contracts = append(p.Contracts, pc)
		annual[c.ID] = pc
	}

	// From today, so that no key date between today and the next quarter is missed
	// while the pack's quarter still runs.
	from, to := today, renewalWindowEnd(st, p.FY, p.Quarter)
	// Up to the window's end, and never short of today: a pack of a past quarter still
	// lists the cancel-by dates missed so far.
	horizon := max(renewal.DaysBetween(today, to), 0)
	keys, err := NeedingAPerson(ctx, tx, tx, KeyDateQuery{Today: today, WindowDays: window, HorizonDays: horizon})
	if err != nil {
		return err
	}
	p.Renewals = packRenewals(keys.Rows, annual, from, to, today)
	return readPackVendors(ctx, tx, p, cs, today)
}

// renewalWindowEnd is the last day of the second fiscal quarter after quarter q of fy:
// the end of the Renewals sheet's dates (FY2027 Q2: the end of Q4; Q4: of the next
// year's Q2), nine months after the quarter's first day.
func renewalWindowEnd(st outlay.Settings, fy, q int) time.Time {
	start, _ := st.Calendar().QuarterBounds(fy, q)
	return start.AddDate(0, 9, -1)
}

// packRenewals keeps the key dates that need a person (NeedingAPerson's rows, soonest
// first) that fall in the window, and the cancel-by dates missed before today while the
// term runs undecided, which need a person whatever the window. Dates past the window
// are left to later packs.
func packRenewals(rows []KeyDate, annual map[int64]outlay.PackContract, from, to, today time.Time) []outlay.PackRenewal {
	var out []outlay.PackRenewal
	for _, k := range rows {
		inWindow := !k.Date.Before(from) && !k.Date.After(to)
		missed := k.Contract != nil && k.Date.Before(today)
		if !inWindow && !missed {
			continue
		}
		r := outlay.PackRenewal{Date: k.Date, DaysLeft: k.DaysLeft}
		if c := k.Contract; c != nil {
			r.What = keyDateWhat(c)
			r.ContractID, r.Title, r.VendorName = c.ID, c.Title, c.VendorName
			r.RenewalType, r.Decision, r.OwnerEmail, r.Status = c.RenewalType, c.Decision(), c.OwnerEmail, c.Status
			if t := c.CurrentTerm(); t != nil {
				r.Price = t.Price
			}
			r.Currency = c.Currency
			if pc, ok := annual[c.ID]; ok {
				r.AnnualValue, r.AnnualKnown = pc.AnnualValue, pc.AnnualKnown
			}
		} else if l := k.Licence; l != nil {
			r.What, r.LicenceID, r.Title, r.VendorName, r.OwnerEmail = "Licence expires", l.ID, l.Product, l.VendorName, l.OwnerEmail
		}
		out = append(out, r)
	}
	return out
}

// keyDateWhat names a contract's key date (DOMAIN.md): the cancel-by date of an auto
// contract, the term's end otherwise.
func keyDateWhat(c *outlay.Contract) string {
	if c.RenewalType == renewal.RenewalAuto {
		return "Cancel by"
	}
	return "Term ends"
}

// needsAPerson reports whether a running contract's key date needs a person on today,
// as NeedingAPerson selects them, in the terms of Contract.Derive: a key date still
// ahead, or a cancel-by date that passed with nobody deciding (notice missed). Of a
// running term, only those two; what else has a key date behind it was settled by a
// renew or cancel decision.
func needsAPerson(c *outlay.Contract, today time.Time) bool {
	return !c.KeyDate.Before(today) || c.Status == renewal.StatusNoticeMissed
}

// runsOn reports whether a contract's term runs on day: it has started (its first
// term) and its current term has not ended. An early renewal's current term lies
// ahead, so the first start, not the current term's, says it has begun.
func runsOn(c *outlay.Contract, day time.Time) bool {
	t := c.CurrentTerm()
	if t == nil || c.Archived() {
		return false
	}
	first := c.FirstStart
	if first.IsZero() || t.StartDate.Before(first) {
		first = t.StartDate
	}
	return !first.After(day) && !t.EndDate.Before(day)
}

// annualValue is the current term's price scaled to twelve months, price × 365 / term
// days rounded half away from zero, converted to the base currency at the rate on the
// converter's day. A contract without a term has no value to know.
func annualValue(ctx context.Context, c *outlay.Contract, conv *converter) (int64, bool, error) {
	t := c.CurrentTerm()
	if t == nil {
		return 0, false, nil
	}
	days := int64(renewal.DaysBetween(t.StartDate, t.EndDate)) + 1
	if days <= 0 {
		return 0, false, nil
	}
	v, ok := scaleYear(t.Price, days)
	if !ok {
		return 0, false, nil
	}
	return conv.convert(ctx, v, c.Currency)
}

// scaleYear returns price × 365 / days rounded half away from zero; ok is false when
// the result does not fit in int64.
func scaleYear(price, days int64) (int64, bool) {
	num := new(big.Int).Mul(big.NewInt(price), big.NewInt(365))
	den := big.NewInt(days)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Abs(r).Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	return q.Int64(), q.IsInt64()
}

// readPackVendors fills the vendors with spend in the year to date or a contract
// running on today: their quarter and year-to-date spend, their running contracts and
// the soonest key date of those that needs a person, however far ahead.
func readPackVendors(ctx context.Context, tx outlay.ReadTx, p *outlay.FinancePack, cs []*outlay.Contract, today time.Time) error {
	quarter, ytd, err := packVendorSpend(ctx, tx, p)
	if err != nil {
		return err
	}
	running := map[int64]int{}
	for _, c := range cs {
		if runsOn(c, today) {
			running[c.VendorID]++
		}
	}
	next := map[int64]*outlay.Contract{}
	for _, c := range cs {
		if !runsOn(c, today) || !needsAPerson(c, today) {
			continue
		}
		if n := next[c.VendorID]; n == nil || c.KeyDate.Before(n.KeyDate) {
			next[c.VendorID] = c
		}
	}
	vs, _, err := tx.FindVendors(ctx, outlay.VendorFilter{Archived: true})
	if err != nil {
		return err
	}
	p.Vendors = nil
	for _, v := range vs {
		_, spent := ytd[v.ID]
		if !spent && quarter[v.ID] == 0 && running[v.ID] == 0 {
			continue
		}
		pv := outlay.PackVendor{Vendor: v, QuarterSpend: quarter[v.ID], YTDSpend: ytd[v.ID], ActiveContracts: running[v.ID]}
		if c := next[v.ID]; c != nil {
			pv.NextKeyDate, pv.NextKeyWhat = c.KeyDate, keyDateWhat(c)+": "+c.Title
		}
		p.Vendors = append(p.Vendors, pv)
	}
	return nil
}
