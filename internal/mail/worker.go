package mail

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"outlay/internal/outlay"
)

// Deliverer makes one delivery attempt of a Message; *Sender is the real one. The worker
// needs only this, so a test or a future transport can stand in.
type Deliverer interface {
	Send(ctx context.Context, m Message) error
}

var _ Deliverer = (*Sender)(nil)

// Defaults of Worker's fields.
const (
	DefaultBatch   = 20
	DefaultClaim   = 5 * time.Minute
	DefaultMaxIdle = time.Minute
)

// Worker delivers the outbox: it claims due emails, sends each outside any transaction
// and records the outcome, so that the business writer is never held while a mail server
// takes its time. Several workers (in one process or several on one database) may run
// at once: a claim gives an email to one of them only.
//
// Delivery is at least once. An email whose worker stops before recording the outcome
// (the process is killed mid-send, the database is unreachable at the mark) stays
// claimed until its claim lapses and is then sent again, with the same Message-ID, so
// the recipient's mail program can tell it is the same message.
type Worker struct {
	Outbox outlay.OutboxService
	Sender Deliverer
	Log    *slog.Logger
	// Now is the clock the worker compares due times with; nil means time.Now. Tests move
	// it to walk through retry delays without waiting.
	Now func() time.Time
	// Batch is how many emails one claim takes; 0 means DefaultBatch.
	Batch int
	// Claim is how long a claim holds before another worker may take the email; 0 means
	// DefaultClaim. It must be longer than a send takes (the Sender's timeout): each send
	// is bounded by half of it, leaving the other half to record the outcome.
	Claim time.Duration
	// MaxIdle is the longest Run sleeps between looks at the outbox, so an email written
	// by another process (which cannot Wake this one) waits at most this long; 0 means
	// DefaultMaxIdle.
	MaxIdle time.Duration

	wakeOnce sync.Once
	pruned   time.Time // when Run last applied the outbox's retention
	wake     chan struct{}
}

// Delivery counts the outcomes of a DeliverDue.
type Delivery struct{ Sent, Retried, Failed int }

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) batch() int {
	if w.Batch > 0 {
		return w.Batch
	}
	return DefaultBatch
}

func (w *Worker) claim() time.Duration {
	if w.Claim > 0 {
		return w.Claim
	}
	return DefaultClaim
}

func (w *Worker) maxIdle() time.Duration {
	if w.MaxIdle > 0 {
		return w.MaxIdle
	}
	return DefaultMaxIdle
}

func (w *Worker) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}

// wakeCh is the 1-buffered channel Wake signals on, made on first use by either side.
func (w *Worker) wakeCh() chan struct{} {
	w.wakeOnce.Do(func() { w.wake = make(chan struct{}, 1) })
	return w.wake
}

// Wake tells a sleeping Run to look at the outbox now: whoever enqueues an email in
// this process calls it after its commit. It never blocks; wakes while one is pending
// fold into it.
func (w *Worker) Wake() {
	select {
	case w.wakeCh() <- struct{}{}:
	default:
	}
}

// DeliverDue claims and sends batches until no email is due at the worker's now, and
// counts the outcomes. It returns early with ctx's error when ctx ends: no new batch is
// claimed and no further email of the current batch is sent; the email being sent
// finishes (its send and mark do not see ctx's end, only their own timeout), and the
// rest of the batch stays claimed until the claim lapses, when a worker sends them.
func (w *Worker) DeliverDue(ctx context.Context) (Delivery, error) {
	var d Delivery
	for {
		if err := ctx.Err(); err != nil {
			return d, err
		}
		batch, err := w.Outbox.ClaimEmails(ctx, w.now(), w.batch(), w.claim())
		if err != nil {
			return d, err
		}
		if len(batch) == 0 {
			return d, nil
		}
		for _, e := range batch {
			if err := ctx.Err(); err != nil {
				return d, err
			}
			switch w.deliver(ctx, e) {
			case Delivered:
				d.Sent++
			case Temporary:
				d.Retried++
			case Permanent:
				d.Failed++
			}
		}
	}
}

