package remind_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"outlay/internal/letters"
	"outlay/internal/outlay"
	"outlay/internal/remind"
	"outlay/internal/sqlite"
	"outlay/internal/sqlite/sqlitetest"
)

// digestSite is the installation the tests' letters link to.
var digestSite = letters.Site{OrgName: "Acme", BaseURL: "https://outlay.acme.example"}

// digestFrom is the sender the Message-IDs take their domain from.
const digestFrom = "Outlay <outlay@mail.acme.example>"

// digestFakeHash is a well-formed argon2id string: the tests never sign in.
const digestFakeHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"

// digestBook is a real database file with one vendor, and a signed-in admin to write.
type digestBook struct {
	t      *testing.T
	db     *sqlite.DB
	ctx    context.Context
	vendor int64
}

func digestDay(s string) time.Time {
	d, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func newDigestBook(t *testing.T) *digestBook {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return digestDay("2026-11-30").Add(6 * time.Hour) }
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "admin@acme.example", Role: outlay.RoleAdmin, Active: true})
	v := &outlay.Vendor{Name: "Dell", Category: "hardware"}
	if err := db.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	return &digestBook{t: t, db: db, ctx: ctx, vendor: v.ID}
}

func (b *digestBook) user(email, name string, digest bool) *outlay.User {
	b.t.Helper()
	u := &outlay.User{Email: email, Name: name, Role: outlay.RoleEditor, PasswordHash: digestFakeHash}
	if err := b.db.CreateUser(b.ctx, u); err != nil {
		b.t.Fatal(err)
	}
	if !digest {
		if err := b.db.SetWeeklyDigest(b.ctx, u.ID, false); err != nil {
			b.t.Fatal(err)
		}
	}
	return u
}

// contract stores a contract of one term; an auto one has three months' notice.
func (b *digestBook) contract(title, renewalType, start, end, owner, backup, decision string) *outlay.Contract {
	b.t.Helper()
	c := &outlay.Contract{VendorID: b.vendor, Title: title, Kind: "support", OwnerEmail: owner, BackupOwnerEmail: backup,
		RenewalType: renewalType, NoticeValue: 3, NoticeUnit: "months", Currency: "EUR",
		Terms: []*outlay.Term{{StartDate: digestDay(start), EndDate: digestDay(end), Price: 1200000, Billing: "annual"}}}
	if decision != "" {
		c.Terms[0].Decision = &outlay.Decision{Kind: decision}
	}
	if err := b.db.CreateContract(b.ctx, c); err != nil {
		b.t.Fatal(err)
	}
	return c
}

func (b *digestBook) licence(product, expiry, owner string) *outlay.Licence {
	b.t.Helper()
	l := &outlay.Licence{Product: product, VendorID: b.vendor, Kind: "site", SeatsPurchased: 10, UnitPrice: 1000,
		Currency: "EUR", Billing: "annual", ExpiryDate: digestDay(expiry), OwnerEmail: owner}
	if err := b.db.CreateLicence(b.ctx, l, nil); err != nil {
		b.t.Fatal(err)
	}
	return l
}

func (b *digestBook) settings(change func(*outlay.Settings)) {
	b.t.Helper()
	st, err := b.db.GetSettings(b.ctx)
	if err != nil {
		b.t.Fatal(err)
	}
	change(&st)
	if err := b.db.UpdateSettings(b.ctx, st); err != nil {
		b.t.Fatal(err)
	}
}

// digestRow is an outbox row as the tests read it, straight from the table.
type digestRow struct {
	ID                           int64
	Kind, Key, To, Subject, Text string
	HTML, MessageID, Status      string
	AttachName, AttachType       string
	Attachment                   []byte
}

