package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"outlay/internal/demo"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
	"outlay/internal/upkeep"
)

// notificationsDemo loads the small demo set and fills the outbox and the reminder runs
// as a day of hourly runs would have: reminders to the demo contracts' owners (most
// sent, a few waiting, one refused by the mail server for good), an owner's digest, a
// finance pack and a password reset link. It returns the failed email.
func notificationsDemo(t *testing.T, h *harness) *outlay.Email {
	t.Helper()
	ctx := context.Background()
	ds, err := demo.Generate(demo.SizeSmall, testNow, demo.Calendar())
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, h.DB.Work(), ds, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := upkeep.Run(ctx, h.DB.Work(), h.Srv.Now()); err != nil {
		t.Fatal(err)
	}
	from := testNow.AddDate(0, 0, 1)
	to := testNow.AddDate(0, 3, 0)
	cts, _, err := h.DB.FindContracts(ctx, outlay.ContractFilter{Today: testNow, KeyDateFrom: &from, KeyDateTo: &to, Limit: 14})
	if err != nil || len(cts) < 10 {
		t.Fatalf("demo contracts with key dates: %d, %v", len(cts), err)
	}
	var failed *outlay.Email
	for i, ct := range cts {
		days := int(ct.KeyDate.Sub(testNow).Hours()/24) + 1
		what := "Cancel by"
		if ct.RenewalType != "auto" {
			what = "Term ends"
		}
		subject := fmt.Sprintf("%s %s: %s (%s), %d days left", what, outlay.FormatDate(ct.KeyDate), ct.Title, ct.VendorName, days)
		status := outlay.EmailSent
		switch {
		case i == 3:
			status = outlay.EmailFailed
		case i >= len(cts)-3:
			status = outlay.EmailPending
		}
		h.DB.Now = func() time.Time { return testNow.Add(-time.Duration(len(cts)-i) * 37 * time.Minute) }
		e := seedEmail(t, h, outlay.EmailReminder, ct.OwnerEmail, subject, status, false)
		if status == outlay.EmailFailed {
			failed = e
		}
	}
	h.DB.Now = func() time.Time { return testNow.Add(-3 * time.Minute) }
	seedEmail(t, h, outlay.EmailDigest, cts[0].OwnerEmail, "Your key dates this week: 3 coming, 1 missed", outlay.EmailSending, false)
	seedEmail(t, h, outlay.EmailPack, "finance@demo.example", "Finance pack FY2027 Q2 (quarterly.xlsx)", outlay.EmailSent, false)
	seedEmail(t, h, outlay.EmailPasswordReset, cts[1].OwnerEmail, "Reset your Outlay password", outlay.EmailPending, true)
	h.DB.Now = func() time.Time { return testNow }
	if _, err := h.DB.WriteDB().Exec(`UPDATE outbox SET last_error = '550 5.1.1 <`+failed.To+`>: Recipient address rejected: User unknown in virtual mailbox table' WHERE id = ?`, failed.ID); err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		started := testNow.Add(-time.Duration(12-i)*time.Hour + 5*time.Minute)
		planned, sent, failedN, errText := 0, 0, 0, ""
		switch i {
		case 2:
			planned, sent = 9, 9
		case 6:
			planned, sent, failedN, errText = 2, 1, 1, "1 email failed: 550 5.1.1 recipient address rejected"
		case 11:
			planned = 3
		}
		if _, err := h.DB.WriteDB().Exec(`INSERT INTO reminder_runs (started_at, finished_at, as_of, holder, planned, sent, skipped, rolled, failed, error)
			VALUES (?, ?, ?, 'outlay-1:4121', ?, ?, ?, ?, ?, ?)`,
			started.Format(sqlite.TimeLayout), started.Add(1400*time.Millisecond).Format(sqlite.TimeLayout), outlay.FormatDate(started),
			planned, sent, map[bool]int{true: 4}[i == 2], map[bool]int{true: 1}[i == 2], failedN, errText); err != nil {
			t.Fatal(err)
		}
	}
	return failed
}

