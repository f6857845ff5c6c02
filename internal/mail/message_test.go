package mail

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"outlay/internal/outlay"
	"regexp"
	"syscall"
	"testing"
)

func TestMessageID(t *testing.T) {
	shape := regexp.MustCompile(`^<[0-9a-f]{32}@[^<>@]+>$`)
	tests := []struct {
		key, domain, want string
	}{
		// sha256("contract:42|2027-03-31|30|owner@example.com") starts with 539cc659d0bbf783483c908f7c966f38.
		{"contract:42|2027-03-31|30|owner@example.com", "example.com", "<539cc659d0bbf783483c908f7c966f38@example.com>"},
		{"contract:42|2027-03-31|30|owner@example.com", " @example.com> ", "<539cc659d0bbf783483c908f7c966f38@example.com>"},
		{"contract:42|2027-03-31|30|owner@example.com", "", "<539cc659d0bbf783483c908f7c966f38@outlay.invalid>"},
		// sha256("") starts with e3b0c44298fc1c149afbf4c8996fb924.
		{"", "example.com", "<e3b0c44298fc1c149afbf4c8996fb924@example.com>"},
	}
	for _, tt := range tests {
		got := outlay.MessageID(tt.key, tt.domain)
		if got != tt.want {
			t.Errorf("MessageID(%q, %q) = %q, want %q", tt.key, tt.domain, got, tt.want)
		}
		if !shape.MatchString(got) {
			t.Errorf("MessageID(%q, %q) = %q is not <32 hex@domain>", tt.key, tt.domain, got)
		}
	}
	a := outlay.MessageID("contract:42|2027-03-31|30|owner@example.com", "example.com")
	for _, other := range []string{
		"contract:42|2027-03-31|14|owner@example.com",  // another offset
		"contract:42|2027-03-31|30|backup@example.com", // another recipient
		"contract:42|2028-03-31|30|owner@example.com",  // the key date moved
		"licence:42|2027-03-31|30|owner@example.com",   // another item
	} {
		if outlay.MessageID(other, "example.com") == a {
			t.Errorf("%q has the same Message-ID as the 30-day step for the owner", other)
		}
	}
}

func TestDomain(t *testing.T) {
	tests := map[string]string{
		"outlay@example.com":          "example.com",
		"Outlay <outlay@mail.ex.org>": "mail.ex.org",
		"outlay":                      "",
		"":                            "",
	}
	for in, want := range tests {
		if got := outlay.Domain(in); got != want {
			t.Errorf("Domain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	netErr := &net.OpError{Op: "dial", Net: "tcp", Err: &net.AddrError{Err: "x"}}
	tests := []struct {
		name string
		err  error
		want Outcome
	}{
		{"nil", nil, Delivered},
		{"421 greeting", fmt.Errorf("dial failed: %w", &textproto.Error{Code: 421, Msg: "4.3.2 Service not available"}), Temporary},
		{"535 login", fmt.Errorf("SMTP AUTH failed: %w", &textproto.Error{Code: 535, Msg: "5.7.8 bad"}), Permanent},
		{"connection refused", fmt.Errorf("dial failed: %w", syscall.ECONNREFUSED), Temporary},
		{"network error", netErr, Temporary},
		{"deadline", fmt.Errorf("dial failed: %w", context.DeadlineExceeded), Temporary},
		{"cancelled", context.Canceled, Temporary},
		{"unknown CA", fmt.Errorf("dial failed: %w", x509.UnknownAuthorityError{}), Permanent},
		{"wrong host name", x509.HostnameError{Host: "smtp.example.com", Certificate: &x509.Certificate{}}, Permanent},
		{"no STARTTLS", errors.New(`dial failed: STARTTLS mode set to: "TLSMandatory", but target host does not support STARTTLS`), Permanent},
		{"no AUTH", errors.New("dial failed: server does not support SMTP AUTH"), Permanent},
		{"invalid message", fmt.Errorf("%w: no recipient", errInvalidMessage), Permanent},
		{"an Error keeps its verdict", fmt.Errorf("outbox: %w", &Error{Outcome: Permanent, Err: errors.New("x")}), Permanent},
		{"unrecognised", errors.New("something odd"), Temporary},
	}
	for _, tt := range tests {
		if got := Classify(tt.err); got != tt.want {
			t.Errorf("%s: Classify(%v) = %s, want %s", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestEnhancedOf(t *testing.T) {
	tests := map[string]string{
		"5.7.8 Authentication credentials invalid": "5.7.8",
		"4.3.0 later":   "4.3.0",
		"Try later":     "",
		"5.7 short":     "",
		"6.1.1 odd":     "",
		"5.x.1 letters": "",
		"":              "",
	}
	for in, want := range tests {
		if got := enhancedOf(in); got != want {
			t.Errorf("enhancedOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Delivered: "delivered", Temporary: "temporary", Permanent: "permanent", Outcome(9): "Outcome(9)"} {
		if o.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(o), o.String(), want)
		}
	}
}
