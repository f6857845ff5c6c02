package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// notificationRuns is how many reminder runs the Notifications page lists.
const notificationRuns = 10

// reminderEvery is how often the server runs the reminders: the next run is expected an
// hour after the last one started.
const reminderEvery = time.Hour

// notificationFields are the inputs of the test email form.
var notificationFields = []string{"to"}

// notificationsView is the Notifications page: whether mail is set up, the reminder
// runs, a form to send a test email, and the outbox.
type notificationsView struct {
	Mail outlay.MailStatus
	Env  []envVar // the variables that set mail up, shown when it is not
	// LastRun is the latest reminder run, nil before the first; NextRun says when the
	// next is expected.
	LastRun *outlay.ReminderRun
	NextRun string
	Runs    []*outlay.ReminderRun
	// Backup judges the backups; Backups are the latest runs.
	Backup  backupStatus
	Backups []backupRow
	Form    *Form // the test email
	Tabs    []emailTab
	List    *List
	Count   string
	Emails  []emailRow
	// Status is the outbox filter ("" for all), carried by the Retry buttons so the
	// page comes back with the same tab.
	Status string
	// Retention says how long sent and failed emails are kept (outlay.EmailKeep,
	// AttachmentKeep), so an admin looking for last year's email knows whether to expect it.
	Retention string
}

// outboxRetention is the Notifications page's sentence on the outbox's retention.
var outboxRetention = fmt.Sprintf("Sent and failed emails are kept for %d days, the finance pack’s workbook attached to them for %d (Reports builds it again).",
	int(outlay.EmailKeep.Hours()/24), int(outlay.AttachmentKeep.Hours()/24))

// envVar is one environment variable of the mail set-up and what it is for.
type envVar struct{ Name, What string }

// mailEnv lists the environment variables that set outgoing mail up, as cmd/outlay
// reads them, so the page can say exactly what to set.
var mailEnv = []envVar{
	{"OUTLAY_SMTP_HOST", "the mail server’s name, such as smtp.example.com (required)"},
	{"OUTLAY_SMTP_PORT", "its port; 587 for starttls, 465 for tls, 25 for none when not set"},
	{"OUTLAY_SMTP_USER", "the account to sign in with, when the server asks for one"},
	{"OUTLAY_SMTP_PASSWORD or OUTLAY_SMTP_PASSWORD_FILE", "the account’s password, or a file that holds it"},
	{"OUTLAY_SMTP_FROM", "the sender, such as Outlay <outlay@example.com> (required)"},
	{"OUTLAY_SMTP_TLS", "starttls (the default), tls or none"},
	{"OUTLAY_BASE_URL", "Outlay’s own address, such as https://outlay.example.com, for the links in emails"},
}

// emailTab is one filter tab of the outbox: a status and how many emails have it.
type emailTab struct {
	Label, Href string
	Count       int
	Current     bool
}

// emailRow is one email in the outbox table.
type emailRow struct {
	ID          int64
	Created     stamp
	Kind        string // in words
	To, Subject string
	Status      string
	StatusLabel string
	Badge       string
	Attempts    int
	NextAttempt stamp // for an email still to go
	LastError   string
	SentAt      stamp
	Secret      bool
	CanRetry    bool
}

// stamp is an instant as a table cell shows it: the date, and the time (UTC) below it,
// so that three such columns leave the subject room. Zero is "".
type stamp struct{ Date, Time string }

func stampOf(t *time.Time) stamp {
	if t == nil || t.IsZero() {
		return stamp{}
	}
	u := t.UTC()
	return stamp{Date: u.Format(outlay.DateLayout), Time: u.Format("15:04")}
}

// emailKindLabels name the kinds of email in words.
var emailKindLabels = map[string]string{
	outlay.EmailReminder:      "Reminder",
	outlay.EmailPassed:        "Deadline passed",
	outlay.EmailDigest:        "Weekly digest",
	outlay.EmailPack:          "Finance pack",
	outlay.EmailPasswordReset: "Password reset",
	outlay.EmailTest:          "Test email",
}

// emailStatusLabels name the statuses as the tabs and badges say them.
var emailStatusLabels = map[string]string{
	outlay.EmailPending: "Pending",
	outlay.EmailSending: "Sending",
	outlay.EmailSent:    "Sent",
	outlay.EmailFailed:  "Failed",
}

// notificationsShow shows the Notifications page.
func (s *Server) notificationsShow(c *gin.Context) {
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: notificationFields}
	f.Set("to", currentUser(c).Email)
	s.renderNotifications(c, http.StatusOK, f)
}

