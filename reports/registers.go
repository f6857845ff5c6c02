package reports

import (
	"fmt"
	"io"
	"strings"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

// VendorRegister writes the vendor list as a workbook with one "Vendors" sheet.
func VendorRegister(w io.Writer, meta Meta, vendors []*outlay.Vendor) error {
	if meta.Title == "" {
		meta.Title = "Vendor register"
	}
	r, err := newRegister("Vendors", meta, []column{
		{"ID", colInt, 8}, {"Name", colText, 32}, {"Category", colText, 14}, {"Status", colText, 12},
		{"Criticality", colText, 12}, {"Contracts", colInt, 11}, {"Website", colText, 30},
		{"Account manager", colText, 22}, {"Email", colText, 28}, {"Phone", colText, 18},
		{"Support", colText, 28}, {"Archived", colDate, 12}, {"Notes", colText, 40},
	})
	if err != nil {
		return err
	}
	defer r.close()
	for _, v := range vendors {
		var archived any
		if v.ArchivedAt != nil {
			archived = civil(*v.ArchivedAt)
		}
		if err := r.add(v.ID, v.Name, v.Category, v.Status, v.Criticality, v.ContractCount, v.Website,
			v.ContactName, v.ContactEmail, v.ContactPhone, v.SupportContact, archived, v.Notes); err != nil {
			return err
		}
	}
	return r.finish(w)
}

// ContractRegister writes contracts with their current term and key dates, one row each,
// as a workbook with one "Contracts" sheet. Contracts must carry their current term and
// derived dates (the contract service's reads fill both). each hands the contracts over
// one by one (from a cursor), so the register never holds them all.
func ContractRegister(w io.Writer, meta Meta, each func(func(*outlay.Contract) error) error) error {
	if meta.Title == "" {
		meta.Title = "Contract register"
	}
	r, err := newRegister("Contracts", meta, []column{
		{"ID", colInt, 8}, {"Title", colText, 34}, {"Reference", colText, 16}, {"Vendor", colText, 26},
		{"Kind", colText, 13}, {"Owner", colText, 26}, {"Backup owner", colText, 26},
		{"Renewal", colText, 10}, {"Notice", colText, 11}, {"Term start", colDate, 12}, {"Term end", colDate, 12},
		{"Billing", colText, 11}, {"Term price", colMoney, 15}, {"Currency", colText, 9},
		{"Renews on", colDate, 12}, {"Cancel by", colDate, 12}, {"Key date", colDate, 12},
		{"Days left", colInt, 10}, {"Status", colText, 11}, {"Decision", colText, 12}, {"Budget line", colText, 14},
	})
	if err != nil {
		return err
	}
	defer r.close()
	err = each(func(c *outlay.Contract) error {
		var start, end, renews, cancel, key any
		billing, decision := "", ""
		var price any
		if t := c.CurrentTerm(); t != nil {
			start, end = t.StartDate, t.EndDate
			billing = t.Billing
			price = moneyCell{t.Price, c.Currency}
			if t.Decision != nil {
				decision = t.Decision.Kind
			}
			renews, key = c.RenewsOn, c.KeyDate
			if c.RenewalType == "auto" {
				cancel = c.CancelBy
			}
		}
		notice := ""
		if c.NoticeValue > 0 {
			notice = fmt.Sprintf("%d %s", c.NoticeValue, c.NoticeUnit)
		}
		return r.add(c.ID, c.Title, c.Reference, c.VendorName, c.Kind, c.OwnerEmail, c.BackupOwnerEmail,
			c.RenewalType, notice, start, end, billing, price, c.Currency, renews, cancel, key,
			c.DaysLeft, strings.ToLower(c.Status), decision, c.BudgetLineCode)
	})
	if err != nil {
		return err
	}
	return r.finish(w)
}

// LicenceRegister writes licences with seats, utilisation and shelfware, one row each,
// as a workbook with one "Licences" sheet. Licence keys are secrets and are never
// exported: the register has no column for them.
func LicenceRegister(w io.Writer, meta Meta, licences []*outlay.Licence) error {
	if meta.Title == "" {
		meta.Title = "Licence register"
	}
	r, err := newRegister("Licences", meta, []column{
		{"ID", colInt, 8}, {"Product", colText, 30}, {"Vendor", colText, 24}, {"Contract", colText, 26},
		{"Kind", colText, 12}, {"Seats purchased", colInt, 11}, {"Seats assigned", colInt, 11},
		{"Utilisation %", colText, 11}, {"Unit price", colMoney, 13}, {"Shelfware cost", colMoney, 14},
		{"Currency", colText, 9}, {"Billing", colText, 10}, {"Start", colDate, 12}, {"Expiry", colDate, 12},
		{"Owner", colText, 26}, {"Budget line", colText, 14},
	})
	if err != nil {
		return err
	}
	defer r.close()
	for _, l := range licences {
		var start, expiry any
		if !l.StartDate.IsZero() {
			start = l.StartDate
		}
		if !l.ExpiryDate.IsZero() {
			expiry = l.ExpiryDate
		}
		if err := r.add(l.ID, l.Product, l.VendorName, l.ContractTitle, l.Kind, l.SeatsPurchased, l.SeatsAssigned,
			l.UtilisationPercent(), moneyCell{l.UnitPrice, l.Currency}, moneyCell{l.ShelfwareCost(), l.Currency},
			l.Currency, l.Billing, start, expiry, l.OwnerEmail, l.BudgetLineCode); err != nil {
			return err
		}
	}
	return r.finish(w)
}

// SpendRegister writes spend entries, one row each, with the amount in its currency, the
// rate used, the base amount and the budget lines charged, and a totals row of the base
// amounts as a SUM formula with its cached value. each hands the entries over one by one
// (from a streaming query), so the register never holds them all.
func SpendRegister(w io.Writer, meta Meta, base string, each func(func(*outlay.SpendEntry) error) error) error {
	if meta.Title == "" {
		meta.Title = "Spend"
	}
	baseHeader := "Base amount (" + base + ")"
	r, err := newRegister("Spend", meta, []column{
		{"ID", colInt, 8}, {"Date", colDate, 12}, {"Vendor", colText, 26}, {"Description", colText, 40},
		{"Invoice", colText, 16}, {"PO", colText, 12}, {"Amount", colMoney, 14}, {"Currency", colText, 9},
		{"Rate", colText, 11}, {baseHeader, colMoney, 16}, {"Budget lines", colText, 30},
		{"Contract", colText, 10}, {"Service from", colDate, 12}, {"Service to", colDate, 12},
	})
	if err != nil {
		return err
	}
	defer r.close()
	var total int64
	n := 0
	err = each(func(e *outlay.SpendEntry) error {
		n++
		total += e.BaseAmount
		var lines []string
		for _, a := range e.Allocations {
			lines = append(lines, a.BudgetLineCode+" "+money.Decimal(a.Amount, base))
		}
		contract := ""
		if e.ContractID != nil {
			contract = fmt.Sprintf("#%d", *e.ContractID)
		}
		var from, to any
		if e.ServiceFrom != nil {
			from = *e.ServiceFrom
		}
		if e.ServiceTo != nil {
			to = *e.ServiceTo
		}
		return r.add(e.ID, e.Date, e.VendorName, e.Description, e.InvoiceNumber, e.PONumber,
			moneyCell{e.Amount, e.Currency}, e.Currency, money.FormatFixed(e.FXRateMicros, outlay.RateDigits),
			moneyCell{e.BaseAmount, base}, strings.Join(lines, "; "), contract, from, to)
	})
	if err != nil {
		return err
	}
	if n > 0 {
		if err := r.addTotals("Total", map[string]moneyCell{baseHeader: {total, base}}); err != nil {
			return err
		}
	}
	return r.finish(w)
}
