package input

import "outlay/internal/outlay"

// Vendor is a vendor as typed into the form, sent to the API or read from a spreadsheet
// row, with the field rules; the choices are the domain's (Vendor.Validate). Input names
// and JSON names are the same.
type Vendor struct {
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

// VendorOf is the stored vendor as input: what the edit form shows and what a PATCH
// changes.
func VendorOf(v *outlay.Vendor) Vendor {
	return Vendor{Name: v.Name, Category: v.Category, Status: v.Status, Criticality: v.Criticality,
		Website: v.Website, ContactName: v.ContactName, ContactEmail: v.ContactEmail,
		ContactPhone: v.ContactPhone, SupportContact: v.SupportContact, Notes: v.Notes}
}

// Apply copies the input onto v.
func (in *Vendor) Apply(v *outlay.Vendor) {
	v.Name, v.Category, v.Status, v.Criticality = in.Name, in.Category, in.Status, in.Criticality
	v.Website, v.Notes, v.SupportContact = in.Website, in.Notes, in.SupportContact
	v.ContactName, v.ContactEmail, v.ContactPhone = in.ContactName, in.ContactEmail, in.ContactPhone
}

// CheckVendor runs the input's field rules, copies the input onto v and, when anything
// is wrong, adds the domain's rules too, so one answer holds every problem.
func CheckVendor(rules *Rules, in *Vendor, v *outlay.Vendor) error {
	bad := rules.Check(in)
	in.Apply(v)
	if len(bad) > 0 {
		v.Normalize()
		for k, msg := range outlay.ErrorFields(v.Validate()) {
			bad.Add(k, msg)
		}
	}
	return bad.Err()
}
