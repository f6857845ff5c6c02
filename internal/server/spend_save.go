package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// spendFormFields are the spend form's inputs in page order, before the allocation rows.
var spendFormFields = []string{"date", "vendor", "description", "invoice_number", "purchase_order", "amount", "currency",
	"contract", "licence", "service_from", "service_to", "allocations"}

// spendRename maps the domain's (API) field names to the form's input names, whose
// humanized forms read well in the error summary.
var spendRename = map[string]string{"vendor_id": "vendor", "po_number": "purchase_order", "contract_id": "contract", "licence_id": "licence"}

// The form shows at least spendFormRows allocation rows and reads up to spendMaxRows.
const (
	spendFormRows = 5
	spendMaxRows  = 50
)

func spendLineField(n int) string   { return "budget_line_" + strconv.Itoa(n) }
func spendAmountField(n int) string { return "line_amount_" + strconv.Itoa(n) }

type spendFormView struct {
	Form    *Form
	Action  string
	Cancel  string
	Editing bool
	Base    string
	Rows    []int
	// ExistingID is the entry that already has the invoice number, for the link beside
	// the field.
	ExistingID       int64
	Vendor, Contract pickerField
	Lines            []Option
}

// newSpendForm reads the posted spend form, allocation rows included.
func newSpendForm(c *gin.Context) *Form {
	order := append([]string(nil), spendFormFields...)
	for n := 1; n <= spendMaxRows; n++ {
		order = append(order, spendLineField(n), spendAmountField(n))
	}
	return newForm(c, order...)
}

// emptySpendForm is a form with no input yet, for a new entry or to fill from a record.
func emptySpendForm() *Form {
	return &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: spendFormFields}
}

// spendRows numbers the allocation rows to show: every row that holds something, one
// empty row after them, and at least spendFormRows.
func spendRows(f *Form) []int {
	last := 0
	for n := 1; n <= spendMaxRows; n++ {
		if f.Get(spendLineField(n)) != "" || f.Get(spendAmountField(n)) != "" || f.Error(spendLineField(n)) != "" || f.Error(spendAmountField(n)) != "" {
			last = n
		}
	}
	rows := make([]int, min(spendMaxRows, max(spendFormRows, last+1)))
	for i := range rows {
		rows[i] = i + 1
	}
	return rows
}

// parseSpendForm turns the form into an entry. What cannot even be read (a date that
// does not exist, an amount with too many decimals) is reported at its input together
// with the domain's own messages, so one round trip shows every problem.
// spendTyped is the server's name of the shared spend input (input.Spend).
type spendTyped = input.Spend

func parseSpendForm(f *Form, base string) (*outlay.SpendEntry, outlay.FieldErrors) {
	bad := outlay.FieldErrors{}
	e := &outlay.SpendEntry{Currency: strings.ToUpper(strings.TrimSpace(f.Get("currency")))}
	typed := spendTyped{Date: f.Get("date"), VendorID: f.Get("vendor"), Description: f.Get("description"),
		InvoiceNumber: f.Get("invoice_number"), PONumber: f.Get("purchase_order"), ContractID: f.Get("contract"),
		LicenceID: f.Get("licence"), ServiceFrom: f.Get("service_from"), ServiceTo: f.Get("service_to")}
	typed.Check(pageRules, bad, e)
	e.VendorID = input.ID(typed.VendorID)
	e.ContractID, e.LicenceID = optionalID(typed.ContractID), optionalID(typed.LicenceID)
	badCurrency := !money.ValidCurrency(e.Currency)
	if badCurrency {
		bad.Add("currency", "not a known ISO 4217 currency code, such as EUR or USD")
	}
	e.Amount = input.SpendAmount(bad, f.Get("amount"), e.Currency, base)
	rowTrouble := false
	for n := 1; n <= spendMaxRows; n++ {
		line, amount := strings.TrimSpace(f.Get(spendLineField(n))), strings.TrimSpace(f.Get(spendAmountField(n)))
		if line == "" && amount == "" {
			continue
		}
		row := input.SpendRow{Line: line}
		if problems := pageRules.Check(&row); len(problems) > 0 {
			msg := problems["line"]
			if line == "" {
				msg = "choose a budget line for this amount"
			}
			bad.Add(spendLineField(n), msg)
			rowTrouble = true
		}
		a := outlay.Allocation{BudgetLineID: input.ID(row.Line)}
		if amount != "" {
			v, err := money.Parse(amount, base, true)
			if err != nil {
				bad.Add(spendAmountField(n), err.Error())
				rowTrouble = true
			}
			a.Amount = v
		}
		e.Allocations = append(e.Allocations, a)
	}
	if len(bad) > 0 {
		e.Normalize()
		for k, v := range outlay.ErrorFields(e.Validate()) {
			if k == "allocations" && rowTrouble || k == "amount" && badCurrency && f.Get("amount") != "" {
				continue // the messages already given say it better
			}
			if r, ok := spendRename[k]; ok {
				k = r
			}
			bad.Add(k, v)
		}
	}
	return e, bad
}

