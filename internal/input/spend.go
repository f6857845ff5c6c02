package input

import (
	"strings"
	"time"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

// Spend is a spend entry as typed, with the field rules; the form calls the PO number
// purchase_order and the ids vendor, contract and licence. The API sends its ids as JSON
// values and leaves them blank here. Amounts need the currency (money.Parse, SpendAmount);
// the currency, bounds and allocations are the domain's (SpendEntry.Validate).
type Spend struct {
	Date          string `form:"date" json:"date" validate:"required,date"`
	VendorID      string `form:"vendor" json:"vendor_id" validate:"id"`
	Description   string `form:"description" json:"description" validate:"required,max=500,text"`
	InvoiceNumber string `form:"invoice_number" json:"invoice_number" validate:"max=100,text"`
	PONumber      string `form:"purchase_order" json:"po_number" validate:"max=100,text"`
	ContractID    string `form:"contract" json:"contract_id" validate:"id"`
	LicenceID     string `form:"licence" json:"licence_id" validate:"id"`
	ServiceFrom   string `form:"service_from" json:"service_from" validate:"date"`
	ServiceTo     string `form:"service_to" json:"service_to" validate:"date"`
}

// SpendRow is one allocation row's budget line as typed.
type SpendRow struct {
	Line string `form:"line" json:"budget_line_id" validate:"required,id"`
}

// Check applies the field rules and copies the text and dates onto e; a field that broke
// its rule reads as zero there, its message is reported and nothing is stored.
func (t *Spend) Check(rules *Rules, bad outlay.FieldErrors, e *outlay.SpendEntry) {
	for k, v := range rules.Check(t) {
		bad.Add(k, v)
	}
	e.Description, e.InvoiceNumber, e.PONumber = t.Description, t.InvoiceNumber, t.PONumber
	e.Date, _ = Date(t.Date)
	e.ServiceFrom, e.ServiceTo = OptionalDate(t.ServiceFrom), OptionalDate(t.ServiceTo)
}

// SpendAmount reads an entry's amount in its currency, its problem reported at
// "amount". While the currency is unknown (reported on its own field) the amount is read
// in the base currency, which most entries are in, so that its problems show on the
// same submit.
func SpendAmount(bad outlay.FieldErrors, v, currency, base string) int64 {
	cur, assumed := currency, !money.ValidCurrency(currency)
	if assumed {
		cur = base
	}
	amount, err := money.Parse(v, cur, true)
	if err != nil {
		msg := err.Error()
		if assumed {
			msg = "read in " + cur + " until the currency is fixed: " + msg
		}
		bad.Add("amount", msg)
	}
	return amount
}

// OptionalID is a record id from a field that passed its id rule, or nil when none was
// given.
func OptionalID(s string) *int64 {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	id := ID(s)
	return &id
}

// OptionalDate is a date from a field that passed its date rule, or nil when none was
// given.
func OptionalDate(s string) *time.Time {
	d, err := Date(s)
	if err != nil || d.IsZero() {
		return nil
	}
	return &d
}
