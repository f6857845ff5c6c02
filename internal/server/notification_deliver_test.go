package server_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"outlay/internal/mail"
	"outlay/internal/outlay"
)

// smtpInbox is a real go-smtp server's backend: it refuses the addresses in refuse for
// good (550) and keeps every message it accepts.
type smtpInbox struct {
	mu       sync.Mutex
	refuse   map[string]bool
	accepted []string // the raw messages
}

func (b *smtpInbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &inboxSession{b: b}, nil }

func (b *smtpInbox) setRefused(addr string, refused bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refuse[addr] = refused
}

func (b *smtpInbox) messages() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.accepted...)
}

type inboxSession struct{ b *smtpInbox }

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	if s.b.refuse[to] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: Recipient address rejected: User unknown"}
	}
	return nil
}
func (s *inboxSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.accepted = append(s.b.accepted, string(data))
	return nil
}
func (s *inboxSession) Reset()        {}
func (s *inboxSession) Logout() error { return nil }

// startInbox runs the server on 127.0.0.1 until the test ends and returns the mail
// configuration that reaches it (in clear: it is on the same host).
func startInbox(t *testing.T, b *smtpInbox) mail.Config {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("smtp server: %v", err)
		}
	}()
	t.Cleanup(func() { srv.Close(); <-done })
	return mail.Config{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, From: "Outlay <outlay@acme.example>",
		TLS: mail.TLSNone, BaseURL: "https://outlay.acme.example", Timeout: 10 * time.Second}
}

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
	worker := &mail.Worker{Outbox: h.DB, Sender: sender}
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