// outbox reads the outbox rows whose key starts with prefix, by key.
func (b *digestBook) outbox(prefix string) []digestRow {
	b.t.Helper()
	rows, err := b.db.ReadDB().QueryContext(b.ctx, `SELECT o.id, o.kind, o.dedupe_key, o.recipient, o.subject, o.body_text,
			o.body_html, o.message_id, o.status, coalesce(a.name, ''), coalesce(a.content_type, ''), a.data
		FROM outbox o LEFT JOIN outbox_attachments a ON a.outbox_id = o.id
		WHERE o.dedupe_key LIKE ? || '%' ORDER BY o.dedupe_key`, prefix)
	if err != nil {
		b.t.Fatal(err)
	}
	defer rows.Close()
	var out []digestRow
	for rows.Next() {
		var r digestRow
		if err := rows.Scan(&r.ID, &r.Kind, &r.Key, &r.To, &r.Subject, &r.Text, &r.HTML, &r.MessageID, &r.Status,
			&r.AttachName, &r.AttachType, &r.Attachment); err != nil {
			b.t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		b.t.Fatal(err)
	}
	return out
}

func (b *digestBook) plan(asOf string) int {
	b.t.Helper()
	n, err := remind.PlanDigests(b.ctx, b.db.Work(), digestDay(asOf), digestSite, digestFrom)
	if err != nil {
		b.t.Fatalf("PlanDigests(%s): %v", asOf, err)
	}
	return n
}

func digestKeys(rows []digestRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Key)
	}
	return out
}

// inOrder fails unless each of want appears in text, in that order. The text part is
// wrapped, so runs of white space count as one space.
func inOrder(t *testing.T, who, text string, want ...string) {
	t.Helper()
	text = strings.Join(strings.Fields(text), " ")
	at := -1
	for _, w := range want {
		i := strings.Index(text, w)
		if i < 0 {
			t.Errorf("%s's digest does not name %q:\n%s", who, w, text)
			return
		}
		if i < at {
			t.Errorf("%s's digest names %q before what comes first (want order %q):\n%s", who, w, want, text)
			return
		}
		at = i
	}
}

// digestFixture is Monday 2026-11-30 (ISO week 49): Ann, a user, owns a missed cancel-by,
// two upcoming dates (stored latest first) and one past the 90 days; Carol, not a user,
// backs up the missed one; Bob, a user who turned the digest off, owns one; Dave, not a
// user, owns a licence no contract covers; Gina, a deactivated user, owns one; decided
// and ended contracts need nobody.
func digestFixture(t *testing.T) *digestBook {
	b := newDigestBook(t)
	b.user("ann@acme.example", "Ann Archer", true)
	b.user("bob@acme.example", "Bob Baker", false)
	b.contract("Later support", "manual", "2026-03-01", "2027-02-15", "ann@acme.example", "", "")                     // 77 days
	b.contract("Missed support", "auto", "2026-02-01", "2027-01-31", "ann@acme.example", "Carol@Outside.example", "") // cancel by 2026-11-01: missed
	b.contract("Soon support", "manual", "2026-01-01", "2026-12-20", "ann@acme.example", "", "")                      // 20 days
	b.contract("Too far support", "manual", "2026-04-01", "2027-03-31", "ann@acme.example", "", "")                   // 121 days
	b.contract("Renewed support", "auto", "2026-02-01", "2027-01-31", "ann@acme.example", "", "renew")                // settled
	b.contract("Ended support", "manual", "2025-01-01", "2025-12-31", "ann@acme.example", "", "")                     // over
	b.contract("Bob's support", "manual", "2026-01-01", "2026-12-10", "bob@acme.example", "", "")
	b.licence("Orphan licence", "2026-12-05", "dave@outside.example")
	gone := b.user("gina@acme.example", "Gina Gone", true)
	gone.Active = false
	if err := b.db.UpdateUser(b.ctx, gone); err != nil {
		t.Fatal(err)
	}
	b.contract("Gina's support", "manual", "2026-01-01", "2026-12-12", "gina@acme.example", "", "")
	return b
}

