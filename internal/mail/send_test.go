package mail

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"outlay/internal/outlay"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// part is one leaf of a parsed MIME message.
type part struct {
	contentType string
	filename    string
	body        []byte
}

// parseMessage reads raw back with net/mail and mime/multipart, as a mail program would.
func parseMessage(t *testing.T, raw []byte) (*netmail.Message, []part) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("read message: %v\n%s", err, raw)
	}
	parts := walk(t, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), "", msg.Body)
	return msg, parts
}

func walk(t *testing.T, contentType, encoding, disposition string, body io.Reader) []part {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		t.Fatalf("content type %q: %v", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		var parts []part
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return parts
			}
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, walk(t, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p)...)
		}
	}
	switch strings.ToLower(encoding) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	name := params["name"]
	if _, dp, err := mime.ParseMediaType(disposition); err == nil && dp["filename"] != "" {
		name = dp["filename"]
	}
	return []part{{contentType: mediaType, filename: name, body: data}}
}

// reminder is the message the delivery tests send.
func reminder() Message {
	pdf := make([]byte, 3000)
	for i := range pdf {
		pdf[i] = byte(i * 7)
	}
	return Message{
		MessageID: outlay.MessageID("contract:42|2027-03-31|30|owner@example.com", "example.com"),
		To:        []string{"owner@example.com", "Backup Owner <backup@example.com>"},
		Subject:   "Renewal in 30 days: Café Cloud — cancel by 31 March",
		Text:      "Cancel by 31 March 2027 or Café Cloud renews for 12 000,00 EUR.\nhttps://outlay.example.com/contracts/42\n",
		HTML:      `<p>Cancel by <b>31 March 2027</b> or Café Cloud renews.</p>`,
		Attachments: []Attachment{
			{Name: "contract-42.pdf", ContentType: "application/pdf", Data: pdf},
		},
	}
}

func TestSendDeliversOverStartTLSWithAuth(t *testing.T) {
	be := &backend{user: "outlay", password: "s3cret-pässword"}
	cfg := startServer(t, be, startTLSServer)
	cfg.User, cfg.Password = "outlay", "s3cret-pässword"
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m := reminder()
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := be.deliveries()
	if len(got) != 1 {
		t.Fatalf("delivered %d messages, want 1", len(got))
	}
	d := got[0]
	if !d.tls {
		t.Error("message went over a connection that was not encrypted")
	}
	if d.user != "outlay" {
		t.Errorf("authenticated user %q, want outlay", d.user)
	}
	if d.from != "outlay@example.com" {
		t.Errorf("envelope from %q", d.from)
	}
	if strings.Join(d.to, ",") != "owner@example.com,backup@example.com" {
		t.Errorf("envelope recipients %q", d.to)
	}

	msg, parts := parseMessage(t, d.data)
	if id := msg.Header.Get("Message-Id"); id != m.MessageID {
		t.Errorf("Message-ID %q, want %q", id, m.MessageID)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("Subject %q (%v), want %q", subject, err, m.Subject)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Address != "owner@example.com" || to[1].Address != "backup@example.com" || to[1].Name != "Backup Owner" {
		t.Errorf("To %v (%v)", to, err)
	}
	from, err := netmail.ParseAddress(msg.Header.Get("From"))
	if err != nil || from.Address != "outlay@example.com" || from.Name != "Outlay" {
		t.Errorf("From %v (%v)", from, err)
	}
	if msg.Header.Get("Date") == "" {
		t.Error("no Date header")
	}

	if len(parts) != 3 {
		t.Fatalf("got %d parts, want text, HTML and the attachment: %+v", len(parts), parts)
	}
	// Mail lines end in CRLF on the wire; the text is the same.
	if text := strings.ReplaceAll(string(parts[0].body), "\r\n", "\n"); parts[0].contentType != "text/plain" || text != m.Text {
		t.Errorf("text part %s %q, want %q", parts[0].contentType, parts[0].body, m.Text)
	}
	if parts[1].contentType != "text/html" || string(parts[1].body) != m.HTML {
		t.Errorf("HTML part %s %q, want %q", parts[1].contentType, parts[1].body, m.HTML)
	}
	a := parts[2]
	if a.contentType != "application/pdf" || a.filename != "contract-42.pdf" || !bytes.Equal(a.body, m.Attachments[0].Data) {
		t.Errorf("attachment %s %q with %d bytes, want application/pdf contract-42.pdf with the %d bytes sent",
			a.contentType, a.filename, len(a.body), len(m.Attachments[0].Data))
	}
}

func TestSendRetryCarriesTheSameMessageID(t *testing.T) {
	be := &backend{}
	cfg := startServer(t, be, plainServer)
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		m := reminder()
		m.MessageID = outlay.MessageID("licence:7|2027-01-15|14|finance@example.com", outlay.Domain(cfg.From))
		m.HTML, m.Attachments = "", nil
		if err := s.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	got := be.deliveries()
	if len(got) != 2 {
		t.Fatalf("delivered %d, want 2", len(got))
	}
	var ids []string
	for _, d := range got {
		msg, parts := parseMessage(t, d.data)
		ids = append(ids, msg.Header.Get("Message-Id"))
		if len(parts) != 1 || parts[0].contentType != "text/plain" {
			t.Errorf("a text-only message has parts %+v", parts)
		}
	}
	want := outlay.MessageID("licence:7|2027-01-15|14|finance@example.com", "example.com")
	if ids[0] != want || ids[1] != want {
		t.Errorf("Message-IDs %q, want both %q", ids, want)
	}
}

func TestSendImplicitTLS(t *testing.T) {
	be := &backend{}
	cfg := startServer(t, be, implicitServer)
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), reminder()); err != nil {
		t.Fatalf("send: %v", err)
	}
	if got := be.deliveries(); len(got) != 1 || !got[0].tls {
		t.Fatalf("deliveries %+v, want one over TLS", got)
	}
}