// spendReferences adds to a refused entry's problems, under the domain's (API) names,
// those of what it points at that can be checked cheaply: the vendor, and the contract
// and licence being that vendor's. An entry whose fields are all right goes to storage,
// which checks them (and the budget lines' years) in its transaction.
func (s *Server) spendReferences(ctx context.Context, e *outlay.SpendEntry, bad outlay.FieldErrors) error {
	if e.VendorID > 0 {
		switch _, err := s.vendors.FindVendorByID(ctx, e.VendorID); {
		case outlay.ErrorCode(err) == outlay.ENOTFOUND:
			bad.Add("vendor_id", "no such vendor")
		case err != nil:
			return err
		}
	}
	if e.ContractID != nil && *e.ContractID > 0 {
		ct, err := s.contracts.FindContractByID(ctx, *e.ContractID)
		switch {
		case outlay.ErrorCode(err) == outlay.ENOTFOUND:
			bad.Add("contract_id", "no such contract")
		case err != nil:
			return err
		case e.VendorID > 0 && ct.VendorID != e.VendorID:
			bad.Add("contract_id", "this contract is with another vendor")
		}
	}
	if e.LicenceID != nil && *e.LicenceID > 0 {
		l, err := s.licences().FindLicenceByID(ctx, *e.LicenceID)
		switch {
		case outlay.ErrorCode(err) == outlay.ENOTFOUND:
			bad.Add("licence_id", "no such licence")
		case err != nil:
			return err
		case e.VendorID > 0 && l.VendorID != e.VendorID:
			bad.Add("licence_id", "this licence is from another vendor")
		}
	}
	return nil
}

// renderSpendForm shows the form with the pickers it needs. The budget line select
// offers the lines of the entry's fiscal year, of the current one and of the last one
// (late invoices), labelled with their year.
func (s *Server) renderSpendForm(c *gin.Context, status int, v spendFormView, title string, crumbs ...Crumb) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	cal := st.Calendar()
	current := cal.Year(s.today())
	fys := []int{current, current - 1}
	if d, err := outlay.ParseDate(v.Form.Get("date")); err == nil && cal.Year(d) != current && cal.Year(d) != current-1 {
		fys = append([]int{cal.Year(d)}, fys...)
	}
	lines, _, err := s.spend().SpendPickers(ctx, nil, fys...)
	if err != nil {
		s.fail(c, err)
		return
	}
	v.Base = st.BaseCurrency
	v.Rows = spendRows(v.Form)
	v.Vendor = s.formVendorPicker(c, v.Form, "vendor", "")
	v.Contract = s.formContractPicker(c, v.Form, "contract", "vendor", "Optional: the vendor's contract this invoice bills.")
	v.Lines = spendChoiceOptions(lines, "—")
	p := s.page(c, title, "spend", crumbs...)
	p.Data = v
	s.render(c, status, "spend_form", p)
}

func (s *Server) spendNew(c *gin.Context) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	f := emptySpendForm()
	f.Set("date", outlay.FormatDate(s.today()))
	f.Set("currency", st.BaseCurrency)
	f.Set("vendor", c.Query("vendor_id"))
	f.Set("contract", c.Query("contract_id"))
	s.renderSpendForm(c, http.StatusOK, spendFormView{Form: f, Action: "/spend", Cancel: "/spend"},
		"Record spend", Crumb{"Spend", "/spend"}, Crumb{Label: "Record spend"})
}

// fillSpendForm writes a stored entry into the form. A single allocation is shown
// without an amount, meaning "all of it", so that changing the amount needs no second
// edit of the allocation.
func fillSpendForm(f *Form, e *outlay.SpendEntry, base string) {
	f.Set("date", outlay.FormatDate(e.Date))
	f.Set("vendor", strconv.FormatInt(e.VendorID, 10))
	f.Set("description", e.Description)
	f.Set("invoice_number", e.InvoiceNumber)
	f.Set("purchase_order", e.PONumber)
	f.Set("amount", money.Decimal(e.Amount, e.Currency))
	f.Set("currency", e.Currency)
	f.Set("contract", spendID(e.ContractID))
	f.Set("licence", spendID(e.LicenceID))
	f.Set("service_from", spendDateString(e.ServiceFrom))
	f.Set("service_to", spendDateString(e.ServiceTo))
	for i, a := range e.Allocations {
		f.Set(spendLineField(i+1), strconv.FormatInt(a.BudgetLineID, 10))
		if len(e.Allocations) > 1 {
			f.Set(spendAmountField(i+1), money.Decimal(a.Amount, base))
		}
	}
}

