package importer

import (
	"slices"
	"testing"
	"time"

	"outlay/internal/outlay"
)

// contractHeaders are every column a person fills, in another order and case than the
// export's, with one column Outlay does not know.
var contractHeaders = []string{"reminders", "justification", "NOTES", "uplift %", "Renewal Term (Months)", "budget line", "currency",
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
			before := e.counts()
			res := e.importRows(outlay.ImportContracts, format, false, contractHeaders, [][]string{
				contractCells("justification", "Hosts the customer portal", "NOTES", "Signed by the CFO", "uplift %", "3.5",
					"Renewal Term (Months)", "12", "budget line", "inf-cloud", "currency", "usd", "term price", "12000.50",
					"BILLING", "Quarterly", "renewal", "Auto", "backup owner", "Backup@Example.org", "owner", "Owner@Example.org",
					"kind", "Support", "vendor", "ACME CLOUD", "reference", "ACME-2026-01", "TITLE", "Cloud hosting", "Colour", "blue",
					"reminders", "30; 90 7, 30"),
				contractCells("vendor", "globex", "TITLE", "Office suite", "kind", "lease", "renewal", "manual", "notice", "30 days",
					"term start", "2027-01-01", "term end", "2027-12-31", "BILLING", "", "currency", "JPY", "term price", "1200000"),
				contractCells("TITLE", "Gulf support", "renewal", "none", "notice", "", "currency", "KWD", "term price", "1.250",
					"term start", "2025-01-01", "term end", "2025-12-31", "BILLING", "upfront"),
			})
			e.mustOK(res)
			e.wantAudited(outlay.ImportContracts, "contracts."+format, res, before)
			if after := e.counts(); after["contracts"] != before["contracts"]+3 || after["contract_terms"] != before["contract_terms"]+3 {
				t.Errorf("counts %v -> %v, want 3 contracts with a term each", before, after)
			}
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
				// Typed in any order, with a repeat: stored largest first, once each.
				ReminderOffsets: []int{90, 30, 7},
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
		a.CancelBy.Equal(b.CancelBy) && a.KeyDate.Equal(b.KeyDate) && a.Status == b.Status && a.DaysLeft == b.DaysLeft &&
		slices.Equal(a.ReminderOffsets, b.ReminderOffsets)
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

func TestImportContractProblems(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			e := newEnv(t)
			e.seed()
			e.mustOK(e.importRows(outlay.ImportContracts, format, false, contractHeaders, [][]string{
				contractCells("reference", "OLD-1"), contractCells("reference", "", "TITLE", "Old untitled")}))
			before := e.counts()
			rows := [][]string{
				contractCells("term start", "2027-02-30"),                                   // 2
				contractCells("term start", "2027-04-01", "term end", "2027-03-31"),         // 3
				contractCells("term price", "12.345"),                                       // 4
				contractCells("term price", "100.5", "currency", "JPY"),                     // 5
				contractCells("term price", "1.250", "currency", "KWD", "reference", "K-1"), // 6: fine
				contractCells("currency", "XYZ"),                                            // 7
				contractCells("vendor", "Nobody Ltd"),                                       // 8
				contractCells("budget line", "NO-SUCH"),                                     // 9
				contractCells("kind", "rental"),                                             // 10
				contractCells("renewal", "sometimes"),                                       // 11
				contractCells("BILLING", "weekly"),                                          // 12
				contractCells("notice", "soon"),                                             // 13
				contractCells("uplift %", "lots"),                                           // 14
				contractCells("owner", "not-an-email"),                                      // 15
				contractCells("reference", "DUP-1"),                                         // 16
				contractCells("reference", "dup-1", "vendor", "acme cloud"),                 // 17
				contractCells("reference", "old-1"),                                         // 18
				contractCells("term price", "twelve"),                                       // 19
				contractCells("Renewal Term (Months)", "1000"),                              // 20
				contractCells("reference", "", "TITLE", "old untitled"),                     // 21
				contractCells("reference", "DUP-1", "vendor", "Globex"),                     // 22: another vendor's
				contractCells("term end", "", "reference", "E-1"),                           // 23
				contractCells("reminders", "90, x"),                                         // 24
				contractCells("reminders", "400"),                                           // 25
				contractCells("reminders", "30, 0"),                                         // 26
				contractCells("reminders", "1 2 3 4 5 6 7 8 9 10 11 12 13"),                 // 27
			}
			ref := len(contractHeaders) - 3
			for i := range rows {
				if i != 19 && rows[i][ref] == "" {
					rows[i][ref] = "R-" + itoa(i+2) // a reference of its own, so only row 21 is a duplicate by title
				}
			}
			res := e.importRows(outlay.ImportContracts, format, true, contractHeaders, rows)
			hasProblem(t, res, 2, "term start", "not a real date")
			hasProblem(t, res, 3, "term end", "on or after the start date")
			hasProblem(t, res, 4, "term price", "EUR allows at most 2 decimals")
			hasProblem(t, res, 5, "term price", "JPY has no decimals")
			hasProblem(t, res, 7, "currency", "ISO 4217")
			hasProblem(t, res, 8, "vendor", "no vendor is named “Nobody Ltd”")
			hasProblem(t, res, 9, "budget line", "no budget line has the code NO-SUCH")
			hasProblem(t, res, 10, "kind", "subscription")
			hasProblem(t, res, 11, "renewal", "auto")
			hasProblem(t, res, 12, "BILLING", "monthly")
			hasProblem(t, res, 13, "notice", "3 months or 30 days")
			hasProblem(t, res, 14, "uplift %", "")
			hasProblem(t, res, 15, "owner", "email")
			hasProblem(t, res, 17, "reference", "row 16")
			hasProblem(t, res, 18, "reference", "already")
			hasProblem(t, res, 19, "term price", "")
			hasProblem(t, res, 20, "Renewal Term (Months)", "between 0 and 120")
			hasProblem(t, res, 21, "TITLE", "already")
			hasProblem(t, res, 23, "term end", "required")
			hasProblem(t, res, 24, "reminders", outlay.OffsetsHint)
			hasProblem(t, res, 25, "reminders", outlay.OffsetsHint)
			hasProblem(t, res, 26, "reminders", outlay.OffsetsHint)
			hasProblem(t, res, 27, "reminders", "at most 12 offsets")
			if len(res.Problems) != 23 {
				t.Errorf("%d problems, want one each on 23 rows", len(res.Problems))
			}
			for _, p := range res.Problems {
				if p.Row == 6 || p.Row == 16 || p.Row == 22 {
					t.Errorf("a good row has a problem: %+v", p)
				}
			}
			if t.Failed() {
				t.Logf("all: %q", problems(res))
			}
			if after := e.counts(); !mapsEqual(before, after) {
				t.Errorf("a preview stored something: %v -> %v", before, after)
			}
			committed := e.importRows(outlay.ImportContracts, format, false, contractHeaders, rows)
			if !equalStrings(problems(committed), problems(res)) {
				t.Errorf("the commit reports other problems than the preview:\n%q\n%q", problems(committed), problems(res))
			}
			if after := e.counts(); !mapsEqual(before, after) {
				t.Errorf("a refused import stored something: %v -> %v", before, after)
			}
		})
	}
}

