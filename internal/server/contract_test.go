package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"outlay/internal/outlay"
	"strings"
	"testing"
)

// seedContractVendor stores a vendor with raw SQL: vendor storage is another slice's,
// and these tests need only a row to point at.
func seedContractVendor(t *testing.T, h *harness, name string) int64 {
	t.Helper()
	res, err := h.DB.WriteDB().Exec(`INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at)
		VALUES (?, lower(?), 'software', 'active', 'medium', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')`, name, name)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// seedContract stores an annual auto-renewing contract with three months' notice, as
// an editor would through the form.
func seedContract(t *testing.T, h *harness, vendorID int64, title, start, end string, change ...func(*outlay.Contract)) *outlay.Contract {
	t.Helper()
	s, _ := outlay.ParseDate(start)
	e, _ := outlay.ParseDate(end)
	c := &outlay.Contract{
		VendorID: vendorID, Title: title, Kind: "subscription", OwnerEmail: "owner@example.com",
		RenewalType: "auto", NoticeValue: 3, NoticeUnit: "months", Currency: "EUR",
		Terms: []*outlay.Term{{StartDate: s, EndDate: e, Price: 1200000, Billing: "annual"}},
	}
	for _, f := range change {
		f(c)
	}
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "seed@example.com", Role: "admin", Active: true})
	if err := h.DB.CreateContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// contractForm is a valid new-contract form; tests change what they care about.
func contractForm(vendorID int64) url.Values {
	return url.Values{
		"vendor_id": {fmt.Sprint(vendorID)}, "title": {"Acme hosting"}, "reference": {"PO-2026-17"},
		"kind": {"subscription"}, "owner_email": {"editor@example.com"}, "backup_owner_email": {""},
		"start_date": {"2026-04-01"}, "end_date": {"2027-03-31"}, "price": {"12,000.00"}, "currency": {"EUR"},
		"billing": {"annual"}, "renewal_type": {"auto"}, "notice_value": {"3"}, "notice_unit": {"months"},
		"renewal_term_months": {"12"}, "uplift_percent": {"3.5"}, "budget_line_code": {"inf-cloud"},
		"notes": {"Main production hosting."}, "justification": {"Runs the shop."},
	}
}

func TestContractFormCreatesContractWithKeyDates(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	v := seedContractVendor(t, h, "Acme Cloud")

	res := c.get(fmt.Sprintf("/contracts/new?vendor_id=%d", v))
	if res.Code != http.StatusOK {
		t.Fatalf("new form: %d", res.Code)
	}
	mustContain(t, "new form", res.Body, `value="editor@example.com"`, "First term", `type="date"`,
		"Notice must reach the vendor by the cancel-by date: renews on minus the notice period.")

	res = c.postForm("/contracts", contractForm(v))
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/contracts/1" {
		t.Fatalf("create: %d %q\n%s", res.Code, res.Header.Get("Location"), res.Body)
	}
	// Term 2026-04-01..2027-03-31, auto, 3 months' notice, seen on 2026-11-25.
	res = c.get("/contracts/1")
	mustContain(t, "detail", res.Body, "Contract saved.", "Acme hosting", "Renews on", "2027-04-01", "Cancel by",
		"2027-01-01", "in 37 days", "due due-soon", `badge badge-amber">notice`, "3 months", "3.50 %", "INF-CLOUD",
		"12,000.00", "Acme Cloud", "Runs the shop.", "12 months", "create contract #1", "Record decision")

	res = c.get("/contracts")
	mustContain(t, "list", res.Body, "1 contract<", "Acme hosting", "PO-2026-17", "Acme Cloud", "12,000.00", "2027-01-01",
		"Cancel by · in 37 days", "Export to Excel", `href="/contracts/new"`)
}