// failure is what a failed Send must come to.
type failure struct {
	outcome  Outcome
	code     int
	enhanced string
	text     string // part of the error text
}

func checkFailure(t *testing.T, err error, want failure) {
	t.Helper()
	if err == nil {
		t.Fatal("Send succeeded, want a failure")
	}
	t.Logf("error: %v", err)
	if got := Classify(err); got != want.outcome {
		t.Errorf("Classify = %s, want %s (%v)", got, want.outcome, err)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Send returned %T, want *Error", err)
	}
	if e.Code != want.code {
		t.Errorf("Code = %d, want %d (%v)", e.Code, want.code, err)
	}
	if e.Enhanced != want.enhanced {
		t.Errorf("Enhanced = %q, want %q (%v)", e.Enhanced, want.enhanced, err)
	}
	if !strings.Contains(err.Error(), want.text) {
		t.Errorf("error %q does not say %q", err, want.text)
	}
	if !strings.HasPrefix(err.Error(), want.outcome.String()+": ") {
		t.Errorf("error %q does not start with its outcome", err)
	}
}

func TestSendServerReplies(t *testing.T) {
	tests := []struct {
		name    string
		rcptErr error
		dataErr error
		want    failure
	}{
		{"451 at RCPT is temporary", &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"},
			nil, failure{Temporary, 451, "4.3.0", "Try again later"}},
		{"550 at RCPT is permanent", &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"},
			nil, failure{Permanent, 550, "5.1.1", "No such user"}},
		{"452 at DATA is temporary", nil, &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 3, 1}, Message: "Mailbox full"},
			failure{Temporary, 452, "4.3.1", "Mailbox full"}},
		{"554 at DATA is permanent", nil, &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Rejected as spam"},
			failure{Permanent, 554, "5.7.1", "Rejected as spam"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			be := &backend{rcptErr: tt.rcptErr, dataErr: tt.dataErr}
			cfg := startServer(t, be, plainServer)
			s, err := NewSender(cfg)
			if err != nil {
				t.Fatal(err)
			}
			checkFailure(t, s.Send(context.Background(), reminder()), tt.want)
			if got := be.deliveries(); len(got) != 0 {
				t.Errorf("server kept %d messages after refusing", len(got))
			}
		})
	}
}

func TestSendWrongPasswordIsPermanentAndNotShown(t *testing.T) {
	be := &backend{user: "outlay", password: "right-password"}
	cfg := startServer(t, be, startTLSServer)
	cfg.User, cfg.Password = "outlay", "wrong-password-xyz"
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), reminder())
	checkFailure(t, err, failure{Permanent, 535, "5.7.8", "Authentication credentials invalid"})
	if strings.Contains(err.Error(), "wrong-password-xyz") {
		t.Errorf("error shows the password: %v", err)
	}
	if be.mails() != 0 || len(be.deliveries()) != 0 {
		t.Error("a message was offered without authentication")
	}
}

func TestSendRefusesWithoutStartTLS(t *testing.T) {
	be := &backend{}
	cfg := startServer(t, be, plainServer)
	cfg.TLS = "" // the default is mandatory STARTTLS
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkFailure(t, s.Send(context.Background(), reminder()), failure{Permanent, 0, "", "STARTTLS"})
	if be.mails() != 0 {
		t.Errorf("MAIL FROM sent %d times in clear, want none", be.mails())
	}
}

func TestSendRefusesAnUntrustedCertificate(t *testing.T) {
	be := &backend{}
	cfg := startServer(t, be, startTLSServer)
	cfg.RootCAs = nil // the system roots do not know the test's certificate
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkFailure(t, s.Send(context.Background(), reminder()), failure{Permanent, 0, "", "certificate"})
	if be.mails() != 0 {
		t.Errorf("MAIL FROM sent %d times, want none", be.mails())
	}
}

func TestSendServerDown(t *testing.T) {
	s, err := NewSender(Config{Host: "127.0.0.1", Port: closedPort(t), From: "outlay@example.com", TLS: TLSNone, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	checkFailure(t, s.Send(context.Background(), reminder()), failure{Temporary, 0, "", "connection refused"})
}

func TestSendServerSilentTimesOut(t *testing.T) {
	s, err := NewSender(Config{Host: "127.0.0.1", Port: silentServer(t), From: "outlay@example.com", TLS: TLSNone, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	checkFailure(t, s.Send(context.Background(), reminder()), failure{Temporary, 0, "", "timeout"})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a silent server held Send for %s", d)
	}
}

func TestSendInvalidMessageIsPermanentWithoutConnecting(t *testing.T) {
	// The port is closed: a Send that tried to connect would come back Temporary.
	s, err := NewSender(Config{Host: "127.0.0.1", Port: closedPort(t), From: "outlay@example.com", TLS: TLSNone})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(*Message)
		text string
	}{
		{"no recipient", func(m *Message) { m.To = nil }, "no recipient"},
		{"bad recipient", func(m *Message) { m.To = []string{"not an address"} }, `recipient "not an address"`},
		{"no Message-ID", func(m *Message) { m.MessageID = "" }, "Message-ID"},
		{"no body", func(m *Message) { m.Text, m.HTML = "", "" }, "no body"},
		{"unnamed attachment", func(m *Message) { m.Attachments[0].Name = "" }, "attachment 1 has no name"},
		{"bad sender", func(m *Message) { m.From = "nobody" }, `sender "nobody"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := reminder()
			tt.edit(&m)
			checkFailure(t, s.Send(context.Background(), m), failure{Permanent, 0, "", tt.text})
		})
	}
}
