package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"outlay/internal/mail"
)

// plainText returns the decoded text/plain part of a received message, as a mail
// program shows it: multipart walked, quoted-printable and base64 undone.
func plainText(t *testing.T, raw []byte) (header netmail.Header, text string) {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(ct, cte string, body io.Reader) string
	walk = func(ct, cte string, body io.Reader) string {
		media, params, _ := mime.ParseMediaType(ct)
		if strings.HasPrefix(media, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err != nil {
					return ""
				}
				if s := walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); s != "" {
					return s
				}
			}
		}
		if media != "text/plain" {
			return ""
		}
		switch strings.ToLower(cte) {
		case "quoted-printable":
			body = quotedprintable.NewReader(body)
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		b, _ := io.ReadAll(body)
		return string(b)
	}
	return m.Header, walk(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body)
}

// The outbox worker runs beside the server as cmd/outlay runs it: the request wakes it,
// it delivers the reset email to a real SMTP server, and the link in the received
// message, followed as the recipient would, sets the new password. Once sent, the
// outbox no longer holds the link.
func TestPasswordResetEmailDeliveredAndFollowed(t *testing.T) {
	box := &smtpInbox{arrived: make(chan []byte, 4)}
	sender, err := mail.NewSender(startInbox(t, box))
	if err != nil {
		t.Fatal(err)
	}
	var running atomic.Pointer[mail.Worker]
	h := newHarness(t, func(w *harnessWiring) {
		w.config.Mail = testMail
		w.config.Mail.BaseURL = "" // links from the request: the test's own server
		w.config.WakeMail = func() { running.Load().Wake() }
	})
	worker := &mail.Worker{Outbox: h.DB, Sender: sender, Log: slog.New(slog.NewTextHandler(testLogs, nil)),
		Now:     func() time.Time { return testNow.Add(time.Second) },
		MaxIdle: time.Hour} // only the wake gets this email out in time
	running.Store(worker)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); worker.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-stopped })

	u := h.user("admin")
	c := h.client()
	if r := c.postForm("/password/forgot", url.Values{"email": {u.Email}}); r.Code != http.StatusOK {
		t.Fatalf("request: %d", r.Code)
	}
	var raw []byte
	select {
	case raw = <-box.arrived:
	case <-time.After(20 * time.Second):
		t.Fatal("no email reached the SMTP server")
	}
	header, text := plainText(t, raw)
	if to := header.Get("To"); !strings.Contains(to, u.Email) || header.Get("Subject") != "Reset your Outlay password" {
		t.Fatalf("received To %q, Subject %q", to, header.Get("Subject"))
	}
	m := resetLinkRe.FindStringSubmatch(text)
	if m == nil || !strings.HasPrefix(m[0], h.URL+"/password/reset/") {
		t.Fatalf("no link to %s in the received text:\n%s", h.URL, text)
	}
	path := strings.TrimPrefix(m[0], h.URL)
	noteSecret("password reset secret", m[1])
	pw := "received by email passphrase"
	noteSecret("password", pw)
	if r := c.get(path); r.Code != http.StatusOK {
		t.Fatalf("the received link: %d", r.Code)
	}
	if r := c.postForm(path, url.Values{"new_password": {pw}, "new_password_confirm": {pw}}); r.Code != http.StatusSeeOther {
		t.Fatalf("reset through the received link: %d", r.Code)
	}
	if r := h.client().postForm("/login", url.Values{"email": {u.Email}, "password": {pw}}); r.Code != http.StatusSeeOther {
		t.Fatalf("sign in with the new password: %d", r.Code)
	}
	var status, body string
	if err := h.DB.ReadDB().QueryRow(`SELECT status, body_text || body_html FROM outbox WHERE kind = 'password_reset'`).Scan(&status, &body); err != nil {
		t.Fatal(err)
	}
	if status != "sent" || strings.Contains(body, m[1]) {
		t.Fatalf("outbox after sending: %s, body still holds the link: %v", status, strings.Contains(body, m[1]))
	}
}