func TestContractFormRefusedKeepsEveryField(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	v := seedContractVendor(t, h, "Acme")

	form := contractForm(v)
	form.Set("price", "12.345")
	form.Set("end_date", "2026-03-01")
	form.Set("uplift_percent", "3.505")
	form.Set("notes", "typed <notes>")
	res := c.postForm("/contracts", form)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.Code)
	}
	mustContain(t, "refused form", res.Body, "EUR allows at most 2 decimals", "must be on or after the start date",
		"use at most 2 decimals, such as 3.25", `value="12.345"`, `value="2026-03-01"`, `value="2026-04-01"`,
		`value="3.505"`, `value="Acme hosting"`, `value="PO-2026-17"`, `value="inf-cloud"`, "typed &lt;notes&gt;",
		`<option value="annual" selected>`, `<option value="months" selected>`, `value="editor@example.com"`,
		`id="e-price"`, `href="#f-end_date"`)

	form = contractForm(v)
	form.Set("start_date", "2027-02-30")
	form.Set("currency", "XYZ")
	res = c.postForm("/contracts", form)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.Code)
	}
	mustContain(t, "bad date", res.Body, "not a real date (use YYYY-MM-DD)", `value="2027-02-30"`,
		"not a known ISO 4217 currency code", `value="XYZ"`, `value="12,000.00"`)

	form = contractForm(999)
	res = c.postForm("/contracts", form)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "no such vendor") {
		t.Fatalf("unknown vendor: %d", res.Code)
	}
	if list := c.get("/contracts"); !strings.Contains(list.Body, "No contracts yet") {
		t.Fatal("a refused form stored a contract")
	}
}

func TestContractViewerReadsButCannotWrite(t *testing.T) {
	h := newHarness(t)
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31")
	c, _ := h.signIn("viewer")

	res := c.get("/contracts")
	if res.Code != http.StatusOK || strings.Contains(res.Body, `href="/contracts/new"`) {
		t.Fatalf("viewer list: %d, new button shown: %v", res.Code, strings.Contains(res.Body, `href="/contracts/new"`))
	}
	res = c.get(fmt.Sprintf("/contracts/%d", ct.ID))
	if res.Code != http.StatusOK || strings.Contains(res.Body, "/edit") || strings.Contains(res.Body, "Record decision") {
		t.Fatalf("viewer detail: %d, or edit actions shown", res.Code)
	}
	for _, p := range []string{"/contracts", fmt.Sprintf("/contracts/%d", ct.ID), fmt.Sprintf("/contracts/%d/renew", ct.ID),
		fmt.Sprintf("/contracts/%d/decision", ct.ID), fmt.Sprintf("/contracts/%d/archive", ct.ID)} {
		if res := c.postForm(p, contractForm(v)); res.Code != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d", p, res.Code)
		}
	}
	if res := c.get("/contracts/new"); res.Code != http.StatusForbidden {
		t.Errorf("viewer new form: %d", res.Code)
	}
	got, _ := h.DB.FindContractByID(context.Background(), ct.ID)
	if len(got.Terms) != 1 || got.Decision() != "" || got.Archived() {
		t.Fatal("a viewer's POST changed the contract")
	}
}

func TestContractRenewFlow(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31", func(c *outlay.Contract) { c.UpliftBasisPoints = 350 })
	path := fmt.Sprintf("/contracts/%d", ct.ID)

	res := c.get(path + "/renew")
	if res.Code != http.StatusOK {
		t.Fatalf("renew page: %d", res.Code)
	}
	mustContain(t, "renew page", res.Body, "2027-04-01", "2028-03-31", "12,420.00", "3.50 % uplift", "Renew contract")
	if got, _ := h.DB.FindContractByID(context.Background(), ct.ID); len(got.Terms) != 1 {
		t.Fatal("the confirmation page renewed")
	}

	form := url.Values{"months": {"12"}, "price": {"12,420.00"}, "billing": {"annual"}, "from_term": {itoa(ct.CurrentTerm().ID)}}
	res = c.postForm(path+"/renew", form)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("renew: %d %q", res.Code, res.Header.Get("Location"))
	}
	res = c.get(path)
	mustContain(t, "after renewal", res.Body, "Renewed: new term 2027-04-01 to 2028-03-31.", "2028-04-01", "2028-01-01",
		"&#43;3.50 %", "12,420.00", "renew contract #")

	// A cancel decision blocks renewal, on the page and on the POST.
	if res := c.postForm(path+"/decision", url.Values{"decision": {"cancel"}, "note": {"moving"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("decision: %d", res.Code)
	}
	res = c.get(path + "/renew")
	if res.Code != http.StatusConflict || !strings.Contains(res.Body, "cancel decision") || strings.Contains(res.Body, "Renew contract</button>") {
		t.Fatalf("renew page after cancel: %d", res.Code)
	}
	// The form sent again as it was (the back button) names the term renewed already.
	if res := c.postForm(path+"/renew", form); res.Code != http.StatusSeeOther {
		t.Fatalf("renew POST sent twice: %d", res.Code)
	}
	mustContain(t, "after a second renewal", c.get(path).Body, "This contract was renewed meanwhile")
	got, _ := h.DB.FindContractByID(context.Background(), ct.ID)
	form.Set("from_term", itoa(got.CurrentTerm().ID))
	if res := c.postForm(path+"/renew", form); res.Code != http.StatusSeeOther {
		t.Fatalf("renew POST after cancel: %d", res.Code)
	}
	mustContain(t, "after a refused renewal", c.get(path).Body, "cancel decision")
	if got, _ := h.DB.FindContractByID(context.Background(), ct.ID); len(got.Terms) != 2 {
		t.Fatalf("%d terms after a refused renewal", len(got.Terms))
	}
}

func TestContractDecisionFlow(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31")
	path := fmt.Sprintf("/contracts/%d", ct.ID)

	res := c.postForm(path+"/decision", url.Values{"decision": {"maybe"}, "note": {"still thinking"}})
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad decision: %d", res.Code)
	}
	mustContain(t, "refused decision", res.Body, "must be one of: renew, renegotiate, cancel", "still thinking", "Hosting")

	res = c.postForm(path+"/decision", url.Values{"decision": {"cancel"}, "note": {"Moving to Globex"}})
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("decision: %d %q", res.Code, res.Header.Get("Location"))
	}
	res = c.get(path)
	mustContain(t, "after decision", res.Body, "Decision recorded: cancel. The notice must reach the vendor by 2027-01-01.",
		`badge badge-grey">cancelled`, "Moving to Globex", "by editor@example.com", "decision contract #")
	if strings.Contains(res.Body, `href="`+path+`/renew"`) {
		t.Error("renew offered after a cancel decision")
	}
}

