package importer

import (
	"reflect"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// Each kind's template reads back as its example row, and imports as it is into a
// database that has what the example names: the vendors template's Acme Cloud, the
// budget template's INF-CLOUD line, a SW-OFFICE line for the licence, and the contracts
// template's contract for the licence to belong to. So a person who fills the template
// in over its example gets a file that imports.
func TestTemplatesImportAsTheyAre(t *testing.T) {
	e := newEnv(t)
	for _, kind := range []outlay.ImportKind{outlay.ImportVendors, outlay.ImportBudgetLines, outlay.ImportContracts, outlay.ImportLicences} {
		spec, _ := SpecFor(kind)
		data := templateOf(t, spec)
		tab, err := ReadTable(fileOf(string(kind)+"-template.xlsx", data), spec, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		want := map[string]string{}
		for _, c := range spec.Columns {
			if !c.Derived {
				want[c.Header] = c.Example
				if c.Type == NumberColumn {
					// A number cell holds the number: 12000.00 reads back as 12000.
					want[c.Header] = trimDecimal(c.Example)
				}
			}
		}
		if len(tab.Rows) != 1 || !reflect.DeepEqual(tab.Rows[0].Values, want) || len(tab.Unknown) != 0 {
			t.Errorf("%s template read back as %+v, unknown %q; want %v", kind, tab.Rows, tab.Unknown, want)
		}
		if kind == outlay.ImportContracts {
			e.mustOK(e.run(outlay.ImportBudgetLines, false, map[string]string{"Fiscal year": "FY2027", "Code": "SW-OFFICE",
				"Name": "Office", "Category": "software", "Type": "opex", "Planned": "6000"}))
		}
		res, err := e.im.Import(e.ctx, kind, fileOf(string(kind)+"-template.xlsx", data), false)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if !res.OK() || len(res.Created) != 1 {
			t.Errorf("%s template as it is: problems %q, created %+v", kind, problems(res), res.Created)
		}
	}
	// What the examples made, as stored.
	var title, ref, code string
	var price int64
	if err := e.db.ReadDB().QueryRow(`SELECT c.title, c.reference, c.budget_line_code, t.price FROM contracts c
		JOIN contract_terms t ON t.contract_id = c.id`).Scan(&title, &ref, &code, &price); err != nil {
		t.Fatal(err)
	}
	if title != "Cloud hosting" || ref != "ACME-2027-01" || code != "INF-CLOUD" || price != 1200000 {
		t.Errorf("the contract example stored as %q %q %q %d", title, ref, code, price)
	}
	var product string
	var contract *int64
	if err := e.db.ReadDB().QueryRow(`SELECT product, contract_id FROM licences`).Scan(&product, &contract); err != nil {
		t.Fatal(err)
	}
	if product != "Acme Office" || contract == nil {
		t.Errorf("the licence example stored as %q under contract %v", product, contract)
	}
	var planned int64
	if err := e.db.ReadDB().QueryRow(`SELECT planned FROM budget_lines WHERE code = 'INF-CLOUD' AND fy = 2027`).Scan(&planned); err != nil || planned != 4800000 {
		t.Errorf("the budget example stored a plan of %d (%v), want 48,000.00", planned, err)
	}
}

// trimDecimal drops the zeros a decimal ends in after its point, and a bare point.
func trimDecimal(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}
