package importer

import (
	"testing"
	"time"

	"outlay/internal/outlay"
)

// licenceHeaders are every column a person fills, in another order and case than the
// export's, with a derived column and one Outlay does not know.
var licenceHeaders = []string{"notes", "contract reference", "budget line", "OWNER", "expiry", "start", "billing", "Currency",
	"unit price", "seats assigned", "Seats Purchased", "kind", "contract", "VENDOR", "product", "Utilisation", "Colour"}

func licenceCells(kv ...string) []string {
	r := map[string]string{"product": "Acme Office", "VENDOR": "Acme Cloud", "kind": "per_user", "Seats Purchased": "10",
		"seats assigned": "5", "unit price": "8.50", "Currency": "EUR", "billing": "annual"}
	for i := 0; i+1 < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	out := make([]string, len(licenceHeaders))
	for i, h := range licenceHeaders {
		out[i] = r[h]
	}
	return out
}

// seedContracts adds a contract with a reference to Acme Cloud and one without to
// Globex, for licences to name.
func (e *env) seedContracts() (hosting, suite int64) {
	e.t.Helper()
	res := e.importRows(outlay.ImportContracts, "csv", false, contractHeaders, [][]string{
		contractCells("TITLE", "Cloud hosting", "reference", "ACME-1"),
		contractCells("TITLE", "Office suite", "vendor", "Globex")})
	e.mustOK(res)
	return res.Created[0].ID, res.Created[1].ID
}

func TestImportLicencesEveryColumn(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			e := newEnv(t)
			e.seed()
			hosting, suite := e.seedContracts()
			before := e.counts()
			res := e.importRows(outlay.ImportLicences, format, false, licenceHeaders, [][]string{
				licenceCells("notes", "Renewed with the hosting", "contract reference", "acme-1", "budget line", "sw-office",
					"OWNER", "IT@Example.org", "expiry", "2027-12-31", "start", "2027-01-01", "billing", "Monthly",
					"unit price", "8.50", "seats assigned", "42", "Seats Purchased", "50", "kind", "Per_User", "VENDOR", "acme cloud",
					"Utilisation", "0.84", "Colour", "red"),
				licenceCells("product", "Globex Desk", "VENDOR", "GLOBEX", "contract", "office suite", "kind", "site",
					"Seats Purchased", "1,000", "seats assigned", "900", "unit price", "1200", "Currency", "jpy", "billing", ""),
				licenceCells("product", "Gulf seats", "kind", "concurrent", "unit price", "1.250", "Currency", "KWD",
					"start", "2026-06-01"),
				licenceCells("product", "Plain", "kind", "", "Currency", ""),
			})
			e.mustOK(res)
			e.wantAudited(outlay.ImportLicences, "licences."+format, res, before)
			if got := e.count("licences") - before["licences"]; got != 4 {
				t.Errorf("%d licences stored, want 4", got)
			}
			if !equalStrings(res.Unknown, []string{"Colour"}) {
				t.Errorf("Unknown = %q", res.Unknown)
			}
			if len(res.Created) != 4 || res.Created[0].Label != "Acme Office (Acme Cloud)" || res.Created[0].Path != "/licences/"+itoa(int(res.Created[0].ID)) {
				t.Fatalf("created %+v", res.Created)
			}
			acme, globex := e.vendorID("Acme Cloud"), e.vendorID("Globex")
			e.sameLicence(res.Created[0].ID, outlay.Licence{Product: "Acme Office", VendorID: acme, ContractID: &hosting, Kind: "per_user",
				SeatsPurchased: 50, SeatsAssigned: 42, UnitPrice: 850, Currency: "EUR", Billing: "monthly",
				StartDate: mustDate("2027-01-01"), ExpiryDate: mustDate("2027-12-31"), OwnerEmail: "it@example.org",
				BudgetLineCode: "SW-OFFICE", Notes: "Renewed with the hosting"})
			// Found by the contract's title; JPY has no decimals; blank billing is annual.
			e.sameLicence(res.Created[1].ID, outlay.Licence{Product: "Globex Desk", VendorID: globex, ContractID: &suite, Kind: "site",
				SeatsPurchased: 1000, SeatsAssigned: 900, UnitPrice: 1200, Currency: "JPY", Billing: "annual"})
			// KWD has three decimals: 1.250 is 1250 fils.
			e.sameLicence(res.Created[2].ID, outlay.Licence{Product: "Gulf seats", VendorID: acme, Kind: "concurrent",
				SeatsPurchased: 10, SeatsAssigned: 5, UnitPrice: 1250, Currency: "KWD", Billing: "annual", StartDate: mustDate("2026-06-01")})
			// Blank kind and currency: the form's first kind and the base currency.
			e.sameLicence(res.Created[3].ID, outlay.Licence{Product: "Plain", VendorID: acme, Kind: "per_user",
				SeatsPurchased: 10, SeatsAssigned: 5, UnitPrice: 850, Currency: "EUR", Billing: "annual"})
		})
	}
}