func TestContractEditFlow(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31")
	path := fmt.Sprintf("/contracts/%d", ct.ID)

	res := c.get(path + "/edit")
	if res.Code != http.StatusOK {
		t.Fatalf("edit form: %d", res.Code)
	}
	mustContain(t, "edit form", res.Body, `value="Hosting"`, `value="owner@example.com"`, "cannot change")
	if strings.Contains(res.Body, `name="start_date"`) {
		t.Error("the edit form offers term dates")
	}

	form := url.Values{"vendor_id": {fmt.Sprint(v)}, "title": {"Hosting EU"}, "kind": {"subscription"},
		"owner_email": {"owner@example.com"}, "renewal_type": {"auto"}, "notice_value": {"three"}, "notice_unit": {"months"}}
	res = c.postForm(path, form)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad notice: %d", res.Code)
	}
	mustContain(t, "refused edit", res.Body, "a whole number, such as 3", `value="three"`, `value="Hosting EU"`)

	form.Set("notice_value", "60")
	form.Set("notice_unit", "days")
	res = c.postForm(path, form)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.Code, res.Body)
	}
	res = c.get(path)
	mustContain(t, "after edit", res.Body, "Contract saved.", "Hosting EU", "60 days", "2027-01-31", "update contract #")
}

func TestContractArchiveFlow(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31")
	path := fmt.Sprintf("/contracts/%d", ct.ID)

	res := c.get(path + "/archive")
	if res.Code != http.StatusOK {
		t.Fatalf("confirm page: %d", res.Code)
	}
	mustContain(t, "confirm", res.Body, "Archive Hosting?", "Archive contract", "has no decision yet")
	res = c.postForm(path+"/archive", nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/contracts" {
		t.Fatalf("archive: %d %q", res.Code, res.Header.Get("Location"))
	}
	res = c.get("/contracts")
	mustContain(t, "list after archive", res.Body, "Contract archived: Hosting.", "No contracts yet")
	res = c.get(path)
	mustContain(t, "archived detail", res.Body, `badge badge-grey">archived`, "archive contract #")
}

