package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/server"
)

func termCountOf(t *testing.T, h *harness, id int64) int {
	t.Helper()
	got, err := h.DB.FindContractByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return len(got.Terms)
}

// The renew page takes the new term's length, price and billing, prefilled; a broken
// form comes back with 422 and what was typed; a renewal done leaves no Renew button,
// and the same form sent again renews nothing.
func TestRenewPageOncePerTerm(t *testing.T) {
	h := newHarness(t) // today 2026-11-25
	c, _ := h.signIn("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31", func(c *outlay.Contract) {
		c.UpliftBasisPoints, c.RenewalTermMonths = 350, 12
	})
	path := fmt.Sprintf("/contracts/%d", ct.ID)
	mustContain(t, "contract page", c.get(path).Body, `href="`+path+`/renew"`)

	res := c.get(path + "/renew")
	if res.Code != http.StatusOK {
		t.Fatalf("renew page: %d", res.Code)
	}
	// 12,000.00 + 3.50 % = 12,420.00, for 12 months from 2027-04-01.
	mustContain(t, "renew page", res.Body, `name="months" type="number" value="12"`, `value="12,420.00"`,
		`<option value="annual" selected>`, `name="from_term" value="`+itoa(ct.CurrentTerm().ID)+`"`, "2028-03-31")

	bad := url.Values{"months": {"0"}, "price": {"13,000.005"}, "billing": {"weekly"}, "from_term": {itoa(ct.CurrentTerm().ID)}}
	res = c.postForm(path+"/renew", bad)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("broken renew form: %d", res.Code)
	}
	mustContain(t, "broken renew form", res.Body, `id="e-months"`, `id="e-price"`, `value="13,000.005"`, `value="0"`)
	if termCountOf(t, h, ct.ID) != 1 {
		t.Fatal("a broken form renewed")
	}
	bad.Set("months", "24")
	bad.Set("price", "13,000.00")
	res = c.postForm(path+"/renew", bad)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-billing"`) {
		t.Fatalf("unknown billing: %d", res.Code)
	}

	good := url.Values{"months": {"24"}, "price": {"13,000.00"}, "billing": {"quarterly"}, "from_term": {itoa(ct.CurrentTerm().ID)}}
	if res := c.postForm(path+"/renew", good); res.Code != http.StatusSeeOther {
		t.Fatalf("renew: %d %s", res.Code, res.Body)
	}
	page := c.get(path).Body
	mustContain(t, "after renewal", page, "Renewed: new term 2027-04-01 to 2029-03-31.", "13,000.00", "&#43;8.33 %")
	if strings.Contains(page, `href="`+path+`/renew"`) {
		t.Error("the Renew button is still offered after the renewal")
	}
	// A double click or the back button sends the same form again.
	if res := c.postForm(path+"/renew", good); res.Code != http.StatusSeeOther {
		t.Fatalf("second renew: %d", res.Code)
	}
	mustContain(t, "after the second POST", c.get(path).Body, "This contract was renewed meanwhile")
	if n := termCountOf(t, h, ct.ID); n != 2 {
		t.Fatalf("%d terms after renewing twice, want 2", n)
	}
	res = c.get(path + "/renew")
	if res.Code != http.StatusConflict || !strings.Contains(res.Body, "already renewed: its next term runs from 2027-04-01 to 2029-03-31") {
		t.Fatalf("renew page after renewal: %d", res.Code)
	}
}

