package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"mime"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"outlay/internal/outlay"
	"outlay/internal/remind"
	"outlay/internal/sqlite"
)

// smtpBackend is a real go-smtp server's backend that keeps what it accepts, or refuses
// every message with dataErr.
type smtpBackend struct {
	dataErr error
	mu      sync.Mutex
	got     []smtpMail
}

type smtpMail struct {
	to   []string
	data []byte
}

func (b *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{b: b}, nil }

func (b *smtpBackend) mails() []smtpMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]smtpMail(nil), b.got...)
}

type smtpSession struct {
	b   *smtpBackend
	cur smtpMail
}

func (s *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.b.dataErr != nil {
		return s.b.dataErr
	}
	s.cur.data = data
	s.b.mu.Lock()
	s.b.got = append(s.b.got, s.cur)
	s.b.mu.Unlock()
	s.cur = smtpMail{}
	return nil
}
func (s *smtpSession) Reset()        { s.cur = smtpMail{} }
func (s *smtpSession) Logout() error { return nil }

// startSMTP serves be on a local port in clear and points the mail settings at it.
func startSMTP(t *testing.T, be *smtpBackend) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := smtp.NewServer(be)
	s.Domain = "localhost"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	mailEnv(t, l.Addr().(*net.TCPAddr).Port)
}

// mailEnv sets the mail settings for a server on the port, in clear, without a password.
func mailEnv(t *testing.T, port int) {
	t.Setenv("OUTLAY_SMTP_HOST", "127.0.0.1")
	t.Setenv("OUTLAY_SMTP_PORT", strconv.Itoa(port))
	t.Setenv("OUTLAY_SMTP_TLS", "none")
	t.Setenv("OUTLAY_SMTP_FROM", "Outlay <outlay@example.com>")
	t.Setenv("OUTLAY_BASE_URL", "https://outlay.example.com")
}

// remindData makes a data folder with a manual contract whose term ends on 2027-01-31:
// as of 2026-11-25 its 90-day reminder to its owner is due.
func remindData(t *testing.T) (dir string, contractID int64) {
	t.Helper()
	for _, k := range []string{"OUTLAY_SMTP_HOST", "OUTLAY_SMTP_PORT", "OUTLAY_SMTP_USER", "OUTLAY_SMTP_PASSWORD",
		"OUTLAY_SMTP_PASSWORD_FILE", "OUTLAY_SMTP_FROM", "OUTLAY_SMTP_TLS", "OUTLAY_BASE_URL"} {
		t.Setenv(k, "")
	}
	dir = t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "ed@example.com", Role: outlay.RoleAdmin, Active: true})
	v := &outlay.Vendor{Name: "Acme", Category: "software", Status: "active", Criticality: "medium"}
	if err := db.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	start, _ := outlay.ParseDate("2026-02-01")
	end, _ := outlay.ParseDate("2027-01-31")
	c := &outlay.Contract{VendorID: v.ID, Title: "Support", Kind: "support", OwnerEmail: "owner@example.com",
		RenewalType: "manual", NoticeUnit: "days", Currency: "EUR",
		Terms: []*outlay.Term{{StartDate: start, EndDate: end, Price: 1200000, Billing: "annual"}}}
	if err := db.CreateContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	// These tests are about the reminders; the weekly digest, which a run on any day of a
	// week catches up, has TestRemindCommandPlansTheWeeksDigest.
	st, err := db.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.WeeklyDigest = false
	if err := db.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	return dir, c.ID
}

// TestRemindCommandPlansTheWeeksDigest checks that the command's run includes the
// extras: the owner's weekly digest is planned and counted apart from the reminders.
func TestRemindCommandPlansTheWeeksDigest(t *testing.T) {
	dir, _ := remindData(t)
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "ed@example.com", Role: outlay.RoleAdmin, Active: true})
	st, err := db.GetSettings(ctx)
	if err == nil {
		st.WeeklyDigest = true
		err = db.UpdateSettings(ctx, st)
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, err := runRemind(t, "--data", dir, "--as-of", "2026-11-25")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, "planned: 2 emails as of 2026-11-25\n") || !strings.Contains(out, "  and 1 weekly digests and finance pack emails\n") {
		t.Fatalf("output\n%s", out)
	}
	if got := outboxStatuses(t, dir); len(got) != 2 {
		t.Fatalf("outbox %v, want the reminder and the digest", got)
	}
}

func runRemind(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(append([]string{"remind"}, args...), strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), err
}

