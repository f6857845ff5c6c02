package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"outlay/internal/mail"
	"outlay/internal/outlay"
)

// The whole way of a test email: the page writes it, the worker (woken by the page)
// delivers it to a real SMTP server with the Message-ID the page fixed, and the page
// then shows it sent. One the server refuses shows as failed with the server's words
// and raises the banner; once the address is fixed, Retry sends it.
func TestNotificationsTestEmailDelivered(t *testing.T) {
	inbox := &smtpInbox{refuse: map[string]bool{"nobody@acme.example": true}}
	cfg := startInbox(t, inbox)
	sender, err := mail.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	woken := make(chan struct{}, 8)
	status := outlay.MailStatus{Configured: true, Host: cfg.Host + ":" + strconv.Itoa(cfg.Port), From: cfg.From, TLS: cfg.TLS, BaseURL: cfg.BaseURL}
	h := newHarness(t, withMail(status, func() { woken <- struct{}{} }))
	worker := &mail.Worker{Outbox: h.DB, Sender: sender, Log: slog.New(slog.NewTextHandler(testLogs, nil))}
	deliver := func(want mail.Delivery) {
		t.Helper()
		select {
		case <-woken:
		default:
			t.Fatal("the page did not wake the worker")
		}
		got, err := worker.DeliverDue(context.Background())
		if err != nil || got != want {
			t.Fatalf("delivery %+v (%v), want %+v", got, err, want)
		}
	}
	admin, _ := h.signIn(outlay.RoleAdmin)

	for _, to := range []string{"ann@acme.example", "nobody@acme.example"} {
		if res := admin.postForm("/notifications/test", url.Values{"to": {to}}); res.Code != http.StatusSeeOther {
			t.Fatalf("send to %s: %d", to, res.Code)
		}
	}
	deliver(mail.Delivery{Sent: 1, Failed: 1})
	msgs := inbox.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages arrived, want 1", len(msgs))
	}
	emails, _, err := h.DB.FindEmails(context.Background(), outlay.EmailFilter{Status: outlay.EmailSent})
	if err != nil || len(emails) != 1 || emails[0].To != "ann@acme.example" {
		t.Fatalf("sent emails: %v, %v", emails, err)
	}
	mustContain(t, "arrived", msgs[0], "Message-ID: "+emails[0].MessageID, "To: <ann@acme.example>", "Outlay test email")

	page := admin.get("/notifications").Body
	mustContain(t, "after delivery", page, `<span class="badge badge-green">Sent</span>`, `<span class="badge badge-red">Failed</span>`,
		"Recipient address rejected: User unknown", "<strong>1 email failed</strong>")

	inbox.setRefused("nobody@acme.example", false)
	failed, _, _ := h.DB.FindEmails(context.Background(), outlay.EmailFilter{Status: outlay.EmailFailed})
	if len(failed) != 1 {
		t.Fatalf("%d failed emails", len(failed))
	}
	if res := admin.postForm("/notifications/emails/"+itoa(failed[0].ID)+"/retry", url.Values{"status": {"failed"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("retry: %d", res.Code)
	}
	deliver(mail.Delivery{Sent: 1})
	if n := len(inbox.messages()); n != 2 {
		t.Fatalf("%d messages arrived after the retry, want 2", n)
	}
	page = admin.get("/notifications").Body
	if strings.Contains(page, "data-mail-banner") {
		t.Error("the banner stays after the failed email went out")
	}
	mustContain(t, "after retry", page, "All <span class=\"tab-count\">2</span>", "Sent <span class=\"tab-count\">2</span>",
		"Failed <span class=\"tab-count\">0</span>")
}
