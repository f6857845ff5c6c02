package remind_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/remind"
	"outlay/internal/sqlite"
)

// A contract's key date 2027-01-31 with the default offsets (90, 60, 30, 14, 7, 1): the
// 90-day reminder is due from 2026-11-02, the 60-day one from 2026-12-02.

func TestRunSendsEachStepOnceAcrossRunsAndRestarts(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	c := e.manual(v, "Support", "2026-02-01", "2027-01-31", "Owner@Example.com")

	sum := e.run(e.db)
	if sum.Planned != 1 || sum.Skipped != 0 || len(sum.Emails) != 1 {
		t.Fatalf("first run: %+v", sum)
	}
	want := "reminder/contract/" + itoa(c.ID) + "/2027-01-31/90/owner@example.com"
	if got := e.keys(); !same(got, []string{want}) {
		t.Fatalf("outbox keys %v, want %v", got, want)
	}
	m := e.emails()[0]
	if m.kind != outlay.EmailReminder || m.to != "owner@example.com" || !strings.Contains(m.subject, "Support") ||
		!strings.Contains(m.subject, "2027-01-31") || !strings.Contains(m.subject, "67 days") {
		t.Fatalf("email: %+v", m)
	}
	// The letter's facts come from the contract: its vendor, price and page.
	for _, want := range []string{"Acme", "12,000.00", "https://outlay.example.com/contracts/" + itoa(c.ID)} {
		if !strings.Contains(m.text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.text)
		}
	}
	if m.messageID != outlay.MessageID(want, "example.com") {
		t.Fatalf("Message-ID %q, want %q", m.messageID, outlay.MessageID(want, "example.com"))
	}
	if got := e.steps(); !same(got, []string{"contract/" + itoa(c.ID) + "/2027-01-31/90/owner@example.com=sent+email"}) {
		t.Fatalf("steps %v", got)
	}

	// Again the same day, after a restart, and the next day: nothing new.
	if sum := e.run(e.db); sum.Planned != 0 || sum.Skipped != 0 {
		t.Fatalf("second run: %+v", sum)
	}
	e.reopen()
	if sum := e.run(e.db); sum.Planned != 0 {
		t.Fatalf("run after restart: %+v", sum)
	}
	e.clock.set("2026-11-26")
	if sum := e.run(e.db); sum.Planned != 0 {
		t.Fatalf("next day: %+v", sum)
	}
	// The 60-day reminder on its day.
	e.clock.set("2026-12-02")
	if sum := e.run(e.db); sum.Planned != 1 || sum.Emails[0].Offset != 60 {
		t.Fatalf("60 days before: %+v", sum)
	}
	if n := len(e.emails()); n != 2 {
		t.Fatalf("%d emails, want 2", n)
	}
}

func TestRunRecordsItselfAndHoldsTheLease(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	e.manual(v, "Support", "2026-02-01", "2027-01-31", "owner@example.com")
	ctx := context.Background()

	// Another process holds the lease: the run does nothing.
	if ok, err := e.db.TakeLease(ctx, remind.LeaseName, "other:1:x", remind.LeaseTime); err != nil || !ok {
		t.Fatalf("take lease: %v %v", ok, err)
	}
	_, err := remind.Run(ctx, e.db.Work(), remind.Options{AsOf: e.clock.now(), Holder: "me:2:y"})
	if !errors.Is(err, remind.ErrLeaseTaken) {
		t.Fatalf("run with the lease taken: %v", err)
	}
	if n := len(e.emails()); n != 0 {
		t.Fatalf("%d emails written without the lease", n)
	}
	// A lease whose holder died lapses.
	e.clock.at = e.clock.at.Add(remind.LeaseTime + 1)
	sum, err := remind.Run(ctx, e.db.Work(), remind.Options{AsOf: e.clock.now(), Holder: "me:2:y"})
	if err != nil || sum.Planned != 1 {
		t.Fatalf("run after the lease lapsed: %+v %v", sum, err)
	}
	// The run gave the lease back, and recorded itself.
	var leases int
	if err := e.db.ReadDB().QueryRow(`SELECT count(*) FROM leases`).Scan(&leases); err != nil || leases != 0 {
		t.Fatalf("leases left: %d %v", leases, err)
	}
	var holder, asOf, finished string
	var planned, skipped int
	if err := e.db.ReadDB().QueryRow(`SELECT holder, as_of, finished_at, planned, skipped FROM reminder_runs`).Scan(
		&holder, &asOf, &finished, &planned, &skipped); err != nil {
		t.Fatal(err)
	}
	if holder != "me:2:y" || asOf != "2026-11-25" || finished == "" || planned != 1 || skipped != 0 {
		t.Fatalf("run record: %s %s %q %d %d", holder, asOf, finished, planned, skipped)
	}
}

