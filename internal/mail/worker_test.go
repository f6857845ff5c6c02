package mail_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"outlay/internal/mail"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// testWorker is a worker on d sending to port, on the clock c, logging into logs.
func testWorker(t *testing.T, d *sqlite.DB, port int, c *clock, logs *bytes.Buffer) *mail.Worker {
	t.Helper()
	d.Now = c.Now
	w := &mail.Worker{Outbox: d, Sender: senderTo(t, port), Now: c.Now}
	if logs != nil {
		w.Log = slog.New(slog.NewTextHandler(logs, nil))
	}
	return w
}

func deliverDue(t *testing.T, w *mail.Worker, want mail.Delivery) {
	t.Helper()
	got, err := w.DeliverDue(context.Background())
	if err != nil || got != want {
		t.Fatalf("DeliverDue = %+v, %v; want %+v", got, err, want)
	}
}

// A mail server that answers 4xx twice and then accepts: the email is retried after 1
// and then 5 minutes, each time with the same Message-ID, and delivered on the third
// attempt, attachment and all.
func TestWorkerRetriesTemporaryFailures(t *testing.T) {
	d := openOutbox(t)
	c := newClock()
	box := &mailbox{answer: func(_ string, attempt int) error {
		if attempt <= 2 {
			return smtpErr(451, smtp.EnhancedCode{4, 3, 0}, "Mailbox busy, try later")
		}
		return nil
	}}
	port, _ := serve(t, box, "127.0.0.1:0")
	var logs bytes.Buffer
	w := testWorker(t, d, port, c, &logs)
	t0 := c.Now()
	e := enqueueN(t, d, "busy", 1, func(e *outlay.Email) {
		e.Kind = outlay.EmailPack
		e.Attachment = &outlay.Attachment{Name: "pack-FY2027-Q1.xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: []byte("PK-sheet")}
	})[0]

	deliverDue(t, w, mail.Delivery{Retried: 1})
	got := emailByID(t, d, e.ID)
	if got.Status != outlay.EmailPending || got.Attempts != 1 || !got.NextAttemptAt.Equal(t0.Add(time.Minute)) ||
		got.FailingSince == nil || !got.FailingSince.Equal(t0) || !strings.Contains(got.LastError, "Mailbox busy, try later") {
		t.Fatalf("after the first 451: %+v", got)
	}
	deliverDue(t, w, mail.Delivery{}) // not due yet
	c.Set(t0.Add(time.Minute))
	deliverDue(t, w, mail.Delivery{Retried: 1})
	got = emailByID(t, d, e.ID)
	if got.Status != outlay.EmailPending || got.Attempts != 2 || !got.NextAttemptAt.Equal(t0.Add(6*time.Minute)) {
		t.Fatalf("after the second 451: %+v; want the next attempt 5 minutes on", got)
	}
	c.Set(t0.Add(6*time.Minute - time.Second))
	deliverDue(t, w, mail.Delivery{})
	c.Set(t0.Add(6 * time.Minute))
	deliverDue(t, w, mail.Delivery{Sent: 1})
	got = emailByID(t, d, e.ID)
	if got.Status != outlay.EmailSent || got.Attempts != 3 || got.SentAt == nil || !got.SentAt.Equal(t0.Add(6*time.Minute)) || got.LastError != "" {
		t.Fatalf("after delivery: %+v", got)
	}

	all := box.all()
	if len(all) != 3 {
		t.Fatalf("%d attempts reached the server, want 3", len(all))
	}
	for i, r := range all {
		if r.messageID != e.MessageID {
			t.Errorf("attempt %d: Message-ID %q, want %q", i+1, r.messageID, e.MessageID)
		}
		if len(r.to) != 1 || r.to[0] != e.To {
			t.Errorf("attempt %d: to %v", i+1, r.to)
		}
	}
	if !all[2].accepted || !bytes.Contains(all[2].data, []byte("pack-FY2027-Q1.xlsx")) || !bytes.Contains(all[2].data, []byte("Subject: Reminder busy0")) {
		t.Errorf("delivered message lacks its attachment or subject:\n%.600s", all[2].data)
	}
	if n := strings.Count(logs.String(), "email will be retried"); n != 2 {
		t.Errorf("%d retry log lines, want 2:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "email sent") || strings.Contains(logs.String(), "Text of busy0") {
		t.Errorf("logs:\n%s", logs.String())
	}
}

// A 5xx reply fails the email at once, with the server's words as its last error.
func TestWorkerPermanentFailure(t *testing.T) {
	d := openOutbox(t)
	c := newClock()
	box := &mailbox{answer: func(string, int) error {
		return smtpErr(550, smtp.EnhancedCode{5, 1, 1}, "No such user here")
	}}
	port, _ := serve(t, box, "127.0.0.1:0")
	w := testWorker(t, d, port, c, nil)
	e := enqueueN(t, d, "gone", 1, nil)[0]

	deliverDue(t, w, mail.Delivery{Failed: 1})
	got := emailByID(t, d, e.ID)
	if got.Status != outlay.EmailFailed || got.Attempts != 1 || got.SentAt != nil ||
		!strings.Contains(got.LastError, "550") || !strings.Contains(got.LastError, "No such user here") {
		t.Fatalf("after a 550: %+v", got)
	}
	c.Add(outlay.GiveUpAfter)
	deliverDue(t, w, mail.Delivery{}) // failed stays failed
	if n := len(box.all()); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}

// With the mail server down the email stays pending and backs off; once the server is
// back, it is delivered.
func TestWorkerServerDownThenBack(t *testing.T) {
	d := openOutbox(t)
	c := newClock()
	port := freePort(t)
	w := testWorker(t, d, port, c, nil)
	t0 := c.Now()
	e := enqueueN(t, d, "down", 1, nil)[0]

	deliverDue(t, w, mail.Delivery{Retried: 1})
	c.Set(t0.Add(time.Minute))
	deliverDue(t, w, mail.Delivery{Retried: 1})
	got := emailByID(t, d, e.ID)
	if got.Status != outlay.EmailPending || got.Attempts != 2 || !got.NextAttemptAt.Equal(t0.Add(6*time.Minute)) ||
		!got.FailingSince.Equal(t0) || got.LastError == "" {
		t.Fatalf("with the server down: %+v", got)
	}
	t.Logf("last error with the server down: %s", got.LastError)

	box := &mailbox{}
	serve(t, box, fmt.Sprintf("127.0.0.1:%d", port))
	c.Set(t0.Add(6 * time.Minute))
	deliverDue(t, w, mail.Delivery{Sent: 1})
	if got := emailByID(t, d, e.ID); got.Status != outlay.EmailSent || got.Attempts != 3 {
		t.Fatalf("with the server back: %+v", got)
	}
	if n := box.accepted()[e.MessageID]; n != 1 {
		t.Errorf("delivered %d times", n)
	}
}

// An email that keeps failing temporarily is retried on the schedule of RetryDelays and
// fails once 48 hours have passed since its first failure.
func TestWorkerGivesUpAfter48Hours(t *testing.T) {
	d := openOutbox(t)
	c := newClock()
	box := &mailbox{answer: func(string, int) error {
		return smtpErr(421, smtp.EnhancedCode{4, 7, 0}, "Greylisted")
	}}
	port, _ := serve(t, box, "127.0.0.1:0")
	w := testWorker(t, d, port, c, nil)
	t0 := c.Now()
	e := enqueueN(t, d, "grey", 1, nil)[0]

	var gaps []time.Duration
	last := t0
	for i := 0; ; i++ {
		if i > 50 {
			t.Fatal("still retrying after 50 attempts")
		}
		got, err := w.DeliverDue(context.Background())
		if err != nil || got.Sent+got.Retried+got.Failed != 1 || got.Sent != 0 {
			t.Fatalf("attempt %d: %+v, %v", i+1, got, err)
		}
		if got.Failed == 1 {
			break
		}
		next, err := d.NextEmailDue(context.Background())
		if err != nil || next == nil {
			t.Fatalf("next due = %v, %v", next, err)
		}
		gaps = append(gaps, next.Sub(last))
		last = *next
		c.Set(*next)
	}
	got := emailByID(t, d, e.ID)
	if got.Status != outlay.EmailFailed || !strings.HasPrefix(got.LastError, "gave up after 48 h: ") || !strings.Contains(got.LastError, "Greylisted") {
		t.Fatalf("after 48 h: %+v", got)
	}
	if failedAt := c.Now(); failedAt.Sub(t0) < outlay.GiveUpAfter || failedAt.Sub(t0) >= outlay.GiveUpAfter+6*time.Hour {
		t.Errorf("failed %v after the first failure", failedAt.Sub(t0))
	}
	for i, g := range gaps {
		if g != outlay.RetryDelay(i+1) {
			t.Errorf("gap %d = %v, want %v (all %v)", i+1, g, outlay.RetryDelay(i+1), gaps)
		}
	}
	if got.Attempts != len(gaps)+1 || len(box.all()) != got.Attempts {
		t.Errorf("attempts %d, gaps %d, at the server %d", got.Attempts, len(gaps), len(box.all()))
	}
}

// A worker that died after claiming leaves its emails claimed; once the claim lapses,
// another worker delivers them.
func TestWorkerTakesOverLapsedClaim(t *testing.T) {
	d := openOutbox(t)
	c := newClock()
	box := &mailbox{}
	port, _ := serve(t, box, "127.0.0.1:0")
	w := testWorker(t, d, port, c, nil)
	w.Claim = 2 * time.Minute
	emails := enqueueN(t, d, "orphan", 3, nil)

	// The dead worker's claim: nothing sent, nothing marked.
	if got, err := d.ClaimEmails(context.Background(), c.Now(), 10, w.Claim); err != nil || len(got) != 3 {
		t.Fatalf("claim = %v, %v", got, err)
	}
	deliverDue(t, w, mail.Delivery{})
	c.Add(w.Claim - time.Second)
	deliverDue(t, w, mail.Delivery{})
	c.Add(time.Second)
	deliverDue(t, w, mail.Delivery{Sent: 3})
	acc := box.accepted()
	for _, e := range emails {
		if acc[e.MessageID] != 1 {
			t.Errorf("%s delivered %d times", e.Key, acc[e.MessageID])
		}
		if got := emailByID(t, d, e.ID); got.Status != outlay.EmailSent || got.Attempts != 1 {
			t.Errorf("%s: %+v", e.Key, got)
		}
	}
}

// Two workers on one database, each through its own handle as two processes would,
// deliver 200 emails between them, each exactly once.
func TestTwoWorkersDeliverEachOnce(t *testing.T) {
	d1 := openOutbox(t)
	d2, err := sqlite.Open(d1.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	box := &mailbox{}
	port, _ := serve(t, box, "127.0.0.1:0")
	emails := enqueueN(t, d1, "pair", 200, nil)

	var wg sync.WaitGroup
	results := make([]mail.Delivery, 2)
	errs := make([]error, 2)
	for i, d := range []*sqlite.DB{d1, d2} {
		w := &mail.Worker{Outbox: d, Sender: senderTo(t, port), Batch: 10, Log: slog.New(slog.DiscardHandler)}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = w.DeliverDue(context.Background())
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("worker %d: %v", i+1, err)
		}
	}
	if results[0].Sent+results[1].Sent != 200 || results[0].Retried+results[1].Retried+results[0].Failed+results[1].Failed != 0 {
		t.Errorf("deliveries %+v", results)
	}
	if results[0].Sent == 0 || results[1].Sent == 0 {
		t.Errorf("one worker did everything (%+v): the two did not run side by side", results)
	}
	acc := box.accepted()
	for _, e := range emails {
		if acc[e.MessageID] != 1 {
			t.Errorf("%s delivered %d times", e.Key, acc[e.MessageID])
		}
	}
	if len(box.all()) != 200 {
		t.Errorf("%d messages reached the server, want 200", len(box.all()))
	}
	counts, err := d1.CountEmails(context.Background())
	if err != nil || counts[outlay.EmailSent] != 200 {
		t.Errorf("counts = %v, %v", counts, err)
	}
}

// A failed email retried by hand is delivered, with the Message-ID it first had; a sent
// one cannot be retried. A reset email's body goes once it is sent or has failed, and
// no read of the outbox nor any log line shows it.
func TestWorkerRetryAndSecrets(t *testing.T) {
	d := openOutbox(t)
	c := newClock()
	refuse := map[string]bool{}
	var mu sync.Mutex
	box := &mailbox{answer: func(id string, _ int) error {
		mu.Lock()
		defer mu.Unlock()
		if refuse[id] {
			return smtpErr(550, smtp.EnhancedCode{5, 7, 1}, "Relay denied")
		}
		return nil
	}}
	port, _ := serve(t, box, "127.0.0.1:0")
	var logs bytes.Buffer
	w := testWorker(t, d, port, c, &logs)
	plain := enqueueN(t, d, "plain", 1, nil)[0]
	secrets := enqueueN(t, d, "reset", 2, func(e *outlay.Email) {
		e.Kind, e.Secret = outlay.EmailPasswordReset, true
		e.Text = "Sign in: https://outlay.example/reset/TOKEN-" + e.Key
		e.HTML = "<a href=\"https://outlay.example/reset/TOKEN-" + e.Key + "\">Sign in</a>"
	})
	mu.Lock()
	refuse[plain.MessageID], refuse[secrets[1].MessageID] = true, true
	mu.Unlock()

	deliverDue(t, w, mail.Delivery{Sent: 1, Failed: 2})
	if !bytes.Contains(box.accepted2(secrets[0].MessageID), []byte("TOKEN-reset0")) {
		t.Error("the reset email reached the server without its link")
	}

	// The failed plain email, retried by hand, goes out with its first Message-ID.
	mu.Lock()
	refuse[plain.MessageID] = false
	mu.Unlock()
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "ed@example.com", Role: outlay.RoleAdmin, Active: true})
	if err := d.RetryEmail(ctx, plain.ID); err != nil {
		t.Fatal(err)
	}
	if got := emailByID(t, d, plain.ID); got.Status != outlay.EmailPending || !strings.Contains(got.LastError, "Relay denied") {
		t.Errorf("retried email before its attempt: %+v", got)
	}
	deliverDue(t, w, mail.Delivery{Sent: 1})
	if got := emailByID(t, d, plain.ID); got.Status != outlay.EmailSent || got.Attempts != 2 || got.LastError != "" {
		t.Errorf("retried email after its attempt: %+v", got)
	}
	var ids []string
	for _, r := range box.all() {
		if strings.Contains(string(r.data), "Subject: Reminder plain0") {
			ids = append(ids, r.messageID)
		}
	}
	if len(ids) != 2 || ids[0] != plain.MessageID || ids[1] != plain.MessageID {
		t.Errorf("Message-IDs of the plain email's attempts %v, want %s twice", ids, plain.MessageID)
	}
	if err := d.RetryEmail(ctx, plain.ID); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Errorf("RetryEmail of a sent email = %v, want ECONFLICT", err)
	}
	if err := d.RetryEmail(ctx, secrets[1].ID); outlay.ErrorCode(err) != outlay.ECONFLICT || !strings.Contains(outlay.ErrorMessage(err), "new link") {
		t.Errorf("RetryEmail of a failed reset email = %v, want ECONFLICT asking for a new link", err)
	}

	// Nothing that reads the outbox gives a link back.
	list, _, err := d.FindEmails(context.Background(), outlay.EmailFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		list = append(list, emailByID(t, d, e.ID))
	}
	for _, e := range list {
		if strings.Contains(e.Text+e.HTML, "TOKEN") {
			t.Errorf("email %d (%s) read back with its link", e.ID, e.Status)
		}
	}
	var stored int
	if err := d.ReadDB().QueryRow(`SELECT count(*) FROM outbox WHERE body_text LIKE '%TOKEN%' OR body_html LIKE '%TOKEN%'`).Scan(&stored); err != nil || stored != 0 {
		t.Errorf("%d stored bodies still hold a link (%v)", stored, err)
	}
	if strings.Contains(logs.String(), "TOKEN") || strings.Contains(logs.String(), "Text of") {
		t.Errorf("a body reached the logs:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "Relay denied") || !strings.Contains(logs.String(), secrets[1].To) {
		t.Errorf("the failure's log line lacks the error or the recipient:\n%s", logs.String())
	}
}

