package reports

import (
	"fmt"
)

// Headers the Summary's formulas look up on the sheets they sum.
const (
	hdrSpendCode       = "Budget line"
	hdrCommitmentCode  = "Budget line"
	hdrCommitmentLate  = "Overdue"
	commitmentLateMark = "yes"
)

// spendSpec is the Spend sheet: the spend export's columns and the amount the quarter
// counts of each allocation.
func (pk *pack) spendSpec() sheetSpec {
	return sheetSpec{name: sheetSpend,
		head: pk.head("Spend", "One row per allocation with an amount counted in the quarter: filter on the budget line to follow a Summary actual to its invoices."),
		cols: append(spendColumns(pk.p.Base), column{pk.inBase("Counted in quarter"), colMoney, 18}),
	}
}

func (pk *pack) spend() (int, error) {
	s, err := pk.wb.addSheet(pk.spendSpec())
	if err != nil {
		return 0, err
	}
	var charged, counted int64
	var row []any // reused: appending the counted cell to each row's cells would copy them all
	for i := range pk.p.Spend {
		ch := &pk.p.Spend[i]
		charged += ch.Allocation.Amount
		counted += ch.Counted
		row = append(append(row[:0], spendCells(&ch.SpendCharge, pk.p.Base, pk.cal)...), pk.base(ch.Counted))
		if err := s.add(row...); err != nil {
			return 0, err
		}
	}
	if n := len(pk.p.Spend); n > 0 {
		// The entry's own amounts repeat on each of its allocations and are not totalled.
		if err := s.addTotals("Total", map[string]moneyCell{pk.inBase("Charged to line"): pk.base(charged),
			pk.inBase("Counted in quarter"): pk.base(counted)}); err != nil {
			return 0, err
		}
	}
	return len(pk.p.Spend), nil
}

// commitmentsSpec is the Commitments sheet: the fiscal year's scheduled payments not yet
// invoiced, past due ones included.
func (pk *pack) commitmentsSpec() sheetSpec {
	return sheetSpec{name: sheetCommitments,
		head: pk.head("Commitments", fmt.Sprintf("Scheduled contract payments of the fiscal year (%s to %s) not yet invoiced, by budget line; overdue ones were due before %s and are still to come.",
			isoDay(pk.p.YearFrom), isoDay(pk.p.YearTo), isoDay(pk.p.GeneratedAt))),
		cols: []column{
			{hdrCommitmentCode, colText, 14}, {"Budget line name", colText, 26}, {"Contract ID", colInt, 10}, {"Contract", colText, 32},
			{"Reference", colText, 16}, {"Vendor", colText, 26}, {"Due", colDate, 12}, {"Period from", colDate, 12},
			{"Period to", colDate, 12}, {"Amount", colMoney, 14}, {"Currency", colText, 9}, {pk.inBase("Base amount"), colMoney, 16},
			{hdrCommitmentLate, colText, 9},
		}}
}

func (pk *pack) commitments() (int, error) {
	s, err := pk.wb.addSheet(pk.commitmentsSpec())
	if err != nil {
		return 0, err
	}
	var total int64
	for _, c := range pk.p.Commitments {
		late := ""
		if c.Overdue {
			late = commitmentLateMark
		}
		if c.BaseKnown {
			total += c.BaseAmount
		}
		if err := s.add(c.BudgetLineCode, c.BudgetLineName, c.ContractID, c.ContractTitle, c.Reference, c.VendorName,
			c.Due, c.PeriodFrom, c.PeriodTo, moneyCell{c.Amount, c.Currency}, c.Currency, pk.baseIf(c.BaseAmount, c.BaseKnown), late); err != nil {
			return 0, err
		}
	}
	if len(pk.p.Commitments) > 0 {
		if err := s.addTotals("Total", map[string]moneyCell{pk.inBase("Base amount"): pk.base(total)}); err != nil {
			return 0, err
		}
	}
	return len(pk.p.Commitments), nil
}

func (pk *pack) vendors() (int, error) {
	s, err := pk.wb.addSheet(sheetSpec{name: sheetVendors,
		head: pk.head("Vendors", "Every vendor with spend in the year to date or a running contract: its spend in the quarter and the year to date, and the next key date that needs a person."),
		cols: []column{
			{"ID", colInt, 8}, {"Vendor", colText, 30}, {"Category", colText, 12}, {"Status", colText, 10},
			{"Criticality", colText, 11}, {pk.inBase("Spend in quarter"), colMoney, 16}, {pk.inBase("Spend year to date"), colMoney, 16},
			{"Active contracts", colInt, 10}, {"Next key date", colDate, 12}, {"Key date for", colText, 36},
			{"Account manager", colText, 22}, {"Email", colText, 28}, {"Phone", colText, 18},
		}})
	if err != nil {
		return 0, err
	}
	var quarter, ytd int64
	for _, pv := range pk.p.Vendors {
		v := pv.Vendor
		quarter += pv.QuarterSpend
		ytd += pv.YTDSpend
		if err := s.add(v.ID, v.Name, v.Category, v.Status, v.Criticality, pk.base(pv.QuarterSpend), pk.base(pv.YTDSpend),
			pv.ActiveContracts, pv.NextKeyDate, pv.NextKeyWhat, v.ContactName, v.ContactEmail, v.ContactPhone); err != nil {
			return 0, err
		}
	}
	if len(pk.p.Vendors) > 0 {
		if err := s.addTotals("Total", map[string]moneyCell{pk.inBase("Spend in quarter"): pk.base(quarter),
			pk.inBase("Spend year to date"): pk.base(ytd)}); err != nil {
			return 0, err
		}
	}
	return len(pk.p.Vendors), nil
}

