package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// mailSetUp is a configured mail status, as cmd/outlay reports a working set-up.
var mailSetUp = outlay.MailStatus{Configured: true, Host: "smtp.acme.example:587", From: "Outlay <outlay@acme.example>",
	TLS: "starttls", BaseURL: "https://outlay.acme.example"}

// withMail serves with the mail status st; wake, when not nil, is the worker's wake-up.
func withMail(st outlay.MailStatus, wake func()) harnessOption {
	return func(w *harnessWiring) { w.config.Mail, w.config.WakeMail = st, wake }
}

// countingOutbox counts the outbox's CountEmails calls, to hold the banner to admins.
type countingOutbox struct {
	outlay.OutboxService
	counts atomic.Int64
}

func (o *countingOutbox) CountEmails(ctx context.Context) (map[string]int, error) {
	o.counts.Add(1)
	return o.OutboxService.CountEmails(ctx)
}

// seeded numbers the seeded emails' keys.
var seeded atomic.Int64

// seedEmail writes an email of kind to to the outbox as a reminder run would, then sets
// its status (and for a failed one its error) as the worker would have left it.
func seedEmail(t *testing.T, h *harness, kind, to, subject, status string, secret bool) *outlay.Email {
	t.Helper()
	key := fmt.Sprintf("seed/%s/%s/%d", kind, to, seeded.Add(1))
	e := &outlay.Email{Kind: kind, Key: key, To: to, Subject: subject, Text: "Body of " + subject, Secret: secret,
		MessageID: outlay.MessageID(key, "acme.example")}
	if secret {
		e.Text = "Sign in here: https://outlay.acme.example/reset/SECRET-LINK-" + to
	}
	err := h.DB.Update(context.Background(), func(tx *sqlite.Tx) error {
		_, err := tx.EnqueueEmail(context.Background(), e)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// As storage does once an email is sent or failed, a secret body is emptied.
	const forget = `body_text = CASE WHEN secret = 1 THEN '' ELSE body_text END`
	switch status {
	case outlay.EmailFailed:
		_, err = h.DB.WriteDB().Exec(`UPDATE outbox SET status = 'failed', attempts = 3, last_error = '550 5.1.1 mailbox unavailable', `+forget+` WHERE id = ?`, e.ID)
	case outlay.EmailSent:
		_, err = h.DB.WriteDB().Exec(`UPDATE outbox SET status = 'sent', attempts = 1, sent_at = ?, `+forget+` WHERE id = ?`,
			e.CreatedAt.Add(4*time.Second).Format(sqlite.TimeLayout), e.ID)
	case outlay.EmailSending:
		_, err = h.DB.WriteDB().Exec(`UPDATE outbox SET status = 'sending', next_attempt_at = '2026-11-25T09:35:00.000000Z' WHERE id = ?`, e.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// emailByID reads one email as the page's storage sees it.
func emailByID(t *testing.T, h *harness, id int64) *outlay.Email {
	t.Helper()
	got, _, err := h.DB.FindEmails(context.Background(), outlay.EmailFilter{ID: &id})
	if err != nil || len(got) != 1 {
		t.Fatalf("email %d: %v, %v", id, got, err)
	}
	return got[0]
}

// flashAfter follows a 303 and returns the flash the next page shows.
func flashAfter(t *testing.T, c *client, res response) (string, response) {
	t.Helper()
	if res.Code != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%s", res.Code, res.Body)
	}
	next := c.get(res.Header.Get("Location"))
	m := regexp.MustCompile(`(?s)<div class="flash flash-(\w+)" role="status">(.*?)</div>`).FindStringSubmatch(next.Body)
	if m == nil {
		t.Fatalf("no flash after %s", res.Header.Get("Location"))
	}
	return m[1] + ": " + m[2], next
}

// Only administrators reach the page and its actions; the menu offers it to them alone.
func TestNotificationsAreForAdmins(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn(outlay.RoleAdmin)
	for _, role := range []string{outlay.RoleViewer, outlay.RoleEditor} {
		c, _ := h.signIn(role)
		if res := c.get("/notifications"); res.Code != http.StatusForbidden {
			t.Errorf("%s: GET /notifications %d, want 403", role, res.Code)
		}
		if res := c.postForm("/notifications/test", url.Values{"to": {"x@example.com"}}); res.Code != http.StatusForbidden {
			t.Errorf("%s: POST /notifications/test %d, want 403", role, res.Code)
		}
		if res := c.get("/"); strings.Contains(res.Body, `href="/notifications"`) {
			t.Errorf("%s: the menu links to Notifications", role)
		}
	}
	if res := h.client().get("/notifications"); res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous: %d to %q, want 303 to sign in", res.Code, res.Header.Get("Location"))
	}
	if _, total, err := h.DB.FindEmails(context.Background(), outlay.EmailFilter{}); err != nil || total != 0 {
		t.Errorf("outbox holds %d emails after refused posts (%v)", total, err)
	}
	res := admin.get("/")
	mustContain(t, "admin's menu", res.Body, `<a href="/notifications">Notifications</a>`)
	page := admin.get("/notifications")
	if page.Code != http.StatusOK {
		t.Fatalf("admin: %d\n%s", page.Code, page.Body)
	}
	mustContain(t, "notifications page", page.Body, `<a href="/notifications" aria-current="page">Notifications</a>`, "<h1>Notifications</h1>")
}

// Not set up: the page says so and lists exactly the variables to set; set up: host,
// sender, TLS and the links' address, and never a password.
func TestNotificationsMailStatus(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn(outlay.RoleAdmin)
	page := admin.get("/notifications").Body
	mustContain(t, "retention", page, "Sent and failed emails are kept for 400 days, the finance pack’s workbook attached to them for 30")
	mustContain(t, "not set up", page, "Not set up", "OUTLAY_SMTP_HOST", "OUTLAY_SMTP_PORT", "OUTLAY_SMTP_USER",
		"OUTLAY_SMTP_PASSWORD or OUTLAY_SMTP_PASSWORD_FILE", "OUTLAY_SMTP_FROM", "OUTLAY_SMTP_TLS", "OUTLAY_BASE_URL")

	bad := outlay.MailStatus{Problem: "SMTP sender address (From) is missing"}
	h2 := newHarness(t, withMail(bad, nil))
	a2, _ := h2.signIn(outlay.RoleAdmin)
	mustContain(t, "problem", a2.get("/notifications").Body, "SMTP sender address (From) is missing", "OUTLAY_SMTP_FROM")

	h3 := newHarness(t, withMail(mailSetUp, nil))
	a3, _ := h3.signIn(outlay.RoleAdmin)
	set := a3.get("/notifications").Body
	mustContain(t, "set up", set, "Set up", "smtp.acme.example:587", "Outlay &lt;outlay@acme.example&gt;", "STARTTLS", "https://outlay.acme.example")
	if strings.Contains(set, "OUTLAY_SMTP_PASSWORD") {
		t.Error("a set-up page still lists the variables to set")
	}
}

// The last run with its counts and error, the next one an hour after it started, and
// the last ten runs; before any run, the next is at the next start.
func TestNotificationsReminderRuns(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn(outlay.RoleAdmin)
	mustContain(t, "no runs", admin.get("/notifications").Body, "none yet", "at the next start of Outlay")

	for i := range 12 {
		started := testNow.Add(-time.Duration(12-i) * 5 * time.Minute)
		if _, err := h.DB.WriteDB().Exec(`INSERT INTO reminder_runs (started_at, finished_at, as_of, holder, planned, sent, skipped, rolled, failed, error)
			VALUES (?, ?, '2026-11-25', 'web:1', ?, ?, 1, 0, ?, ?)`,
			started.Format(sqlite.TimeLayout), started.Add(2*time.Second).Format(sqlite.TimeLayout), 10+i, 8+i, i%2, map[bool]string{true: "smtp: 421 try again later", false: ""}[i == 11]); err != nil {
			t.Fatal(err)
		}
	}
	page := admin.get("/notifications").Body
	mustContain(t, "last run", page, "2026-11-25 09:25 UTC", "21 emails planned · 1 skipped · 0 rolled · 19 sent · ", "1 failed",
		"smtp: 421 try again later", "2026-11-25 10:25 UTC")
	runs := regexp.MustCompile(`(?s)<table class="data" id="runs">.*?</table>`).FindString(page)
	if n := strings.Count(runs, "<tr>") - 1; n != 10 {
		t.Errorf("%d runs listed, want the last 10", n)
	}
	if strings.Contains(runs, "2026-11-25 08:30") || strings.Contains(runs, "2026-11-25 08:35") {
		t.Error("the two oldest runs are listed")
	}

	// A run still going has no finish time: it says so.
	if _, err := h.DB.WriteDB().Exec(`INSERT INTO reminder_runs (started_at, as_of, holder) VALUES (?, '2026-11-25', 'web:1')`,
		testNow.Add(-time.Minute).Format(sqlite.TimeLayout)); err != nil {
		t.Fatal(err)
	}
	page = admin.get("/notifications").Body
	mustContain(t, "running", page, "2026-11-25 09:29 UTC", `<span class="badge badge-blue">running</span>`, "2026-11-25 10:29 UTC")

	// A last run more than an hour ago: the next is due now.
	h.Srv.Now = func() time.Time { return testNow.Add(2 * time.Hour) }
	mustContain(t, "overdue", admin.get("/notifications").Body, "due now")
}

// A test email goes into the outbox with its kind, recipient and a Message-ID at the
// sender's domain, wakes the worker and says so; it defaults to the admin's address.
func TestNotificationsTestEmail(t *testing.T) {
	var woken atomic.Int64
	h := newHarness(t, withMail(mailSetUp, func() { woken.Add(1) }))
	admin, me := h.signIn(outlay.RoleAdmin)
	mustContain(t, "form", admin.get("/notifications").Body, `name="to" type="email" value="`+me.Email+`"`)

	flash, next := flashAfter(t, admin, admin.postForm("/notifications/test", url.Values{"to": {"  ann@example.com "}}))
	expect(t, "flash", flash, "success: Test email to ann@example.com is in the outbox.")
	if woken.Load() != 1 {
		t.Errorf("worker woken %d times, want 1", woken.Load())
	}
	emails, total, err := h.DB.FindEmails(context.Background(), outlay.EmailFilter{})
	if err != nil || total != 1 {
		t.Fatalf("outbox: %d emails, %v", total, err)
	}
	e := emailByID(t, h, emails[0].ID)
	if e.Kind != outlay.EmailTest || e.To != "ann@example.com" || e.Status != outlay.EmailPending {
		t.Errorf("email %+v", e)
	}
	wantKey := "test/" + fmt.Sprint(testNow.UnixNano()) + "/ann@example.com"
	if e.Key != wantKey || e.MessageID != outlay.MessageID(wantKey, "acme.example") || !strings.HasSuffix(e.MessageID, "@acme.example>") {
		t.Errorf("key %q, Message-ID %q", e.Key, e.MessageID)
	}
	// The content is letters.Test's, both parts, with the recipient and the links' address.
	if !strings.Contains(e.Text, "ann@example.com") || !strings.Contains(e.Text, "https://outlay.acme.example") || e.Subject == "" ||
		!strings.Contains(e.HTML, "ann@example.com") {
		t.Errorf("subject %q, text %q, html %q", e.Subject, e.Text, e.HTML)
	}
	mustContain(t, "outbox row", next.Body, "Test email", "ann@example.com", e.Subject, `<span class="badge badge-grey">Pending</span>`)

	// Without mail set up the email still waits in the outbox, and the flash says so.
	h2 := newHarness(t)
	a2, _ := h2.signIn(outlay.RoleAdmin)
	flash, _ = flashAfter(t, a2, a2.postForm("/notifications/test", url.Values{"to": {"bob@example.com"}}))
	expect(t, "flash unconfigured", flash, "success: Test email to bob@example.com is in the outbox. It waits there until email is set up.")
	if e := emailByID(t, h2, 1); !strings.HasSuffix(e.MessageID, "@outlay.invalid>") {
		t.Errorf("Message-ID without a sender: %q", e.MessageID)
	}
}

// A bad address comes back with 422, what was typed, and the message at the field.
func TestNotificationsTestEmailRefused(t *testing.T) {
	h := newHarness(t, withMail(mailSetUp, nil))
	admin, _ := h.signIn(outlay.RoleAdmin)
	for _, to := range []string{"not-an-email", "", "ann@example.com, bob@example.com", "ann\u202e@example.com"} {
		res := admin.postForm("/notifications/test", url.Values{"to": {to}})
		if res.Code != http.StatusUnprocessableEntity {
			t.Errorf("%q: %d, want 422", to, res.Code)
			continue
		}
		mustContain(t, to, res.Body, `id="e-to"`, `aria-invalid="true"`, "<h1>Notifications</h1>")
		if !strings.ContainsRune(to, '\u202e') {
			mustContain(t, to, res.Body, `value="`+to+`"`)
		}
	}
	res := admin.postForm("/notifications/test", url.Values{"to": {"not-an-email"}})
	mustContain(t, "message", res.Body, `<p class="error" id="e-to">not a valid email address</p>`, `value="not-an-email"`)
	if _, total, _ := h.DB.FindEmails(context.Background(), outlay.EmailFilter{}); total != 0 {
		t.Errorf("%d emails written by refused sends", total)
	}
}

// Retry makes a failed email pending again and comes back to the tab it was pressed
// on; an email that is not failed says why in the flash and stays as it was.
func TestNotificationsRetry(t *testing.T) {
	var woken atomic.Int64
	h := newHarness(t, withMail(mailSetUp, func() { woken.Add(1) }))
	admin, _ := h.signIn(outlay.RoleAdmin)
	failed := seedEmail(t, h, outlay.EmailReminder, "ann@example.com", "Cancel by 2027-01-01: Hosting", outlay.EmailFailed, false)
	sent := seedEmail(t, h, outlay.EmailReminder, "bob@example.com", "Cancel by 2027-01-01: Hosting", outlay.EmailSent, false)
	reset := seedEmail(t, h, outlay.EmailPasswordReset, "cy@example.com", "Reset your Outlay password", outlay.EmailFailed, true)

	page := admin.get("/notifications?status=failed").Body
	mustContain(t, "failed tab", page, `action="/notifications/emails/`+itoa(failed.ID)+`/retry"`, "550 5.1.1 mailbox unavailable",
		`<input type="hidden" name="status" value="failed">`)
	if strings.Contains(page, `/notifications/emails/`+itoa(reset.ID)+`/retry`) {
		t.Error("a failed reset link offers Retry")
	}

	res := admin.postForm("/notifications/emails/"+itoa(failed.ID)+"/retry", url.Values{"status": {"failed"}})
	expect(t, "back to", res.Header.Get("Location"), "/notifications?status=failed#outbox")
	flash, _ := flashAfter(t, admin, res)
	expect(t, "flash", flash, "success: The email to ann@example.com is pending again and goes out at the next attempt.")
	if got := emailByID(t, h, failed.ID); got.Status != outlay.EmailPending || !got.NextAttemptAt.Equal(testNow) {
		t.Errorf("after retry: %s, next %v", got.Status, got.NextAttemptAt)
	}
	if woken.Load() != 1 {
		t.Errorf("worker woken %d times", woken.Load())
	}

	res = admin.postForm("/notifications/emails/"+itoa(sent.ID)+"/retry", url.Values{"status": {"bogus"}, "page": {"x"}})
	expect(t, "back to after conflict", res.Header.Get("Location"), "/notifications#outbox")
	flash, _ = flashAfter(t, admin, res)
	expect(t, "conflict flash", flash, "error: Only a failed email can be retried; this one is sent.")
	if got := emailByID(t, h, sent.ID); got.Status != outlay.EmailSent {
		t.Errorf("sent email now %s", got.Status)
	}
	flash, _ = flashAfter(t, admin, admin.postForm("/notifications/emails/"+itoa(reset.ID)+"/retry", nil))
	expectContains(t, "reset flash", flash, "error: This sign-in link was discarded")
	if res := admin.postForm("/notifications/emails/999999/retry", nil); res.Code != http.StatusNotFound {
		t.Errorf("no such email: %d", res.Code)
	}
}

// The tabs count each status, a tab lists only its emails, and a status that is not one
// shows every email with 400 and a message.
func TestNotificationsTabs(t *testing.T) {
	h := newHarness(t, withMail(mailSetUp, nil))
	admin, _ := h.signIn(outlay.RoleAdmin)
	for i := range 3 {
		seedEmail(t, h, outlay.EmailReminder, fmt.Sprintf("p%d@example.com", i), "Pending one", outlay.EmailPending, false)
	}
	seedEmail(t, h, outlay.EmailDigest, "s@example.com", "Your week", outlay.EmailSending, false)
	seedEmail(t, h, outlay.EmailPack, "fin@example.com", "Finance pack FY2027 Q2", outlay.EmailSent, false)
	seedEmail(t, h, outlay.EmailPassed, "f1@example.com", "Deadline passed", outlay.EmailFailed, false)
	seedEmail(t, h, outlay.EmailPassed, "f2@example.com", "Deadline passed", outlay.EmailFailed, false)

	tabs := func(body string) string {
		nav := regexp.MustCompile(`(?s)<nav class="tabs".*?</nav>`).FindString(body)
		nav = regexp.MustCompile(`<[^>]+>`).ReplaceAllString(nav, " ")
		return strings.Join(strings.Fields(nav), " ")
	}
	all := admin.get("/notifications")
	expect(t, "tabs", tabs(all.Body), "All 7 Pending 3 Sending 1 Sent 1 Failed 2")
	mustContain(t, "all", all.Body, "7 emails in the outbox", "Weekly digest", "Finance pack", "Deadline passed",
		`<a href="/notifications#outbox" aria-current="page">All`)

	failed := admin.get("/notifications?status=failed")
	mustContain(t, "failed tab", failed.Body, "2 failed emails", "f1@example.com", "f2@example.com",
		`<a href="/notifications?status=failed#outbox" aria-current="page">Failed`)
	for _, other := range []string{"p0@example.com", "s@example.com", "fin@example.com"} {
		if strings.Contains(failed.Body, other) {
			t.Errorf("failed tab lists %s", other)
		}
	}
	mustContain(t, "sent tab", admin.get("/notifications?status=sent").Body, "1 sent email", "fin@example.com", `<span class="mono">2026-11-25</span><br><span class="mono muted">09:30</span>`)
	mustContain(t, "sending tab", admin.get("/notifications?status=sending").Body, "1 sending email", `<span class="badge badge-blue">Sending</span>`)

	bad := admin.get("/notifications?status=lost")
	if bad.Code != http.StatusBadRequest {
		t.Errorf("unknown status: %d, want 400", bad.Code)
	}
	mustContain(t, "unknown status", bad.Body, "There is no email status “lost”", "7 emails in the outbox")
}

// Fifty emails to a page, newest first, with page links that keep the tab.
func TestNotificationsPages(t *testing.T) {
	h := newHarness(t, withMail(mailSetUp, nil))
	admin, _ := h.signIn(outlay.RoleAdmin)
	for i := range 53 {
		h.DB.Now = func() time.Time { return testNow.Add(time.Duration(i) * time.Minute) }
		seedEmail(t, h, outlay.EmailReminder, fmt.Sprintf("r%02d@example.com", i), "Reminder", outlay.EmailFailed, false)
	}
	first := admin.get("/notifications?status=failed")
	if n := strings.Count(first.Body, `<tr id="email-`); n != 50 {
		t.Errorf("first page: %d rows, want 50", n)
	}
	if i, j := strings.Index(first.Body, "r52@example.com"), strings.Index(first.Body, "r03@example.com"); i < 0 || j < 0 || i > j {
		t.Errorf("first page not newest first (r52 at %d, r03 at %d)", i, j)
	}
	mustContain(t, "pager", first.Body, `href="/notifications?page=2&amp;status=failed">Next</a>`)
	second := admin.get("/notifications?status=failed&page=2")
	if n := strings.Count(second.Body, `<tr id="email-`); n != 3 {
		t.Errorf("second page: %d rows, want 3", n)
	}
	mustContain(t, "second page", second.Body, "r02@example.com", "r00@example.com", `<input type="hidden" name="page" value="2">`)
	res := admin.postForm("/notifications/emails/1/retry", url.Values{"status": {"failed"}, "page": {"2"}})
	expect(t, "back to page 2", res.Header.Get("Location"), "/notifications?page=2&status=failed#outbox")
}

// The banner: admins alone see it, on every page. Not set up, it counts what waits;
// set up, it shows only when emails failed. Other roles' pages do not count the outbox.
func TestMailBanner(t *testing.T) {
	var mu sync.Mutex
	var outbox *countingOutbox
	wrap := func(w *harnessWiring) {
		mu.Lock()
		defer mu.Unlock()
		outbox = &countingOutbox{OutboxService: w.services.Outbox}
		w.services.Outbox = outbox
	}
	h := newHarness(t, wrap)
	admin, _ := h.signIn(outlay.RoleAdmin)
	viewer, _ := h.signIn(outlay.RoleViewer)
	editor, _ := h.signIn(outlay.RoleEditor)
	banner := regexp.MustCompile(`(?s)<div class="mail-banner[^"]*" role="status" data-mail-banner>(.*?)</div>`)
	text := func(body string) string {
		m := banner.FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], "")), " ")
	}
	expect(t, "empty outbox", text(admin.get("/").Body),
		"Email is not set up: no email waits in the outbox yet. Set OUTLAY_SMTP_HOST and OUTLAY_SMTP_FROM (and the account, if the server needs one) — see Notifications.")
	seedEmail(t, h, outlay.EmailReminder, "ann@example.com", "One", outlay.EmailPending, false)
	expectContains(t, "one waiting", text(admin.get("/contracts").Body), "Email is not set up: 1 email waits in the outbox. Set OUTLAY_SMTP_HOST")
	seedEmail(t, h, outlay.EmailReminder, "bob@example.com", "Two", outlay.EmailPending, false)
	seedEmail(t, h, outlay.EmailReminder, "cy@example.com", "Three", outlay.EmailFailed, false)
	expectContains(t, "two waiting", text(admin.get("/admin/settings").Body), "Email is not set up: 2 emails wait in the outbox. Set OUTLAY_SMTP_HOST")

	before := outbox.counts.Load()
	for _, c := range []*client{viewer, editor} {
		for _, path := range []string{"/", "/contracts", "/renewals", "/profile"} {
			res := c.get(path)
			if res.Code != http.StatusOK {
				t.Fatalf("%s: %d", path, res.Code)
			}
			if text(res.Body) != "" || strings.Contains(res.Body, "data-mail-banner") {
				t.Errorf("%s shows a non-admin the banner", path)
			}
		}
	}
	if n := outbox.counts.Load() - before; n != 0 {
		t.Errorf("non-admins' pages counted the outbox %d times", n)
	}
	before = outbox.counts.Load()
	admin.get("/notifications")
	if n := outbox.counts.Load() - before; n != 1 {
		t.Errorf("the Notifications page counted the outbox %d times, want once for banner and tabs", n)
	}

	// Set up: no banner until an email failed, then the count of failed ones.
	hs := newHarness(t, withMail(mailSetUp, nil))
	as, _ := hs.signIn(outlay.RoleAdmin)
	seedEmail(t, hs, outlay.EmailReminder, "ann@example.com", "One", outlay.EmailPending, false)
	if got := text(as.get("/").Body); got != "" {
		t.Errorf("set up, nothing failed: banner %q", got)
	}
	seedEmail(t, hs, outlay.EmailReminder, "bob@example.com", "Two", outlay.EmailFailed, false)
	expect(t, "one failed", text(as.get("/").Body), "1 email failed — see Notifications.")
	seedEmail(t, hs, outlay.EmailReminder, "cy@example.com", "Three", outlay.EmailFailed, false)
	mustContain(t, "two failed", as.get("/vendors").Body, `<strong>2 emails failed</strong> — see <a href="/notifications?status=failed#outbox">Notifications</a>`)
	vs, _ := hs.signIn(outlay.RoleViewer)
	if strings.Contains(vs.get("/").Body, "data-mail-banner") {
		t.Error("a viewer sees the failed banner")
	}
}

// The page shows a secret email's recipient and subject, never its body; nor does it
// show any email's body.
func TestNotificationsHideBodies(t *testing.T) {
	h := newHarness(t, withMail(mailSetUp, nil))
	admin, _ := h.signIn(outlay.RoleAdmin)
	seedEmail(t, h, outlay.EmailPasswordReset, "ann@example.com", "Reset your Outlay password", outlay.EmailPending, true)
	seedEmail(t, h, outlay.EmailPasswordReset, "bob@example.com", "Reset your Outlay password", outlay.EmailSending, true)
	seedEmail(t, h, outlay.EmailReminder, "cy@example.com", "Cancel by 2027-01-01", outlay.EmailPending, false)
	for _, path := range []string{"/notifications", "/notifications?status=pending", "/notifications?status=sending"} {
		body := admin.get(path).Body
		if strings.Contains(body, "SECRET-LINK") || strings.Contains(body, "/reset/") {
			t.Errorf("%s shows a reset link", path)
		}
		if strings.Contains(body, "Body of ") {
			t.Errorf("%s shows an email's body", path)
		}
	}
	mustContain(t, "secret row", admin.get("/notifications").Body, "ann@example.com", "Reset your Outlay password", "Password reset", "body hidden")
}