func TestRunCatchUpSendsTheMostUrgentAndSkipsTheRest(t *testing.T) {
	// The server was down: on 2027-01-24 the contract's own 30, 14 and 7 day steps are
	// all due; only the 7-day one is sent.
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	c := e.manual(v, "Support", "2026-02-01", "2027-01-31", "owner@example.com", 30, 14, 7)
	e.clock.set("2027-01-24")
	sum := e.run(e.db)
	if sum.Planned != 1 || sum.Skipped != 2 || sum.Emails[0].Offset != 7 {
		t.Fatalf("catch-up: %+v", sum)
	}
	id := itoa(c.ID)
	want := []string{
		"contract/" + id + "/2027-01-31/30/owner@example.com=skipped",
		"contract/" + id + "/2027-01-31/14/owner@example.com=skipped",
		"contract/" + id + "/2027-01-31/7/owner@example.com=sent+email",
	}
	if got := e.steps(); !same(got, want) {
		t.Fatalf("steps %v, want %v", got, want)
	}
	if n := len(e.emails()); n != 1 {
		t.Fatalf("%d emails, want 1", n)
	}
}

func TestRunContractOffsetsOverrideTheSettings(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	global := e.manual(v, "Global", "2026-02-01", "2027-01-31", "a@example.com")
	own := e.manual(v, "Own", "2026-02-01", "2027-01-31", "b@example.com", 45)
	e.clock.set("2026-12-12") // 50 days before
	sum := e.run(e.db)
	if sum.Planned != 1 || sum.Emails[0].ID != global.ID || sum.Emails[0].Offset != 60 || sum.Skipped != 1 {
		t.Fatalf("50 days before: %+v", sum)
	}
	e.clock.set("2026-12-17") // 45 days before
	sum = e.run(e.db)
	if sum.Planned != 1 || sum.Emails[0].ID != own.ID || sum.Emails[0].Offset != 45 {
		t.Fatalf("45 days before: %+v", sum)
	}
}

func TestRunDecisionsRenewAndCancelStopRemindersRenegotiateDoesNot(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	ids := map[string]int64{}
	for _, d := range []string{"renew", "cancel", "renegotiate"} {
		c := e.manual(v, d, "2026-02-01", "2027-01-31", d+"@example.com")
		if err := e.db.DecideTerm(admin(), c.ID, outlay.Decision{Kind: d}); err != nil {
			t.Fatal(err)
		}
		ids[d] = c.ID
	}
	sum := e.run(e.db)
	if sum.Planned != 1 || sum.Emails[0].ID != ids["renegotiate"] {
		t.Fatalf("decided contracts: %+v", sum)
	}
	// After the key date only the renegotiated one gets its "deadline passed" notice.
	e.clock.set("2027-02-01")
	sum = e.run(e.db)
	if sum.Planned != 1 || sum.Passed != 1 || sum.Emails[0].ID != ids["renegotiate"] || sum.Emails[0].Offset != -1 {
		t.Fatalf("after the key date: %+v", sum)
	}
	last := e.emails()[1]
	if last.kind != outlay.EmailPassed || last.to != "renegotiate@example.com" {
		t.Fatalf("passed notice: %+v", last)
	}
	// Once only.
	if sum := e.run(e.db); sum.Planned != 0 {
		t.Fatalf("passed notice again: %+v", sum)
	}
}

