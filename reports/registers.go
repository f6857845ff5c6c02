package reports

import (
	"fmt"
	"io"

	"outlay/internal/fiscal"
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
		{"Days left", colInt, 10}, {"Status", colText, 11},
		{"Decision", colText, 12}, {"Decision note", colText, 30}, {"Decided by", colText, 26}, {"Decided on", colDate, 12},
		{"Budget line", colText, 14},
		{"Renewal term (months)", colInt, 10}, {"Uplift %", colText, 9}, {"Reminder offsets", colText, 14},
		{"Notes", colText, 40}, {"Justification", colText, 40},
	})
	if err != nil {
		return err
	}
	defer r.close()
	err = each(func(c *outlay.Contract) error {
		t := currentTermCells(c)
		notice := ""
		if c.NoticeValue > 0 {
			notice = fmt.Sprintf("%d %s", c.NoticeValue, c.NoticeUnit)
		}
		return r.add(c.ID, c.Title, c.Reference, c.VendorName, c.Kind, c.OwnerEmail, c.BackupOwnerEmail,
			c.RenewalType, notice, t.start, t.end, t.billing, t.price, c.Currency, t.renews, t.cancel, t.key,
			c.DaysLeft, statusWords(c.Status), t.decision, t.note, t.decidedBy, t.decidedOn, c.BudgetLineCode,
			c.RenewalTermMonths, upliftText(c.UpliftBasisPoints), outlay.FormatOffsets(c.ReminderOffsets), c.Notes, c.Justification)
	})
	if err != nil {
		return err
	}
	return r.finish(w)
}

// termCells are a contract's current term as register cells: blank (nil or "") for a
// contract without a term, and no cancel-by date unless it renews by itself.
type termCells struct {
	start, end, renews, cancel, key, price, decidedOn any
	billing, decision, note, decidedBy                string
}

// currentTermCells reads c's current term and derived dates for the contract register
// and the finance pack's Contracts sheet.
func currentTermCells(c *outlay.Contract) termCells {
	var out termCells
	t := c.CurrentTerm()
	if t == nil {
		return out
	}
	out.start, out.end, out.billing = t.StartDate, t.EndDate, t.Billing
	out.price = moneyCell{t.Price, c.Currency}
	if d := t.Decision; d != nil {
		out.decision, out.note, out.decidedBy, out.decidedOn = d.Kind, d.Note, d.By, civil(d.At)
	}
	out.renews, out.key = c.RenewsOn, c.KeyDate
	if c.RenewalType == "auto" {
		out.cancel = c.CancelBy
	}
	return out
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
		{"Utilisation", colPercent, 11}, {"Unit price", colMoney, 13}, {"Shelfware cost", colMoney, 14},
		{"Currency", colText, 9}, {"Billing", colText, 10}, {"Start", colDate, 12}, {"Expiry", colDate, 12},
		{"Owner", colText, 26}, {"Budget line", colText, 14}, {"Contract reference", colText, 18}, {"Notes", colText, 40},
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
			utilisation(l), moneyCell{l.UnitPrice, l.Currency}, moneyCell{l.ShelfwareCost(), l.Currency},
			l.Currency, l.Billing, start, expiry, l.OwnerEmail, l.BudgetLineCode, l.ContractReference, l.Notes); err != nil {
			return err
		}
	}
	return r.finish(w)
}

// SpendRegister writes one row per allocation of the spend entries: each charge to a
// budget line with what finance files it under (cost centre, GL account, fiscal year and
// quarter of the entry's date, contract reference), the entry's original amount, rate
// and base amount, and the amount charged to the line. Filtered by a budget line it holds
// only that line's charges, so the total of "Charged to line" is the spend page's
// "Charged to" figure; unfiltered, it adds up to the entries' base amounts. The total is
// a SUM formula with its cached value. The entry's own amounts repeat on each of its rows
// and are not totalled, since a split entry would count twice. each hands the charges
// over one by one from a streaming query, so the register never holds them all.
func SpendRegister(w io.Writer, meta Meta, base string, cal fiscal.Calendar, each func(func(*outlay.SpendCharge) error) error) error {
	if meta.Title == "" {
		meta.Title = "Spend"
	}
	charged := "Charged to line (" + base + ")"
	r, err := newRegister("Spend", meta, spendColumns(base))
	if err != nil {
		return err
	}
	defer r.close()
	var total int64
	n := 0
	err = each(func(ch *outlay.SpendCharge) error {
		n++
		total += ch.Allocation.Amount
		return r.add(spendCells(ch, base, cal)...)
	})
	if err != nil {
		return err
	}
	if n > 0 {
		if err := r.addTotals("Total", map[string]moneyCell{charged: {total, base}}); err != nil {
			return err
		}
	}
	return r.finish(w)
}

// spendColumns are the spend export's columns, which the finance pack's Spend sheet
// repeats (adding what the quarter counts) so that both read the same.
func spendColumns(base string) []column {
	return []column{
		{"Entry", colInt, 8}, {"Date", colDate, 12}, {"Vendor", colText, 26}, {"Description", colText, 36},
		{"Invoice", colText, 16}, {"PO", colText, 12}, {"Budget line", colText, 14}, {"Budget line name", colText, 26},
		{"Cost centre", colText, 12}, {"GL account", colText, 12}, {"Fiscal year", colText, 10}, {"Quarter", colText, 8},
		{"Contract reference", colText, 18}, {"Amount", colMoney, 14}, {"Currency", colText, 9}, {"Rate", colRate, 11},
		{"Entry base amount (" + base + ")", colMoney, 16}, {"Charged to line (" + base + ")", colMoney, 16},
		{"Service from", colDate, 12}, {"Service to", colDate, 12},
	}
}

// spendCells are one charge's cells under spendColumns: the fiscal year and quarter of
// the entry's date, and a rate only for an entry in another currency than base.
func spendCells(ch *outlay.SpendCharge, base string, cal fiscal.Calendar) []any {
	e := ch.Entry
	fy, q := cal.Quarter(e.Date)
	var from, to, rate any
	if e.ServiceFrom != nil {
		from = *e.ServiceFrom
	}
	if e.ServiceTo != nil {
		to = *e.ServiceTo
	}
	if e.Currency != base {
		rate = e.FXRateMicros
	}
	return []any{e.ID, e.Date, e.VendorName, e.Description, e.InvoiceNumber, e.PONumber,
		ch.Allocation.BudgetLineCode, ch.Allocation.BudgetLineName, ch.CostCentre, ch.GLAccount,
		cal.Label(fy), fmt.Sprintf("Q%d", q), ch.ContractReference,
		moneyCell{e.Amount, e.Currency}, e.Currency, rate,
		moneyCell{e.BaseAmount, base}, moneyCell{ch.Allocation.Amount, base}, from, to}
}

// upliftText is a contract's expected uplift as the form takes it ("3.5"), blank when
// none is set, so the import reads back the percentage that was typed.
func upliftText(bp int64) string {
	if bp == 0 {
		return ""
	}
	return outlay.FormatPercent(bp)
}

// utilisation is a licence's assigned share of its purchased seats for a percentage
// cell, nil when no seats are purchased.
func utilisation(l *outlay.Licence) *int64 {
	bp, ok := l.Utilisation()
	if !ok {
		return nil
	}
	return &bp
}
