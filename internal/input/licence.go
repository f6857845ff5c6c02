package input

import (
	"strings"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

// Licence is a licence as typed, with the field rules: the form's inputs, the API's
// fields with the record's own values where a field was not sent, or a spreadsheet
// row. Ids and money the API sends as JSON values are not in it; the price needs the
// currency (read by LicenceUnitPrice); choices, the currency and the bounds are the
// domain's (Licence.Validate).
type Licence struct {
	Product        string `form:"product" json:"product" validate:"required,max=200,text"`
	VendorID       string `form:"vendor_id" json:"vendor_id" validate:"id"`
	ContractID     string `form:"contract_id" json:"contract_id" validate:"id"`
	SeatsPurchased string `form:"seats_purchased" json:"seats_purchased" validate:"required,count=0 10000000"`
	SeatsAssigned  string `form:"seats_assigned" json:"seats_assigned" validate:"required,count=0 10000000"`
	StartDate      string `form:"start_date" json:"start_date" validate:"date"`
	ExpiryDate     string `form:"expiry_date" json:"expiry_date" validate:"date"`
	OwnerEmail     string `form:"owner_email" json:"owner_email" validate:"max=254,omitempty,email"`
	BudgetLineCode string `form:"budget_line_code" json:"budget_line_code" validate:"max=32,budgetcode"`
	Notes          string `form:"notes" json:"notes" validate:"max=10000,multiline"`
}

// Seats drops the thousands separators people type into a seat count ("1,000"), so
// the count rule reads the number they meant.
func Seats(v string) string { return strings.NewReplacer(",", "", " ", "").Replace(v) }

// Check applies the field rules and copies what was typed onto l. A field that broke
// its rule reads as zero there: its message is reported and the record is not stored.
func (t *Licence) Check(rules *Rules, bad outlay.FieldErrors, l *outlay.Licence) {
	for k, v := range rules.Check(t) {
		bad.Add(k, v)
	}
	l.Product, l.OwnerEmail, l.BudgetLineCode, l.Notes = t.Product, t.OwnerEmail, t.BudgetLineCode, t.Notes
	if t.VendorID != "" {
		l.VendorID = ID(t.VendorID)
	}
	if t.ContractID != "" {
		id := ID(t.ContractID)
		l.ContractID = &id
	}
	l.SeatsPurchased, l.SeatsAssigned = int64(Int(t.SeatsPurchased)), int64(Int(t.SeatsAssigned))
	l.StartDate, _ = Date(t.StartDate)
	l.ExpiryDate, _ = Date(t.ExpiryDate)
}

// LicenceUnitPrice reads a price in the licence's currency, its problem reported at
// "unit_price". While the currency is unknown (reported on its own field) the price is
// read in the base currency, which most licences are in, so that its problems show on
// the same submit.
func LicenceUnitPrice(f outlay.FieldErrors, v, currency, base string) int64 {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	assumed := !money.ValidCurrency(currency)
	if assumed {
		currency = base
	}
	if !money.ValidCurrency(currency) {
		return 0
	}
	n, err := money.Parse(v, currency, false)
	if err != nil {
		msg := err.Error()
		if assumed {
			msg = "read in " + currency + " until the currency is fixed: " + msg
		}
		f.Add("unit_price", msg)
	}
	return n
}

// LicenceErrors adds the domain's own messages, and the key's, to the field and parse
// errors, so a refused form or request lists every problem at once instead of one round
// per kind of mistake. It returns nil when nothing is wrong so far (storage validates
// then).
func LicenceErrors(bad outlay.FieldErrors, l *outlay.Licence, key *string) error {
	if key != nil {
		// The key's rule is the domain's (storage checks it too), reported with the rest.
		for k, v := range outlay.ErrorFields(outlay.ValidateLicenceKey(strings.TrimSpace(*key))) {
			bad.Add(k, v)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	l.Normalize()
	for k, v := range outlay.ErrorFields(l.Validate()) {
		bad.Add(k, v)
	}
	return bad.Err()
}