// screenshot saves the whole page as a PNG into $OUTLAY_SCREENSHOTS (when set), for a
// person to look at.
func (p *tab) screenshot(name string) {
	p.t.Helper()
	dir := os.Getenv("OUTLAY_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := run(p, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// TestBrowserNotificationsRetry is an admin's look at a failed reminder: the
// Notifications page shows it with the mail server's refusal; Retry makes it pending,
// and the page says so. On a phone the page fits the screen with the outbox's created,
// recipient and status columns in view.
func TestBrowserNotificationsRetry(t *testing.T) {
	h := newHarness(t, withMail(mailSetUp, nil))
	failed := notificationsDemo(t, h)
	admin := h.user(outlay.RoleAdmin)
	p := newTab(t, h)
	p.do("sign in", chromedp.Navigate(h.URL+"/login"), loaded("#f-email"),
		fill("#f-email", admin.Email), fill("#f-password", testPassword), click(`main form button[type="submit"]`), loaded(".cards"))
	expectContains(t, "banner on the dashboard", p.text("[data-mail-banner]"), "1 email failed — see Notifications")

	p.do("open Notifications from the menu", click(`.mainnav a[href="/notifications"]`), loaded("#emails"))
	row := fmt.Sprintf("#email-%d", failed.ID)
	expectContains(t, "failed row", p.text(row), failed.To)
	expectContains(t, "failed row", p.text(row), "Failed")
	expectContains(t, "failed row's error", p.text(row+" .email-error"), "Recipient address rejected: User unknown")
	expectContains(t, "tabs", p.text(".tabs"), "Failed 1")
	expectContains(t, "mail", p.text("#mail-status"), "smtp.acme.example:587")
	expectContains(t, "last run", p.text("#last-run"), "3 emails planned · 0 skipped · 0 rolled")
	p.screenshot("notifications-1280")

	p.do("press Retry", click(row+" form.retry button"), loaded(".flash"))
	expect(t, "flash", p.text(".flash"), "The email to "+failed.To+" is pending again and goes out at the next attempt.")
	expectContains(t, "row after retry", p.text(row), "Pending")
	if n := run(p, "retry buttons on the row", chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(row+" form.retry")+`).length`)); n != 0 {
		t.Errorf("the retried email still offers Retry (%d)", n)
	}
	expectContains(t, "tabs after retry", p.text(".tabs"), "Failed 0")
	if got := emailByID(t, h, failed.ID); got.Status != outlay.EmailPending {
		t.Errorf("stored status %s", got.Status)
	}
	if strings.Contains(p.text("main"), "SECRET-LINK") {
		t.Error("the page shows a reset link")
	}

	p.do("on a phone", chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(h.URL+"/notifications"), loaded("#emails"))
	p.checkPhoneWidth("/notifications")
	if hidden := run(p, "key columns", chromedp.Evaluate[string](keyColumnsHidden("#emails", "Created", "Recipient", "Status"))); hidden != "" {
		t.Errorf("outbox key columns out of view: %s", hidden)
	}
	p.screenshot("notifications-390")
}

// TestBrowserMailBannerNotSetUp is what an admin sees before mail is set up: a banner
// on every page counting the emails that wait, and on the Notifications page exactly
// what to set.
func TestBrowserMailBannerNotSetUp(t *testing.T) {
	h := newHarness(t)
	notificationsDemo(t, h)
	admin := h.user(outlay.RoleAdmin)
	p := newTab(t, h)
	p.do("sign in", chromedp.Navigate(h.URL+"/login"), loaded("#f-email"),
		fill("#f-email", admin.Email), fill("#f-password", testPassword), click(`main form button[type="submit"]`), loaded(".cards"))
	expectContains(t, "banner", p.text("[data-mail-banner]"), "Email is not set up: 4 emails wait in the outbox.")
	p.screenshot("banner-dashboard-1280")
	p.do("follow the banner", click("[data-mail-banner] a"), loaded("#mail-setup"))
	expectContains(t, "set-up", p.text("#mail-setup"), "OUTLAY_SMTP_PASSWORD or OUTLAY_SMTP_PASSWORD_FILE")
	p.screenshot("notifications-unconfigured-1280")
	p.do("on a phone", chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(h.URL+"/notifications"), loaded("#mail-setup"))
	p.checkPhoneWidth("/notifications unconfigured")
	p.screenshot("notifications-unconfigured-390")
}