// deliver makes one attempt at e and records its outcome: Delivered, Temporary (retried
// later, or Permanent once it has failed for GiveUpAfter) or Permanent. A mark that
// fails is logged; the email's claim then lapses and it is tried again.
func (w *Worker) deliver(ctx context.Context, e *outlay.Email) Outcome {
	m := Message{MessageID: e.MessageID, To: []string{e.To}, Subject: e.Subject, Text: e.Text, HTML: e.HTML}
	if a := e.Attachment; a != nil {
		m.Attachments = []Attachment{{Name: a.Name, ContentType: a.ContentType, Data: a.Data}}
	}
	// The send and its mark finish even when ctx ends (shutdown), so that an accepted
	// email is recorded as sent rather than sent again after its claim lapses.
	bound := context.WithoutCancel(ctx)
	sendCtx, cancel := context.WithTimeout(bound, w.claim()/2)
	err := w.Sender.Send(sendCtx, m)
	cancel()
	at := w.now()
	out := Classify(err)
	// Never the body: a reset email's body is the link that signs its owner in.
	attrs := []any{"id", e.ID, "kind", e.Kind, "to", e.To, "message_id", e.MessageID, "attempt", e.Attempts + 1}
	var markErr error
	switch out {
	case Delivered:
		markErr = w.Outbox.MarkEmailSent(bound, e.ID, at)
		w.log().Info("email sent", attrs...)
	case Temporary:
		since := at
		if e.FailingSince != nil {
			since = *e.FailingSince
		}
		if at.Sub(since) >= outlay.GiveUpAfter {
			out = Permanent
			markErr = w.Outbox.MarkEmailFailed(bound, e.ID, at, "gave up after 48 h: "+err.Error())
			w.log().Warn("email failed: gave up after 48 h", append(attrs, "err", err.Error())...)
			break
		}
		next := at.Add(outlay.RetryDelay(e.Attempts + 1))
		markErr = w.Outbox.MarkEmailRetry(bound, e.ID, at, err.Error(), next)
		w.log().Warn("email will be retried", append(attrs, "next", next, "err", err.Error())...)
	case Permanent:
		markErr = w.Outbox.MarkEmailFailed(bound, e.ID, at, err.Error())
		w.log().Warn("email failed", append(attrs, "err", err.Error())...)
	}
	if markErr != nil {
		w.log().Error("email outcome not recorded", append(attrs, "outcome", out.String(), "err", markErr.Error())...)
	}
	return out
}

// PruneEvery is how often Run applies the outbox's retention (outlay.AttachmentKeep,
// outlay.EmailKeep): the bounds are counted in days, so once a day is enough.
const PruneEvery = 24 * time.Hour

// pruneDaily applies the retention when it has not run for PruneEvery in this process
// (at start, then daily). Only a worker's outbox has finished emails to prune: without
// mail settings nothing is sent or failed. A failure is logged and tried the next day.
func (w *Worker) pruneDaily(ctx context.Context) {
	now := w.now()
	if !w.pruned.IsZero() && now.Sub(w.pruned) < PruneEvery {
		return
	}
	w.pruned = now
	p, err := w.Outbox.PruneEmails(ctx, now)
	switch {
	case err != nil && ctx.Err() == nil:
		w.log().Error("outbox retention", "err", err.Error())
	case p.Attachments > 0 || p.Emails > 0:
		w.log().Info("outbox retention", "attachments_dropped", p.Attachments, "emails_deleted", p.Emails)
	}
}

// Run delivers the outbox until ctx ends: DeliverDue, then sleep until the next email is
// due, Wake is called or MaxIdle has passed, whichever comes first. When ctx ends it
// returns after the email being sent (see DeliverDue).
func (w *Worker) Run(ctx context.Context) {
	wake := w.wakeCh()
	for ctx.Err() == nil {
		w.pruneDaily(ctx)
		wait := w.maxIdle()
		if _, err := w.DeliverDue(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			// The database is busy or broken: look again later rather than spin.
			w.log().Error("outbox delivery", "err", err.Error())
			wait = min(wait, 5*time.Second)
		} else if next, err := w.Outbox.NextEmailDue(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			w.log().Error("outbox next due", "err", err.Error())
			wait = min(wait, 5*time.Second)
		} else if next != nil {
			// A due time in the past (an email written while the batch was sent) means
			// look again at once; a small floor keeps a clock disagreement from spinning.
			wait = max(min(wait, next.Sub(w.now())), 10*time.Millisecond)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-wake:
			t.Stop()
		case <-t.C:
		}
	}
}