// The API renews once and never a fixed-term contract; its body chooses the term.
func TestAPIRenewOnceAndFixedTermRefused(t *testing.T) {
	h := newHarness(t)
	api, _ := h.apiClient("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31")
	path := fmt.Sprintf("/api/v1/contracts/%d/renew", ct.ID)

	res := api.sendJSON(http.MethodPost, path, map[string]any{"months": 6, "price": "6,100.50", "billing": "monthly"})
	if res.Code != http.StatusCreated {
		t.Fatalf("renew: %d %s", res.Code, res.Body)
	}
	var got server.APIContract
	res.JSON(t, &got)
	if got.CurrentTerm.StartDate != "2027-04-01" || got.CurrentTerm.EndDate != "2027-09-30" || got.CurrentTerm.Price != "6100.50" ||
		got.CurrentTerm.Billing != "monthly" || got.RenewsOn != "2027-10-01" || got.CancelBy != "2027-07-01" {
		t.Fatalf("renewed: %+v", got.CurrentTerm)
	}
	var e server.APIError
	res = api.sendJSON(http.MethodPost, path, nil)
	res.JSON(t, &e)
	if res.Code != http.StatusConflict || !strings.Contains(e.Error, "already renewed") {
		t.Fatalf("second renew: %d %s", res.Code, res.Body)
	}
	res = api.sendJSON(http.MethodPost, path, map[string]any{"price": "1.001"})
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || e.Fields["price"] == "" {
		t.Fatalf("bad price: %d %s", res.Code, res.Body)
	}

	fixed := seedContract(t, h, v, "Fixed", "2025-01-01", "2025-12-31", func(c *outlay.Contract) { c.RenewalType = "none" })
	res = api.sendJSON(http.MethodPost, fmt.Sprintf("/api/v1/contracts/%d/renew", fixed.ID), nil)
	res.JSON(t, &e)
	if res.Code != http.StatusConflict || !strings.Contains(e.Error, "fixed term") {
		t.Fatalf("renew a fixed-term contract: %d %s", res.Code, res.Body)
	}
	if termCountOf(t, h, fixed.ID) != 1 || termCountOf(t, h, ct.ID) != 2 {
		t.Fatal("a refused renewal added a term")
	}
}

// PATCH corrects a term (400 per field where it would overlap or leave a gap), DELETE
// removes the latest future term (409 for any other).
func TestAPITermCorrectAndRemove(t *testing.T) {
	h := newHarness(t)
	api, _ := h.apiClient("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31")
	first := ct.CurrentTerm().ID
	base := fmt.Sprintf("/api/v1/contracts/%d", ct.ID)

	res := api.sendJSON(http.MethodPatch, fmt.Sprintf("%s/terms/%d", base, first), map[string]any{"end_date": "2027-06-30", "price": "15,000.00"})
	if res.Code != http.StatusOK {
		t.Fatalf("correct: %d %s", res.Code, res.Body)
	}
	var got server.APIContract
	res.JSON(t, &got)
	// 3 months' notice before 2027-07-01.
	if got.CurrentTerm.EndDate != "2027-06-30" || got.CurrentTerm.Price != "15000.00" || got.RenewsOn != "2027-07-01" || got.CancelBy != "2027-04-01" {
		t.Fatalf("corrected: %+v renews %s cancel by %s", got.CurrentTerm, got.RenewsOn, got.CancelBy)
	}

	res = api.sendJSON(http.MethodPost, base+"/renew", nil)
	res.JSON(t, &got)
	if res.Code != http.StatusCreated || got.CurrentTerm.StartDate != "2027-07-01" {
		t.Fatalf("renew: %d %s", res.Code, res.Body)
	}
	next := got.CurrentTerm.ID
	var e server.APIError
	res = api.sendJSON(http.MethodPatch, fmt.Sprintf("%s/terms/%d", base, next), map[string]any{"start_date": "2027-06-15"})
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || !strings.Contains(e.Fields["start_date"], "overlaps the previous term") {
		t.Fatalf("overlap: %d %s", res.Code, res.Body)
	}
	res = api.sendJSON(http.MethodPatch, fmt.Sprintf("%s/terms/%d", base, first), map[string]any{"end_date": "2027-05-31"})
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || !strings.Contains(e.Fields["end_date"], "leaves a gap before the next term") {
		t.Fatalf("gap: %d %s", res.Code, res.Body)
	}
	if res := api.do(http.MethodDelete, fmt.Sprintf("%s/terms/%d", base, first), nil, ""); res.Code != http.StatusConflict {
		t.Fatalf("delete a term followed by another: %d %s", res.Code, res.Body)
	}
	if res := api.do(http.MethodDelete, fmt.Sprintf("%s/terms/%d", base, next), nil, ""); res.Code != http.StatusNoContent {
		t.Fatalf("delete the future term: %d %s", res.Code, res.Body)
	}
	api.get(base).JSON(t, &got)
	if len(got.Terms) != 1 || got.KeyDate != "2027-04-01" {
		t.Fatalf("after removal: %d terms, key date %s", len(got.Terms), got.KeyDate)
	}
	if res := api.do(http.MethodDelete, fmt.Sprintf("%s/terms/%d", base, first), nil, ""); res.Code != http.StatusConflict {
		t.Fatalf("delete the only term: %d", res.Code)
	}
	if res := api.do(http.MethodDelete, fmt.Sprintf("%s/terms/%d", base, 999), nil, ""); res.Code != http.StatusNotFound {
		t.Fatalf("delete an unknown term: %d", res.Code)
	}
	viewer, _ := h.apiClient("viewer")
	if res := viewer.sendJSON(http.MethodPatch, fmt.Sprintf("%s/terms/%d", base, first), map[string]any{"price": "1.00"}); res.Code != http.StatusForbidden {
		t.Fatalf("viewer PATCH: %d", res.Code)
	}
}

