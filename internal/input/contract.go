package input

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

// Contract is a contract's own fields as typed into the form, sent to the API or read
// from a spreadsheet row, with the field rules; the choices and the currency are the
// domain's (Contract.Validate). Form input names and JSON names are the same; counts and
// the uplift may come from the API as JSON numbers or as strings.
type Contract struct {
	VendorID          Number `form:"vendor_id" json:"vendor_id" validate:"required,id"`
	Title             string `form:"title" json:"title" validate:"required,max=200,text"`
	Reference         string `form:"reference" json:"reference" validate:"max=100,text"`
	Kind              string `form:"kind" json:"kind" `
	OwnerEmail        string `form:"owner_email" json:"owner_email" validate:"required,max=254,email"`
	BackupOwnerEmail  string `form:"backup_owner_email" json:"backup_owner_email" validate:"max=254,omitempty,email"`
	RenewalType       string `form:"renewal_type" json:"renewal_type" `
	NoticeValue       Number `form:"notice_value" json:"notice_value" validate:"count=0 3650"`
	NoticeUnit        string `form:"notice_unit" json:"notice_unit" `
	RenewalTermMonths Number `form:"renewal_term_months" json:"renewal_term_months" validate:"count=0 120"`
	UpliftPercent     Number `form:"uplift_percent" json:"uplift_percent" validate:"percent"`
	Currency          string `form:"currency" json:"currency" `
	BudgetLineCode    string `form:"budget_line_code" json:"budget_line_code" validate:"max=32,budgetcode"`
	Notes             string `form:"notes" json:"notes" validate:"max=10000,multiline"`
	Justification     string `form:"justification" json:"justification" validate:"max=10000,multiline"`
	// ReminderOffsets is checked by CheckContract (outlay.ParseContractOffsets), the one
	// rule of the field whichever door it comes by.
	ReminderOffsets Offsets `form:"reminder_offsets" json:"reminder_offsets"`
}

// Offsets are a contract's reminder offsets as typed ("90, 30, 7"), blank for the
// settings' offsets. The API sends a list of numbers ([90, 30, 7], numbers as strings
// too) or null; a list is kept as its items' text joined, so the field's one rule reads
// what was sent, and an item that is no number is reported, not dropped.
type Offsets string

// UnmarshalJSON accepts a list of numbers or strings, a string as typed, a single
// number, or null. null and [] are the settings' offsets.
func (o *Offsets) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*o = ""
		return nil
	case len(b) > 0 && b[0] == '[':
		var items []json.RawMessage
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		parts := make([]string, len(items))
		for i, raw := range items {
			var n Number
			if err := n.UnmarshalJSON(raw); err != nil {
				// true or {}: its text fails the rule, which names the field.
				n = Number(raw)
			}
			parts[i] = strings.TrimSpace(string(n))
			if parts[i] == "" {
				parts[i] = "null" // a null item is not a day either
			}
		}
		*o = Offsets(strings.Join(parts, ", "))
		return nil
	}
	var n Number
	if err := n.UnmarshalJSON(b); err != nil {
		return &json.UnmarshalTypeError{Value: jsonValueKind(b), Type: reflect.TypeFor[[]int]()}
	}
	*o = Offsets(n)
	return nil
}

// Term is a term's fields as typed or sent. The price is read in the contract's
// currency, so its decimals are checked when the term is built; that both dates are
// there, the price's bound and the billing are the domain's (Term.validate).
type Term struct {
	StartDate string `form:"start_date" json:"start_date" validate:"date"` // required: a domain rule of terms
	EndDate   string `form:"end_date" json:"end_date" validate:"date"`
	Price     string `form:"price" json:"price" validate:"required,max=40,text"`
	Billing   string `form:"billing" json:"billing" `
}

