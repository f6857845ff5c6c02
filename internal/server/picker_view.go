package server

// vendorPicker is what the "vendorpicker" and "vendorfilter" templates show: a text
// field for the vendor's name that suggests names as the user types (outlay.js asks
// /pickers/vendors) and keeps the chosen vendor's id in a hidden input. Without
// JavaScript the server reads the name typed (resolveListVendor, resolveFormVendor), so
// no page has to carry one option per vendor.
type vendorPicker struct {
	IDName   string // the hidden input holding the id: "vendor", "vendor_id"
	TextName string // the text input: vendor_q in filters, vendor_name in forms
	InputID  string // the text input's element id, which labels and error links point at
	ID       string // the chosen vendor's id; "" when none is chosen
	Name     string // what the field shows: the chosen vendor's name, or the text as typed
	Archived bool   // suggestions include archived vendors (filters of old records)
	Problem  string // why the text chose no vendor, shown beside the field
	Matches  []vendorMatch

	Label, Placeholder, Help string
	Required                 bool
}

// vendorMatch is a link that chooses one of several vendors a filter's text matched.
type vendorMatch struct{ Name, Href string }
