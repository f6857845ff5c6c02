package server_test

import (
	"errors"
	"io"
	"net"
	"outlay/internal/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// smtpInbox is a real go-smtp server's backend: it refuses the addresses in refuse for
// good (550) and keeps every message it accepts, also handing it to arrived when set.
type smtpInbox struct {
	mu       sync.Mutex
	refuse   map[string]bool
	accepted []string    // the raw messages
	arrived  chan []byte // nil, or receives each accepted message
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
	s.b.accepted = append(s.b.accepted, string(data))
	s.b.mu.Unlock()
	if s.b.arrived != nil {
		s.b.arrived <- data
	}
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
