package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// licenceFields are the licence form's inputs in page order.
var licenceFields = []string{"product", "vendor_id", "contract_id", "kind", "billing", "seats_purchased", "seats_assigned",
	"unit_price", "currency", "start_date", "expiry_date", "owner_email", "budget_line_code", "notes", "key", "remove_key"}

type licenceFormView struct {
	Form     *Form
	New      bool
	ID       int64
	Product  string
	KeySet   bool // a key is stored: the form offers to replace or remove it
	KeyTyped bool // a key was typed into a refused form; it is not sent back
	Vendor   pickerField
	Contract pickerField
	Kinds    []Option
	Billings []Option
}

func emptyLicenceForm() *Form {
	return &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: licenceFields}
}

func (s *Server) licenceNew(c *gin.Context) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	f := emptyLicenceForm()
	f.Set("currency", st.BaseCurrency)
	f.Set("billing", "annual")
	// A link from a vendor or contract page may preselect them.
	f.Set("vendor_id", c.Query("vendor_id"))
	f.Set("contract_id", c.Query("contract_id"))
	s.renderLicenceForm(c, http.StatusOK, f, nil)
}

func (s *Server) licenceEdit(c *gin.Context) {
	l, err := s.loadLicence(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderLicenceForm(c, http.StatusOK, licenceForm(l), l)
}

// licenceForm fills the form from a stored licence.
func licenceForm(l *outlay.Licence) *Form {
	f := emptyLicenceForm()
	f.Set("product", l.Product)
	f.Set("vendor_id", strconv.FormatInt(l.VendorID, 10))
	if l.ContractID != nil {
		f.Set("contract_id", strconv.FormatInt(*l.ContractID, 10))
	}
	f.Set("kind", l.Kind)
	f.Set("billing", l.Billing)
	f.Set("seats_purchased", strconv.FormatInt(l.SeatsPurchased, 10))
	f.Set("seats_assigned", strconv.FormatInt(l.SeatsAssigned, 10))
	f.Set("unit_price", money.Decimal(l.UnitPrice, l.Currency))
	f.Set("currency", l.Currency)
	f.Set("start_date", outlay.FormatDate(l.StartDate))
	f.Set("expiry_date", outlay.FormatDate(l.ExpiryDate))
	f.Set("owner_email", l.OwnerEmail)
	f.Set("budget_line_code", l.BudgetLineCode)
	f.Set("notes", l.Notes)
	return f
}

// licenceFromForm copies the form onto l and works out the key change: nil keeps the
// stored key, "" removes it. Input that cannot be read is reported together with the
// domain's own messages.
func licenceFromForm(f *Form, l *outlay.Licence, base string) (*string, error) {
	parse := outlay.FieldErrors{}
	typed := input.Licence{Product: f.Get("product"), VendorID: f.Get("vendor_id"), ContractID: f.Get("contract_id"),
		SeatsPurchased: input.Seats(f.Get("seats_purchased")), SeatsAssigned: input.Seats(f.Get("seats_assigned")),
		StartDate: f.Get("start_date"), ExpiryDate: f.Get("expiry_date"), OwnerEmail: f.Get("owner_email"),
		BudgetLineCode: f.Get("budget_line_code"), Notes: f.Get("notes")}
	l.VendorID, l.ContractID = 0, nil
	typed.Check(pageRules, parse, l)
	l.Kind, l.Billing, l.Currency = f.Get("kind"), f.Get("billing"), f.Get("currency")
	l.UnitPrice = input.LicenceUnitPrice(parse, f.Get("unit_price"), l.Currency, base)

	var key *string
	typedKey := f.Get("key")
	switch {
	case f.Get("remove_key") == "1" && strings.TrimSpace(typedKey) != "":
		parse.Add("key", "type a new key or tick “Remove the stored key”, not both")
	case f.Get("remove_key") == "1":
		key = new(string)
	case strings.TrimSpace(typedKey) != "":
		key = &typedKey
	}
	return key, input.LicenceErrors(parse, l, key)
}

func (s *Server) licenceCreate(c *gin.Context) {
	f := newForm(c, licenceFields...)
	l := &outlay.Licence{}
	key, err, ok := s.licenceInput(c, f, l, nil)
	if !ok {
		return
	}
	if err == nil {
		err = s.licences().CreateLicence(c.Request.Context(), l, key)
	}
	s.licenceSaved(c, f, l, nil, err)
}

func (s *Server) licenceUpdate(c *gin.Context) {
	before, err := s.loadLicence(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := newForm(c, licenceFields...)
	l := *before
	key, err, ok := s.licenceInput(c, f, &l, before)
	if !ok {
		return
	}
	if err == nil {
		err = s.licences().UpdateLicence(c.Request.Context(), &l, key)
	}
	s.licenceSaved(c, f, &l, before, err)
}

// licenceInput reads the licence form into l, the same way for a new licence and an
// edit (before is the stored licence, nil for a new one): the typed vendor and contract
// resolved by name, the fields checked, the budget line code and links looked up.
// problems holds every problem for the form; ok is false when the request already failed
// (the settings or a lookup could not be read) and the caller must stop.
func (s *Server) licenceInput(c *gin.Context, f *Form, l, before *outlay.Licence) (key *string, problems error, ok bool) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	problem, err := s.resolveFormVendor(c, f, "vendor_id")
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	cproblem, err := s.resolveFormContract(c, f, "contract_id", "vendor_id")
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	key, err = licenceFromForm(f, l, st.BaseCurrency)
	err = withProblemErr(withProblemErr(err, "vendor_id", problem), "contract_id", cproblem)
	return key, s.licenceReferences(ctx, err, l, before), true
}

// licenceSaved redirects to the saved licence, or shows the form again with the
// messages (status 422). A typed key is not sent back into the page.
func (s *Server) licenceSaved(c *gin.Context, f *Form, l, before *outlay.Licence, err error) {
	if err == nil {
		s.flash(c, "success", "Licence saved.")
		redirect(c, licencePath(l.ID))
		return
	}
	if !f.Fail(err, nil) {
		s.fail(c, err)
		return
	}
	s.renderLicenceForm(c, http.StatusUnprocessableEntity, f, before)
}

func (s *Server) renderLicenceForm(c *gin.Context, status int, f *Form, l *outlay.Licence) {
	v := licenceFormView{Form: f, New: l == nil, Kinds: options(outlay.LicenceKinds, "Choose a kind…"),
		Billings: options(outlay.LicenceBillings, "")}
	if strings.TrimSpace(f.Get("key")) != "" {
		v.KeyTyped = true
		f.Set("key", "")
		licenceNoStore(c)
	}
	v.Vendor = s.formVendorPicker(c, f, "vendor_id", "")
	v.Contract = s.formContractPicker(c, f, "contract_id", "vendor_id", "Optional: a contract with the same vendor.")
	title := "New licence"
	crumbs := []Crumb{{"Licences", "/licences"}, {Label: "New"}}
	if l != nil {
		v.ID, v.Product, v.KeySet = l.ID, l.Product, l.KeySet
		title = "Edit " + l.Product
		crumbs = []Crumb{{"Licences", "/licences"}, {l.Product, licencePath(l.ID)}, {Label: "Edit"}}
	}
	p := s.page(c, title, "licences", crumbs...)
	p.Data = v
	s.render(c, status, "licence_form", p)
}
