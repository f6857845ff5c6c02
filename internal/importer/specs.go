package importer

import "outlay/internal/outlay"

// SpecFor is the file a kind takes: its columns are the list export's, in the export's
// order, so a file exported from Outlay comes back in as it went out. Columns the
// export writes and Outlay computes are Derived; Field names the input field a
// writable column fills (the JSON name of the input struct's field), "" for a column
// the kind reads itself (a vendor by name, a budget line by code). The spend export
// names its base-currency amounts with the currency ("Charged to line (EUR)"); the
// header match drops that suffix, so the spec's headers are without it.
func SpecFor(kind outlay.ImportKind) (*Spec, bool) {
	mk, ok := specs[kind]
	if !ok {
		return nil, false
	}
	return mk(), true
}

// specs builds each kind's spec afresh, so no caller can change another's.
var specs = map[outlay.ImportKind]func() *Spec{
	outlay.ImportVendors:     vendorSpec,
	outlay.ImportContracts:   contractSpec,
	outlay.ImportLicences:    licenceSpec,
	outlay.ImportBudgetLines: budgetSpec,
	outlay.ImportSpend:       spendSpec,
}

// derived is a column the export writes and the import ignores.
func derived(header string, t ColumnType) Column {
	return Column{Header: header, Type: t, Derived: true}
}

func vendorSpec() *Spec {
	return &Spec{Kind: outlay.ImportVendors, Sheet: "Vendors", Columns: []Column{
		derived("ID", NumberColumn),
		{Header: "Name", Field: "name", Required: true, Aliases: []string{"Vendor", "Vendor name"}, Example: "Acme Cloud"},
		{Header: "Category", Field: "category", Required: true, Choices: outlay.VendorCategories, Example: "cloud"},
		{Header: "Status", Field: "status", Choices: outlay.VendorStatuses, Example: "active"},
		{Header: "Criticality", Field: "criticality", Choices: outlay.VendorCriticalities, Example: "high"},
		derived("Contracts", NumberColumn),
		{Header: "Website", Field: "website", Example: "https://acme.example"},
		{Header: "Account manager", Field: "contact_name", Aliases: []string{"Contact name"}, Example: "Dana Reyes"},
		{Header: "Email", Field: "contact_email", Aliases: []string{"Contact email"}, Example: "dana@acme.example"},
		{Header: "Phone", Field: "contact_phone", Aliases: []string{"Contact phone"}, Example: "+44 20 7946 0000"},
		{Header: "Support", Field: "support_contact", Aliases: []string{"Support contact"}, Example: "https://support.acme.example"},
		derived("Archived", DateColumn),
		{Header: "Notes", Field: "notes", Example: "Preferred cloud supplier"},
	}}
}

