package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

// contractFormFields are the inputs of the new-contract form in page order; the edit
// form has the same less the first term and the currency.
var contractFormFields = []string{
	"vendor_id", "title", "reference", "kind", "owner_email", "backup_owner_email",
	"start_date", "end_date", "price", "currency", "billing",
	"renewal_type", "notice_value", "notice_unit", "renewal_term_months", "uplift_percent",
	"budget_line_code", "notes", "justification",
}

var contractEditFields = []string{
	"vendor_id", "title", "reference", "kind", "owner_email", "backup_owner_email",
	"renewal_type", "notice_value", "notice_unit", "renewal_term_months", "uplift_percent",
	"budget_line_code", "notes", "justification",
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
	Vendors      []Option         // nil when vendors cannot be listed: a plain id input then
	Kinds        []Option
	RenewalTypes []Option
	NoticeUnits  []Option
	Billings     []Option
}

// contractNew shows an empty contract form; ?vendor_id= preselects the vendor (the
// "New contract" button on a vendor's page).
func (s *Server) contractNew(c *gin.Context) {
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: contractFormFields}
	f.Set("vendor_id", c.Query("vendor_id"))
	f.Set("kind", "subscription")
	f.Set("renewal_type", "auto")
	f.Set("notice_value", "0")
	f.Set("notice_unit", "months")
	f.Set("renewal_term_months", "0")
	f.Set("currency", "EUR")
	f.Set("billing", "annual")
	if u := currentUser(c); u != nil {
		f.Set("owner_email", u.Email)
	}
	s.renderContractForm(c, http.StatusOK, f, nil)
}

// contractCreate stores a new contract with its first term.
func (s *Server) contractCreate(c *gin.Context) {
	f := newForm(c, contractFormFields...)
	ct := &outlay.Contract{}
	if errs := readContractForm(f, ct, true); len(errs) > 0 {
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
	for k, v := range map[string]string{
		"vendor_id": strconv.FormatInt(ct.VendorID, 10), "title": ct.Title, "reference": ct.Reference, "kind": ct.Kind,
		"owner_email": ct.OwnerEmail, "backup_owner_email": ct.BackupOwnerEmail, "renewal_type": ct.RenewalType,
		"notice_value": strconv.Itoa(ct.NoticeValue), "notice_unit": ct.NoticeUnit,
		"renewal_term_months": strconv.Itoa(ct.RenewalTermMonths), "uplift_percent": outlay.FormatPercent(ct.UpliftBasisPoints),
		"budget_line_code": ct.BudgetLineCode, "notes": ct.Notes, "justification": ct.Justification,
	} {
		f.Set(k, v)
	}
	s.renderContractForm(c, http.StatusOK, f, ct)
}

// contractUpdate saves a contract's own fields.
func (s *Server) contractUpdate(c *gin.Context) {
	before, ok := s.loadContract(c)
	if !ok {
		return
	}
	f := newForm(c, contractEditFields...)
	ct := *before
	ct.Terms = nil // the form does not carry terms; storage leaves them alone
	if errs := readContractForm(f, &ct, false); len(errs) > 0 {
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

// readContractForm copies the form into ct (with its first term when withTerm) and
// returns every field problem: what cannot be read (a date that does not exist, a price
// with too many decimals) and what the domain refuses, keyed by domain field names.
func readContractForm(f *Form, ct *outlay.Contract, withTerm bool) outlay.FieldErrors {
	errs := outlay.FieldErrors{}
	ct.VendorID, _ = strconv.ParseInt(strings.TrimSpace(f.Get("vendor_id")), 10, 64)
	ct.Title = f.Get("title")
	ct.Reference = f.Get("reference")
	ct.Kind = f.Get("kind")
	ct.OwnerEmail = f.Get("owner_email")
	ct.BackupOwnerEmail = f.Get("backup_owner_email")
	ct.RenewalType = f.Get("renewal_type")
	ct.NoticeUnit = f.Get("notice_unit")
	ct.BudgetLineCode = f.Get("budget_line_code")
	ct.Notes = f.Get("notes")
	ct.Justification = f.Get("justification")
	var ok bool
	if ct.NoticeValue, ok = contractFormInt(f.Get("notice_value")); !ok {
		errs.Add("notice_value", "a whole number, such as 3")
	}
	if ct.RenewalTermMonths, ok = contractFormInt(f.Get("renewal_term_months")); !ok {
		errs.Add("renewal_term_months", "a whole number of months, such as 12 (0: as long as the current term)")
	}
	bp, err := outlay.ParsePercent(f.Get("uplift_percent"))
	if err != nil {
		errs.Add("uplift_percent", err.Error())
	}
	ct.UpliftBasisPoints = bp
	if withTerm {
		ct.Currency = f.Get("currency")
		t := &outlay.Term{Billing: f.Get("billing")}
		t.StartDate = contractFormDate(errs, "first_term.start_date", f.Get("start_date"))
		t.EndDate = contractFormDate(errs, "first_term.end_date", f.Get("end_date"))
		// The price is read in the chosen currency; an unknown currency is reported on
		// its own field, and the price waits until it is fixed.
		if cur := strings.ToUpper(strings.TrimSpace(ct.Currency)); money.ValidCurrency(cur) {
			if t.Price, err = money.Parse(f.Get("price"), cur, false); err != nil {
				errs.Add("first_term.price", err.Error())
			}
		}
		ct.Terms = []*outlay.Term{t}
	}
	ct.Normalize()
	for k, v := range outlay.ErrorFields(ct.Validate()) {
		errs.Add(k, v)
	}
	return errs
}

// contractFormInt reads an optional whole number: blank is 0.
func contractFormInt(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// contractFormDate reads a YYYY-MM-DD date; blank is left to validation ("required").
func contractFormDate(errs outlay.FieldErrors, field, s string) time.Time {
	if strings.TrimSpace(s) == "" {
		return time.Time{}
	}
	d, err := outlay.ParseDate(s)
	if err != nil {
		errs.Add(field, "not a real date (use YYYY-MM-DD)")
	}
	return d
}

func (s *Server) renderContractForm(c *gin.Context, status int, f *Form, ct *outlay.Contract) {
	v := contractFormView{
		Form:         f,
		New:          ct == nil,
		Contract:     ct,
		Vendors:      s.vendorOptions(c, "Choose a vendor…"),
		Kinds:        contractOptions(outlay.ContractKinds, ""),
		RenewalTypes: contractOptions(outlay.RenewalTypes, ""),
		NoticeUnits:  contractOptions(outlay.NoticeUnits, ""),
		Billings:     contractOptions(outlay.BillingPeriods, ""),
	}
	// A contract keeps its vendor in the select even when that vendor has since been
	// archived, so saving other changes does not force a new vendor.
	if ct != nil && v.Vendors != nil {
		id := strconv.FormatInt(ct.VendorID, 10)
		found := false
		for _, o := range v.Vendors {
			found = found || o.Value == id
		}
		if !found {
			v.Vendors = append(v.Vendors, Option{id, ct.VendorName})
		}
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
