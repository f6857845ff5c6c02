package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"outlay/internal/mail"
	"outlay/internal/outlay"
)

// The environment variables of outgoing mail (issue 9): serve and remind read them.
const mailUsage = `Mail (reminders, digests, password resets): OUTLAY_SMTP_HOST (unset: emails wait in
the outbox), OUTLAY_SMTP_PORT (default 587, 465 for tls, 25 for none), OUTLAY_SMTP_USER,
OUTLAY_SMTP_PASSWORD or OUTLAY_SMTP_PASSWORD_FILE (a file holding it; not both),
OUTLAY_SMTP_FROM (the sender, e.g. "Outlay <outlay@example.com>"), OUTLAY_SMTP_TLS
(starttls, the default; tls; none), OUTLAY_BASE_URL (Outlay's public address for links
in emails, e.g. https://outlay.example.com).
`

// mailConfig reads the mail settings from the environment (getenv is os.Getenv outside
// tests) and checks them, every problem at once. The messages name the variables and
// never hold the password: they end up in logs and on the terminal.
func mailConfig(getenv func(string) string) (mail.Config, error) {
	env := func(name string) string { return strings.TrimSpace(getenv(name)) }
	c := mail.Config{Host: env("OUTLAY_SMTP_HOST"), User: env("OUTLAY_SMTP_USER"), From: env("OUTLAY_SMTP_FROM")}
	var errs []error
	if p := env("OUTLAY_SMTP_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			errs = append(errs, fmt.Errorf("OUTLAY_SMTP_PORT %q must be a port number from 1 to 65535", p))
		}
		c.Port = n
	}
	// The password itself is not trimmed: spaces may be part of it.
	c.Password = getenv("OUTLAY_SMTP_PASSWORD")
	if file := env("OUTLAY_SMTP_PASSWORD_FILE"); file != "" {
		if c.Password != "" {
			errs = append(errs, errors.New("set OUTLAY_SMTP_PASSWORD or OUTLAY_SMTP_PASSWORD_FILE, not both"))
		} else if b, err := os.ReadFile(file); err != nil {
			errs = append(errs, fmt.Errorf("OUTLAY_SMTP_PASSWORD_FILE: cannot read %s: %w", file, errors.Unwrap(err)))
		} else {
			c.Password = strings.TrimRight(string(b), "\r\n")
		}
	}
	switch tls := strings.ToLower(env("OUTLAY_SMTP_TLS")); tls {
	case "", mail.TLSStartTLS, mail.TLSImplicit, mail.TLSNone:
		c.TLS = tls
	default:
		errs = append(errs, fmt.Errorf("OUTLAY_SMTP_TLS %q must be starttls, tls or none", getenv("OUTLAY_SMTP_TLS")))
	}
	if b := env("OUTLAY_BASE_URL"); b != "" {
		u, err := url.Parse(b)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("OUTLAY_BASE_URL %q must be an absolute http or https address, such as https://outlay.example.com", b))
		} else {
			c.BaseURL = strings.TrimRight(b, "/")
		}
	}
	switch {
	case len(errs) > 0:
	case c.Host == "" && (c.User != "" || c.Password != "" || c.Port != 0):
		// Without a host the rest would be ignored, and mail would wait for ever.
		errs = append(errs, errors.New("OUTLAY_SMTP_HOST is not set, but the SMTP port, user or password is"))
	case c.Host != "" && c.BaseURL == "":
		// Every email links into Outlay. Without its public address a reminder's links
		// would be bare paths, and a password reset link would take the host the asking
		// client named, which anyone could point at a server of theirs.
		errs = append(errs, errors.New("OUTLAY_BASE_URL must be set when OUTLAY_SMTP_HOST is: the links in emails point to it (for example https://outlay.example.com)"))
	default:
		if err := c.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return mail.Config{}, fmt.Errorf("mail settings: %w", errors.Join(errs...))
	}
	return c, nil
}

// mailStatus is what the admins' banner and the Notifications page say about mail.
func mailStatus(c mail.Config) outlay.MailStatus {
	s := outlay.MailStatus{Configured: c.Configured(), From: c.From, TLS: c.Mode(), BaseURL: c.BaseURL}
	if s.Configured {
		s.Host = c.Host + ":" + strconv.Itoa(c.PortOrDefault())
	} else {
		s.Problem = "Outgoing mail is not set up (OUTLAY_SMTP_HOST is empty): emails wait in the outbox until it is."
	}
	return s
}
