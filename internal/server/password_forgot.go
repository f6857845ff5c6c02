package server

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"outlay/internal/letters"
	"outlay/internal/outlay"
)

// forgotAnswer is what everyone who asks for a reset link is told, whether the address
// has an account, a deactivated one or none: the page must not tell anyone which
// addresses have accounts.
const forgotAnswer = "If an account exists for that address, we have sent a link to it. It works once, for one hour."

type forgotView struct {
	Form *Form
	Sent bool
}

func (s *Server) passwordForgotForm(c *gin.Context) {
	s.renderForgot(c, http.StatusOK, freshForm("email"), false)
}

func (s *Server) renderForgot(c *gin.Context, status int, f *Form, sent bool) {
	p := s.page(c, "Forgot your password?", "")
	p.Bare = true
	if sent {
		// Shown at once rather than through the session: asking for a link creates no
		// session, and every asker gets the same bytes back.
		p.Flash, p.FlashKind = forgotAnswer, "info"
	}
	p.Data = forgotView{Form: f, Sent: sent}
	s.render(c, status, "password_forgot", p)
}

// passwordForgotSubmit sends a reset link to the address, when it has an active account.
// Every request is counted in the sign-in throttle's records first
// (outlay.PasswordResetPolicy), before anything is looked up, so that a pause says
// nothing about the account; the account's own limit (outlay.PasswordResetsPerHour) is
// kept by storage, silently. The count, the link and its email are one transaction and
// the outbox worker sends the email: no mail server is talked to while the visitor
// waits, so a known address does not answer measurably later than an unknown one.
func (s *Server) passwordForgotSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c, "email")
	email := outlay.NormalizeEmail(f.Get("email"))
	if email == "" {
		f.Errors["email"] = "required"
	} else if utf8.RuneCountInString(email) > maxEmailLength {
		f.Errors["email"] = fmt.Sprintf("too long (at most %d characters)", maxEmailLength)
	}
	if f.HasErrors() {
		s.renderForgot(c, http.StatusUnprocessableEntity, f, false)
		return
	}
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	site := letters.Site{OrgName: st.OrgName, BaseURL: s.linkBase(c)}
	domain := outlay.Domain(s.cfg.Mail.From)
	now := s.Now()
	req := outlay.PasswordResetRequest{Email: email, Addr: c.ClientIP(), At: now, Policy: outlay.PasswordResetPolicy()}
	retryAt, wrote, err := s.resets.RequestPasswordReset(ctx, req, func(u *outlay.User, key, secret string) (*outlay.Email, error) {
		l := letters.PasswordReset(u.Name, site.BaseURL+resetPathPrefix+secret, outlay.PasswordResetValid, site)
		return &outlay.Email{Subject: l.Subject, Text: l.Text, HTML: l.HTML, MessageID: outlay.MessageID(key, domain)}, nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	if !retryAt.IsZero() {
		f.Message = "Too many requests from here. Try again in " + pausedUntil(c, now, retryAt) + "."
		s.renderForgot(c, http.StatusTooManyRequests, f, false)
		return
	}
	if wrote && s.cfg.WakeMail != nil {
		s.cfg.WakeMail()
	}
	s.renderForgot(c, http.StatusOK, freshForm("email"), true)
}

// linkBase is the address the links in emails start with: the configured base URL, or,
// when none is set, this request's own scheme and host.
//
// The request's host is what the client sent: anyone asking for a link for someone
// else's address could name a host of theirs, and the link in the real owner's email
// would point there. The log says so each time, so that the base URL gets set.
func (s *Server) linkBase(c *gin.Context) string {
	if strings.TrimSpace(s.cfg.Mail.BaseURL) == "" {
		s.log.Warn("email link built from the request's host: set the mail base URL so that nobody can point the links elsewhere",
			"host", c.Request.Host, "request_id", c.GetString(ctxRequestID))
	}
	return s.siteBaseURL(c)
}