// renderNotifications puts the page together with the test email form f (as typed,
// with its messages, after a refused send).
func (s *Server) renderNotifications(c *gin.Context, status int, f *Form) {
	ctx := c.Request.Context()
	l := newList(c, "created", true)
	filter := l.Filter("status")
	if filter != "" && !slices.Contains(outlay.EmailStatuses, filter) {
		// Not a status: the page shows every email, says so and answers 400.
		c.Set(ctxListNotice, "There is no email status “"+filter+"”: showing every email. Choose All, Pending, Sending, Sent or Failed.")
		filter = ""
		l.Query.Del("status")
	}
	runs, err := s.runs.FindReminderRuns(ctx, notificationRuns)
	if err != nil {
		s.fail(c, err)
		return
	}
	backup, backups, err := s.findBackupStatus(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	// Counted before the page is started so that the banner and the tabs share one count.
	counts, err := s.mailCounts(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	emails, total, err := s.outbox.FindEmails(ctx, outlay.EmailFilter{Status: filter, Offset: l.Offset(), Limit: l.PerPage})
	if err != nil {
		s.fail(c, err)
		return
	}
	l.Total = total
	v := notificationsView{
		Mail: s.cfg.Mail, Runs: runs, Form: f, List: l, Status: filter,
		Tabs:   emailTabs(counts, filter),
		Emails: emailRows(emails),
		Backup: backup, Backups: backupRows(backups, s.Now()),
		Retention: outboxRetention,
	}
	if !v.Mail.Configured {
		v.Env = mailEnv
	}
	v.NextRun = "at the next start of Outlay"
	if len(runs) > 0 {
		v.LastRun = runs[0]
		next := runs[0].StartedAt.Add(reminderEvery)
		v.NextRun = next.UTC().Format("2006-01-02 15:04") + " UTC"
		if !next.After(s.Now()) {
			v.NextRun = "due now (the last run started over an hour ago)"
		}
	}
	noun := "email"
	if filter != "" {
		noun = filter + " email"
	}
	v.Count = countOf(total, noun, noun+"s")
	if filter == "" && total > 0 {
		v.Count += " in the outbox"
	}
	p := s.page(c, "Notifications", "notifications", Crumb{Label: "Notifications"})
	p.Data = v
	s.render(c, status, "notifications", p)
}

// emailTabs are the outbox's filter tabs, All first, each with its count.
func emailTabs(counts map[string]int, current string) []emailTab {
	all := 0
	for _, n := range counts {
		all += n
	}
	tabs := []emailTab{{Label: "All", Href: "/notifications#outbox", Count: all, Current: current == ""}}
	for _, st := range outlay.EmailStatuses {
		tabs = append(tabs, emailTab{Label: emailStatusLabels[st], Href: notificationsURL(st, 1), Count: counts[st], Current: current == st})
	}
	return tabs
}

// notificationsURL is the address of the outbox's tab status at page n.
func notificationsURL(status string, n int) string {
	q := url.Values{}
	if status != "" {
		q.Set("status", status)
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return "/notifications#outbox"
	}
	return "/notifications?" + q.Encode() + "#outbox"
}

// emailRows turns the outbox's emails into table rows. A secret email (a password
// reset) shows who it is for and its subject, never its body; it cannot be retried from
// here, as its link is gone once it failed: the user asks for a new one.
func emailRows(emails []*outlay.Email) []emailRow {
	out := make([]emailRow, 0, len(emails))
	for _, e := range emails {
		r := emailRow{
			ID: e.ID, Created: stampOf(&e.CreatedAt), Kind: emailKindLabels[e.Kind], To: e.To, Subject: e.Subject,
			Status: e.Status, StatusLabel: emailStatusLabels[e.Status], Badge: emailBadge(e.Status),
			Attempts: e.Attempts, LastError: e.LastError, SentAt: stampOf(e.SentAt), Secret: e.Secret,
			CanRetry: e.Status == outlay.EmailFailed && !e.Secret,
		}
		if r.Kind == "" {
			r.Kind = humanize(e.Kind)
		}
		if e.Status == outlay.EmailPending {
			r.NextAttempt = stampOf(&e.NextAttemptAt)
		}
		out = append(out, r)
	}
	return out
}

// emailBadge picks the badge of an email's status: green sent, red failed, blue on its
// way, grey waiting.
func emailBadge(status string) string {
	switch status {
	case outlay.EmailSent:
		return "badge badge-green"
	case outlay.EmailFailed:
		return "badge badge-red"
	case outlay.EmailSending:
		return "badge badge-blue"
	}
	return "badge badge-grey"
}