func contractSpec() *Spec {
	return &Spec{Kind: outlay.ImportContracts, Sheet: "Contracts", Columns: []Column{
		derived("ID", NumberColumn),
		{Header: "Title", Field: "title", Required: true, Example: "Cloud hosting"},
		{Header: "Reference", Field: "reference", Example: "ACME-2027-01"},
		{Header: "Vendor", Required: true, Example: "Acme Cloud"},
		{Header: "Kind", Field: "kind", Choices: outlay.ContractKinds, Example: "subscription"},
		{Header: "Owner", Field: "owner_email", Required: true, Aliases: []string{"Owner email"}, Example: "it.manager@example.org"},
		{Header: "Backup owner", Field: "backup_owner_email", Aliases: []string{"Backup owner email"}, Example: ""},
		{Header: "Renewal", Field: "renewal_type", Aliases: []string{"Renewal type"}, Choices: outlay.RenewalTypes, Example: "auto"},
		{Header: "Notice", Field: "notice_value", Aliases: []string{"Notice period"}, Example: "3 months"},
		{Header: "Term start", Field: "first_term.start_date", Type: DateColumn, Required: true, Aliases: []string{"Start", "Start date"}, Example: "2027-01-01"},
		{Header: "Term end", Field: "first_term.end_date", Type: DateColumn, Required: true, Aliases: []string{"End", "End date"}, Example: "2027-12-31"},
		{Header: "Billing", Field: "first_term.billing", Choices: outlay.BillingPeriods, Example: "annual"},
		{Header: "Term price", Field: "first_term.price", Type: NumberColumn, Required: true, Aliases: []string{"Price"}, Example: "12000.00"},
		{Header: "Currency", Field: "currency", Example: "EUR"},
		derived("Renews on", DateColumn),
		derived("Cancel by", DateColumn),
		derived("Key date", DateColumn),
		derived("Days left", NumberColumn),
		derived("Status", TextColumn),
		{Header: "Decision", Field: "decision", Choices: outlay.DecisionKinds, Example: ""},
		{Header: "Decision note", Field: "note", Example: ""},
		{Header: "Decided by", Example: ""},
		{Header: "Decided on", Type: DateColumn, Example: ""},
		{Header: "Budget line", Field: "budget_line_code", Aliases: []string{"Budget line code"}, Example: "INF-CLOUD"},
		{Header: "Renewal term (months)", Field: "renewal_term_months", Type: NumberColumn, Aliases: []string{"Renewal term"}, Example: "12"},
		{Header: "Uplift %", Field: "uplift_percent", Type: NumberColumn, Aliases: []string{"Uplift", "Uplift percent"}, Example: "3"},
		// Blank follows the settings' offsets, which is what most contracts want.
		{Header: "Reminder offsets", Field: "reminder_offsets", Aliases: []string{"Reminders", "Reminder days"}, Example: ""},
		{Header: "Notes", Field: "notes", Example: ""},
		{Header: "Justification", Field: "justification", Example: "Hosts the customer portal"},
	}}
}

func licenceSpec() *Spec {
	return &Spec{Kind: outlay.ImportLicences, Sheet: "Licences", Columns: []Column{
		derived("ID", NumberColumn),
		{Header: "Product", Field: "product", Required: true, Example: "Acme Office"},
		{Header: "Vendor", Required: true, Example: "Acme Cloud"},
		{Header: "Contract", Aliases: []string{"Contract title"}, Example: "Cloud hosting"},
		{Header: "Kind", Field: "kind", Choices: outlay.LicenceKinds, Example: "per_user"},
		{Header: "Seats purchased", Field: "seats_purchased", Type: NumberColumn, Required: true, Example: "50"},
		{Header: "Seats assigned", Field: "seats_assigned", Type: NumberColumn, Required: true, Example: "42"},
		derived("Utilisation", NumberColumn),
		{Header: "Unit price", Field: "unit_price", Type: NumberColumn, Required: true, Example: "8.50"},
		derived("Shelfware cost", NumberColumn),
		{Header: "Currency", Field: "currency", Example: "EUR"},
		{Header: "Billing", Field: "billing", Choices: outlay.LicenceBillings, Example: "monthly"},
		{Header: "Start", Field: "start_date", Type: DateColumn, Aliases: []string{"Start date"}, Example: "2027-01-01"},
		{Header: "Expiry", Field: "expiry_date", Type: DateColumn, Aliases: []string{"Expiry date"}, Example: "2027-12-31"},
		{Header: "Owner", Field: "owner_email", Aliases: []string{"Owner email"}, Example: "it.manager@example.org"},
		{Header: "Budget line", Field: "budget_line_code", Aliases: []string{"Budget line code"}, Example: "SW-OFFICE"},
		{Header: "Contract reference", Example: "ACME-2027-01"},
		{Header: "Notes", Field: "notes", Example: ""},
	}}
}

