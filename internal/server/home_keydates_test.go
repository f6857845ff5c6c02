package server_test

import (
	"context"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// seedLicence stores a licence expiring on expiry, covered by contractID when not 0.
func seedLicence(t *testing.T, h *harness, vendorID int64, product, expiry string, contractID int64) *outlay.Licence {
	t.Helper()
	e, _ := outlay.ParseDate(expiry)
	s, _ := outlay.ParseDate("2026-01-01")
	l := &outlay.Licence{Product: product, VendorID: vendorID, Kind: "per_user", SeatsPurchased: 10, SeatsAssigned: 10,
		UnitPrice: 10000, Currency: "EUR", Billing: "annual", StartDate: s, ExpiryDate: e, OwnerEmail: "lic@example.com"}
	if contractID != 0 {
		l.ContractID = &contractID
	}
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "seed@example.com", Role: "admin", Active: true})
	if err := h.DB.CreateLicence(ctx, l, nil); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestHomeKeyDatesNeedAPerson: on 2026-11-25 the dashboard lists, soonest first, a
// cancel-by date missed 55 days ago (the term still runs), the expiries of licences no
// running contract covers, and a cancel-by date in 37 days; the manual contract that
// ended last year, the licence its running contract covers and a licence expiring after
// the horizon are not there. The "Decision due" card counts the notice window and the
// missed notice, and its link lists both.
func TestHomeKeyDatesNeedAPerson(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	v := seedContractVendor(t, h, "Acme")
	seedContract(t, h, v, "Missed notice", "2026-01-01", "2026-12-31")    // cancel by 2026-10-01
	soon := seedContract(t, h, v, "Due soon", "2026-04-01", "2027-03-31") // cancel by 2027-01-01
	ended := seedContract(t, h, v, "Ended last year", "2025-01-01", "2025-11-30", func(c *outlay.Contract) { c.RenewalType = "manual" })
	orphan := seedLicence(t, h, v, "Orphan Suite", "2026-12-10", 0)
	seedLicence(t, h, v, "Covered Suite", "2026-12-05", soon.ID)
	leftOver := seedLicence(t, h, v, "Left-over Suite", "2026-12-20", ended.ID)
	seedLicence(t, h, v, "Later Suite", "2027-06-01", 0)

	res := c.get("/")
	if res.Code != 200 {
		t.Fatalf("home: %d", res.Code)
	}
	table := res.Body[strings.Index(res.Body, `id="keydates"`):]
	table = table[:strings.Index(table, "</table>")]
	order := []string{">Missed notice<", ">Orphan Suite<", ">Left-over Suite<", ">Due soon<"}
	last := -1
	for _, s := range order {
		i := strings.Index(table, s)
		if i < 0 || i < last {
			t.Fatalf("key dates not %v in that order: %s at %d", order, s, i)
		}
		last = i
	}
	mustContain(t, "key-date rows", table, "55 days late", "notice missed", "in 15 days", "Licence expires",
		`href="/licences/`+itoa(orphan.ID)+`"`, `href="/licences/`+itoa(leftOver.ID)+`"`,
		"(Ended last year no longer covers it)", "in 37 days")
	for _, absent := range []string{">Ended last year<", ">Covered Suite<", ">Later Suite<"} {
		if strings.Contains(table, absent) {
			t.Errorf("the key dates list %s", absent)
		}
	}
	mustContain(t, "decision due card", res.Body, "Decision due", `href="/contracts?status=decision_due"`,
		"1 in the notice window", "1 notice missed")

	res = c.get("/contracts?status=decision_due")
	mustContain(t, "decision due list", res.Body, "2 contracts", ">Missed notice<", ">Due soon<")
	res = c.get("/contracts?status=notice_missed")
	mustContain(t, "notice missed list", res.Body, "1 contract", ">Missed notice<", `<span class="badge badge-red">notice missed</span>`,
		`<option value="notice_missed" selected>Notice missed</option>`)

	// The list by key date is led by what needs a person; the ended contract comes after.
	res = c.get("/contracts?sort=key_date")
	missed, due, gone := strings.Index(res.Body, ">Missed notice<"), strings.Index(res.Body, ">Due soon<"), strings.Index(res.Body, ">Ended last year<")
	if missed < 0 || !(missed < due && due < gone) {
		t.Errorf("contracts by key date: missed %d, due soon %d, ended %d; want that order", missed, due, gone)
	}
}
