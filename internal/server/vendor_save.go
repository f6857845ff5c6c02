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

// vendorForm fills a form from a stored vendor, for editing.
func vendorForm(v *outlay.Vendor) *Form {
	in := input.VendorOf(v)
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
	var in input.Vendor
	bindForm(f, &in)
	v := &outlay.Vendor{}
	err := input.CheckVendor(pageRules, &in, v)
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
	var in input.Vendor
	bindForm(f, &in)
	err = input.CheckVendor(pageRules, &in, v)
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
