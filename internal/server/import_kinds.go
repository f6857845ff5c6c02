package server

import "outlay/internal/outlay"

// importKind is an import kind in the words the pages use.
type importKind struct {
	Kind     outlay.ImportKind
	Label    string // "Spend"
	One      string // "spend entry"
	Many     string // "spend entries"
	ListHref string // the list the records land in
	// Needs says what a file of this kind must hold, for the upload page; the template
	// has the exact headers and the drop-down lists.
	Needs string
	Rows  string // what one row is
}

// importKinds are the kinds in the order pages offer them (outlay.ImportKinds).
var importKinds = []importKind{
	{Kind: outlay.ImportVendors, Label: "Vendors", One: "vendor", Many: "vendors", ListHref: "/vendors",
		Needs: "Name (unique, in any case) and category; status, criticality, website, account manager, email, phone, support and notes as you have them.",
		Rows:  "One row per vendor."},
	{Kind: outlay.ImportContracts, Label: "Contracts", One: "contract", Many: "contracts", ListHref: "/contracts",
		Needs: "Title, vendor (by name, already in Outlay), owner, and the first term's start, end and price. Kind, renewal, notice, billing, currency, reference, backup owner, budget line code, reminder offsets and the term's renewal decision as you have them.",
		Rows:  "One row per contract, with its first term."},
	{Kind: outlay.ImportLicences, Label: "Licences", One: "licence", Many: "licences", ListHref: "/licences",
		Needs: "Product, vendor (by name), seats purchased and assigned, and unit price; kind, currency, billing, contract (by reference), start, expiry, owner and budget line code as you have them.",
		Rows:  "One row per licence."},
	{Kind: outlay.ImportBudgetLines, Label: "Budget lines", One: "budget line", Many: "budget lines", ListHref: "/budget",
		Needs: "Fiscal year (FY2027 or 2027), code (unique within the year), name, category, expense type (CapEx or OpEx) and planned amount in the base currency; Q1–Q4 amounts that add up to the plan, cost centre, GL account, owner and justification as you have them.",
		Rows:  "One row per budget line."},
	{Kind: outlay.ImportSpend, Label: "Spend", One: "spend entry", Many: "spend entries", ListHref: "/spend",
		Needs: "Date, vendor (by name), description, amount and currency, and the budget line code it is charged to. A foreign currency needs an exchange rate effective on the date. To split an invoice across budget lines, give one row per line with the same vendor and invoice number and the part charged to each line.",
		Rows:  "One row per budget line an invoice is charged to."},
}

// findImportKind returns the kind named s, as the addresses spell it.
func findImportKind(s string) (importKind, bool) {
	for _, k := range importKinds {
		if string(k.Kind) == s {
			return k, true
		}
	}
	return importKind{}, false
}

// Count writes n records of the kind: "1 vendor", "2 spend entries".
func (k importKind) Count(n int) string {
	if n == 1 {
		return "1 " + k.One
	}
	return thousands(int64(n)) + " " + k.Many
}

// TemplateHref is the address of the kind's template workbook.
func (k importKind) TemplateHref() string { return "/imports/" + string(k.Kind) + "/template.xlsx" }

// UploadHref is the upload page with the kind chosen.
func (k importKind) UploadHref() string { return "/imports?kind=" + string(k.Kind) }

// Lower is the kind's label as a sentence has it: "budget lines".
func (k importKind) Lower() string { return lower(k.Label) }