// budgetSpec is the whole-year budget export's columns. Its "Budget" column says
// whether a row is a line or unbudgeted money (which is not a line and is skipped).
func budgetSpec() *Spec {
	cols := []Column{
		{Header: "Code", Field: "code", Required: true, Example: "INF-CLOUD"},
		{Header: "Name", Field: "name", Required: true, Example: "Cloud hosting"},
		{Header: "Category", Field: "category", Required: true, Choices: outlay.VendorCategories, Example: "cloud"},
		{Header: "Type", Field: "expense_type", Required: true, Aliases: []string{"Expense type"}, Choices: outlay.ExpenseTypes, Example: "opex"},
		{Header: "Cost centre", Field: "cost_centre", Aliases: []string{"Cost center"}, Example: "CC-100"},
		{Header: "GL account", Field: "gl_account", Example: "6100"},
		{Header: "Owner", Field: "owner_email", Aliases: []string{"Owner email"}, Example: "it.manager@example.org"},
		{Header: "Planned", Field: "planned", Type: NumberColumn, Required: true, Example: "48000.00"},
		{Header: "Q1", Field: "q1", Type: NumberColumn, Example: "12000.00"},
		{Header: "Q2", Field: "q2", Type: NumberColumn, Example: "12000.00"},
		{Header: "Q3", Field: "q3", Type: NumberColumn, Example: "12000.00"},
		{Header: "Q4", Field: "q4", Type: NumberColumn, Example: "12000.00"},
	}
	for _, h := range []string{"Actual", "Committed", "Forecast", "Variance", "Forecast variance", "Overdue, not invoiced",
		"Prepaid for later months", "YTD planned", "YTD actual"} {
		cols = append(cols, derived(h, NumberColumn))
	}
	cols = append(cols,
		Column{Header: "Fiscal year", Field: "fy", Required: true, Aliases: []string{"FY"}, Example: "FY2027"},
		Column{Header: "Justification", Field: "justification", Example: "Production and staging hosting"},
		Column{Header: "Budget", Choices: []string{"line", "unbudgeted"}, Example: "line"},
	)
	return &Spec{Kind: outlay.ImportBudgetLines, Sheet: "Budget", Columns: cols}
}

// spendSpec is the spend export's columns: one row per allocation.
func spendSpec() *Spec {
	return &Spec{Kind: outlay.ImportSpend, Sheet: "Spend", Columns: []Column{
		{Header: "Entry", Type: NumberColumn, Example: ""},
		{Header: "Date", Field: "date", Type: DateColumn, Required: true, Example: "2027-01-15"},
		{Header: "Vendor", Field: "vendor_id", Required: true, Example: "Acme Cloud"},
		{Header: "Description", Field: "description", Required: true, Example: "Hosting, January"},
		{Header: "Invoice", Field: "invoice_number", Aliases: []string{"Invoice number", "Invoice no"}, Example: "INV-1001"},
		{Header: "PO", Field: "po_number", Aliases: []string{"PO number", "Purchase order"}, Example: "PO-77"},
		{Header: "Budget line", Required: true, Aliases: []string{"Budget line code"}, Example: "INF-CLOUD"},
		derived("Budget line name", TextColumn),
		derived("Cost centre", TextColumn),
		derived("GL account", TextColumn),
		derived("Fiscal year", TextColumn),
		derived("Quarter", TextColumn),
		{Header: "Contract reference", Field: "contract_id", Aliases: []string{"Contract"}, Example: "ACME-2027-01"},
		{Header: "Amount", Field: "amount", Type: NumberColumn, Required: true, Example: "1000.00"},
		{Header: "Currency", Field: "currency", Example: "EUR"},
		derived("Rate", NumberColumn),
		derived("Entry base amount", NumberColumn),
		{Header: "Charged to line", Field: "allocations", Type: NumberColumn, Aliases: []string{"Allocated", "Allocation"}, Example: "1000.00"},
		{Header: "Service from", Field: "service_from", Type: DateColumn, Example: "2027-01-01"},
		{Header: "Service to", Field: "service_to", Type: DateColumn, Example: "2027-01-31"},
	}}
}
