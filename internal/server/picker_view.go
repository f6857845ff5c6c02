package server

// pickerField is what the "vendorfilter" and "picker" templates show: a text field for a
// record's name (a vendor, a contract) that suggests names as the user types (outlay.js
// asks URL) and keeps the chosen record's id in a hidden input. Without JavaScript the
// server reads the name typed (resolveListVendor, resolveFormVendor,
// resolveFormContract), so no page has to carry one option per record.
type pickerField struct {
	IDName   string // the hidden input holding the id: "vendor", "vendor_id", "contract_id"
	TextName string // the text input: vendor_q in filters, vendor_name or contract_name in forms
	InputID  string // the text input's element id, which labels and error links point at
	ID       string // the chosen record's id; "" when none is chosen
	Name     string // what the field shows: the chosen record's name, or the text as typed
	Archived bool   // suggestions include archived vendors (filters of old records)
	Problem  string // why the text chose no record, shown beside the field
	Matches  []vendorMatch

	// URL is where outlay.js asks for suggestions; With names a field of the same form
	// whose value narrows them (the vendor of a contract field).
	URL, With                string
	Label, Placeholder, Help string
	Required                 bool
}

// vendorMatch is a link that chooses one of several vendors a filter's text matched.
type vendorMatch struct{ Name, Href string }
