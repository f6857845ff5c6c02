package outlay

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"strings"
	"time"
)

// Kinds of email. Every email Outlay sends goes through the outbox: it is written in the
// transaction that decides it is needed and delivered by the worker afterwards.
const (
	EmailReminder      = "reminder"       // a reminder step before a key date
	EmailPassed        = "passed"         // the "deadline passed" notice after a key date
	EmailDigest        = "digest"         // an owner's weekly digest
	EmailPack          = "pack"           // the quarterly finance pack, attached
	EmailPasswordReset = "password_reset" // a one-time sign-in link; its body is secret
	EmailTest          = "test"           // an admin's test from the Notifications page
)

// EmailKinds lists the kinds.
var EmailKinds = []string{EmailReminder, EmailPassed, EmailDigest, EmailPack, EmailPasswordReset, EmailTest}

// Statuses of an email in the outbox: pending → sending → sent, or failed when the mail
// server refused it for good or it kept failing for GiveUpAfter.
const (
	EmailPending = "pending"
	EmailSending = "sending"
	EmailSent    = "sent"
	EmailFailed  = "failed"
)

// EmailStatuses lists the statuses in the order a page shows them.
var EmailStatuses = []string{EmailPending, EmailSending, EmailSent, EmailFailed}

// Email is one message in the outbox, to one recipient.
type Email struct {
	ID   int64
	Kind string
	// Key names what the email is for, such as
	// "reminder/contract/12/2027-01-01/30/anna@example.com": an email of a key that is
	// already in the outbox is not written again, so planning it twice sends it once.
	Key     string
	To      string
	Subject string
	Text    string // the plain-text part
	HTML    string // the HTML part; empty for a text-only email
	// Secret marks a body holding a secret (a password reset link): pages never show it
	// and storage empties it once the email is sent or has failed.
	Secret     bool
	Attachment *Attachment // nil for most; read only by the worker (ClaimEmails)
	// MessageID is the Message-ID header (without angle brackets), fixed when the email is
	// written, so that a retry after a crash is recognisable as the same message.
	MessageID     string
	Status        string
	Attempts      int
	LastError     string
	NextAttemptAt time.Time
	FailingSince  *time.Time // first temporary failure of the current series
	CreatedAt     time.Time
	SentAt        *time.Time
}

// Attachment is a file sent with an email.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// EmailFilter selects emails in the outbox, newest first.
type EmailFilter struct {
	ID     *int64
	Status string // one of EmailStatuses, or "" for all
	Kind   string // one of EmailKinds, or "" for all
	Offset int
	Limit  int
}

// OutboxService is the outbox as the worker and the Notifications page see it. Writing
// an email is Tx.EnqueueEmail, inside the transaction that decides it.
type OutboxService interface {
	// ClaimEmails marks up to n emails that are due at now as sending, each claimed until
	// now+claim, and returns them with their attachments. Due are pending emails whose
	// next attempt time has come and sending ones whose claim has lapsed (their sender
	// died mid-send). A claim is one short write transaction: no email is sent inside it.
	ClaimEmails(ctx context.Context, now time.Time, n int, claim time.Duration) ([]*Email, error)
	// MarkEmailSent records a delivery.
	MarkEmailSent(ctx context.Context, id int64, at time.Time) error
	// MarkEmailRetry records a temporary failure: pending again from next, failingSince set
	// when it was not.
	MarkEmailRetry(ctx context.Context, id int64, at time.Time, errText string, next time.Time) error
	// MarkEmailFailed records a failure for good.
	MarkEmailFailed(ctx context.Context, id int64, at time.Time, errText string) error
	// RetryEmail makes a failed email pending again at once, with a new 48-hour series;
	// an email that is not failed is ECONFLICT. It is audited.
	RetryEmail(ctx context.Context, id int64) error
	// FindEmails lists emails without their bodies' secrets (Secret bodies come back empty)
	// and without attachments.
	FindEmails(ctx context.Context, f EmailFilter) ([]*Email, int, error)
	// CountEmails counts the outbox by status.
	CountEmails(ctx context.Context) (map[string]int, error)
	// NextEmailDue is the earliest time an email becomes due: the next attempt of a
	// pending one or the lapse of a sending one's claim; nil when neither exists. The
	// worker sleeps until then.
	NextEmailDue(ctx context.Context) (*time.Time, error)
	// PruneEmails applies the outbox's retention at now: the attachments of emails
	// finished (sent or failed) before now-AttachmentKeep are dropped, and finished emails
	// written before now-EmailKeep are deleted. Pending and sending emails are never
	// touched. It works in short batches, so the writer is never held for long.
	PruneEmails(ctx context.Context, now time.Time) (Pruned, error)
}