// TestPlanDigests: the week's digests go to each owner of a date that needs a person,
// users by name, non-users by address, the opted-out and the deactivated user to
// nobody; each lists the owner's dates only, missed first, then soonest first, nothing
// past 90 days; then the same week writes nothing again, Monday or later, and next
// Monday writes the next week.
func TestPlanDigests(t *testing.T) {
	b := digestFixture(t)
	if n := b.plan("2026-11-30"); n != 3 {
		t.Fatalf("Monday wrote %d digests, want 3 (Ann, Carol, Dave)", n)
	}
	rows := b.outbox("digest/")
	want := []string{"digest/2026-W49/ann@acme.example", "digest/2026-W49/carol@outside.example", "digest/2026-W49/dave@outside.example"}
	if got := digestKeys(rows); !slices.Equal(got, want) {
		t.Fatalf("outbox keys %q, want %q", got, want)
	}
	ann, carol, dave := rows[0], rows[1], rows[2]
	for _, r := range rows {
		if r.Kind != outlay.EmailDigest || r.Status != outlay.EmailPending || r.Subject == "" {
			t.Errorf("%s: kind %q status %q subject %q", r.Key, r.Kind, r.Status, r.Subject)
		}
		if r.MessageID != outlay.MessageID(r.Key, "mail.acme.example") {
			t.Errorf("%s: Message-ID %q, want the key's at the sender's domain", r.Key, r.MessageID)
		}
	}
	if ann.To != "ann@acme.example" || carol.To != "carol@outside.example" || dave.To != "dave@outside.example" {
		t.Errorf("recipients %q, %q, %q", ann.To, carol.To, dave.To)
	}
	inOrder(t, "Ann", ann.Text, "Ann Archer", "Missed support", "Soon support", "Later support")
	inOrder(t, "Ann (HTML)", ann.HTML, "Ann Archer", "Missed support", "Soon support", "Later support")
	annText := strings.Join(strings.Fields(ann.Text), " ")
	for _, not := range []string{"Too far support", "Renewed support", "Ended support", "Bob's support", "Gina's support", "Orphan licence"} {
		if strings.Contains(annText, not) {
			t.Errorf("Ann's digest names %q:\n%s", not, ann.Text)
		}
	}
	inOrder(t, "Carol", carol.Text, "carol@outside.example", "Missed support")
	if strings.Contains(strings.Join(strings.Fields(carol.Text), " "), "Soon support") {
		t.Errorf("Carol's digest names Ann's own date:\n%s", carol.Text)
	}
	inOrder(t, "Dave", dave.Text, "dave@outside.example", "Orphan licence")

	// Once a week: Monday again, then Wednesday, write nothing.
	for _, day := range []string{"2026-11-30", "2026-12-02"} {
		if n := b.plan(day); n != 0 {
			t.Errorf("%s wrote %d more digests, want 0", day, n)
		}
	}
	// Next Monday: the next week's, counted from that day; Dave's licence expired on
	// Saturday, so he has nothing left (an expiry is not "missed" like a cancel-by).
	if n := b.plan("2026-12-07"); n != 2 {
		t.Errorf("next Monday wrote %d digests, want 2", n)
	}
	want50 := []string{"digest/2026-W50/ann@acme.example", "digest/2026-W50/carol@outside.example"}
	if got := digestKeys(b.outbox("digest/2026-W50/")); !slices.Equal(got, want50) {
		t.Errorf("week 50 has %q, want %q", got, want50)
	}
	if got := len(b.outbox("digest/")); got != 5 {
		t.Errorf("outbox holds %d digests, want 5", got)
	}
}

// TestPlanDigestsCatchUp: with Monday's run missed, Wednesday writes the week's
// digests, and Thursday (with a new owner meanwhile) writes none: one round a week. An
// owner who appears during Monday still gets Monday's digest.
func TestPlanDigestsCatchUp(t *testing.T) {
	b := digestFixture(t)
	if n := b.plan("2026-12-02"); n != 3 {
		t.Fatalf("Wednesday's catch-up wrote %d digests, want 3", n)
	}
	if got := digestKeys(b.outbox("digest/2026-W49/")); len(got) != 3 {
		t.Fatalf("week 49 holds %q", got)
	}
	b.contract("Erin's support", "manual", "2026-01-01", "2026-12-24", "erin@outside.example", "", "")
	if n := b.plan("2026-12-03"); n != 0 {
		t.Errorf("Thursday wrote %d digests after Wednesday's, want 0", n)
	}

	// A Monday: a new owner after the first run gets theirs from a later run that day.
	if n := b.plan("2026-12-07"); n != 3 {
		t.Fatalf("Monday wrote %d digests, want 3 (Ann, Carol, Erin)", n)
	}
	b.contract("Frank's support", "manual", "2026-01-01", "2026-12-24", "frank@outside.example", "", "")
	if n := b.plan("2026-12-07"); n != 1 {
		t.Errorf("Monday's second run wrote %d digests, want 1 (Frank's)", n)
	}
	if got := digestKeys(b.outbox("digest/2026-W50/frank")); len(got) != 1 {
		t.Errorf("Frank's digests: %q", got)
	}
}