func TestRunAMovedKeyDateGetsItsOwnSteps(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	c := e.manual(v, "Support", "2026-02-01", "2027-01-31", "owner@example.com")
	e.run(e.db) // the 90-day reminder of 2027-01-31

	// The term is corrected to end on 2027-02-15: its 90-day reminder is due too.
	term := c.Terms[0]
	term.EndDate = civilDay("2027-02-15")
	if _, err := e.db.UpdateTerm(admin(), c.ID, term); err != nil {
		t.Fatal(err)
	}
	sum := e.run(e.db)
	if sum.Planned != 1 || !sum.Emails[0].KeyDate.Equal(civilDay("2027-02-15")) || sum.Emails[0].Offset != 90 {
		t.Fatalf("moved key date: %+v", sum)
	}
	// The old key date's steps stop: on its 60-day day nothing is sent for it, and
	// after it passes no notice goes out about it.
	for _, day := range []string{"2026-12-02", "2027-02-01"} {
		e.clock.set(day)
		for _, m := range e.run(e.db).Emails {
			if m.KeyDate.Equal(civilDay("2027-01-31")) {
				t.Fatalf("%s: an email about the old key date: %+v", day, m)
			}
		}
	}

	// Renewing adds a term: the next key date (the new term's end) gets its own steps
	// later, and the renewed one's stop.
	if _, err := e.db.RenewContract(admin(), c.ID); err != nil {
		t.Fatal(err)
	}
	e.clock.set("2027-03-01")
	if sum := e.run(e.db); sum.Planned != 0 {
		t.Fatalf("after renewal, the renewed term's passed notice: %+v", sum)
	}
	renewed, err := e.db.FindContractByID(admin(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.set(outlay.FormatDate(renewed.KeyDate.AddDate(0, 0, -90)))
	sum = e.run(e.db)
	if sum.Planned != 1 || !sum.Emails[0].KeyDate.Equal(renewed.KeyDate) || sum.Emails[0].Offset != 90 {
		t.Fatalf("renewed term's reminders: %+v", sum)
	}
}

func TestRunRecipientsAndLicences(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	st, err := e.db.GetSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.FinanceEmails = []string{"finance@example.com", "OWNER@example.com"}
	if err := e.db.UpdateSettings(admin(), st); err != nil {
		t.Fatal(err)
	}
	v := e.vendor("Acme")
	c := e.manual(v, "Support", "2026-02-01", "2027-01-31", "owner@example.com")
	c.BackupOwnerEmail = "backup@example.com"
	if err := e.db.UpdateContract(admin(), c); err != nil {
		t.Fatal(err)
	}
	l := &outlay.Licence{Product: "Creative Cloud", VendorID: v, Kind: "per_user", SeatsPurchased: 10, SeatsAssigned: 7,
		UnitPrice: 1500, Currency: "EUR", Billing: "annual", StartDate: civilDay("2026-01-01"),
		ExpiryDate: civilDay("2027-01-31"), OwnerEmail: "lic@example.com"}
	if err := e.db.CreateLicence(admin(), l, nil); err != nil {
		t.Fatal(err)
	}
	e.run(e.db)
	cid, lid := itoa(c.ID), itoa(l.ID)
	want := []string{
		"reminder/contract/" + cid + "/2027-01-31/90/owner@example.com",
		"reminder/contract/" + cid + "/2027-01-31/90/backup@example.com",
		"reminder/contract/" + cid + "/2027-01-31/90/finance@example.com",
		"reminder/licence/" + lid + "/2027-01-31/90/lic@example.com",
		"reminder/licence/" + lid + "/2027-01-31/90/finance@example.com",
		"reminder/licence/" + lid + "/2027-01-31/90/owner@example.com",
	}
	if got := e.keys(); !same(got, want) {
		t.Fatalf("keys\n%v\nwant\n%v", got, want)
	}
}

func TestRunDryRunChangesNothing(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	e.manual(v, "Support", "2026-02-01", "2027-01-31", "owner@example.com")
	sum, err := remind.Run(context.Background(), e.db.Work(), remind.Options{AsOf: e.clock.now(), DryRun: true})
	if err != nil || sum.Planned != 1 || len(sum.Emails) != 1 {
		t.Fatalf("dry run: %+v %v", sum, err)
	}
	var n int
	if err := e.db.ReadDB().QueryRow(`SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM reminder_steps)
		+ (SELECT count(*) FROM reminder_runs) + (SELECT count(*) FROM leases)`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("dry run left %d rows (%v)", n, err)
	}
	if sum := e.run(e.db); sum.Planned != 1 {
		t.Fatalf("real run after the dry run: %+v", sum)
	}
}

func TestRunBatchesAreCompleteInThemselves(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	for i := range 7 {
		e.manual(v, "C"+itoa(int64(i)), "2026-02-01", "2027-01-31", "o"+itoa(int64(i))+"@example.com")
	}
	sum, err := remind.Run(context.Background(), e.db.Work(), remind.Options{AsOf: e.clock.now(), BatchSize: 3})
	if err != nil || sum.Planned != 7 {
		t.Fatalf("batched run: %+v %v", sum, err)
	}
	for _, s := range e.steps() {
		if !strings.HasSuffix(s, "=sent+email") {
			t.Fatalf("step without its email: %s", s)
		}
	}
}

// noLease is a store whose lease is always free: two servers that both believe they
// hold it (one's lapsed mid-run) still write each step's email once.
type noLease struct{ sqlite.Work }

func (noLease) TakeLease(context.Context, string, string, time.Duration) (bool, error) {
	return true, nil
}
func (noLease) ReleaseLease(context.Context, string, string) error { return nil }

func TestRunTwoServersOnOneDatabaseSendEachStepOnce(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	const contracts = 12
	for i := range contracts {
		c := e.manual(v, "C"+itoa(int64(i)), "2026-02-01", "2027-01-31", "o"+itoa(int64(i))+"@example.com")
		c.BackupOwnerEmail = "b" + itoa(int64(i)) + "@example.com"
		if err := e.db.UpdateContract(admin(), c); err != nil {
			t.Fatal(err)
		}
	}
	other := e.open()
	days := map[string][]string{"scheduler": {"2026-11-25", "2026-12-02", "2026-12-03"}, "no lease": {"2027-01-01", "2027-01-20"}}
	for _, name := range []string{"scheduler", "no lease"} {
		t.Run(name, func(t *testing.T) {
			for _, day := range days[name] {
				e.clock.set(day)
				var wg sync.WaitGroup
				errs := make(chan error, 40)
				for _, db := range []*sqlite.DB{e.db, other, e.db, other} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for range 5 {
							var err error
							if name == "scheduler" {
								s := remind.Scheduler{Store: db.Work(), Today: e.clock.now}
								_, err = s.RunOnce(context.Background())
							} else {
								_, err = remind.Run(context.Background(), noLease{db.Work()}, remind.Options{AsOf: e.clock.now()})
							}
							if err != nil && !remind.IsLeaseTaken(err) {
								errs <- err
							}
						}
					}()
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					t.Fatal(err)
				}
			}
		})
	}
	// Each (contract, key date, offset, recipient) of the days above once: 90, 60, 30
	// and 14 for the owner and the backup owner of each contract.
	emails := e.emails()
	if len(emails) != contracts*2*4 {
		t.Fatalf("%d emails, want %d", len(emails), contracts*2*4)
	}
	var sent int
	for _, s := range e.steps() {
		if strings.Contains(s, "=sent") {
			sent++
			if !strings.HasSuffix(s, "+email") {
				t.Fatalf("sent step without its email: %s", s)
			}
		}
	}
	if sent != len(emails) {
		t.Fatalf("%d sent steps, %d emails", sent, len(emails))
	}
}