// The outbox's retention (see OutboxService.PruneEmails). A finance pack's workbook is
// tens of megabytes and Reports builds it again at will, so a sent one is kept a month;
// the emails themselves, small, are kept a little over a year so the Notifications page
// can answer "was the owner told last year?". Neither bound holds an email back from
// being planned again: reminders are remembered in their steps, and the weekly digest
// and the quarterly pack look back a week and PackCatchUpDays.
const (
	AttachmentKeep = 30 * 24 * time.Hour
	EmailKeep      = 400 * 24 * time.Hour
)

// Pruned counts what a PruneEmails removed.
type Pruned struct{ Attachments, Emails int }

// GiveUpAfter is how long an email keeps being retried after its first temporary failure.
const GiveUpAfter = 48 * time.Hour

// RetryDelays are the waits after the first, second, … temporary failure; after the last
// the last repeats until GiveUpAfter.
var RetryDelays = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour}

// RetryDelay is the wait after the attempts-th failed attempt (1 for the first).
func RetryDelay(attempts int) time.Duration {
	if attempts < 1 {
		attempts = 1
	}
	if attempts > len(RetryDelays) {
		return RetryDelays[len(RetryDelays)-1]
	}
	return RetryDelays[attempts-1]
}

// MailStatus says whether outgoing mail is set up, for the admins' banner and the
// Notifications page. It never holds the password.
type MailStatus struct {
	Configured bool
	Host       string // host:port
	From       string
	TLS        string // starttls, tls or none
	BaseURL    string // the address links in emails point to
	Problem    string // why mail is not configured, in the admin's words
}

// ReminderRun is one reminder run, for the Notifications page and `outlay remind`.
type ReminderRun struct {
	ID         int64
	StartedAt  time.Time
	FinishedAt *time.Time
	AsOf       time.Time // the civil day planned for
	Holder     string    // which process ran it (host and pid)
	Planned    int       // emails written to the outbox
	Sent       int       // delivered during the run
	Skipped    int       // steps skipped by the catch-up rule
	Rolled     int       // terms created by tacit renewals
	Failed     int       // emails that failed during the run
	Error      string
}

// ReminderRunService reads the record of reminder runs.
type ReminderRunService interface {
	// FindReminderRuns lists runs, newest first.
	FindReminderRuns(ctx context.Context, limit int) ([]*ReminderRun, error)
}

// MessageID is a stable Message-ID for key at domain: "<" + the first 32 hex digits of
// SHA-256(key) + "@" + domain + ">". The outbox passes its row's identity (item, key date,
// offset, recipient) as key, so that a retry after a crash carries the same id. An empty
// domain becomes "outlay.invalid", a name that never resolves.
func MessageID(key, domain string) string {
	domain = strings.Trim(strings.TrimSpace(domain), "<>@")
	if domain == "" {
		domain = "outlay.invalid"
	}
	sum := sha256.Sum256([]byte(key))
	return "<" + hex.EncodeToString(sum[:16]) + "@" + domain + ">"
}

// Domain is the domain of an address such as Config.From, for MessageID; "" when address
// is not an email address.
func Domain(address string) string {
	a, err := mail.ParseAddress(address)
	if err != nil {
		return ""
	}
	at := strings.LastIndexByte(a.Address, '@')
	if at < 0 {
		return ""
	}
	return a.Address[at+1:]
}
