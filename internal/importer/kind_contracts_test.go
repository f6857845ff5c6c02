package importer

import (
	"testing"
	"time"

	"outlay/internal/outlay"
)

// contractHeaders are every column a person fills, in another order and case than the
// export's, with one column Outlay does not know.
var contractHeaders = []string{"justification", "NOTES", "uplift %", "Renewal Term (Months)", "budget line", "currency",
	"term price", "BILLING", "term end", "term start", "notice", "renewal", "backup owner", "owner", "kind", "vendor",
	"reference", "TITLE", "Colour"}

// contractCells is a row under contractHeaders from header -> value pairs over a good
// default row.
func contractCells(kv ...string) []string {
	r := map[string]string{"TITLE": "Hosting", "vendor": "Acme Cloud", "kind": "subscription", "owner": "owner@example.org",
		"renewal": "auto", "notice": "3 months", "term start": "2026-04-01", "term end": "2027-03-31", "BILLING": "annual",
		"term price": "12000.00", "currency": "EUR"}
	for i := 0; i+1 < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	out := make([]string, len(contractHeaders))
	for i, h := range contractHeaders {
		out[i] = r[h]
	}
	return out
}

func TestImportContractsEveryColumn(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			e := newEnv(t)
			e.seed()
			res := e.importRows(outlay.ImportContracts, format, false, contractHeaders, [][]string{
				contractCells("justification", "Hosts the customer portal", "NOTES", "Signed by the CFO", "uplift %", "3.5",
					"Renewal Term (Months)", "12", "budget line", "inf-cloud", "currency", "usd", "term price", "12000.50",
					"BILLING", "Quarterly", "renewal", "Auto", "backup owner", "Backup@Example.org", "owner", "Owner@Example.org",
					"kind", "Support", "vendor", "ACME CLOUD", "reference", "ACME-2026-01", "TITLE", "Cloud hosting", "Colour", "blue"),
				contractCells("vendor", "globex", "TITLE", "Office suite", "kind", "lease", "renewal", "manual", "notice", "30 days",
					"term start", "2027-01-01", "term end", "2027-12-31", "BILLING", "", "currency", "JPY", "term price", "1200000"),
				contractCells("TITLE", "Gulf support", "renewal", "none", "notice", "", "currency", "KWD", "term price", "1.250",
					"term start", "2025-01-01", "term end", "2025-12-31", "BILLING", "upfront"),
			})
			e.mustOK(res)
			if len(res.Unknown) != 1 || res.Unknown[0] != "Colour" {
				t.Errorf("Unknown = %q, want [Colour]", res.Unknown)
			}
			if len(res.Created) != 3 || res.Created[0].Row != 2 || res.Created[0].Label != "Acme Cloud: Cloud hosting" ||
				res.Created[0].Path != "/contracts/"+itoa(int(res.Created[0].ID)) {
				t.Fatalf("created %+v", res.Created)
			}
			acme, globex := e.vendorID("Acme Cloud"), e.vendorID("Globex")

			c := e.contract(res.Created[0].ID)
			want := outlay.Contract{VendorID: acme, Title: "Cloud hosting", Reference: "ACME-2026-01", Kind: "support",
				OwnerEmail: "owner@example.org", BackupOwnerEmail: "backup@example.org", RenewalType: "auto", NoticeValue: 3,
				NoticeUnit: "months", RenewalTermMonths: 12, UpliftBasisPoints: 350, Currency: "USD", BudgetLineCode: "INF-CLOUD",
				Notes: "Signed by the CFO", Justification: "Hosts the customer portal",
				// Term ends 2027-03-31, notice 3 months: renews 2027-04-01, cancel by
				// 2027-01-01, 37 days after 2026-11-25, inside the 90-day window.
				RenewsOn: mustDate("2027-04-01"), CancelBy: mustDate("2027-01-01"), KeyDate: mustDate("2027-01-01"),
				Status: "notice", DaysLeft: 37}
			sameContract(t, c, want)
			sameTerm(t, c, "2026-04-01", "2027-03-31", 1200050, "quarterly")

			c = e.contract(res.Created[1].ID)
			// Manual, 30 days: the key date is the term's end; cancel by is 2028-01-01
			// less 30 days.
			sameContract(t, c, outlay.Contract{VendorID: globex, Title: "Office suite", Kind: "lease",
				OwnerEmail: "owner@example.org", RenewalType: "manual", NoticeValue: 30, NoticeUnit: "days", Currency: "JPY",
				RenewsOn: mustDate("2028-01-01"), CancelBy: mustDate("2027-12-02"), KeyDate: mustDate("2027-12-31"),
				Status: "upcoming", DaysLeft: 401})
			sameTerm(t, c, "2027-01-01", "2027-12-31", 1200000, "annual")

			c = e.contract(res.Created[2].ID)
			// A fixed term over before today: ended. KWD has three decimals.
			sameContract(t, c, outlay.Contract{VendorID: acme, Title: "Gulf support", Kind: "subscription",
				OwnerEmail: "owner@example.org", RenewalType: "none", NoticeUnit: "months", Currency: "KWD",
				RenewsOn: mustDate("2026-01-01"), CancelBy: mustDate("2026-01-01"), KeyDate: mustDate("2025-12-31"),
				Status: "ended", DaysLeft: -329})
			sameTerm(t, c, "2025-01-01", "2025-12-31", 1250, "upfront")
		})
	}
}

