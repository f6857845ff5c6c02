package server

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// vendorNameField is the form input that carries a vendor's name as typed.
const vendorNameField = "vendor_name"

// resolveFormVendor turns a form's vendor field into the id the form's rules read,
// under idField. The hidden idField holds the id a suggestion chose (or the record's
// own); vendor_name holds what the field shows. The id stands while the name is still
// its vendor's; otherwise the name must be a vendor's, exactly, in any letter case.
// The problem returned, when the name chooses none, belongs beside the field; the name
// stays as typed. A form posted without vendor_name (a script sending the id alone) is
// left as it came.
func (s *Server) resolveFormVendor(c *gin.Context, f *Form, idField string) (problem string, err error) {
	typed, ok := c.GetPostForm(vendorNameField)
	if !ok {
		return "", nil
	}
	f.Values[vendorNameField] = typed
	text := strings.TrimSpace(typed)
	if text == "" {
		f.Set(idField, "") // the field's own rule says it is required
		return "", nil
	}
	ctx := c.Request.Context()
	if id, err := strconv.ParseInt(strings.TrimSpace(f.Get(idField)), 10, 64); err == nil && id > 0 {
		v, err := s.vendors.FindVendorByID(ctx, id)
		if err != nil && outlay.ErrorCode(err) != outlay.ENOTFOUND {
			return "", err
		}
		if err == nil && strings.EqualFold(v.Name, text) {
			return "", nil
		}
	}
	f.Set(idField, "")
	picks, err := s.vendors.PickVendors(ctx, text, true, pickerLimit)
	if err != nil {
		return "", err
	}
	var near []string
	for _, p := range picks {
		switch {
		case strings.EqualFold(p.Name, text) && p.Archived:
			return "the vendor " + p.Name + " is archived; restore it or choose another", nil
		case strings.EqualFold(p.Name, text):
			f.Set(idField, strconv.FormatInt(p.ID, 10))
			return "", nil
		case !p.Archived && len(near) < 3:
			near = append(near, p.Name)
		}
	}
	if len(near) == 0 {
		return "no vendor is called “" + text + "”; add it on the Vendors page first", nil
	}
	return "no vendor is called exactly “" + text + "”; did you mean " + orList(near) + "?", nil
}

// orList joins names as a person writes a choice: "A", "A or B", "A, B or C".
func orList(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// withProblem puts a field's problem into bad, in place of any other message for that
// field: the name typed explains better than "required" why no vendor was taken. A nil
// bad becomes an empty set, which callers may add to.
func withProblem(bad outlay.FieldErrors, field, problem string) outlay.FieldErrors {
	if bad == nil {
		bad = outlay.FieldErrors{}
	}
	if problem != "" {
		bad[field] = problem
	}
	return bad
}

// withProblemErr is withProblem for a form whose checks return an error: the problem
// joins the error's field messages (an EINVALID error), or makes one of its own.
func withProblemErr(err error, field, problem string) error {
	if problem == "" || (err != nil && outlay.ErrorCode(err) != outlay.EINVALID) {
		return err
	}
	bad := outlay.FieldErrors{}
	for k, v := range outlay.ErrorFields(err) {
		bad[k] = v
	}
	return withProblem(bad, field, problem).Err()
}

// formVendorPicker is the vendor field of a form as the page shows it: the name typed,
// or the chosen vendor's name looked up from its id (a form opened for editing, or
// from a vendor's page), and the field's message.
func (s *Server) formVendorPicker(c *gin.Context, f *Form, idField, help string) pickerField {
	p := pickerField{IDName: idField, TextName: vendorNameField, InputID: "f-" + idField, ID: f.Get(idField),
		Name: f.Get(vendorNameField), Problem: f.Error(idField), URL: "/pickers/vendors", Label: "Vendor", Required: true,
		Help:        strings.TrimSpace(help + " Type a few letters and choose the vendor, or type its whole name."),
		Placeholder: "Type to search vendors"}
	if _, typed := f.Values[vendorNameField]; typed {
		return p
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(p.ID), 10, 64); err == nil && id > 0 {
		if v, err := s.vendors.FindVendorByID(c.Request.Context(), id); err == nil {
			p.Name = v.Name
		}
	}
	return p
}
