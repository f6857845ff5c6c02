package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// enqueue writes an email of key to the outbox, as whatever plans one does.
func enqueue(t *testing.T, d *sqlite.DB, e *outlay.Email) *outlay.Email {
	t.Helper()
	if e.Kind == "" {
		e.Kind = outlay.EmailTest
	}
	if e.To == "" {
		e.To = "anna@example.com"
	}
	if e.Subject == "" {
		e.Subject = "About " + e.Key
	}
	if e.Text == "" {
		e.Text = "Body of " + e.Key
	}
	e.MessageID = outlay.MessageID(e.Key, "example.com")
	err := d.Work().Update(context.Background(), func(tx outlay.Tx) error {
		wrote, err := tx.EnqueueEmail(context.Background(), e)
		if err == nil && !wrote {
			err = fmt.Errorf("%s not written", e.Key)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// oneEmail reads email id as the Notifications page's detail does.
func oneEmail(t *testing.T, d *sqlite.DB, id int64) *outlay.Email {
	t.Helper()
	list, total, err := d.FindEmails(context.Background(), outlay.EmailFilter{ID: &id})
	if err != nil || total != 1 || len(list) != 1 {
		t.Fatalf("FindEmails(id %d) = %v, %d, %v", id, list, total, err)
	}
	return list[0]
}

func ids(list []*outlay.Email) []int64 {
	out := make([]int64, len(list))
	for i, e := range list {
		out[i] = e.ID
	}
	return out
}

// A claim takes due emails in due order, with their bodies and attachments, holds them
// until the claim lapses, and then gives them out again.
func TestClaimEmails(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	t0 := d.Now()
	a := enqueue(t, d, &outlay.Email{Key: "a", HTML: "<p>a</p>",
		Attachment: &outlay.Attachment{Name: "pack.xlsx", ContentType: "application/vnd.ms-excel", Data: []byte{1, 2, 3}}})
	b := enqueue(t, d, &outlay.Email{Key: "b"})
	d.Now = func() time.Time { return t0.Add(time.Minute) } // c is due a minute later
	c := enqueue(t, d, &outlay.Email{Key: "c"})

	if got, err := d.ClaimEmails(ctx, t0.Add(-time.Second), 10, time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("claim before anything is due = %v, %v", ids(got), err)
	}
	got, err := d.ClaimEmails(ctx, t0.Add(time.Minute), 2, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids(got)) != fmt.Sprint([]int64{a.ID, b.ID}) {
		t.Fatalf("claimed %v, want a and b (due first)", ids(got))
	}
	e := got[0]
	if e.Status != outlay.EmailSending || e.Text != "Body of a" || e.HTML != "<p>a</p>" || e.MessageID != a.MessageID ||
		e.To != "anna@example.com" || e.Kind != outlay.EmailTest || e.Key != "a" {
		t.Errorf("claimed a = %+v", e)
	}
	if e.Attachment == nil || e.Attachment.Name != "pack.xlsx" || string(e.Attachment.Data) != "\x01\x02\x03" {
		t.Errorf("a's attachment = %+v", e.Attachment)
	}
	if got[1].Attachment != nil {
		t.Errorf("b has an attachment: %+v", got[1].Attachment)
	}
	if want := t0.Add(6 * time.Minute); !e.NextAttemptAt.Equal(want) {
		t.Errorf("claim holds until %v, want %v", e.NextAttemptAt, want)
	}

	// a and b are held: only c is due.
	got, err = d.ClaimEmails(ctx, t0.Add(2*time.Minute), 10, 5*time.Minute)
	if err != nil || fmt.Sprint(ids(got)) != fmt.Sprint([]int64{c.ID}) {
		t.Fatalf("second claim = %v, %v; want only c", ids(got), err)
	}
	if got, err := d.ClaimEmails(ctx, t0.Add(6*time.Minute-time.Microsecond), 10, time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("claim while every claim holds = %v, %v", ids(got), err)
	}
	// The first claim lapses (its worker died): a and b are due again, c not yet.
	got, err = d.ClaimEmails(ctx, t0.Add(6*time.Minute), 10, time.Minute)
	if err != nil || fmt.Sprint(ids(got)) != fmt.Sprint([]int64{a.ID, b.ID}) {
		t.Fatalf("claim after the first lapsed = %v, %v; want a and b", ids(got), err)
	}
	if got[0].Attachment == nil {
		t.Error("a reclaimed without its attachment")
	}
	if got, err := d.ClaimEmails(ctx, t0.Add(time.Hour), 0, time.Minute); err != nil || len(got) != 0 {
		t.Errorf("claim of 0 = %v, %v", ids(got), err)
	}
}

// The claim's query reads the due index, not the whole outbox.
func TestClaimEmailsUsesDueIndex(t *testing.T) {
	d := MustOpen(t)
	var plan strings.Builder
	rows, err := d.ReadDB().Query(`EXPLAIN QUERY PLAN SELECT id FROM outbox INDEXED BY outbox_due_idx
		WHERE status IN ('pending', 'sending') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 20`, "x")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(detail + "\n")
	}
	if !strings.Contains(plan.String(), "outbox_due_idx (status=? AND next_attempt_at<?)") {
		t.Errorf("plan:\n%s", plan.String())
	}
	// ClaimEmails names the index (INDEXED BY), so it fails if the index cannot serve it.
	d.Now = time.Now
	enqueue(t, d, &outlay.Email{Key: "x"})
	if got, err := d.ClaimEmails(context.Background(), time.Now(), 20, time.Minute); err != nil || len(got) != 1 {
		t.Fatalf("claim = %v, %v", got, err)
	}
}

// Two workers on one database file, each with its own handle (as two processes have),
// claiming at the same time, never both get one email, and between them get every one.
func TestClaimEmailsTwoHandles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outlay.db")
	var dbs [2]*sqlite.DB
	for i := range dbs {
		d, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		dbs[i] = d
	}
	const n = 200
	for i := range n {
		enqueue(t, dbs[i%2], &outlay.Email{Key: fmt.Sprintf("e%d", i)})
	}
	now := time.Now().Add(time.Minute)
	start := make(chan struct{})
	var mu sync.Mutex
	claimedBy := map[int64]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 4*n) // room for every error, so no sender blocks
	for w, d := range dbs {
		for range 2 { // two goroutines per handle as well
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for {
					got, err := d.ClaimEmails(context.Background(), now, 3, time.Hour)
					if err != nil {
						errs <- err
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, e := range got {
						if by, ok := claimedBy[e.ID]; ok {
							errs <- fmt.Errorf("email %d claimed by handle %d and handle %d", e.ID, by, w)
						}
						claimedBy[e.ID] = w
					}
					mu.Unlock()
					time.Sleep(2 * time.Millisecond) // a worker sends between claims
				}
			}()
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(claimedBy) != n {
		t.Errorf("%d emails claimed, want %d", len(claimedBy), n)
	}
	per := [2]int{}
	for _, w := range claimedBy {
		per[w]++
	}
	if per[0] == 0 || per[1] == 0 {
		t.Errorf("claims per handle %v: the handles did not take turns, so nothing was proven", per)
	}
}

// The marks end a claim: sent, retry and failed set what the page and the next attempt
// need, empty a secret body once it is of no more use, and leave an email that is not
// being sent alone.
func TestMarkEmails(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	t0 := d.Now()
	plain := enqueue(t, d, &outlay.Email{Key: "plain", HTML: "<p>x</p>"})
	secret := enqueue(t, d, &outlay.Email{Key: "secret", Kind: outlay.EmailPasswordReset, Secret: true,
		Text: "https://outlay.example/reset/SECRET", HTML: "<a>SECRET</a>"})
	failing := enqueue(t, d, &outlay.Email{Key: "failing"})
	badSecret := enqueue(t, d, &outlay.Email{Key: "bad-secret", Kind: outlay.EmailPasswordReset, Secret: true,
		Text: "https://outlay.example/reset/OTHER"})

	// Not claimed yet: no mark applies.
	if err := d.MarkEmailSent(ctx, plain.ID, t0); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Errorf("MarkEmailSent of a pending email = %v, want ECONFLICT", err)
	}
	if err := d.MarkEmailFailed(ctx, 9999, t0, "x"); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Errorf("MarkEmailFailed of no email = %v, want ENOTFOUND", err)
	}
	if got, err := d.ClaimEmails(ctx, t0, 10, time.Hour); err != nil || len(got) != 4 {
		t.Fatalf("claim = %v, %v", ids(got), err)
	}

	at := t0.Add(10 * time.Second)
	if err := d.MarkEmailSent(ctx, plain.ID, at); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkEmailSent(ctx, secret.ID, at); err != nil {
		t.Fatal(err)
	}
	e := oneEmail(t, d, plain.ID)
	if e.Status != outlay.EmailSent || e.Attempts != 1 || e.SentAt == nil || !e.SentAt.Equal(at) || e.LastError != "" ||
		e.Text != "Body of plain" || e.HTML != "<p>x</p>" {
		t.Errorf("sent plain email = %+v", e)
	}
	if e := oneEmail(t, d, secret.ID); e.Status != outlay.EmailSent || e.Text != "" || e.HTML != "" {
		t.Errorf("sent secret email = %+v", e)
	}
	if n := countRows(t, d, `SELECT count(*) FROM outbox WHERE body_text LIKE '%SECRET%' OR body_html LIKE '%SECRET%'`); n != 0 {
		t.Errorf("the sent reset link is still stored (%d rows)", n)
	}
	// A second mark of the same claim (a worker whose claim was taken over) changes nothing.
	if err := d.MarkEmailFailed(ctx, plain.ID, at, "late"); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Errorf("MarkEmailFailed of a sent email = %v, want ECONFLICT", err)
	}
	if e := oneEmail(t, d, plain.ID); e.Status != outlay.EmailSent || e.Attempts != 1 || e.LastError != "" {
		t.Errorf("late mark changed the sent email: %+v", e)
	}

	// A temporary failure: pending again at next; the series starts at the first failure.
	long := "451 4.3.0 try later " + strings.Repeat("é", 1000)
	next := at.Add(time.Minute)
	if err := d.MarkEmailRetry(ctx, failing.ID, at, long, next); err != nil {
		t.Fatal(err)
	}
	e = oneEmail(t, d, failing.ID)
	if e.Status != outlay.EmailPending || e.Attempts != 1 || !e.NextAttemptAt.Equal(next) ||
		e.FailingSince == nil || !e.FailingSince.Equal(at) {
		t.Errorf("retried email = %+v", e)
	}
	if n := len([]rune(e.LastError)); n != sqlite.MaxEmailError || !strings.HasPrefix(e.LastError, "451 4.3.0 try later") {
		t.Errorf("last error of %d characters: %.40q", n, e.LastError)
	}
	later := next.Add(time.Second)
	if got, err := d.ClaimEmails(ctx, later, 10, time.Minute); err != nil || fmt.Sprint(ids(got)) != fmt.Sprint([]int64{failing.ID}) {
		t.Fatalf("claim of the retried email = %v, %v", ids(got), err)
	}
	if err := d.MarkEmailRetry(ctx, failing.ID, later, "421 again", later.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if e := oneEmail(t, d, failing.ID); e.Attempts != 2 || !e.FailingSince.Equal(at) || e.LastError != "421 again" {
		t.Errorf("second retry: attempts %d, failing since %v (want %v), error %q", e.Attempts, e.FailingSince, at, e.LastError)
	}

	// A failure for good; a secret body goes.
	if err := d.MarkEmailFailed(ctx, badSecret.ID, at, "550 5.1.1 no such user"); err != nil {
		t.Fatal(err)
	}
	if e := oneEmail(t, d, badSecret.ID); e.Status != outlay.EmailFailed || e.Attempts != 1 || e.LastError != "550 5.1.1 no such user" || e.SentAt != nil {
		t.Errorf("failed secret email = %+v", e)
	}
	if n := countRows(t, d, `SELECT count(*) FROM outbox WHERE body_text LIKE '%OTHER%'`); n != 0 {
		t.Error("the failed reset link is still stored")
	}
}

// A failed email can be retried by hand, once, audited without its body; nothing else can.
func TestRetryEmail(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ed@example.com")
	t0 := d.Now()
	failed := enqueue(t, d, &outlay.Email{Key: "failed"})
	sent := enqueue(t, d, &outlay.Email{Key: "sent"})
	secret := enqueue(t, d, &outlay.Email{Key: "secret", Kind: outlay.EmailPasswordReset, Secret: true, Text: "link SECRET"})
	pending := enqueue(t, d, &outlay.Email{Key: "pending"})
	if _, err := d.ClaimEmails(ctx, t0, 3, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkEmailRetry(ctx, failed.ID, t0, "451 busy", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ClaimEmails(ctx, t0, 1, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkEmailFailed(ctx, failed.ID, t0, "550 no such user"); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkEmailSent(ctx, sent.ID, t0); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkEmailFailed(ctx, secret.ID, t0, "550 no such user"); err != nil {
		t.Fatal(err)
	}

	d.Now = func() time.Time { return t0.Add(time.Hour) }
	if err := d.RetryEmail(ctx, failed.ID); err != nil {
		t.Fatal(err)
	}
	e := oneEmail(t, d, failed.ID)
	if e.Status != outlay.EmailPending || !e.NextAttemptAt.Equal(t0.Add(time.Hour)) || e.FailingSince != nil ||
		e.LastError != "550 no such user" || e.Attempts != 2 {
		t.Errorf("retried email = %+v", e)
	}
	if got, err := d.ClaimEmails(ctx, t0.Add(time.Hour), 10, time.Minute); err != nil || fmt.Sprint(ids(got)) != fmt.Sprint([]int64{pending.ID, failed.ID}) {
		t.Errorf("claim after the retry = %v, %v; want the pending one and the retried one", ids(got), err)
	}
	entries, _, err := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "email", EntityID: &failed.ID})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit of the retry = %v, %v", entries, err)
	}
	if a := entries[0]; a.Action != "retry" || a.UserEmail != "ed@example.com" || string(a.Before) != `{"status":"failed"}` || string(a.After) != `{"status":"pending"}` {
		t.Errorf("audit entry = %+v before %s after %s", a, a.Before, a.After)
	}

	for _, c := range []struct {
		name string
		id   int64
		code string
		msg  string
	}{
		{"retried already (sending now)", failed.ID, outlay.ECONFLICT, "Only a failed email"},
		{"sent", sent.ID, outlay.ECONFLICT, "Only a failed email"},
		{"secret, body gone", secret.ID, outlay.ECONFLICT, "ask for a new link"},
		{"missing", 9999, outlay.ENOTFOUND, "not found"},
	} {
		err := d.RetryEmail(ctx, c.id)
		if outlay.ErrorCode(err) != c.code || !strings.Contains(outlay.ErrorMessage(err), c.msg) {
			t.Errorf("%s: RetryEmail = %v, want %s %q", c.name, err, c.code, c.msg)
		}
	}
	if n := countRows(t, d, `SELECT count(*) FROM audit_log WHERE entity = 'email'`); n != 1 {
		t.Errorf("%d email audit entries, want 1 (refused retries write none)", n)
	}
	if n := countRows(t, d, `SELECT count(*) FROM audit_log WHERE before LIKE '%SECRET%' OR after LIKE '%SECRET%' OR after LIKE '%Body%'`); n != 0 {
		t.Error("an audit entry holds a body")
	}
}

// The page's list: newest first, filtered, counted, without bodies; the detail carries
// the body of an email that is not secret.
func TestFindEmails(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	t0 := d.Now()
	var made []*outlay.Email
	for i, kind := range []string{outlay.EmailReminder, outlay.EmailDigest, outlay.EmailReminder, outlay.EmailPasswordReset, outlay.EmailReminder} {
		d.Now = func() time.Time { return t0.Add(time.Duration(i/2) * time.Minute) } // two share a creation time
		made = append(made, enqueue(t, d, &outlay.Email{Key: fmt.Sprint("k", i), Kind: kind, Secret: kind == outlay.EmailPasswordReset}))
	}
	if _, err := d.ClaimEmails(ctx, t0.Add(time.Hour), 1, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkEmailSent(ctx, made[0].ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	list, total, err := d.FindEmails(ctx, outlay.EmailFilter{})
	if err != nil || total != 5 {
		t.Fatalf("FindEmails = %d, %v", total, err)
	}
	want := []int64{made[4].ID, made[3].ID, made[2].ID, made[1].ID, made[0].ID}
	if fmt.Sprint(ids(list)) != fmt.Sprint(want) {
		t.Errorf("order %v, want %v (newest first, id breaking ties)", ids(list), want)
	}
	for _, e := range list {
		if e.Text != "" || e.HTML != "" || e.Attachment != nil {
			t.Errorf("list carries email %d's body: %q", e.ID, e.Text)
		}
		if e.Subject == "" || e.To == "" || e.Kind == "" || e.Status == "" || e.CreatedAt.IsZero() || e.NextAttemptAt.IsZero() {
			t.Errorf("list entry lacks what the page shows: %+v", e)
		}
	}
	if e := list[4]; e.Status != outlay.EmailSent || e.SentAt == nil || e.Attempts != 1 {
		t.Errorf("sent entry = %+v", e)
	}

	list, total, err = d.FindEmails(ctx, outlay.EmailFilter{Kind: outlay.EmailReminder, Limit: 2, Offset: 1})
	if err != nil || total != 3 || fmt.Sprint(ids(list)) != fmt.Sprint([]int64{made[2].ID, made[0].ID}) {
		t.Errorf("reminders, page 2 of 2 = %v, %d, %v", ids(list), total, err)
	}
	list, total, err = d.FindEmails(ctx, outlay.EmailFilter{Status: outlay.EmailPending, Kind: outlay.EmailReminder})
	if err != nil || total != 2 || fmt.Sprint(ids(list)) != fmt.Sprint([]int64{made[4].ID, made[2].ID}) {
		t.Errorf("pending reminders = %v, %d, %v", ids(list), total, err)
	}
	if _, total, err := d.FindEmails(ctx, outlay.EmailFilter{Status: outlay.EmailFailed}); err != nil || total != 0 {
		t.Errorf("failed = %d, %v", total, err)
	}

	if e := oneEmail(t, d, made[1].ID); e.Text != "Body of k1" || e.Key != "k1" || e.MessageID != made[1].MessageID {
		t.Errorf("detail = %+v", e)
	}
	// A secret body is never read back, even pending.
	if e := oneEmail(t, d, made[3].ID); e.Text != "" || e.HTML != "" || !e.Secret {
		t.Errorf("secret detail = %+v", e)
	}
	missing := int64(9999)
	if list, total, err := d.FindEmails(ctx, outlay.EmailFilter{ID: &missing}); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("missing id = %v, %d, %v", list, total, err)
	}
}

// The counts name every status, and the next due time covers pending emails and claims.
func TestCountEmailsAndNextDue(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	t0 := d.Now()
	counts, err := d.CountEmails(ctx)
	if err != nil || fmt.Sprint(counts) != "map[failed:0 pending:0 sending:0 sent:0]" {
		t.Errorf("empty counts = %v, %v", counts, err)
	}
	if next, err := d.NextEmailDue(ctx); err != nil || next != nil {
		t.Errorf("next due of an empty outbox = %v, %v", next, err)
	}
	a := enqueue(t, d, &outlay.Email{Key: "a"})
	b := enqueue(t, d, &outlay.Email{Key: "b"})
	enqueue(t, d, &outlay.Email{Key: "c"})
	if next, err := d.NextEmailDue(ctx); err != nil || next == nil || !next.Equal(t0) {
		t.Errorf("next due = %v, %v; want %v", next, err, t0)
	}
	if _, err := d.ClaimEmails(ctx, t0, 3, 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	if next, err := d.NextEmailDue(ctx); err != nil || next == nil || !next.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("next due while all are claimed = %v, %v; want the claims' end", next, err)
	}
	if err := d.MarkEmailSent(ctx, a.ID, t0); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkEmailRetry(ctx, b.ID, t0, "451", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if next, err := d.NextEmailDue(ctx); err != nil || next == nil || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("next due = %v, %v; want the retry's", next, err)
	}
	counts, err = d.CountEmails(ctx)
	if err != nil || fmt.Sprint(counts) != "map[failed:0 pending:1 sending:1 sent:1]" {
		t.Errorf("counts = %v, %v", counts, err)
	}
}
