// Package mail turns one email into one SMTP delivery attempt with a clear outcome.
//
// It knows nothing of the outbox: a worker builds a Message, calls Sender.Send, and
// records Classify's verdict. Temporary failures are retried with backoff; Permanent
// ones are shown to an admin at once, because retrying them only hides a misconfiguration
// or a bad address.
package mail

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// TLS modes of Config.TLS.
const (
	// TLSStartTLS upgrades a plain connection with STARTTLS and refuses to send when the
	// server does not offer it: mail about contracts and money is not sent in clear by
	// accident. It is the default.
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (SMTPS, usually port 465).
	TLSImplicit = "tls"
	// TLSNone sends in clear, for a relay on the same host or a trusted network.
	TLSNone = "none"
)

// DefaultTimeout bounds connecting and each SMTP exchange when Config.Timeout is zero, so
// that a server that accepts a connection and then says nothing cannot stall the outbox.
const DefaultTimeout = 30 * time.Second

// Config is how Outlay reaches its SMTP server.
type Config struct {
	// Host is the SMTP server's name; empty means mail is not configured and waits in the
	// outbox.
	Host string
	// Port is the server's port; zero means the usual port of the TLS mode (587 for
	// starttls, 465 for tls, 25 for none).
	Port int
	// User and Password authenticate with AUTH PLAIN (or LOGIN); no authentication is
	// attempted when User is empty.
	User, Password string
	// From is the sender address, e.g. "Outlay <outlay@example.com>".
	From string
	// TLS is starttls (default, mandatory), tls or none.
	TLS string
	// BaseURL is Outlay's public address, for links in messages, e.g.
	// "https://outlay.example.com"; optional, but absolute http(s) when set.
	BaseURL string
	// Timeout bounds connecting and each exchange; zero means DefaultTimeout.
	Timeout time.Duration
	// RootCAs, when set, replaces the system roots for verifying the server's
	// certificate. It exists for tests (a self-signed certificate made in the test) and
	// for a company CA; leave it nil to use the system's roots.
	RootCAs *x509.CertPool
}

// Configured reports whether a server is set; when it is not, mail waits in the outbox
// rather than failing.
func (c Config) Configured() bool {
	return strings.TrimSpace(c.Host) != ""
}

// Mode is the TLS mode with the default applied.
func (c Config) Mode() string {
	if strings.TrimSpace(c.TLS) == "" {
		return TLSStartTLS
	}
	return strings.ToLower(strings.TrimSpace(c.TLS))
}

// PortOrDefault is Port, or the usual port of the TLS mode when Port is zero.
func (c Config) PortOrDefault() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.Mode() {
	case TLSImplicit:
		return 465
	case TLSNone:
		return 25
	}
	return 587
}

// Validate reports every problem of a configured Config at once, in words an admin can act
// on. An unconfigured Config (no Host) is valid: mail then waits in the outbox.
func (c Config) Validate() error {
	if !c.Configured() {
		return nil
	}
	var errs []error
	if strings.ContainsAny(c.Host, " \t/:") {
		errs = append(errs, fmt.Errorf("SMTP host %q must be a host name or address without port or scheme", c.Host))
	}
	if c.Port < 0 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("SMTP port %d must be between 1 and 65535 (or 0 for the usual port)", c.Port))
	}
	mode := c.Mode()
	switch mode {
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		errs = append(errs, fmt.Errorf("SMTP TLS mode %q must be starttls, tls or none", c.TLS))
	}
	if c.User != "" && c.Password == "" {
		errs = append(errs, errors.New("SMTP user is set but the password is empty"))
	}
	if c.User == "" && c.Password != "" {
		errs = append(errs, errors.New("SMTP password is set but the user is empty"))
	}
	// A password over a clear connection can be read by anyone on the path; refusing the
	// combination is clearer than the library's refusal at send time.
	if c.User != "" && mode == TLSNone {
		errs = append(errs, errors.New("SMTP authentication needs TLS mode starttls or tls: with none the password would travel in clear"))
	}
	if strings.TrimSpace(c.From) == "" {
		errs = append(errs, errors.New("SMTP sender address (From) is missing"))
	} else if _, err := mail.ParseAddress(c.From); err != nil {
		errs = append(errs, fmt.Errorf("SMTP sender address %q is not an email address", c.From))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("base URL %q must be an absolute http or https address", c.BaseURL))
		}
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("SMTP timeout %s must not be negative", c.Timeout))
	}
	return errors.Join(errs...)
}

// timeout is Timeout with the default applied.
func (c Config) timeout() time.Duration {
	if c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// passwordShown is what logs and pages see instead of the password: only whether one is set.
func (c Config) passwordShown() string {
	if c.Password == "" {
		return ""
	}
	return "********"
}

// String describes the Config for logs and pages; the password shows only as set or not.
func (c Config) String() string {
	return fmt.Sprintf("smtp host=%q port=%d tls=%s user=%q password=%q from=%q base_url=%q",
		c.Host, c.PortOrDefault(), c.Mode(), c.User, c.passwordShown(), c.From, c.BaseURL)
}

// GoString keeps %#v from printing the password, which it would do field by field.
func (c Config) GoString() string {
	return "mail.Config{" + c.String() + "}"
}

// LogValue makes slog print the Config as a group without the password.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", c.Host),
		slog.Int("port", c.PortOrDefault()),
		slog.String("tls", c.Mode()),
		slog.String("user", c.User),
		slog.String("password", c.passwordShown()),
		slog.String("from", c.From),
		slog.String("base_url", c.BaseURL),
	)
}
