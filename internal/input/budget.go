package input

import "outlay/internal/outlay"

// Budget is a budget line's typed-in text as the form, the API or a spreadsheet row
// gives it, with the field rules. The year, the choices, the amounts and the split are
// the domain's (BudgetLine.Validate); amounts are read by each door in the base
// currency.
type Budget struct {
	Code          string `form:"code" json:"code" validate:"required,budgetcode"`
	Name          string `form:"name" json:"name" validate:"required,max=200,text"`
	CostCentre    string `form:"cost_centre" json:"cost_centre" validate:"max=50,text"`
	GLAccount     string `form:"gl_account" json:"gl_account" validate:"max=50,text"`
	OwnerEmail    string `form:"owner_email" json:"owner_email" validate:"max=254,omitempty,email"`
	Justification string `form:"justification" json:"justification" validate:"max=10000,multiline"`
}

// CheckBudget checks the line's typed fields with rules and adds the domain's messages
// to them and to what could not be read (bad), so a form or an answer shows every
// problem at once. A message about an amount that could not be read wins over the sum
// check that depends on it.
func CheckBudget(rules *Rules, b *outlay.BudgetLine, bad outlay.FieldErrors, currency string) error {
	in := Budget{Code: b.Code, Name: b.Name, CostCentre: b.CostCentre, GLAccount: b.GLAccount,
		OwnerEmail: b.OwnerEmail, Justification: b.Justification}
	for k, v := range rules.Check(&in) {
		bad.Add(k, v)
	}
	check := *b
	check.Normalize()
	for k, v := range outlay.ErrorFields(check.Validate(currency)) {
		if k == "quarters" && (bad["planned"] != "" || bad["q1"] != "" || bad["q2"] != "" || bad["q3"] != "" || bad["q4"] != "") {
			continue
		}
		if k == "fy" && bad["fy"] != "" {
			continue
		}
		bad.Add(k, v)
	}
	return bad.Err()
}