func TestImportContractsMissingAndUnknownColumns(t *testing.T) {
	e := newEnv(t)
	e.seed()
	err := e.importErr(outlay.ImportContracts, "csv", []string{"Title", "Vendor", "Owner", "Term start", "Term end"},
		[][]string{{"Hosting", "Acme Cloud", "o@example.org", "2027-01-01", "2027-12-31"}})
	wantInvalid(t, err, "lacks the column “Term price”")
	res := e.importRows(outlay.ImportContracts, "xlsx", true, []string{"Title", "Vendor", "Owner", "Term start", "Term end", "Price", "Colour", "Cost"},
		[][]string{{"Hosting", "Acme Cloud", "o@example.org", "2027-01-01", "2027-12-31", "100", "blue", "7"}})
	e.mustOK(res)
	if !equalStrings(res.Unknown, []string{"Colour", "Cost"}) {
		t.Errorf("Unknown = %q", res.Unknown)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// An auto contract whose imported term is over has renewed by itself: it rolls in the
// import's transaction, as it would from the form.
func TestImportContractPastAutoTermRolls(t *testing.T) {
	e := newEnv(t)
	e.seed()
	res := e.importRows(outlay.ImportContracts, "csv", false, contractHeaders, [][]string{
		contractCells("term start", "2025-01-01", "term end", "2025-12-31", "term price", "1000.00", "uplift %", "10",
			"Renewal Term (Months)", "12", "reference", "ROLL-1")})
	e.mustOK(res)
	c := e.contract(res.Created[0].ID)
	if len(c.Terms) != 2 {
		t.Fatalf("%d terms, want the imported one and the one it rolled into", len(c.Terms))
	}
	next := c.Terms[1]
	// 1,000.00 raised by 10 %; the roll's term from 2026-01-01 for 12 months. Its
	// cancel-by date 2026-10-01 (3 months' notice) passed without a decision.
	if !next.StartDate.Equal(mustDate("2026-01-01")) || !next.EndDate.Equal(mustDate("2026-12-31")) || next.Price != 110000 {
		t.Errorf("rolled into %s – %s at %d", outlay.FormatDate(next.StartDate), outlay.FormatDate(next.EndDate), next.Price)
	}
	if c.Status != "notice_missed" || !c.CancelBy.Equal(mustDate("2026-10-01")) {
		t.Errorf("status %s, cancel by %s; want notice_missed, 2026-10-01", c.Status, outlay.FormatDate(c.CancelBy))
	}
}

// A decision on the imported term is kept: a cancelled auto contract whose term is over
// does not roll, and who decided and when come from the file (blank: the importer, today).
func TestImportContractDecisionStopsTheRoll(t *testing.T) {
	e := newEnv(t)
	e.seed()
	headers := append(append([]string{}, contractHeaders...), "Decision", "Decision note", "Decided by", "Decided on")
	row := func(ref, decision, note, by, on string, kv ...string) []string {
		cells := contractCells(append([]string{"term start", "2025-01-01", "term end", "2025-12-31", "reference", ref}, kv...)...)
		return append(cells, decision, note, by, on)
	}
	res := e.importRows(outlay.ImportContracts, "csv", false, headers, [][]string{
		row("CANCEL-1", "Cancel", "Moving to another vendor", "ann@example.org", "2025-10-15"),
		row("RENEGOTIATE-1", "renegotiate", "", "", ""),
	})
	e.mustOK(res)
	cancelled := e.contract(res.Created[0].ID)
	if len(cancelled.Terms) != 1 {
		t.Fatalf("the cancelled contract has %d terms; a cancel decision stops the roll", len(cancelled.Terms))
	}
	d := cancelled.Terms[0].Decision
	if d == nil || d.Kind != "cancel" || d.Note != "Moving to another vendor" || d.By != "ann@example.org" || outlay.FormatDate(d.At) != "2025-10-15" {
		t.Errorf("decision = %+v", d)
	}
	if cancelled.Status != "cancelled" {
		t.Errorf("status %s, want cancelled", cancelled.Status)
	}
	// Renegotiate does not stop the roll, as on the page.
	reneg := e.contract(res.Created[1].ID)
	if len(reneg.Terms) != 2 || reneg.Terms[0].Decision == nil || reneg.Terms[0].Decision.Kind != "renegotiate" || reneg.Terms[0].Decision.By == "" {
		t.Errorf("renegotiated contract: %d terms, first decision %+v", len(reneg.Terms), reneg.Terms[0].Decision)
	}

	before := e.counts()
	bad := e.importRows(outlay.ImportContracts, "csv", false, headers, [][]string{
		row("BAD-1", "", "a note without a decision", "", ""),
		row("BAD-2", "stop", "", "", ""),
		row("BAD-3", "cancel", "", "not an email", "2025-02-30"),
	})
	hasProblem(t, bad, 2, "Decision", "give the decision")
	hasProblem(t, bad, 3, "Decision", "")
	hasProblem(t, bad, 4, "Decided by", "email")
	hasProblem(t, bad, 4, "Decided on", "not a real date")
	if after := e.counts(); after["contracts"] != before["contracts"] || after["contract_terms"] != before["contract_terms"] {
		t.Errorf("counts %v -> %v: a bad file stores nothing", before, after)
	}
}
