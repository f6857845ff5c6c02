package sqlite_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// TestReminderInputReadsWhatThePlannerMayActOn checks each rule of the read on a
// database "today" 2026-11-25: key dates from 2026-10-26 (30 days ago) to 2027-02-23
// (the largest default offset, 90 days ahead), or 365 days ahead for a contract with
// offsets of its own; no archived or decided contract; no archived or covered licence.
func TestReminderInputReadsWhatThePlannerMayActOn(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	v := insertVendor(t, d, "Acme")
	today := day("2026-11-25")
	mk := func(title, renewalType, end string, offsets ...int) *outlay.Contract {
		t.Helper()
		c := &outlay.Contract{VendorID: v, Title: title, Kind: "subscription", OwnerEmail: "owner@example.com",
			BackupOwnerEmail: "backup@example.com", RenewalType: renewalType, NoticeValue: 1, NoticeUnit: "months",
			Currency: "EUR", ReminderOffsets: offsets,
			Terms: []*outlay.Term{{StartDate: day("2026-02-01"), EndDate: day(end), Price: 100, Billing: "annual"}}}
		if err := d.CreateContract(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	auto := mk("auto", "auto", "2027-01-31")             // cancel by 2027-01-01
	manual := mk("manual", "manual", "2026-11-01")       // ended 24 days ago: passed notice due
	old := mk("old", "manual", "2026-10-01")             // ended 55 days ago: nothing
	mk("far", "manual", "2027-06-30")                    // beyond 90 days
	farOwn := mk("far own", "manual", "2027-06-30", 300) // its own 300 days reach it
	archived := mk("archived", "manual", "2027-01-31")
	if err := d.ArchiveContract(ctx, archived.ID); err != nil {
		t.Fatal(err)
	}
	renewed := mk("renewed", "manual", "2027-01-31")
	if err := d.DecideTerm(ctx, renewed.ID, outlay.Decision{Kind: "renew"}); err != nil {
		t.Fatal(err)
	}
	renegotiated := mk("renegotiated", "manual", "2027-01-31")
	if err := d.DecideTerm(ctx, renegotiated.ID, outlay.Decision{Kind: "renegotiate"}); err != nil {
		t.Fatal(err)
	}

	lic := func(product string, contractID *int64, expiry string) *outlay.Licence {
		t.Helper()
		l := newLicence(v, product)
		l.ContractID, l.ExpiryDate, l.OwnerEmail = contractID, day(expiry), "lic@example.com"
		if err := d.CreateLicence(ctx, l, nil); err != nil {
			t.Fatal(err)
		}
		return l
	}
	free := lic("free", nil, "2027-01-15")
	lic("covered", &auto.ID, "2027-01-15")
	ofEnded := lic("of an ended contract", &manual.ID, "2027-01-15")
	lic("far", nil, "2027-12-31")

	// Steps: one of a key date that can matter, one too old.
	tx, err := d.BeginTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []outlay.ReminderStep{
		{Kind: "contract", ItemID: auto.ID, KeyDate: day("2027-01-01"), Offset: 60, Recipient: "owner@example.com", Status: "sent", What: "cancel_by"},
		{Kind: "contract", ItemID: auto.ID, KeyDate: day("2027-01-01"), Offset: 90, Recipient: "owner@example.com", Status: "skipped", What: "cancel_by"},
		{Kind: "contract", ItemID: old.ID, KeyDate: day("2026-10-01"), Offset: 1, Recipient: "owner@example.com", Status: "sent", What: "term_end"},
	} {
		if ok, err := tx.RecordReminderStep(context.Background(), &s); err != nil || !ok {
			t.Fatalf("record %+v: %v %v", s, ok, err)
		}
	}
	// The same key in another letter case is the same step.
	again := outlay.ReminderStep{Kind: "contract", ItemID: auto.ID, KeyDate: day("2027-01-01"), Offset: 60, Recipient: "OWNER@example.com", Status: "sent", What: "cancel_by"}
	if ok, err := tx.RecordReminderStep(context.Background(), &again); err != nil || ok {
		t.Fatalf("a recorded step recorded again: %v %v", ok, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	in, err := d.ReminderInput(context.Background(), today)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range in.Items {
		got = append(got, it.Kind+"/"+strconv.FormatInt(it.ID, 10)+"/"+outlay.FormatDate(it.KeyDate)+"/"+it.What)
		if it.Kind == renewal.ReminderContract && !slices.Equal(it.Recipients, []string{"owner@example.com", "backup@example.com"}) {
			t.Errorf("contract %d recipients %v", it.ID, it.Recipients)
		}
		if it.ID == farOwn.ID && it.Kind == renewal.ReminderContract && !slices.Equal(it.Offsets, []int{300}) {
			t.Errorf("own offsets %v", it.Offsets)
		}
	}
	id := func(c int64) string { return strconv.FormatInt(c, 10) }
	want := []string{
		"contract/" + id(auto.ID) + "/2027-01-01/cancel_by",
		"contract/" + id(manual.ID) + "/2026-11-01/term_end",
		"contract/" + id(farOwn.ID) + "/2027-06-30/term_end",
		"contract/" + id(renegotiated.ID) + "/2027-01-31/term_end",
		"licence/" + id(free.ID) + "/2027-01-15/licence_expiry",
		"licence/" + id(ofEnded.ID) + "/2027-01-15/licence_expiry",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("items\n%v\nwant\n%v", got, want)
	}
	var steps []string
	for _, s := range in.Done {
		steps = append(steps, id(s.ID)+"/"+outlay.FormatDate(s.KeyDate)+"/"+strconv.Itoa(s.Offset)+"/"+s.Recipient)
	}
	slices.Sort(steps)
	if want := []string{id(auto.ID) + "/2027-01-01/60/owner@example.com", id(auto.ID) + "/2027-01-01/90/owner@example.com"}; !slices.Equal(steps, want) {
		t.Errorf("steps %v, want %v", steps, want)
	}
}
