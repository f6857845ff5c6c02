package mail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	netmail "net/mail"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"outlay/internal/mail"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// received is one message that reached the test server's DATA, accepted or not.
type received struct {
	messageID string // the Message-ID header, with its angle brackets
	to        []string
	data      []byte
	accepted  bool
}

// mailbox is a real go-smtp backend that records every message by its Message-ID and
// answers DATA as answer says (nil: accept).
type mailbox struct {
	// answer is called with the Message-ID and how many times that id reached DATA
	// (1 the first time); its error is the server's reply. Set before the server starts.
	answer func(messageID string, attempt int) error

	mu   sync.Mutex
	got  []received
	seen map[string]int // attempts per Message-ID
}

func (b *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &mboxSession{b: b}, nil }

// accepted counts accepted messages per Message-ID.
func (b *mailbox) accepted() map[string]int {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := map[string]int{}
	for _, r := range b.got {
		if r.accepted {
			out[r.messageID]++
		}
	}
	return out
}

// all is every message that reached DATA, in order.
func (b *mailbox) all() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.got...)
}

type mboxSession struct {
	b  *mailbox
	to []string
}

func (s *mboxSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (s *mboxSession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = append(s.to, to); return nil }
func (s *mboxSession) Reset()                                    { s.to = nil }
func (s *mboxSession) Logout() error                             { return nil }

func (s *mboxSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	id := ""
	if m, err := netmail.ReadMessage(bytes.NewReader(data)); err == nil {
		id = m.Header.Get("Message-Id")
	}
	s.b.mu.Lock()
	if s.b.seen == nil {
		s.b.seen = map[string]int{}
	}
	s.b.seen[id]++
	attempt := s.b.seen[id]
	s.b.mu.Unlock()
	var answer error
	if s.b.answer != nil {
		answer = s.b.answer(id, attempt)
	}
	s.b.mu.Lock()
	s.b.got = append(s.b.got, received{messageID: id, to: s.to, data: data, accepted: answer == nil})
	s.b.mu.Unlock()
	return answer
}

// serve runs a real SMTP server for b on addr ("127.0.0.1:0" for any port) until the
// test ends or stop is called, and returns its port.
func serve(t *testing.T, b *mailbox, addr string) (port int, stop func()) {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("smtp server: %v", err)
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			srv.Close()
			<-done
		})
	}
	t.Cleanup(stop)
	return l.Addr().(*net.TCPAddr).Port, stop
}

// senderTo is a real Sender for the test server at port, in clear.
func senderTo(t *testing.T, port int) *mail.Sender {
	t.Helper()
	s, err := mail.NewSender(senderConfig(port))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func senderConfig(port int) mail.Config {
	return mail.Config{Host: "127.0.0.1", Port: port, From: "Outlay <outlay@example.com>", TLS: mail.TLSNone, Timeout: 5 * time.Second}
}

// freePort is a port on 127.0.0.1 nothing listens on (for a server that is down).
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// clock is a test's "now", moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// openOutbox opens a fresh database file in a temporary folder.
func openOutbox(t *testing.T) *sqlite.DB {
	t.Helper()
	d, err := sqlite.Open(filepath.Join(t.TempDir(), "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// enqueueN writes n emails in one unit of work, as a reminder run does, and returns them.
// Their keys are prefix plus their number; each has a Message-ID of its own.
func enqueueN(t *testing.T, d *sqlite.DB, prefix string, n int, edit func(*outlay.Email)) []*outlay.Email {
	t.Helper()
	var out []*outlay.Email
	err := d.Work().Update(context.Background(), func(tx outlay.Tx) error {
		for i := range n {
			key := prefix + strconv.Itoa(i)
			e := &outlay.Email{Kind: outlay.EmailReminder, Key: key, To: fmt.Sprintf("owner%d@example.com", i),
				Subject: "Reminder " + key, Text: "Text of " + key, HTML: "<p>HTML of " + key + "</p>",
				MessageID: outlay.MessageID(key, "example.com")}
			if edit != nil {
				edit(e)
			}
			if wrote, err := tx.EnqueueEmail(context.Background(), e); err != nil || !wrote {
				return fmt.Errorf("enqueue %s: wrote=%v %w", key, wrote, err)
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// emailByID reads one email back as the Notifications page does.
func emailByID(t *testing.T, d *sqlite.DB, id int64) *outlay.Email {
	t.Helper()
	list, _, err := d.FindEmails(context.Background(), outlay.EmailFilter{ID: &id})
	if err != nil || len(list) != 1 {
		t.Fatalf("email %d: %v, %v", id, list, err)
	}
	return list[0]
}

// smtpErr is a reply of the test server.
func smtpErr(code int, enhanced smtp.EnhancedCode, msg string) error {
	return &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: msg}
}