// contract is the stored contract with its terms, derived as of the env's today.
func (e *env) contract(id int64) *outlay.Contract {
	e.t.Helper()
	c, err := e.db.FindContractByID(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// sameContract compares what an import sets and what the domain derives from it.
func sameContract(t *testing.T, c *outlay.Contract, want outlay.Contract) {
	t.Helper()
	got := *c
	got.ID, got.VendorName, got.CreatedAt, got.UpdatedAt, got.Terms, got.FirstStart, got.ArchivedAt = 0, "", time.Time{}, time.Time{}, nil, time.Time{}, nil
	if !sameContractFields(got, want) {
		t.Errorf("stored %+v\nwant   %+v", got, want)
	}
}

func sameContractFields(a, b outlay.Contract) bool {
	return a.VendorID == b.VendorID && a.Title == b.Title && a.Reference == b.Reference && a.Kind == b.Kind &&
		a.OwnerEmail == b.OwnerEmail && a.BackupOwnerEmail == b.BackupOwnerEmail && a.RenewalType == b.RenewalType &&
		a.NoticeValue == b.NoticeValue && a.NoticeUnit == b.NoticeUnit && a.RenewalTermMonths == b.RenewalTermMonths &&
		a.UpliftBasisPoints == b.UpliftBasisPoints && a.Currency == b.Currency && a.BudgetLineCode == b.BudgetLineCode &&
		a.Notes == b.Notes && a.Justification == b.Justification && a.RenewsOn.Equal(b.RenewsOn) &&
		a.CancelBy.Equal(b.CancelBy) && a.KeyDate.Equal(b.KeyDate) && a.Status == b.Status && a.DaysLeft == b.DaysLeft
}

// sameTerm checks that the contract has one term, the row's.
func sameTerm(t *testing.T, c *outlay.Contract, start, end string, price int64, billing string) {
	t.Helper()
	if len(c.Terms) != 1 {
		t.Fatalf("%s has %d terms, want 1", c.Title, len(c.Terms))
	}
	tm := c.Terms[0]
	if !tm.StartDate.Equal(mustDate(start)) || !tm.EndDate.Equal(mustDate(end)) || tm.Price != price || tm.Billing != billing {
		t.Errorf("%s term %s – %s, %d, %s; want %s – %s, %d, %s", c.Title, outlay.FormatDate(tm.StartDate),
			outlay.FormatDate(tm.EndDate), tm.Price, tm.Billing, start, end, price, billing)
	}
}