func TestRunRollsAutoContractsFirstAndADryRunRollsBackTheRoll(t *testing.T) {
	e := newEnv(t, "2026-01-15")
	v := e.vendor("Acme")
	c := &outlay.Contract{VendorID: v, Title: "Cloud", Kind: "subscription", OwnerEmail: "owner@example.com",
		RenewalType: "auto", NoticeValue: 1, NoticeUnit: "months", Currency: "EUR",
		Terms: []*outlay.Term{{StartDate: civilDay("2025-02-01"), EndDate: civilDay("2026-01-31"), Price: 1200000, Billing: "annual"}}}
	if err := e.db.CreateContract(admin(), c); err != nil {
		t.Fatal(err)
	}
	// The term ended; on 2026-12-05 the next one's cancel-by date (2027-01-01) is
	// 27 days ahead: the roll comes first, then its 30-day reminder (90 and 60 skipped).
	e.clock.set("2026-12-05")
	dry, err := remind.Run(context.Background(), e.db.Work(), remind.Options{AsOf: e.clock.now(), DryRun: true})
	if err != nil || dry.Rolled != 1 || dry.Planned != 1 || !dry.Emails[0].KeyDate.Equal(civilDay("2027-01-01")) || dry.Skipped != 2 {
		t.Fatalf("dry run: %+v %v", dry, err)
	}
	if got, _ := e.db.FindContractByID(admin(), c.ID); len(got.Terms) != 1 {
		t.Fatalf("the dry run's roll stayed: %d terms", len(got.Terms))
	}
	sum := e.run(e.db)
	if sum.Rolled != 1 || sum.Planned != 1 || sum.Emails[0].What != "cancel_by" || sum.Emails[0].Offset != 30 {
		t.Fatalf("run: %+v", sum)
	}
}

func TestRunLetterShowsBaseAndRenewalPrices(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	if err := e.db.CreateRate(admin(), &outlay.Rate{Currency: "USD", EffectiveFrom: civilDay("2026-01-01"), RateMicros: 920000}); err != nil {
		t.Fatal(err)
	}
	v := e.vendor("Acme")
	c := &outlay.Contract{VendorID: v, Title: "Cloud", Kind: "subscription", OwnerEmail: "owner@example.com",
		RenewalType: "auto", NoticeValue: 30, NoticeUnit: "days", Currency: "USD", UpliftBasisPoints: 350,
		Terms: []*outlay.Term{{StartDate: civilDay("2026-02-01"), EndDate: civilDay("2027-01-31"), Price: 1200000, Billing: "annual"}}}
	if err := e.db.CreateContract(admin(), c); err != nil {
		t.Fatal(err)
	}
	if sum := e.run(e.db); sum.Planned != 1 {
		t.Fatalf("run: %+v", sum)
	}
	text := e.emails()[0].text
	// 12,000.00 USD at 0.92 is 11,040.00 EUR; with 3.5 % uplift the next term is 12,420.00 USD.
	for _, want := range []string{"12,000.00", "11,040.00", "12,420.00", "30 days", "2027-02-01"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}