// sameLicence compares the stored licence's fields an import sets with want's.
func (e *env) sameLicence(id int64, want outlay.Licence) {
	e.t.Helper()
	l, err := e.db.FindLicenceByID(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	got := *l
	if (got.ContractID == nil) != (want.ContractID == nil) || got.ContractID != nil && *got.ContractID != *want.ContractID {
		e.t.Errorf("%s: contract %v, want %v", want.Product, got.ContractID, want.ContractID)
	}
	got.ID, got.VendorName, got.ContractTitle, got.ContractReference, got.CreatedAt, got.UpdatedAt = 0, "", "", "", time.Time{}, time.Time{}
	got.ContractID, want.ContractID = nil, nil
	if got != want {
		e.t.Errorf("stored %+v\nwant   %+v", got, want)
	}
}

func TestImportLicenceProblems(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			e := newEnv(t)
			e.seed()
			e.seedContracts()
			e.mustOK(e.importRows(outlay.ImportLicences, format, false, licenceHeaders, [][]string{
				licenceCells("product", "Stored seats"), licenceCells("product", "Stored seats", "contract reference", "ACME-1")}))
			before := e.counts()
			rows := [][]string{
				licenceCells("product", "P2", "start", "2027-02-30"),                         // 2
				licenceCells("product", "P3", "start", "2027-04-01", "expiry", "2027-03-31"), // 3
				licenceCells("product", "P4", "unit price", "12.345"),                        // 4
				licenceCells("product", "P5", "unit price", "100.5", "Currency", "JPY"),      // 5
				licenceCells("product", "P6", "unit price", "1.250", "Currency", "KWD"),      // 6: fine
				licenceCells("product", "P7", "Currency", "XYZ"),                             // 7
				licenceCells("product", "P8", "VENDOR", "Nobody Ltd"),                        // 8
				licenceCells("product", "P9", "contract reference", "X-1"),                   // 9
				licenceCells("product", "P10", "contract", "No such title"),                  // 10
				licenceCells("product", "P11", "budget line", "NO-SUCH"),                     // 11
				licenceCells("product", "P12", "kind", "per_seat"),                           // 12
				licenceCells("product", "P13", "billing", "weekly"),                          // 13
				licenceCells("product", "P14", "Seats Purchased", "many"),                    // 14
				licenceCells("product", "P15", "OWNER", "not-an-email"),                      // 15
				licenceCells("product", "Twice"),                                             // 16
				licenceCells("product", "twice", "VENDOR", "acme cloud"),                     // 17
				licenceCells("product", "Twice", "contract reference", "ACME-1"),             // 18: fine, another contract
				licenceCells("product", "stored SEATS"),                                      // 19
				licenceCells("product", "Stored seats", "contract", "Cloud hosting"),         // 20
				licenceCells("product", "Stored seats", "VENDOR", "Globex"),                  // 21: fine, another vendor
				licenceCells("product", "P22", "unit price", "eight"),                        // 22
				licenceCells("product", ""),                                                  // 23
				licenceCells("product", "Twice", "start", "2027-06-01"),                      // 24: fine, another batch
				licenceCells("product", "Twice", "unit price", "9.00"),                       // 25: fine, another price
				licenceCells("product", "TWICE", "Seats Purchased", "99"),                    // 26: only the seats differ
			}
			res := e.importRows(outlay.ImportLicences, format, true, licenceHeaders, rows)
			hasProblem(t, res, 2, "start", "not a real date")
			hasProblem(t, res, 3, "expiry", "on or after the start date")
			hasProblem(t, res, 4, "unit price", "EUR allows at most 2 decimals")
			hasProblem(t, res, 5, "unit price", "JPY has no decimals")
			hasProblem(t, res, 7, "Currency", "ISO 4217")
			hasProblem(t, res, 8, "VENDOR", "no vendor is named “Nobody Ltd”")
			hasProblem(t, res, 9, "contract reference", "Acme Cloud has no contract “X-1”")
			hasProblem(t, res, 10, "contract", "Acme Cloud has no contract “No such title”")
			hasProblem(t, res, 11, "budget line", "no budget line has the code NO-SUCH")
			hasProblem(t, res, 12, "kind", "per_user")
			hasProblem(t, res, 13, "billing", "annual")
			hasProblem(t, res, 14, "Seats Purchased", "whole number")
			hasProblem(t, res, 15, "OWNER", "email")
			hasProblem(t, res, 17, "product", "row 16")
			hasProblem(t, res, 19, "product", "already")
			hasProblem(t, res, 20, "product", "already")
			hasProblem(t, res, 22, "unit price", "")
			hasProblem(t, res, 23, "product", "required")
			hasProblem(t, res, 26, "product", "row 16")
			if len(res.Problems) != 19 {
				t.Errorf("%d problems, want one each on 19 rows", len(res.Problems))
			}
			for _, p := range res.Problems {
				if p.Row == 6 || p.Row == 16 || p.Row == 18 || p.Row == 21 || p.Row == 24 || p.Row == 25 {
					t.Errorf("a good row has a problem: %+v", p)
				}
			}
			if t.Failed() {
				t.Logf("all: %q", problems(res))
			}
			if after := e.counts(); !mapsEqual(before, after) {
				t.Errorf("a preview stored something: %v -> %v", before, after)
			}
			committed := e.importRows(outlay.ImportLicences, format, false, licenceHeaders, rows)
			if !equalStrings(problems(committed), problems(res)) {
				t.Errorf("the commit reports other problems than the preview:\n%q\n%q", problems(committed), problems(res))
			}
			if after := e.counts(); !mapsEqual(before, after) {
				t.Errorf("a refused import stored something: %v -> %v", before, after)
			}
		})
	}
}

func TestImportLicencesMissingColumn(t *testing.T) {
	e := newEnv(t)
	e.seed()
	err := e.importErr(outlay.ImportLicences, "xlsx", []string{"Product", "Vendor", "Seats purchased", "Seats assigned"},
		[][]string{{"Acme Office", "Acme Cloud", "5", "5"}})
	wantInvalid(t, err, "lacks the column “Unit price”")
}
