package books_test

import (
	"testing"

	"outlay/internal/books"
	"outlay/internal/outlay"
)

func (b *book) contract(title, renewal, start, end string, decision string) *outlay.Contract {
	b.t.Helper()
	s, _ := outlay.ParseDate(start)
	e, _ := outlay.ParseDate(end)
	c := &outlay.Contract{VendorID: b.vendor, Title: title, Kind: "support", OwnerEmail: "ann@example.com",
		RenewalType: renewal, NoticeValue: 3, NoticeUnit: "months", Currency: "EUR",
		Terms: []*outlay.Term{{StartDate: s, EndDate: e, Price: 1200000, Billing: "annual"}}}
	if decision != "" {
		c.Terms[0].Decision = &outlay.Decision{Kind: decision}
	}
	if err := b.db.CreateContract(b.ctx, c); err != nil {
		b.t.Fatal(err)
	}
	return c
}

func (b *book) licence(product, expiry string, contractID int64) *outlay.Licence {
	b.t.Helper()
	e, _ := outlay.ParseDate(expiry)
	l := &outlay.Licence{Product: product, VendorID: b.vendor, Kind: "site", SeatsPurchased: 1, UnitPrice: 100,
		Currency: "EUR", Billing: "annual", ExpiryDate: e, OwnerEmail: "ann@example.com"}
	if contractID != 0 {
		l.ContractID = &contractID
	}
	if err := b.db.CreateLicence(b.ctx, l, nil); err != nil {
		b.t.Fatal(err)
	}
	return l
}

// TestNeedingAPerson on 2026-11-25: missed cancel-by dates of running terms lead, then
// upcoming key dates and uncovered licence expiries by date; ended contracts, settled
// past dates and covered licences are left out; the limit cuts the merged rows and the
// counts still cover everything in range.
func TestNeedingAPerson(t *testing.T) {
	b := newBook(t)
	b.contract("Missed", "auto", "2026-01-01", "2026-12-31", "")                   // cancel by 2026-10-01
	b.contract("Renegotiating", "auto", "2026-02-01", "2027-01-31", "renegotiate") // cancel by 2026-11-01
	b.contract("Renewed late", "auto", "2026-01-01", "2026-12-31", "renew")        // settled
	b.contract("Ended", "manual", "2025-01-01", "2025-12-31", "")                  // over
	soon := b.contract("Ends soon", "manual", "2026-01-01", "2026-12-20", "")      // key date 2026-12-20
	cancelled := b.contract("Cancelled", "none", "2025-11-01", "2026-10-31", "cancel")
	b.licence("Orphan", "2026-12-01", 0)
	b.licence("Covered", "2026-12-02", soon.ID)
	b.licence("Cancelled's", "2026-12-03", cancelled.ID)
	b.licence("Too far", "2027-03-01", 0)

	names := func(k *books.KeyDates) []string {
		var out []string
		for _, r := range k.Rows {
			if r.Contract != nil {
				out = append(out, r.Contract.Title)
			} else {
				out = append(out, r.Licence.Product)
			}
		}
		return out
	}
	q := books.KeyDateQuery{Today: today, WindowDays: 90, HorizonDays: 90}
	all, err := books.NeedingAPerson(b.ctx, b.db, b.db, q)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Missed", "Renegotiating", "Orphan", "Cancelled's", "Ends soon"}
	if got := names(all); len(got) != len(want) || all.Total() != 5 || all.Licences != 2 {
		t.Fatalf("rows %v (total %d, licences %d), want %v", got, all.Total(), all.Licences, want)
	}
	for i, w := range want {
		if names(all)[i] != w {
			t.Fatalf("rows %v, want %v", names(all), want)
		}
	}
	if r := all.Rows[0]; r.DaysLeft != -55 || r.Contract.Status != "notice_missed" {
		t.Errorf("first row %d days, %s; want -55, notice_missed", r.DaysLeft, r.Contract.Status)
	}
	if r := all.Rows[2]; r.DaysLeft != 6 {
		t.Errorf("orphan licence %d days left, want 6", r.DaysLeft)
	}

	q.Limit = 3
	top, err := books.NeedingAPerson(b.ctx, b.db, b.db, q)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(top); len(got) != 3 || got[2] != "Orphan" || top.Total() != 5 {
		t.Errorf("limited rows %v (total %d), want the first three of five", got, top.Total())
	}
}
