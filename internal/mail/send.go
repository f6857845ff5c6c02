package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/textproto"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// Sender delivers Messages through one SMTP server. It holds no connection: each Send
// dials, sends one message and hangs up, which is what an outbox worker that wakes now and
// then needs, and it is safe for concurrent use.
type Sender struct {
	cfg  Config
	opts []gomail.Option
}

// ErrNotConfigured is returned by NewSender when Config has no Host: the caller leaves the
// mail in the outbox instead of trying.
var ErrNotConfigured = errors.New("mail is not configured: no SMTP host")

// NewSender checks c and prepares a Sender for it. It makes no connection.
func NewSender(c Config) (*Sender, error) {
	if !c.Configured() {
		return nil, ErrNotConfigured
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	tlsConfig := &tls.Config{ServerName: c.Host, RootCAs: c.RootCAs, MinVersion: tls.VersionTLS12}
	opts := []gomail.Option{
		gomail.WithPort(c.PortOrDefault()),
		gomail.WithTimeout(c.timeout()),
		gomail.WithTLSConfig(tlsConfig),
	}
	switch c.Mode() {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if c.User != "" {
		// Auto-discovery picks the strongest mechanism the server offers and refuses PLAIN
		// and LOGIN on a connection that is not encrypted.
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(c.User),
			gomail.WithPassword(c.Password))
	}
	return &Sender{cfg: c, opts: opts}, nil
}

// Config is the configuration the Sender was made with.
func (s *Sender) Config() Config { return s.cfg }

// Send makes one delivery attempt of m. It returns nil when the server accepted the
// message, or an *Error whose Outcome says whether to retry. ctx can cancel connecting;
// once connected, Config.Timeout bounds every exchange (go-mail sets it as the
// connection's deadline), so a silent server ends the attempt as Temporary.
func (s *Sender) Send(ctx context.Context, m Message) error {
	msg, err := m.build(s.cfg.From)
	if err != nil {
		return newError(err)
	}
	// A fresh client per attempt: go-mail's client keeps connection state, and a Sender
	// must be usable from several goroutines.
	client, err := gomail.NewClient(s.cfg.Host, s.opts...)
	if err != nil {
		return newError(err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return newError(err)
	}
	return nil
}

// Outcome is what a delivery attempt came to.
type Outcome int

// Outcomes of Classify.
const (
	// Delivered means the server accepted the message.
	Delivered Outcome = iota
	// Temporary means try again later: a 4xx reply, a network error, a timeout, a refused
	// or dropped connection, or an error not recognised (retrying loses nothing; giving up
	// could lose a reminder).
	Temporary
	// Permanent means retrying will not help until someone acts: a 5xx reply (unknown
	// recipient, refused sender, failed login), a server without STARTTLS when it is
	// mandatory, a certificate that does not verify, or an invalid message.
	Permanent
)

// String names the Outcome for logs and the outbox.
func (o Outcome) String() string {
	switch o {
	case Delivered:
		return "delivered"
	case Temporary:
		return "temporary"
	case Permanent:
		return "permanent"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Error is a failed delivery attempt: its Outcome, and the SMTP reply when the server gave
// one, for the outbox's "last error". Its text is go-mail's and the server's, which never
// include the password.
type Error struct {
	// Outcome is Temporary or Permanent.
	Outcome Outcome
	// Code is the SMTP reply code (e.g. 451, 550), or 0 when the server gave none (a
	// network error, a refused STARTTLS, an invalid message).
	Code int
	// Enhanced is the enhanced status code (e.g. "5.1.1") when the server sent one.
	Enhanced string
	// Err is the underlying error.
	Err error
}

// Error is "permanent: " or "temporary: " followed by what went wrong.
func (e *Error) Error() string {
	return e.Outcome.String() + ": " + e.Err.Error()
}

// Unwrap gives errors.Is and errors.As the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// newError classifies err once, so that the outbox and Classify agree.
func newError(err error) *Error {
	out, code, enhanced := classify(err)
	return &Error{Outcome: out, Code: code, Enhanced: enhanced, Err: err}
}

// Classify says what an error from Send (or any delivery error) means: Delivered for nil,
// else Temporary or Permanent as documented on those constants.
func Classify(err error) Outcome {
	if err == nil {
		return Delivered
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Outcome
	}
	out, _, _ := classify(err)
	return out
}

// startTLSMissing is the part of go-mail's message for a server without STARTTLS under
// the mandatory policy; go-mail has no sentinel for it, and the test of a server without
// STARTTLS fails if the wording changes.
const startTLSMissing = "does not support STARTTLS"

// classify is the rule behind Classify and Error: reply codes first, since they are the
// server's own verdict, then what the error says about the connection.
func classify(err error) (Outcome, int, string) {
	var se *gomail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		switch {
		case code >= 500:
			return Permanent, code, se.EnhancedStatusCode()
		case code >= 400:
			return Temporary, code, se.EnhancedStatusCode()
		}
		// go-mail's own failures: the message cannot be written (bad addresses, 8bit
		// refused) or the connection broke while sending.
		switch se.Reason {
		case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
			return Permanent, 0, ""
		}
		return Temporary, 0, ""
	}
	// Replies before the message (greeting, EHLO, STARTTLS, AUTH) come as textproto errors.
	var tp *textproto.Error
	if errors.As(err, &tp) {
		switch {
		case tp.Code >= 500:
			return Permanent, tp.Code, enhancedOf(tp.Msg)
		case tp.Code >= 400:
			return Temporary, tp.Code, enhancedOf(tp.Msg)
		}
	}
	if errors.Is(err, errInvalidMessage) {
		return Permanent, 0, ""
	}
	// A certificate that does not verify will not verify on the next try either.
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	if errors.As(err, &unknownCA) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &verify) {
		return Permanent, 0, ""
	}
	if strings.Contains(err.Error(), startTLSMissing) {
		return Permanent, 0, ""
	}
	if errors.Is(err, gomail.ErrNoSupportedAuthDiscovered) || strings.Contains(err.Error(), "does not support SMTP AUTH") {
		return Permanent, 0, ""
	}
	// Everything else is Temporary: network errors, timeouts (context deadlines
	// included), a refused or dropped connection, and errors not recognised, since a retry
	// with backoff loses nothing while giving up could lose a reminder.
	return Temporary, 0, ""
}

// enhancedOf is the enhanced status code at the start of a reply text ("5.7.8 ..."), or "".
func enhancedOf(text string) string {
	first, _, _ := strings.Cut(text, " ")
	parts := strings.Split(first, ".")
	if len(parts) != 3 || (parts[0] != "4" && parts[0] != "5" && parts[0] != "2") {
		return ""
	}
	for _, p := range parts[1:] {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return ""
		}
	}
	return first
}