// accepted2 is the data of the accepted message of Message-ID id, or nil.
func (b *mailbox) accepted2(id string) []byte {
	for _, r := range b.all() {
		if r.accepted && r.messageID == id {
			return r.data
		}
	}
	return nil
}

// Run delivers what is due, sleeps, is woken by Wake long before MaxIdle, and returns
// when its context ends.
func TestWorkerRunWakeAndStop(t *testing.T) {
	d := openOutbox(t)
	box := &mailbox{}
	port, _ := serve(t, box, "127.0.0.1:0")
	w := &mail.Worker{Outbox: d, Sender: senderTo(t, port), MaxIdle: time.Hour, Log: slog.New(slog.DiscardHandler)}
	w.Wake() // before Run: makes the channel, and the wake is kept
	first := enqueueN(t, d, "early", 2, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	waitFor(t, 5*time.Second, func() bool { return len(box.accepted()) == 2 }, "the first two emails")

	// Run now sleeps for up to an hour; an email written here wakes it.
	time.Sleep(50 * time.Millisecond)
	later := enqueueN(t, d, "later", 1, nil)[0]
	start := time.Now()
	w.Wake()
	w.Wake() // a second wake does not block
	waitFor(t, 5*time.Second, func() bool { return box.accepted()[later.MessageID] == 1 }, "the email after Wake")
	t.Logf("delivered %v after Wake", time.Since(start))

	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	for _, e := range append(first, later) {
		if got := emailByID(t, d, e.ID); got.Status != outlay.EmailSent {
			t.Errorf("%s: %s", e.Key, got.Status)
		}
	}
}

// waitFor polls cond until it holds or within passes.
func waitFor(t *testing.T, within time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// cancelOnSend is a Deliverer that ends the worker's context as the first send starts,
// like a shutdown arriving mid-batch.
type cancelOnSend struct {
	mail.Deliverer
	cancel context.CancelFunc
	sends  int
}

func (c *cancelOnSend) Send(ctx context.Context, m mail.Message) error {
	c.sends++
	c.cancel()
	return c.Deliverer.Send(ctx, m)
}

// A shutdown mid-batch finishes and records the email being sent, claims nothing more
// and sends nothing more; the rest of the batch is sent by a worker once its claim lapses.
func TestWorkerShutdownMidBatch(t *testing.T) {
	d := openOutbox(t)
	c := newClock()
	box := &mailbox{}
	port, _ := serve(t, box, "127.0.0.1:0")
	d.Now = c.Now
	emails := enqueueN(t, d, "shutdown", 5, nil)
	ctx, cancel := context.WithCancel(context.Background())
	stopping := &cancelOnSend{Deliverer: senderTo(t, port), cancel: cancel}
	w := &mail.Worker{Outbox: d, Sender: stopping, Now: c.Now, Batch: 3, Claim: time.Minute, Log: slog.New(slog.DiscardHandler)}

	got, err := w.DeliverDue(ctx)
	if err != context.Canceled || got != (mail.Delivery{Sent: 1}) || stopping.sends != 1 {
		t.Fatalf("DeliverDue = %+v, %v after %d sends; want one sent, then context.Canceled", got, err, stopping.sends)
	}
	counts, err := d.CountEmails(context.Background())
	if err != nil || counts[outlay.EmailSent] != 1 || counts[outlay.EmailSending] != 2 || counts[outlay.EmailPending] != 2 {
		t.Fatalf("counts after the shutdown = %v, %v; want 1 sent, 2 left claimed, 2 never claimed", counts, err)
	}
	if got := emailByID(t, d, emails[0].ID); got.Status != outlay.EmailSent {
		t.Errorf("the email being sent at shutdown: %s", got.Status)
	}

	next := testWorker(t, d, port, c, nil)
	deliverDue(t, next, mail.Delivery{Sent: 2}) // the two never claimed
	c.Add(time.Minute)
	deliverDue(t, next, mail.Delivery{Sent: 2}) // the two whose claim lapsed
	acc := box.accepted()
	for _, e := range emails {
		if acc[e.MessageID] != 1 {
			t.Errorf("%s delivered %d times", e.Key, acc[e.MessageID])
		}
	}
}

// Run applies the outbox's retention at start and then once every PruneEvery of its
// clock: an email sent more than EmailKeep ago goes on the first look after a day.
func TestWorkerRunPrunesDaily(t *testing.T) {
	d := openOutbox(t)
	box := &mailbox{}
	port, _ := serve(t, box, "127.0.0.1:0")
	sent := enqueueN(t, d, "old", 1, nil)[0]
	clock := &clock{t: time.Now()} // after the email is written, so it is due
	w := &mail.Worker{Outbox: d, Sender: senderTo(t, port), Now: clock.Now, MaxIdle: 10 * time.Millisecond,
		Log: slog.New(slog.DiscardHandler)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	defer func() { cancel(); <-done }()
	waitFor(t, 5*time.Second, func() bool { return emailByID(t, d, sent.ID).Status == outlay.EmailSent }, "the email sent")

	// More than EmailKeep later on the worker's clock, the next daily prune (the one at
	// start has run already) deletes it.
	clock.Add(outlay.EmailKeep + time.Hour)
	waitFor(t, 5*time.Second, func() bool {
		list, _, err := d.FindEmails(context.Background(), outlay.EmailFilter{})
		return err == nil && len(list) == 0
	}, "the year-old email pruned")
}