// The correction form keeps what was typed and says next to the field which day fits;
// removal asks on a page of its own.
func TestTermPagesCorrectAndRemove(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	v := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31", func(c *outlay.Contract) { c.RenewalType = "manual" })
	path := fmt.Sprintf("/contracts/%d", ct.ID)
	first := ct.CurrentTerm().ID
	if _, err := h.DB.RenewContract(outlay.NewContextWithUser(context.Background(), h.user("admin", "a@example.com")), ct.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := h.DB.FindContractByID(context.Background(), ct.ID)
	next := got.CurrentTerm().ID

	page := c.get(path).Body
	mustContain(t, "contract page", page, fmt.Sprintf(`href="%s/terms/%d/edit"`, path, first), fmt.Sprintf(`href="%s/terms/%d/delete"`, path, next))
	if strings.Contains(page, fmt.Sprintf(`href="%s/terms/%d/delete"`, path, first)) {
		t.Error("the running term is offered for removal")
	}

	res := c.get(fmt.Sprintf("%s/terms/%d/edit", path, first))
	mustContain(t, "term form", res.Body, `value="2026-04-01"`, `value="2027-03-31"`, "the term after starts on")
	form := url.Values{"start_date": {"2026-04-01"}, "end_date": {"2027-02-28"}, "price": {"11,500.00"}, "billing": {"annual"}}
	res = c.postForm(fmt.Sprintf("%s/terms/%d", path, first), form)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("gap: %d", res.Code)
	}
	mustContain(t, "refused correction", res.Body, `value="2027-02-28"`, `value="11,500.00"`,
		"leaves a gap before the next term, which starts on 2027-04-01; the end must be 2027-03-31")
	form.Set("end_date", "2027-03-31")
	if res := c.postForm(fmt.Sprintf("%s/terms/%d", path, first), form); res.Code != http.StatusSeeOther {
		t.Fatalf("correct: %d %s", res.Code, res.Body)
	}
	mustContain(t, "after correction", c.get(path).Body, "Term corrected: 2026-04-01 to 2027-03-31.", "11,500.00")

	res = c.get(fmt.Sprintf("%s/terms/%d/delete", path, next))
	mustContain(t, "remove page", res.Body, "Remove term</button>", "becomes the current one again")
	if res := c.postForm(fmt.Sprintf("%s/terms/%d/delete", path, next), nil); res.Code != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.Code)
	}
	page = c.get(path).Body
	mustContain(t, "after removal", page, "Term 2027-04-01 to 2028-03-31 removed.", `href="`+path+`/renew"`)
	if termCountOf(t, h, ct.ID) != 1 {
		t.Fatal("term not removed")
	}
	if res := c.get(fmt.Sprintf("%s/terms/%d/delete", path, first)); res.Code != http.StatusConflict {
		t.Fatalf("remove page for the only term: %d", res.Code)
	}
}