func (pk *pack) contracts() (int, error) {
	annual := pk.inBase("Annual value")
	s, err := pk.wb.addSheet(sheetSpec{name: sheetContracts,
		head: pk.head("Contracts", fmt.Sprintf("The contract register with each current term's price scaled to twelve months in %s at the rate on %s (empty when the currency has no rate).",
			pk.p.Base, isoDay(pk.p.GeneratedAt))),
		cols: []column{
			{"ID", colInt, 8}, {"Title", colText, 34}, {"Reference", colText, 16}, {"Vendor", colText, 26},
			{"Kind", colText, 13}, {"Owner", colText, 26}, {"Renewal", colText, 10}, {"Term start", colDate, 12},
			{"Term end", colDate, 12}, {"Billing", colText, 11}, {"Term price", colMoney, 15}, {"Currency", colText, 9},
			{annual, colMoney, 16}, {"Renews on", colDate, 12}, {"Cancel by", colDate, 12}, {"Key date", colDate, 12},
			{"Status", colText, 11}, {"Decision", colText, 12}, {"Budget line", colText, 14},
		}})
	if err != nil {
		return 0, err
	}
	var total int64
	for _, pc := range pk.p.Contracts {
		c := pc.Contract
		t := currentTermCells(c)
		if pc.AnnualKnown {
			total += pc.AnnualValue
		}
		if err := s.add(c.ID, c.Title, c.Reference, c.VendorName, c.Kind, c.OwnerEmail, c.RenewalType, t.start, t.end, t.billing,
			t.price, c.Currency, pk.baseIf(pc.AnnualValue, pc.AnnualKnown), t.renews, t.cancel, t.key,
			statusWords(c.Status), t.decision, c.BudgetLineCode); err != nil {
			return 0, err
		}
	}
	if len(pk.p.Contracts) > 0 {
		if err := s.addTotals("Total", map[string]moneyCell{annual: pk.base(total)}); err != nil {
			return 0, err
		}
	}
	return len(pk.p.Contracts), nil
}

func (pk *pack) renewals() (int, error) {
	s, err := pk.wb.addSheet(sheetSpec{name: sheetRenewals,
		head: pk.head("Renewals", "Key dates from today to the end of the second quarter after this one, and missed cancel-by dates, soonest first, with the decision taken and who owns it."),
		cols: []column{
			{"Date", colDate, 12}, {"What", colText, 15}, {"Title", colText, 34}, {"Vendor", colText, 26},
			{"Contract ID", colInt, 10}, {"Licence ID", colInt, 10}, {"Renewal", colText, 10}, {"Decision", colText, 12},
			{"Owner", colText, 26}, {"Days left", colInt, 10}, {"Status", colText, 11}, {"Term price", colMoney, 15},
			{"Currency", colText, 9}, {pk.inBase("Annual value"), colMoney, 16},
		}})
	if err != nil {
		return 0, err
	}
	for _, r := range pk.p.Renewals {
		var price any
		if r.Currency != "" {
			price = moneyCell{r.Price, r.Currency}
		}
		if err := s.add(r.Date, r.What, r.Title, r.VendorName, idOrNil(r.ContractID), idOrNil(r.LicenceID), r.RenewalType,
			r.Decision, r.OwnerEmail, r.DaysLeft, statusWords(r.Status), price, r.Currency,
			pk.baseIf(r.AnnualValue, r.AnnualKnown)); err != nil {
			return 0, err
		}
	}
	return len(pk.p.Renewals), nil
}

func (pk *pack) licences() (int, error) {
	unused := pk.inBase("Unused cost")
	s, err := pk.wb.addSheet(sheetSpec{name: sheetLicences,
		head: pk.head("Licences", fmt.Sprintf("Active licences with their seats and what the unused seats cost per billing period, in the licence's currency and in %s at the rate on %s.",
			pk.p.Base, isoDay(pk.p.GeneratedAt))),
		cols: []column{
			{"ID", colInt, 8}, {"Product", colText, 30}, {"Vendor", colText, 24}, {"Contract", colText, 26},
			{"Kind", colText, 12}, {"Seats purchased", colInt, 11}, {"Seats assigned", colInt, 11}, {"Unused seats", colInt, 10},
			{"Utilisation", colPercent, 11}, {"Unit price", colMoney, 13}, {"Currency", colText, 9}, {"Billing", colText, 10},
			{"Unused cost", colMoney, 14}, {unused, colMoney, 16}, {"Start", colDate, 12}, {"Expiry", colDate, 12},
			{"Owner", colText, 26}, {"Budget line", colText, 14},
		}})
	if err != nil {
		return 0, err
	}
	var total int64
	for _, pl := range pk.p.Licences {
		l := pl.Licence
		if pl.Converted {
			total += pl.UnusedCostBase
		}
		if err := s.add(l.ID, l.Product, l.VendorName, l.ContractTitle, l.Kind, l.SeatsPurchased, l.SeatsAssigned, l.UnusedSeats(),
			utilisation(l), moneyCell{l.UnitPrice, l.Currency}, l.Currency, l.Billing, moneyCell{l.ShelfwareCost(), l.Currency},
			pk.baseIf(pl.UnusedCostBase, pl.Converted), l.StartDate, l.ExpiryDate, l.OwnerEmail, l.BudgetLineCode); err != nil {
			return 0, err
		}
	}
	if len(pk.p.Licences) > 0 {
		if err := s.addTotals("Total", map[string]moneyCell{unused: pk.base(total)}); err != nil {
			return 0, err
		}
	}
	return len(pk.p.Licences), nil
}

// idOrNil leaves an id of 0 (none) empty.
func idOrNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
