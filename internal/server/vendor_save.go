package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/outlay"
)

// vendorFields are the vendor form's inputs in page order. They carry the API's field
// names, so the domain's field messages land beside their inputs without renaming.
var vendorFields = []string{"name", "category", "status", "criticality", "website",
	"contact_name", "contact_email", "contact_phone", "support_contact", "notes"}

// vendorFormView is the data of the new and edit vendor form.
type vendorFormView struct {
	Form        *Form
	Vendor      *outlay.Vendor // nil for a new vendor
	Action      string
	Cancel      string
	Categories  []Option
	Statuses    []Option
	Criticality []Option
}

// loadVendor finds the vendor named by the URL.
func (s *Server) loadVendor(c *gin.Context) (*outlay.Vendor, error) {
	id, err := pathID(c, "Vendor")
	if err != nil {
		return nil, err
	}
	return s.vendors.FindVendorByID(c.Request.Context(), id)
}

// vendorInput is a vendor as typed into the form or sent to the API, with the field
// rules; the choices are the domain's (Vendor.Validate). Input names and JSON names are
// the same.
type vendorInput struct {
	Name           string `form:"name" json:"name" validate:"required,max=200,text"`
	Category       string `form:"category" json:"category" validate:"required"`
	Status         string `form:"status" json:"status" `
	Criticality    string `form:"criticality" json:"criticality" `
	Website        string `form:"website" json:"website" validate:"max=500,text,omitempty,http_url"`
	ContactName    string `form:"contact_name" json:"contact_name" validate:"max=200,text"`
	ContactEmail   string `form:"contact_email" json:"contact_email" validate:"max=254,omitempty,email"`
	ContactPhone   string `form:"contact_phone" json:"contact_phone" validate:"max=50,text"`
	SupportContact string `form:"support_contact" json:"support_contact" validate:"max=500,text"`
	Notes          string `form:"notes" json:"notes" validate:"max=10000,multiline"`
}

// vendorInputOf is the stored vendor as input: what the edit form shows and what a PATCH
// changes.
func vendorInputOf(v *outlay.Vendor) vendorInput {
	return vendorInput{Name: v.Name, Category: v.Category, Status: v.Status, Criticality: v.Criticality,
		Website: v.Website, ContactName: v.ContactName, ContactEmail: v.ContactEmail,
		ContactPhone: v.ContactPhone, SupportContact: v.SupportContact, Notes: v.Notes}
}

// apply copies the input onto v.
func (in *vendorInput) apply(v *outlay.Vendor) {
	v.Name, v.Category, v.Status, v.Criticality = in.Name, in.Category, in.Status, in.Criticality
	v.Website, v.Notes, v.SupportContact = in.Website, in.Notes, in.SupportContact
	v.ContactName, v.ContactEmail, v.ContactPhone = in.ContactName, in.ContactEmail, in.ContactPhone
}

// checkVendor runs the input's field rules, copies the input onto v and, when anything
// is wrong, adds the domain's rules too, so one answer holds every problem.
func checkVendor(rules *input.Rules, in *vendorInput, v *outlay.Vendor) error {
	bad := rules.Check(in)
	in.apply(v)
	if len(bad) > 0 {
		v.Normalize()
		for k, msg := range outlay.ErrorFields(v.Validate()) {
			bad.Add(k, msg)
		}
	}
	return bad.Err()
}

// vendorForm fills a form from a stored vendor, for editing.
func vendorForm(v *outlay.Vendor) *Form {
	in := vendorInputOf(v)
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: vendorFields}
	formFill(f, &in)
	return f
}

func (s *Server) renderVendorForm(c *gin.Context, status int, f *Form, v *outlay.Vendor) {
	view := vendorFormView{
		Form: f, Vendor: v, Action: "/vendors", Cancel: "/vendors",
		Categories:  options(outlay.VendorCategories, "Choose…"),
		Statuses:    options(outlay.VendorStatuses, ""),
		Criticality: options(outlay.VendorCriticalities, ""),
	}
	var p Page
	if v == nil {
		p = s.page(c, "New vendor", "vendors", Crumb{"Vendors", "/vendors"}, Crumb{"New vendor", ""})
	} else {
		view.Action = "/vendors/" + strconv.FormatInt(v.ID, 10)
		view.Cancel = view.Action
		p = s.page(c, "Edit "+v.Name, "vendors", Crumb{"Vendors", "/vendors"}, Crumb{v.Name, view.Action}, Crumb{"Edit", ""})
	}
	p.Data = view
	s.render(c, status, "vendor_form", p)
}

// vendorNew shows an empty vendor form with the usual defaults chosen.
func (s *Server) vendorNew(c *gin.Context) {
	s.renderVendorForm(c, http.StatusOK, vendorForm(&outlay.Vendor{Status: "active", Criticality: "medium"}), nil)
}

// vendorCreate stores a new vendor, or shows the form again with what was typed.
func (s *Server) vendorCreate(c *gin.Context) {
	f := newForm(c, vendorFields...)
	var in vendorInput
	bindForm(f, &in)
	v := &outlay.Vendor{}
	err := checkVendor(pageRules, &in, v)
	if err == nil {
		err = s.vendors.CreateVendor(c.Request.Context(), v)
	}
	if err != nil {
		if f.Fail(err, nil) {
			s.renderVendorForm(c, http.StatusUnprocessableEntity, f, nil)
			return
		}
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Vendor saved.")
	redirect(c, "/vendors/"+strconv.FormatInt(v.ID, 10))
}

// vendorEdit shows the form filled from the stored vendor. An archived vendor is kept as
// it was, so it has no edit form.
func (s *Server) vendorEdit(c *gin.Context) {
	v, err := s.loadVendor(c)
	if err == nil && v.ArchivedAt != nil {
		err = outlay.Errorf(outlay.ECONFLICT, "This vendor is archived and can no longer be changed.")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderVendorForm(c, http.StatusOK, vendorForm(v), v)
}

// vendorUpdate saves the edit form, or shows it again with what was typed.
func (s *Server) vendorUpdate(c *gin.Context) {
	v, err := s.loadVendor(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	stored := *v
	f := newForm(c, vendorFields...)
	var in vendorInput
	bindForm(f, &in)
	err = checkVendor(pageRules, &in, v)
	if err == nil {
		err = s.vendors.UpdateVendor(c.Request.Context(), v)
	}
	if err != nil {
		if f.Fail(err, nil) {
			s.renderVendorForm(c, http.StatusUnprocessableEntity, f, &stored)
			return
		}
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Vendor saved.")
	redirect(c, "/vendors/"+strconv.FormatInt(v.ID, 10))
}