// outboxStatuses lists the outbox's emails as "recipient=status".
func outboxStatuses(t *testing.T, dir string) []string {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.ReadDB().Query(`SELECT recipient, status FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var to, status string
		if err := rows.Scan(&to, &status); err != nil {
			t.Fatal(err)
		}
		out = append(out, to+"="+status)
	}
	return out
}

func TestRemindCommandWithoutMailPlansAndWaits(t *testing.T) {
	dir, _ := remindData(t)
	out, err := runRemind(t, "--data", dir, "--as-of", "2026-11-25")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := "planned: 1 emails as of 2026-11-25\n" +
		"  2027-01-31  term ends, 90 days before  Support  owner@example.com\n" +
		"skipped: 0 steps\n" +
		"rolled: 0 terms\n" +
		"sent: 0 (mail is not configured: the emails wait in the outbox)\n"
	if out != want {
		t.Fatalf("output\n%s\nwant\n%s", out, want)
	}
	if got := outboxStatuses(t, dir); len(got) != 1 || got[0] != "owner@example.com=pending" {
		t.Fatalf("outbox %v", got)
	}
	// Again: nothing new.
	out, err = runRemind(t, "--data", dir, "--as-of", "2026-11-25")
	if err != nil || !strings.HasPrefix(out, "planned: 0 emails") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	// A bad date is a usage error.
	if _, err := runRemind(t, "--data", dir, "--as-of", "25/11/2026"); err == nil {
		t.Fatal("a bad --as-of was accepted")
	} else if _, ok := err.(usageError); !ok {
		t.Fatalf("bad --as-of: %v is not a usage error", err)
	}
}

func TestRemindCommandDryRunChangesNothing(t *testing.T) {
	dir, _ := remindData(t)
	startSMTP(t, &smtpBackend{}) // configured: a dry run still sends nothing
	sum := func() [32]byte {
		b, err := os.ReadFile(filepath.Join(dir, "outlay.db"))
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := sum()
	out, err := runRemind(t, "--data", dir, "--as-of", "2026-11-25", "--dry-run")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.HasPrefix(out, "planned: 1 emails as of 2026-11-25 (dry run)\n  2027-01-31  term ends, 90 days before  Support  owner@example.com\n") ||
		!strings.HasSuffix(out, "dry run: nothing was changed and nothing sent\n") {
		t.Fatalf("output\n%s", out)
	}
	if sum() != before {
		t.Fatal("the dry run changed the database file")
	}
	if got := outboxStatuses(t, dir); len(got) != 0 {
		t.Fatalf("the dry run wrote to the outbox: %v", got)
	}
}

func TestRemindCommandDelivers(t *testing.T) {
	dir, id := remindData(t)
	be := &smtpBackend{}
	startSMTP(t, be)
	out, err := runRemind(t, "--data", dir, "--as-of", "2026-11-25")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.HasSuffix(out, "sent: 1\nfailed: 0\n") {
		t.Fatalf("output\n%s", out)
	}
	mails := be.mails()
	if len(mails) != 1 || len(mails[0].to) != 1 || mails[0].to[0] != "owner@example.com" {
		t.Fatalf("delivered %+v", mails)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(mails[0].data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(subject, "2027-01-31") || !strings.Contains(subject, "Support") {
		t.Fatalf("subject %q", subject)
	}
	key := remind.EmailKey("contract", id, "2027-01-31", 90, "owner@example.com")
	if got, want := msg.Header.Get("Message-Id"), outlay.MessageID(key, "example.com"); got != want {
		t.Fatalf("Message-ID %q, want %q", got, want)
	}
	if got := outboxStatuses(t, dir); len(got) != 1 || got[0] != "owner@example.com=sent" {
		t.Fatalf("outbox %v", got)
	}
}

func TestRemindCommandFailsWhenDeliveryFails(t *testing.T) {
	t.Run("refused for good", func(t *testing.T) {
		dir, _ := remindData(t)
		startSMTP(t, &smtpBackend{dataErr: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}})
		out, err := runRemind(t, "--data", dir, "--as-of", "2026-11-25")
		if err == nil || !strings.Contains(out, "failed: 1\n") {
			t.Fatalf("a 550 from the server: %v\n%s", err, out)
		}
		if got := outboxStatuses(t, dir); len(got) != 1 || got[0] != "owner@example.com=failed" {
			t.Fatalf("outbox %v", got)
		}
	})
	t.Run("server unreachable", func(t *testing.T) {
		dir, _ := remindData(t)
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		mailEnv(t, port)
		out, err := runRemind(t, "--data", dir, "--as-of", "2026-11-25")
		if err == nil || !strings.Contains(out, "retry: 1 emails failed for now") {
			t.Fatalf("no server: %v\n%s", err, out)
		}
		if got := outboxStatuses(t, dir); len(got) != 1 || got[0] != "owner@example.com=pending" {
			t.Fatalf("outbox %v", got)
		}
	})
	t.Run("lease taken", func(t *testing.T) {
		dir, _ := remindData(t)
		db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := db.TakeLease(context.Background(), remind.LeaseName, "server:1:x", time.Hour); err != nil || !ok {
			t.Fatal(ok, err)
		}
		db.Close()
		out, err := runRemind(t, "--data", dir, "--as-of", "2026-11-25")
		if err == nil || !strings.Contains(err.Error(), "another reminder run is in progress") {
			t.Fatalf("lease taken: %v\n%s", err, out)
		}
		if got := outboxStatuses(t, dir); len(got) != 0 {
			t.Fatalf("outbox %v", got)
		}
	})
}