// ContractOf is the stored contract as input: the edit form's values and what a PATCH
// changes.
func ContractOf(ct *outlay.Contract) Contract {
	return Contract{
		VendorID: Number(strconv.FormatInt(ct.VendorID, 10)), Title: ct.Title, Reference: ct.Reference,
		Kind: ct.Kind, OwnerEmail: ct.OwnerEmail, BackupOwnerEmail: ct.BackupOwnerEmail,
		RenewalType: ct.RenewalType, NoticeValue: Number(strconv.Itoa(ct.NoticeValue)), NoticeUnit: ct.NoticeUnit,
		RenewalTermMonths: Number(strconv.Itoa(ct.RenewalTermMonths)),
		UpliftPercent:     Number(outlay.FormatPercent(ct.UpliftBasisPoints)), Currency: ct.Currency,
		BudgetLineCode: ct.BudgetLineCode, Notes: ct.Notes, Justification: ct.Justification,
		ReminderOffsets: Offsets(outlay.FormatOffsets(ct.ReminderOffsets)),
	}
}

// TermOf is a stored term as input: the correction form's values and what a PATCH
// changes.
func TermOf(t *outlay.Term, currency string) Term {
	return Term{StartDate: outlay.FormatDate(t.StartDate), EndDate: outlay.FormatDate(t.EndDate),
		Price: money.Decimal(t.Price, currency), Billing: t.Billing}
}

// Apply copies the input onto ct. Values that broke a rule are copied as best they
// read: they are never stored, only shown to the domain rules for a complete answer.
func (in *Contract) Apply(ct *outlay.Contract) {
	ct.VendorID, _ = strconv.ParseInt(string(in.VendorID), 10, 64)
	ct.Title, ct.Reference, ct.Kind = in.Title, in.Reference, in.Kind
	ct.OwnerEmail, ct.BackupOwnerEmail = in.OwnerEmail, in.BackupOwnerEmail
	ct.RenewalType, ct.NoticeUnit = in.RenewalType, in.NoticeUnit
	ct.NoticeValue = Int(string(in.NoticeValue))
	ct.RenewalTermMonths = Int(string(in.RenewalTermMonths))
	ct.UpliftBasisPoints, _ = outlay.ParsePercent(string(in.UpliftPercent))
	ct.Currency, ct.BudgetLineCode = in.Currency, in.BudgetLineCode
	ct.Notes, ct.Justification = in.Notes, in.Justification
	ct.ReminderOffsets, _ = outlay.ParseContractOffsets(string(in.ReminderOffsets))
}

// Build makes the term in the contract's currency; a price that the currency cannot
// hold (too many decimals) is reported under prefix+"price". While the currency is
// unknown (reported on its own field) the price is read in the base currency, which
// most contracts are in, so that its problems show on the same submit.
func (in *Term) Build(currency, base, prefix string, bad outlay.FieldErrors) *outlay.Term {
	t := &outlay.Term{Billing: in.Billing}
	t.StartDate, _ = Date(in.StartDate)
	t.EndDate, _ = Date(in.EndDate)
	if in.Price == "" {
		return t
	}
	cur, assumed := strings.ToUpper(strings.TrimSpace(currency)), false
	if !money.ValidCurrency(cur) {
		cur, assumed = base, true
	}
	if !money.ValidCurrency(cur) {
		return t
	}
	var err error
	if t.Price, err = money.Parse(in.Price, cur, false); err != nil {
		msg := err.Error()
		if assumed {
			msg = "read in " + cur + " until the currency is fixed: " + msg
		}
		bad.Add(prefix+"price", msg)
	}
	return t
}

// CheckContract runs the field rules of the input and the term (when given), builds
// the contract onto ct and adds the domain's rules, so one answer holds every problem.
// Keys are the API's names ("first_term.price").
func CheckContract(rules *Rules, in *Contract, term *Term, base string, ct *outlay.Contract) outlay.FieldErrors {
	bad := rules.Check(in)
	if _, msg := outlay.ParseContractOffsets(string(in.ReminderOffsets)); msg != "" {
		bad.Add("reminder_offsets", msg)
	}
	in.Apply(ct)
	if term != nil {
		for k, v := range rules.Check(term) {
			bad.Add("first_term."+k, v)
		}
		ct.Terms = []*outlay.Term{term.Build(in.Currency, base, "first_term.", bad)}
	}
	if len(bad) > 0 {
		ct.Normalize()
		for k, v := range outlay.ErrorFields(ct.Validate()) {
			bad.Add(k, v)
		}
	}
	return bad
}