func TestContractListFiltersSortAndPages(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	acme := seedContractVendor(t, h, "Acme")
	globex := seedContractVendor(t, h, "Globex")
	seedContract(t, h, acme, "Soon", "2026-04-01", "2027-03-31")                                                                 // key 2027-01-01: notice
	seedContract(t, h, globex, "Later", "2026-09-01", "2027-08-31", func(c *outlay.Contract) { c.OwnerEmail = "x@example.com" }) // key 2027-06-01: active
	seedContract(t, h, acme, "Manual one", "2026-01-01", "2027-12-31", func(c *outlay.Contract) { c.RenewalType = "manual" })

	res := c.get("/contracts")
	soon, later, manual := strings.Index(res.Body, ">Soon<"), strings.Index(res.Body, ">Later<"), strings.Index(res.Body, ">Manual one<")
	if !(soon > 0 && soon < later && later < manual) {
		t.Fatalf("default order should be soonest key date first: %d %d %d", soon, later, manual)
	}
	mustContain(t, "list", res.Body, "3 contracts", `aria-sort="ascending"`)

	res = c.get("/contracts?status=notice")
	if !strings.Contains(res.Body, ">Soon<") || strings.Contains(res.Body, ">Later<") || !strings.Contains(res.Body, "1 contract<") {
		t.Error("status filter")
	}
	res = c.get("/contracts?q=globex")
	if !strings.Contains(res.Body, ">Later<") || strings.Contains(res.Body, ">Soon<") {
		t.Error("search by vendor name")
	}
	res = c.get(fmt.Sprintf("/contracts?vendor=%d&renewal_type=manual", acme))
	if !strings.Contains(res.Body, ">Manual one<") || strings.Contains(res.Body, ">Soon<") {
		t.Error("vendor and renewal type filters")
	}
	res = c.get("/contracts?owner=x@example.com")
	if !strings.Contains(res.Body, ">Later<") || strings.Contains(res.Body, ">Soon<") {
		t.Error("owner filter")
	}
	res = c.get("/contracts?sort=title&dir=desc")
	soon, later, manual = strings.Index(res.Body, ">Soon<"), strings.Index(res.Body, ">Later<"), strings.Index(res.Body, ">Manual one<")
	if !(soon < manual && manual < later) || !strings.Contains(res.Body, `aria-sort="descending"`) {
		t.Error("sort by title descending")
	}
	res = c.get("/contracts?q=nothing-matches")
	mustContain(t, "no match", res.Body, "No contracts match these filters.", "Clear filters")
	res = c.get("/contracts?status=bogus&sort=bogus&page=x")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, "3 contracts") {
		t.Errorf("unknown filter values: %d", res.Code)
	}
	mustContain(t, "export link keeps the query", c.get("/contracts?q=acme").Body, `/contracts/export.xlsx?q=acme`)

	for i := range 50 {
		seedContract(t, h, acme, fmt.Sprintf("Bulk %02d", i), "2026-04-01", "2028-03-31")
	}
	res = c.get("/contracts")
	mustContain(t, "page 1", res.Body, "53 contracts", `rel="next" href="/contracts?page=2"`)
	res = c.get("/contracts?page=2")
	if strings.Count(res.Body, `<tr>`) != 4 { // header + 3 rows
		t.Errorf("page 2 rows: %d", strings.Count(res.Body, `<tr>`)-1)
	}
}

func TestHomeShowsKeyDates(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	res := c.get("/")
	mustContain(t, "empty home", res.Body, "No contracts yet. Add the first one")

	v := seedContractVendor(t, h, "Acme")
	seedContract(t, h, v, "Due soon", "2026-04-01", "2027-03-31") // cancel by 2027-01-01: in 37 days
	seedContract(t, h, v, "Ended unnoticed", "2025-11-16", "2026-11-15", func(c *outlay.Contract) { c.RenewalType = "manual" })
	decided := seedContract(t, h, v, "Decided late", "2025-11-16", "2026-11-15", func(c *outlay.Contract) { c.RenewalType = "manual" })
	seedContract(t, h, v, "Far away", "2026-09-01", "2028-08-31")
	seedContract(t, h, v, "Next week", "2026-12-03", "2027-12-02", func(c *outlay.Contract) { c.RenewalType = "none" })
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "seed@example.com", Role: "admin", Active: true})
	if err := h.DB.DecideTerm(ctx, decided.ID, outlay.Decision{Kind: "renew"}); err != nil {
		t.Fatal(err)
	}

	res = c.get("/")
	if res.Code != http.StatusOK {
		t.Fatalf("home: %d", res.Code)
	}
	// A manual contract past its end has ended: nothing needs a person any more.
	if !strings.Contains(res.Body, ">Due soon<") || !strings.Contains(res.Body, "in 37 days") {
		t.Fatal("home does not list the key date in 37 days")
	}
	mustContain(t, "home", res.Body, "Key dates that need a person, next 90 days", "Cancel by",
		"Active contracts", "Decision due", "Key dates in 30 days")
	for _, absent := range []string{">Ended unnoticed<", ">Decided late<", ">Far away<", ">Next week<"} {
		if strings.Contains(res.Body, absent) {
			t.Errorf("home lists %s", absent)
		}
	}
}