func (s *Server) spendEdit(c *gin.Context) {
	e, ok := s.findSpend(c)
	if !ok {
		return
	}
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	f := emptySpendForm()
	fillSpendForm(f, e, st.BaseCurrency)
	s.renderSpendForm(c, http.StatusOK, spendFormView{Form: f, Action: fmt.Sprintf("/spend/%d", e.ID), Cancel: fmt.Sprintf("/spend/%d", e.ID), Editing: true},
		"Edit "+spendTitle(e), Crumb{"Spend", "/spend"}, Crumb{spendTitle(e), fmt.Sprintf("/spend/%d", e.ID)}, Crumb{Label: "Edit"})
}

func (s *Server) spendCreate(c *gin.Context) {
	v := spendFormView{Form: newSpendForm(c), Action: "/spend", Cancel: "/spend"}
	s.saveSpend(c, v, 0, "Record spend", Crumb{"Spend", "/spend"}, Crumb{Label: "Record spend"})
}

func (s *Server) spendUpdate(c *gin.Context) {
	e, ok := s.findSpend(c)
	if !ok {
		return
	}
	v := spendFormView{Form: newSpendForm(c), Action: fmt.Sprintf("/spend/%d", e.ID), Cancel: fmt.Sprintf("/spend/%d", e.ID), Editing: true}
	s.saveSpend(c, v, e.ID, "Edit "+spendTitle(e), Crumb{"Spend", "/spend"}, Crumb{spendTitle(e), fmt.Sprintf("/spend/%d", e.ID)}, Crumb{Label: "Edit"})
}

// saveSpend creates (id 0) or updates an entry from the posted form: on success a flash
// and a redirect to the entry, otherwise the form again with status 422, everything as
// typed and each message beside its input.
func (s *Server) saveSpend(c *gin.Context, v spendFormView, id int64, title string, crumbs ...Crumb) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := v.Form
	problem, err := s.resolveFormVendor(c, f, "vendor")
	if err != nil {
		s.fail(c, err)
		return
	}
	cproblem, err := s.resolveFormContract(c, f, "contract", "vendor")
	if err != nil {
		s.fail(c, err)
		return
	}
	e, bad := parseSpendForm(f, st.BaseCurrency)
	bad = withProblem(withProblem(bad, "vendor", problem), "contract", cproblem)
	if len(bad) > 0 {
		refs := outlay.FieldErrors{}
		if err := s.spendReferences(ctx, e, refs); err != nil {
			s.fail(c, err)
			return
		}
		for k, msg := range refs {
			if r, ok := spendRename[k]; ok {
				k = r
			}
			bad.Add(k, msg)
		}
	}
	if len(bad) == 0 {
		e.ID = id
		if id == 0 {
			err = s.spend().CreateSpend(ctx, e)
		} else {
			err = s.spend().UpdateSpend(ctx, e)
		}
		if err == nil {
			s.flash(c, "success", spendSavedMessage(e, st.BaseCurrency))
			redirect(c, fmt.Sprintf("/spend/%d", e.ID))
			return
		}
		if !f.Fail(err, spendRename) {
			s.fail(c, err)
			return
		}
		if v.ExistingID = outlay.ExistingSpendID(err); v.ExistingID > 0 {
			delete(f.Errors, "existing_id")
			f.Message = fmt.Sprintf("Invoice %s from %s is already recorded.", e.InvoiceNumber, e.VendorName)
		}
	}
	for k, msg := range bad {
		f.Errors[k] = msg
	}
	s.renderSpendForm(c, http.StatusUnprocessableEntity, v, title, crumbs...)
}

// spendSavedMessage confirms a save, with the conversion when there was one so that the
// person sees the base amount that budgets will count.
func spendSavedMessage(e *outlay.SpendEntry, base string) string {
	if e.Currency == base {
		return "Spend saved."
	}
	return fmt.Sprintf("Spend saved: %s %s at %s is %s %s.", money.Format(e.Amount, e.Currency), e.Currency,
		money.FormatFixed(e.FXRateMicros, outlay.RateDigits), money.Format(e.BaseAmount, base), base)
}
