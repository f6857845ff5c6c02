package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// contractColumnsOf reads the stored derived columns lists filter and sort by.
func contractColumnsOf(t *testing.T, d *sqlite.DB, id int64) string {
	t.Helper()
	var renews, cancel, key, end string
	if err := d.ReadDB().QueryRow(`SELECT renews_on, cancel_by, key_date, term_end FROM contracts WHERE id = ?`, id).
		Scan(&renews, &cancel, &key, &end); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("term_end %s renews_on %s cancel_by %s key_date %s", end, renews, cancel, key)
}

func termCount(t *testing.T, d *sqlite.DB, id int64) int {
	t.Helper()
	var n int
	if err := d.ReadDB().QueryRow(`SELECT count(*) FROM contract_terms WHERE contract_id = ?`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Renewing is for the latest term, once: a second renewal (a double click naming the
// same term, or a call that names none) is refused and leaves one new term.
func TestRenewTwiceRefused(t *testing.T) {
	d := MustOpen(t) // today 2026-11-25
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	c := annualContract(v, "Manual", "2026-01-01", "2026-12-31")
	c.RenewalType = "manual"
	c.UpliftBasisPoints = 500
	mustCreateContract(t, d, c)
	from := c.CurrentTerm().ID

	price := int64(1260000) // 12,600.00 EUR: 12,000.00 + 5 %, typed by the person
	term, err := d.RenewContractWith(ctx, c.ID, outlay.Renewal{FromTermID: from, Months: 24, Price: &price, Billing: "quarterly"})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%s..%s %d %s", outlay.FormatDate(term.StartDate), outlay.FormatDate(term.EndDate), term.Price, term.Billing); got != "2027-01-01..2028-12-31 1260000 quarterly" {
		t.Fatalf("new term %s", got)
	}
	if _, err := d.RenewContractWith(ctx, c.ID, outlay.Renewal{FromTermID: from, Months: 24, Price: &price}); outlay.ErrorCode(err) != outlay.ECONFLICT ||
		!strings.Contains(outlay.ErrorMessage(err), "renewed meanwhile") {
		t.Errorf("second renewal of the same term: %v", err)
	}
	if _, err := d.RenewContract(ctx, c.ID); outlay.ErrorCode(err) != outlay.ECONFLICT ||
		!strings.Contains(outlay.ErrorMessage(err), "already renewed: its next term runs from 2027-01-01 to 2028-12-31") {
		t.Errorf("renewal of the term not started yet: %v", err)
	}
	if n := termCount(t, d, c.ID); n != 2 {
		t.Fatalf("%d terms after a refused second renewal, want 2", n)
	}
	if got := contractColumnsOf(t, d, c.ID); got != "term_end 2028-12-31 renews_on 2029-01-01 cancel_by 2028-10-01 key_date 2028-12-31" {
		t.Errorf("columns: %s", got)
	}
}

// A fixed-term contract simply ends and a cancelled one is not renewed behind the
// decision's back, also when it has ended.
func TestRenewRefusedForFixedAndCancelled(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	fixed := annualContract(v, "Fixed", "2025-01-01", "2025-12-31")
	fixed.RenewalType = "none"
	mustCreateContract(t, d, fixed)
	if _, err := d.RenewContractWith(ctx, fixed.ID, outlay.Renewal{}); outlay.ErrorCode(err) != outlay.ECONFLICT ||
		!strings.Contains(outlay.ErrorMessage(err), "fixed term") {
		t.Errorf("renew an ended fixed-term contract: %v", err)
	}
	cancelled := annualContract(v, "Cancelled", "2026-01-01", "2026-12-31")
	cancelled.RenewalType = "manual"
	mustCreateContract(t, d, cancelled)
	if err := d.DecideTerm(ctx, cancelled.ID, outlay.Decision{Kind: "cancel"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.RenewContractWith(ctx, cancelled.ID, outlay.Renewal{Months: 12}); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Errorf("renew a cancelled contract: %v", err)
	}
	if termCount(t, d, fixed.ID)+termCount(t, d, cancelled.ID) != 2 {
		t.Fatal("a refused renewal added a term")
	}
}

// Correcting a term's end moves renews_on, cancel_by and the key date, and the payment
// schedule (with its invoiced flags) is recomputed in the same transaction.
func TestCorrectTermEndMovesKeyDatesAndSchedule(t *testing.T) {
	d := MustOpen(t) // today 2026-11-25: payments stored to 2027-12-31
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	line := blCreate(t, d, blFixture("INF-CLOUD", 5000000))
	c := annualContract(v, "Platform", "2026-04-01", "2027-03-31") // auto, 3 months' notice, 12,000.00 annual
	c.BudgetLineCode = "INF-CLOUD"
	mustCreateContract(t, d, c)
	cid := c.ID
	inv := &outlay.SpendEntry{Date: civilDay("2027-04-10"), VendorID: v, Description: "Q2 invoice", InvoiceNumber: "INV-1",
		Amount: 300000, Currency: "EUR", ContractID: &cid, Allocations: []outlay.Allocation{{BudgetLineID: line.ID}}}
	if err := d.CreateSpend(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if got := contractColumnsOf(t, d, c.ID); got != "term_end 2027-03-31 renews_on 2027-04-01 cancel_by 2027-01-01 key_date 2027-01-01" {
		t.Fatalf("before: %s", got)
	}

	// The signed term runs 15 months, billed quarterly, 15,000.00: 3,000.00 a quarter.
	fix := &outlay.Term{ID: c.CurrentTerm().ID, StartDate: civilDay("2026-04-01"), EndDate: civilDay("2027-06-30"), Price: 1500000, Billing: "quarterly"}
	after, err := d.UpdateTerm(ctx, c.ID, fix)
	if err != nil {
		t.Fatal(err)
	}
	if outlay.FormatDate(after.CancelBy) != "2027-04-01" || outlay.FormatDate(after.RenewsOn) != "2027-07-01" {
		t.Errorf("derived: renews %s cancel by %s", outlay.FormatDate(after.RenewsOn), outlay.FormatDate(after.CancelBy))
	}
	if got := contractColumnsOf(t, d, c.ID); got != "term_end 2027-06-30 renews_on 2027-07-01 cancel_by 2027-04-01 key_date 2027-04-01" {
		t.Errorf("after: %s", got)
	}
	var got []string
	for _, r := range payRows(t, d, c.ID) {
		got = append(got, fmt.Sprintf("%s %d projected=%v invoiced=%v", r.due, r.amount, r.projected, r.invoiced))
	}
	want := []string{
		"2026-04-01 300000 projected=false invoiced=false",
		"2026-07-01 300000 projected=false invoiced=false",
		"2026-10-01 300000 projected=false invoiced=false",
		"2027-01-01 300000 projected=false invoiced=false",
		"2027-04-01 300000 projected=false invoiced=true", // the invoice of 2027-04-10 falls in 04-01..06-30
		// The roll it will renew into: as long as the term, 15 months from 2027-07-01.
		"2027-07-01 300000 projected=true invoiced=false",
		"2027-10-01 300000 projected=true invoiced=false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("schedule after correction:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The page reads the same rows through the service, with overdue ones flagged.
	ps, err := d.FindContractPayments(context.Background(), c.ID, civilDay("2026-04-01"), civilDay("2027-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	today := civilDay("2026-11-25")
	if len(ps) != 5 || !ps[0].Overdue(today) || ps[3].Overdue(today) || !ps[4].Invoiced || ps[4].BaseAmount == nil || *ps[4].BaseAmount != 300000 {
		t.Errorf("payments: %+v", ps)
	}

	entries := contractAuditEntries(t, d, c.ID)
	if entries[0].Action != outlay.ActionCorrectTerm {
		t.Fatalf("newest audit entry %s", entries[0].Action)
	}
	var before, afterAudit map[string]map[string]any
	json.Unmarshal(entries[0].Before, &before)
	json.Unmarshal(entries[0].After, &afterAudit)
	if before["term"]["end_date"] != "2027-03-31" || before["term"]["price"] != "12000.00" ||
		afterAudit["term"]["end_date"] != "2027-06-30" || afterAudit["term"]["billing"] != "quarterly" {
		t.Errorf("audit before %s after %s", entries[0].Before, entries[0].After)
	}
}

// Terms neither overlap nor leave a gap: a correction that would is refused next to the
// field with the day that fits, and nothing changes.
func TestCorrectTermRefusesOverlapAndGap(t *testing.T) {
	d := MustOpen(t)
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	c := annualContract(v, "Two terms", "2026-01-01", "2026-12-31")
	c.Terms = append(c.Terms, &outlay.Term{StartDate: civilDay("2027-01-01"), EndDate: civilDay("2027-12-31"), Price: 1250000, Billing: "annual"})
	mustCreateContract(t, d, c)
	first, second := c.Terms[0], c.Terms[1]
	cases := []struct {
		term        outlay.Term
		field, want string
	}{
		{outlay.Term{ID: first.ID, StartDate: first.StartDate, EndDate: civilDay("2027-01-15"), Price: first.Price, Billing: "annual"},
			"end_date", "overlaps the next term, which starts on 2027-01-01; the end must be 2026-12-31"},
		{outlay.Term{ID: first.ID, StartDate: first.StartDate, EndDate: civilDay("2026-12-15"), Price: first.Price, Billing: "annual"},
			"end_date", "leaves a gap before the next term, which starts on 2027-01-01; the end must be 2026-12-31"},
		{outlay.Term{ID: second.ID, StartDate: civilDay("2026-12-20"), EndDate: second.EndDate, Price: second.Price, Billing: "annual"},
			"start_date", "overlaps the previous term, which ends on 2026-12-31; the start must be 2027-01-01"},
		{outlay.Term{ID: second.ID, StartDate: civilDay("2027-02-01"), EndDate: second.EndDate, Price: second.Price, Billing: "annual"},
			"start_date", "leaves a gap after the previous term, which ends on 2026-12-31; the start must be 2027-01-01"},
	}
	for _, tc := range cases {
		tm := tc.term
		_, err := d.UpdateTerm(ctx, c.ID, &tm)
		if got := outlay.ErrorFields(err)[tc.field]; got != tc.want {
			t.Errorf("%s..%s: %s = %q (%v), want %q", outlay.FormatDate(tm.StartDate), outlay.FormatDate(tm.EndDate), tc.field, got, err, tc.want)
		}
	}
	// The price and billing of a middle term may be corrected within its dates.
	ok := outlay.Term{ID: first.ID, StartDate: first.StartDate, EndDate: first.EndDate, Price: 1190000, Billing: "monthly"}
	if _, err := d.UpdateTerm(ctx, c.ID, &ok); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindContractByID(context.Background(), c.ID)
	if got.Terms[0].Price != 1190000 || got.Terms[0].Billing != "monthly" || outlay.FormatDate(got.Terms[1].StartDate) != "2027-01-01" {
		t.Errorf("terms after a price correction: %+v %+v", got.Terms[0], got.Terms[1])
	}
	if _, err := d.UpdateTerm(ctx, c.ID, &outlay.Term{ID: 9999, StartDate: first.StartDate, EndDate: first.EndDate, Billing: "annual"}); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Errorf("a term of another contract: %v", err)
	}
}

// Removing the latest term that has not started restores the previous term's key date
// and drops its payments; a term that runs, or the only one, stays.
func TestRemoveFutureTermRestoresKeyDate(t *testing.T) {
	d := MustOpen(t) // today 2026-11-25
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	c := annualContract(v, "Manual", "2026-01-01", "2026-12-31")
	c.RenewalType = "manual"
	mustCreateContract(t, d, c)
	running := c.CurrentTerm().ID
	if err := d.DeleteTerm(ctx, c.ID, running); outlay.ErrorCode(err) != outlay.ECONFLICT || !strings.Contains(outlay.ErrorMessage(err), "only term") {
		t.Errorf("remove the only term: %v", err)
	}
	next, err := d.RenewContract(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := contractColumnsOf(t, d, c.ID); got != "term_end 2027-12-31 renews_on 2028-01-01 cancel_by 2027-10-01 key_date 2027-12-31" {
		t.Fatalf("renewed: %s", got)
	}
	if err := d.DeleteTerm(ctx, c.ID, running); outlay.ErrorCode(err) != outlay.ECONFLICT || !strings.Contains(outlay.ErrorMessage(err), "latest term") {
		t.Errorf("remove a term followed by another: %v", err)
	}
	if err := d.DeleteTerm(ctx, c.ID, next.ID); err != nil {
		t.Fatal(err)
	}
	if got := contractColumnsOf(t, d, c.ID); got != "term_end 2026-12-31 renews_on 2027-01-01 cancel_by 2026-10-01 key_date 2026-12-31" {
		t.Errorf("after removal: %s", got)
	}
	for _, r := range payRows(t, d, c.ID) {
		if r.due >= "2027-01-01" {
			t.Errorf("payment of the removed term left: %s", r)
		}
	}
	got, _ := d.FindContractByID(context.Background(), c.ID)
	if len(got.Terms) != 1 || outlay.FormatDate(got.KeyDate) != "2026-12-31" {
		t.Errorf("contract after removal: %d terms, key date %s", len(got.Terms), outlay.FormatDate(got.KeyDate))
	}
	entries := contractAuditEntries(t, d, c.ID)
	var before map[string]any
	json.Unmarshal(entries[0].Before, &before)
	if entries[0].Action != outlay.ActionRemoveTerm || before["key_date"] != "2027-12-31" {
		t.Errorf("audit %s before %s", entries[0].Action, entries[0].Before)
	}
	// Renewing is offered again, once.
	if _, err := d.RenewContract(ctx, c.ID); err != nil {
		t.Errorf("renew after removing the renewal: %v", err)
	}
	// A term that started is history.
	past := annualContract(v, "Started", "2025-11-01", "2026-10-31")
	past.Terms = append(past.Terms, &outlay.Term{StartDate: civilDay("2026-11-01"), EndDate: civilDay("2027-10-31"), Price: 1200000, Billing: "annual"})
	mustCreateContract(t, d, past)
	if err := d.DeleteTerm(ctx, past.ID, past.Terms[1].ID); outlay.ErrorCode(err) != outlay.ECONFLICT || !strings.Contains(outlay.ErrorMessage(err), "started on 2026-11-01") {
		t.Errorf("remove a running term: %v", err)
	}
}

// Correcting an auto contract's only term so that it ended in the past rolls the contract
// into its current term in the same transaction: nobody sees a running auto contract as
// ended, and the roll is audited after the correction.
func TestCorrectTermIntoPastRollsAtOnce(t *testing.T) {
	d := MustOpen(t) // today 2026-11-25
	v := seedVendorRow(t, d, "Acme")
	ctx := asUser(1, "ed@example.com")
	c := mustCreateContract(t, d, annualContract(v, "Auto", "2026-01-01", "2026-12-31"))
	fix := *c.CurrentTerm()
	fix.StartDate, fix.EndDate = civilDay("2025-01-01"), civilDay("2025-12-31")
	after, err := d.UpdateTerm(ctx, c.ID, &fix)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%s..%s", outlay.FormatDate(after.CurrentTerm().StartDate), outlay.FormatDate(after.CurrentTerm().EndDate)); got != "2026-01-01..2026-12-31" {
		t.Errorf("current term after the correction: %s, want the rolled 2026 term", got)
	}
	if n := termCount(t, d, c.ID); n != 2 {
		t.Errorf("%d terms, want the corrected one and its roll", n)
	}
	var actions []string
	for _, e := range contractAuditEntries(t, d, c.ID) {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); !strings.Contains(got, "roll") || !strings.Contains(got, "correct_term") {
		t.Errorf("audit actions %q, want correct_term and roll", got)
	}
}