func TestContractBadIDsAreNotFound(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	for _, p := range []string{"/contracts/abc", "/contracts/999", "/contracts/0/edit", "/contracts/-1/renew"} {
		if res := c.get(p); res.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, res.Code)
		}
	}
	if res := c.postForm("/contracts/999/renew", nil); res.Code != http.StatusNotFound {
		t.Errorf("renew unknown: %d", res.Code)
	}
}

// A contract row without terms (written by an import or by hand) still opens: the renew
// page and the API already allow for it, and the contract page crashed on it.
func TestContractPageWithoutTerms(t *testing.T) {
	h := newHarness(t)
	vendor := licenceTestVendor(h, "Termless Ltd")
	id := licenceTestContract(h, vendor, "Termless support")
	viewer, _ := h.signIn("viewer")
	res := viewer.get("/contracts/" + itoa(id))
	if res.Code != http.StatusOK {
		t.Fatalf("contract page: %d", res.Code)
	}
	mustContain(t, "contract page", res.Body, "Termless support", "No decision recorded yet.")
}

// A decision posted from a page opened before someone archived the contract is refused,
// and the page that comes back says why (the decision form itself is gone).
func TestContractDecisionOnArchivedSaysWhy(t *testing.T) {
	h := newHarness(t)
	vendor := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, vendor, "Acme hosting", "2026-04-01", "2027-03-31")
	editor, _ := h.signIn("editor")
	if res := editor.postForm("/contracts/"+itoa(ct.ID)+"/archive", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.Code)
	}
	res := editor.postForm("/contracts/"+itoa(ct.ID)+"/decision", url.Values{"decision": {"cancel"}, "note": {"too dear"}})
	if res.Code != http.StatusConflict {
		t.Fatalf("decision on archived: %d", res.Code)
	}
	mustContain(t, "refused decision", res.Body, "decisions can no longer be recorded")
}

// TestContractReminderOffsetsForm: the reminders field offers the settings' offsets,
// keeps what was typed when refused, and the page says whose offsets are in use.
func TestContractReminderOffsetsForm(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	v := seedContractVendor(t, h, "Acme")

	res := c.get("/contracts/new")
	mustContain(t, "new form", res.Body, "Reminders (days before the key date)", `name="reminder_offsets"`,
		`placeholder="90, 60, 30, 14, 7, 1"`, "Leave blank to use the settings' 90, 60, 30, 14, 7, 1.")

	form := contractForm(v)
	form.Set("reminder_offsets", "90, x")
	res = c.postForm("/contracts", form)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad offsets: %d", res.Code)
	}
	mustContain(t, "refused offsets", res.Body, `id="e-reminder_offsets">`+outlay.OffsetsHint, `value="90, x"`,
		`href="#f-reminder_offsets"`, `value="Acme hosting"`, `value="12,000.00"`)
	form.Set("reminder_offsets", "30, 400")
	if res = c.postForm("/contracts", form); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, outlay.OffsetsHint) {
		t.Fatalf("offset over a year: %d", res.Code)
	}

	form.Set("reminder_offsets", "7, 30 90")
	res = c.postForm("/contracts", form)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.Code, res.Body)
	}
	path := res.Header.Get("Location")
	mustContain(t, "page", c.get(path).Body, "90, 30, 7 days (this contract&#39;s own)")
	mustContain(t, "edit form", c.get(path+"/edit").Body, `name="reminder_offsets" type="text" value="90, 30, 7"`)

	edit := url.Values{"vendor_id": {fmt.Sprint(v)}, "title": {"Acme hosting"}, "kind": {"subscription"},
		"owner_email": {"editor@example.com"}, "renewal_type": {"auto"}, "notice_value": {"3"}, "notice_unit": {"months"},
		"reminder_offsets": {""}}
	if res = c.postForm(path, edit); res.Code != http.StatusSeeOther {
		t.Fatalf("clear offsets: %d\n%s", res.Code, res.Body)
	}
	// The page follows the settings now, and its audit trail shows the change in words.
	mustContain(t, "page after clearing", c.get(path).Body, "90, 60, 30, 14, 7, 1 days (the settings&#39;)",
		"90, 30, 7 days", "the settings&#39;")
}
