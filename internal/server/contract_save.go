package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/outlay"
)

// contractFormFields are the inputs of the new-contract form in page order; the edit
// form has the same less the first term and the currency.
var contractFormFields = []string{
	"vendor_id", "title", "reference", "kind", "owner_email", "backup_owner_email",
	"start_date", "end_date", "price", "currency", "billing",
	"renewal_type", "notice_value", "notice_unit", "renewal_term_months", "uplift_percent",
	"reminder_offsets", "budget_line_code", "notes", "justification",
}

var contractEditFields = []string{
	"vendor_id", "title", "reference", "kind", "owner_email", "backup_owner_email",
	"renewal_type", "notice_value", "notice_unit", "renewal_term_months", "uplift_percent",
	"reminder_offsets", "budget_line_code", "notes", "justification",
}

// contractFormRename maps the domain's field names to the form's input names.
var contractFormRename = map[string]string{
	"first_term":            "start_date",
	"first_term.start_date": "start_date",
	"first_term.end_date":   "end_date",
	"first_term.price":      "price",
	"first_term.billing":    "billing",
}

type contractFormView struct {
	Form         *Form
	New          bool
	Contract     *outlay.Contract // the record being edited; nil on the new form
	Vendor       pickerField
	Kinds        []Option
	RenewalTypes []Option
	NoticeUnits  []Option
	Billings     []Option
	// NoBudgetLines is true while no budget line exists: any code is taken then, and the
	// contract's money shows as unbudgeted until a line carries its code.
	NoBudgetLines bool
	// SettingsOffsets are the settings' reminder offsets ("90, 60, 30, 14, 7, 1"): the
	// placeholder and help of the reminders field, which a blank field follows.
	SettingsOffsets string
}

// contractNew shows an empty contract form; ?vendor_id= preselects the vendor (the
// "New contract" button on a vendor's page).
func (s *Server) contractNew(c *gin.Context) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: contractFormFields}
	f.Set("vendor_id", c.Query("vendor_id"))
	f.Set("kind", "subscription")
	f.Set("renewal_type", "auto")
	f.Set("notice_value", "0")
	f.Set("notice_unit", "months")
	f.Set("renewal_term_months", "0")
	f.Set("currency", st.BaseCurrency) // most contracts are in the currency the books are kept in
	f.Set("billing", "annual")
	if u := currentUser(c); u != nil {
		f.Set("owner_email", u.Email)
	}
	s.renderContractForm(c, http.StatusOK, f, nil)
}