// TestPlanDigestsOff: the settings' switch stops every digest, users' and others'.
func TestPlanDigestsOff(t *testing.T) {
	b := digestFixture(t)
	b.settings(func(s *outlay.Settings) { s.WeeklyDigest = false })
	for _, day := range []string{"2026-11-30", "2026-12-02"} {
		if n := b.plan(day); n != 0 {
			t.Errorf("%s wrote %d digests with the setting off", day, n)
		}
	}
	if got := b.outbox(""); len(got) != 0 {
		t.Errorf("outbox holds %q", digestKeys(got))
	}
}

// TestPlanDigestsNobody: a user with nothing to do, and an empty database, get nothing.
func TestPlanDigestsNobody(t *testing.T) {
	b := newDigestBook(t)
	b.user("ann@acme.example", "Ann Archer", true)
	b.contract("Far away", "manual", "2026-01-01", "2027-06-30", "ann@acme.example", "", "")
	if n := b.plan("2026-11-30"); n != 0 {
		t.Errorf("wrote %d digests, want none", n)
	}
}

// BenchmarkPlanDigests plans a Monday's digests on the large demo set
// (OUTLAY_BENCH_DATA): the key dates read once and grouped by owner, every letter
// written, all enqueued in one transaction. Each iteration plans a fresh week, so every
// run writes its digests.
func BenchmarkPlanDigests(b *testing.B) {
	db := sqlitetest.BenchDB(b)
	ctx := context.Background()
	monday := digestDay("2026-11-30")
	written, runs := 0, 0
	for b.Loop() {
		n, err := remind.PlanDigests(ctx, db.Work(), monday.AddDate(0, 0, 7*runs), digestSite, digestFrom)
		if err != nil {
			b.Fatal(err)
		}
		written, runs = written+n, runs+1
	}
	b.ReportMetric(float64(written)/float64(runs), "digests/op")
	var kb, maxKB float64
	if err := db.ReadDB().QueryRowContext(ctx, `SELECT avg(length(body_text) + length(body_html)) / 1e3, max(length(body_text) + length(body_html)) / 1e3
		FROM outbox WHERE kind = 'digest'`).Scan(&kb, &maxKB); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(kb, "kB-avg-digest")
	b.ReportMetric(maxKB, "kB-max-digest")
}

// TestPlanDigestsISOWeek: the key names the ISO year and week, so Friday 2027-01-01 is
// still in 2026's week 53 (Monday 2026-12-28), and Monday 2027-01-04 starts 2027-W01.
func TestPlanDigestsISOWeek(t *testing.T) {
	b := digestFixture(t)
	if n := b.plan("2027-01-01"); n == 0 {
		t.Fatal("New Year's Day wrote no digests")
	}
	if got := b.outbox("digest/2026-W53/"); len(got) != len(b.outbox("digest/")) {
		t.Errorf("keys %q, want all in 2026-W53", digestKeys(b.outbox("digest/")))
	}
	if got := b.outbox("digest/2026-W53/ann@"); len(got) != 1 || !strings.Contains(got[0].Text, "Monday 2026-12-28") {
		t.Errorf("Ann's week-53 digest should name the week of Monday 2026-12-28: %v", got)
	}
	if n := b.plan("2027-01-02"); n != 0 {
		t.Errorf("Saturday wrote %d more", n)
	}
	if n := b.plan("2027-01-04"); n == 0 || len(b.outbox("digest/2027-W01/")) != n {
		t.Errorf("Monday 2027-01-04 wrote %d digests, %q in 2027-W01", n, digestKeys(b.outbox("digest/2027-W01/")))
	}
}