// A contract's page shows its schedule for the running and next term, invoiced or
// overdue, its invoices and its licences; the vendor's page lists its licences and the
// fiscal year's spend.
func TestContractAndVendorPagesListRelatedRecords(t *testing.T) {
	h := newHarness(t) // today 2026-11-25, FY2026 = calendar 2026
	c, _ := h.signIn("viewer")
	ctx := outlay.NewContextWithUser(context.Background(), h.user("admin", "a@example.com"))
	v := seedContractVendor(t, h, "Acme")
	line := &outlay.BudgetLine{FY: 2026, Code: "INF-CLOUD", Name: "Cloud", Category: "cloud", ExpenseType: "opex", Planned: 100000000}
	if err := h.DB.CreateBudgetLine(ctx, line); err != nil {
		t.Fatal(err)
	}
	ct := seedContract(t, h, v, "Hosting", "2026-04-01", "2027-03-31", func(c *outlay.Contract) {
		c.Terms[0].Billing, c.BudgetLineCode = "quarterly", "INF-CLOUD"
	})
	id := ct.ID
	inv := &outlay.SpendEntry{Date: civil("2026-07-15"), VendorID: v, Description: "Q3 hosting", InvoiceNumber: "INV-Q3",
		Amount: 300000, Currency: "EUR", ContractID: &id, Allocations: []outlay.Allocation{{BudgetLineID: line.ID}}}
	if err := h.DB.CreateSpend(ctx, inv); err != nil {
		t.Fatal(err)
	}
	lic := &outlay.Licence{Product: "Hosting seats", VendorID: v, ContractID: &id, Kind: "per_user", SeatsPurchased: 50,
		SeatsAssigned: 40, UnitPrice: 1000, Currency: "EUR", Billing: "annual", ExpiryDate: civil("2027-03-31")}
	if err := h.DB.CreateLicence(ctx, lic, nil); err != nil {
		t.Fatal(err)
	}

	page := c.get(fmt.Sprintf("/contracts/%d", id)).Body
	// 12,000.00 billed quarterly: 3,000.00 on 2026-04-01, 07-01, 10-01, 2027-01-01, then
	// the term it rolls into from 2027-04-01 (stored to 2027-12-31). The 2026-07-15
	// invoice covers July; April and October are past due without an invoice.
	mustContain(t, "contract page", page, "Payment schedule", "2026-04-01 – 2026-06-30", "2027-10-01 – 2027-12-31",
		"term it renews into", fmt.Sprintf(`href="/spend/%d"`, inv.ID), "INV-Q3", "Q3 hosting",
		fmt.Sprintf(`href="/licences/%d"`, lic.ID), "Hosting seats", "40 / 50",
		fmt.Sprintf(`/spend?contract_id=%d&amp;vendor_id=%d`, id, v))
	if n := strings.Count(page, "overdue, not invoiced"); n != 2 {
		t.Errorf("%d payments flagged overdue, want 2 (2026-04-01 and 2026-10-01)", n)
	}
	if n := strings.Count(page, `badge-green">invoiced`); n != 1 {
		t.Errorf("%d payments invoiced, want 1", n)
	}
	if n := strings.Count(page, "3,000.00"); n < 7 {
		t.Errorf("%d payments of 3,000.00 shown, want 7 and the invoice", n)
	}

	page = c.get(fmt.Sprintf("/vendors/%d", v)).Body
	mustContain(t, "vendor page", page, "Spend in FY2026", "1 entry, <span class=\"mono\">3,000.00</span> EUR", "INV-Q3",
		fmt.Sprintf(`href="/contracts/%d"`, id), fmt.Sprintf(`href="/licences/%d"`, lic.ID), "Hosting seats",
		fmt.Sprintf(`/spend?fy=2026&amp;vendor_id=%d`, v))
}

// Until the first budget line exists any code is taken, and the form says the money
// will show as unbudgeted.
func TestContractFormSaysUnbudgetedWithoutLines(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	mustContain(t, "new contract without lines", c.get("/contracts/new").Body, "show as unbudgeted")
	line := &outlay.BudgetLine{FY: 2026, Code: "INF-CLOUD", Name: "Cloud", Category: "cloud", ExpenseType: "opex", Planned: 100000}
	if err := h.DB.CreateBudgetLine(context.Background(), line); err != nil {
		t.Fatal(err)
	}
	if body := c.get("/contracts/new").Body; strings.Contains(body, "show as unbudgeted") || !strings.Contains(body, "it must be the code of a budget line") {
		t.Error("with a budget line the form still says unbudgeted")
	}
}

func civil(s string) time.Time {
	d, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