// contractCreate stores a new contract with its first term.
func (s *Server) contractCreate(c *gin.Context) {
	f := newForm(c, contractFormFields...)
	problem, err := s.resolveFormVendor(c, f, "vendor_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var in contractInput
	var term termInput
	bindForm(f, &in)
	bindForm(f, &term)
	ct := &outlay.Contract{}
	errs, err := s.checkNewContract(c.Request.Context(), pageRules, &in, &term, ct, withProblem(nil, "vendor_id", problem))
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(errs) > 0 {
		f.Fail(errs.Err(), contractFormRename)
		s.renderContractForm(c, http.StatusUnprocessableEntity, f, nil)
		return
	}
	if err := s.contracts.CreateContract(c.Request.Context(), ct); err != nil {
		if f.Fail(err, contractFormRename) {
			s.renderContractForm(c, http.StatusUnprocessableEntity, f, nil)
			return
		}
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Contract saved.")
	redirect(c, "/contracts/"+strconv.FormatInt(ct.ID, 10))
}

// contractEdit shows the form for a contract's own fields; terms are not edited here.
func (s *Server) contractEdit(c *gin.Context) {
	ct, ok := s.loadContract(c)
	if !ok {
		return
	}
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: contractEditFields}
	in := input.ContractOf(ct)
	formFill(f, &in)
	delete(f.Values, "currency") // fixed once the contract has prices in it
	s.renderContractForm(c, http.StatusOK, f, ct)
}

// contractUpdate saves a contract's own fields.
func (s *Server) contractUpdate(c *gin.Context) {
	before, ok := s.loadContract(c)
	if !ok {
		return
	}
	f := newForm(c, contractEditFields...)
	problem, err := s.resolveFormVendor(c, f, "vendor_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ct := *before
	ct.Terms = nil // the form does not carry terms; storage leaves them alone
	in := input.ContractOf(before)
	bindForm(f, &in)
	if errs := withProblem(checkContract(pageRules, &in, nil, "", &ct), "vendor_id", problem); len(errs) > 0 {
		f.Fail(errs.Err(), contractFormRename)
		s.renderContractForm(c, http.StatusUnprocessableEntity, f, before)
		return
	}
	if err := s.contracts.UpdateContract(c.Request.Context(), &ct); err != nil {
		if f.Fail(err, contractFormRename) {
			s.renderContractForm(c, http.StatusUnprocessableEntity, f, before)
			return
		}
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Contract saved.")
	redirect(c, "/contracts/"+strconv.FormatInt(before.ID, 10))
}

// loadContract finds the contract of the URL, or answers with the error page.
func (s *Server) loadContract(c *gin.Context) (*outlay.Contract, bool) {
	id, err := pathID(c, "Contract")
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	ct, err := s.contracts.FindContractByID(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	ct.Derive(s.today(), s.windowDays(c))
	return ct, true
}

// contractInput and termInput are the server's names of the shared contract and term
// inputs, which every door fills (input.Contract, input.Term).
type (
	contractInput = input.Contract
	termInput     = input.Term
)

// checkContract is input.CheckContract: the field and domain rules of a contract.
func checkContract(rules *input.Rules, in *contractInput, term *termInput, base string, ct *outlay.Contract) outlay.FieldErrors {
	return input.CheckContract(rules, in, term, base, ct)
}

// checkNewContract is checkContract for a new contract, with the checks of its
// references that a refused form can afford (does the vendor exist and take contracts,
// does a budget line carry the code), so that one answer lists every problem instead of
// storage's in a later round. A contract whose fields are all right goes to storage,
// which checks the references again in its transaction. The problems are added to bad
// (what the caller found already); the error is an internal one.
func (s *Server) checkNewContract(ctx context.Context, rules *input.Rules, in *contractInput, term *termInput, ct *outlay.Contract, bad outlay.FieldErrors) (outlay.FieldErrors, error) {
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		return nil, err
	}
	for k, v := range checkContract(rules, in, term, st.BaseCurrency, ct) {
		bad.Add(k, v)
	}
	if len(bad) == 0 {
		return bad, nil
	}
	if _, ok := bad["vendor_id"]; !ok && ct.VendorID > 0 {
		v, err := s.vendors.FindVendorByID(ctx, ct.VendorID)
		switch {
		case outlay.ErrorCode(err) == outlay.ENOTFOUND:
			bad.Add("vendor_id", "no such vendor")
		case err != nil:
			return nil, err
		case v.ArchivedAt != nil:
			bad.Add("vendor_id", "the vendor is archived; restore it or choose another")
		}
	}
	if err := s.budgetCodeProblem(ctx, bad, ct.BudgetLineCode); err != nil {
		return nil, err
	}
	return bad, nil
}

func (s *Server) renderContractForm(c *gin.Context, status int, f *Form, ct *outlay.Contract) {
	v := contractFormView{
		Form:         f,
		New:          ct == nil,
		Contract:     ct,
		Vendor:       s.formVendorPicker(c, f, "vendor_id", ""),
		Kinds:        contractOptions(outlay.ContractKinds, ""),
		RenewalTypes: contractOptions(outlay.RenewalTypes, ""),
		NoticeUnits:  contractOptions(outlay.NoticeUnits, ""),
		Billings:     contractOptions(outlay.BillingPeriods, ""),
	}
	if st, err := s.settings.GetSettings(c.Request.Context()); err == nil {
		v.SettingsOffsets = outlay.FormatOffsets(st.ReminderOffsets)
	} else {
		s.logIfInternal(c, err)
	}
	if codes, err := s.budgetSvc.BudgetCodes(c.Request.Context()); err == nil {
		v.NoBudgetLines = len(codes) == 0
	} else {
		s.logIfInternal(c, err)
	}
	title := "New contract"
	crumbs := []Crumb{{"Contracts", "/contracts"}, {"New", ""}}
	if ct != nil {
		title = "Edit " + ct.Title
		crumbs = []Crumb{{"Contracts", "/contracts"}, {ct.Title, "/contracts/" + strconv.FormatInt(ct.ID, 10)}, {"Edit", ""}}
	}
	p := s.page(c, title, "contracts", crumbs...)
	p.Data = v
	s.render(c, status, "contract_form", p)
}
