package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/internal/password"
)

// Sign-in throttling: after loginMaxFailures failures for one account or one client
// address within loginWindow, further tries are refused until the window has passed.
const (
	loginMaxFailures = 10
	loginWindow      = 15 * time.Minute
)

// dummyHash is verified against when the email is unknown, so that a wrong email takes
// as long as a wrong password and response times do not reveal which accounts exist.
var dummyHash, _ = password.Hash("not-a-real-password-just-for-timing")

type loginView struct {
	Form *Form
	Next string
}

func (s *Server) loginForm(c *gin.Context) {
	if currentUser(c) != nil {
		redirect(c, "/")
		return
	}
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}}
	s.renderLogin(c, http.StatusOK, f, c.Query("next"))
}

func (s *Server) renderLogin(c *gin.Context, status int, f *Form, next string) {
	p := s.page(c, "Sign in", "")
	p.Bare = true
	p.Data = loginView{Form: f, Next: safeNext(next)}
	s.render(c, status, "login", p)
}

func (s *Server) loginSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c, "email", "password")
	next := c.PostForm("next")
	email := outlay.NormalizeEmail(f.Get("email"))
	f.Values["password"] = "" // a password is never sent back into a page
	if email == "" {
		f.Errors["email"] = "required"
	}
	if c.PostForm("password") == "" {
		f.Errors["password"] = "required"
	}
	if len(f.Errors) > 0 {
		s.renderLogin(c, http.StatusUnprocessableEntity, f, next)
		return
	}
	now := s.Now()
	byEmail, byIP, err := s.throttle.CountLoginFailures(ctx, email, c.ClientIP(), now.Add(-loginWindow))
	if err != nil {
		s.fail(c, err)
		return
	}
	if byEmail >= loginMaxFailures || byIP >= loginMaxFailures {
		f.Message = "Too many failed sign-ins. For your security, sign-in is paused for 15 minutes; try again later."
		s.renderLogin(c, http.StatusTooManyRequests, f, next)
		return
	}
	u, err := s.users.FindUserByEmail(ctx, email)
	if err != nil && outlay.ErrorCode(err) != outlay.ENOTFOUND {
		s.fail(c, err)
		return
	}
	ok := false
	if u != nil {
		ok, err = password.Verify(c.PostForm("password"), u.PasswordHash)
		if err != nil {
			s.fail(c, err)
			return
		}
		ok = ok && u.Active
	} else {
		password.Verify(c.PostForm("password"), dummyHash)
	}
	if !ok {
		if err := s.throttle.RecordLoginFailure(ctx, email, c.ClientIP(), now); err != nil {
			s.fail(c, err)
			return
		}
		f.Message = "The email or password is not right, or the account is deactivated."
		s.renderLogin(c, http.StatusUnauthorized, f, next)
		return
	}
	// A new session id at sign-in, so a session id planted before sign-in is worthless.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, sessionUser, u.ID)
	if err := s.users.TouchLogin(ctx, u.ID, now); err != nil {
		s.log.Warn("touch login", "err", err)
	}
	if err := s.throttle.ClearLoginFailures(ctx, email); err != nil {
		s.log.Warn("clear login failures", "err", err)
	}
	redirect(c, safeNext(next))
}

func (s *Server) logout(c *gin.Context) {
	ctx := c.Request.Context()
	if err := s.sessions.Destroy(ctx); err != nil {
		s.fail(c, err)
		return
	}
	redirect(c, "/login")
}

// safeNext keeps a post-sign-in redirect on this site: only a local path is accepted.
// Control characters are refused outright: browsers drop tabs and newlines from a URL,
// so "/\t/evil.example" would otherwise lead to //evil.example.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.IndexFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return "/"
	}
	return next
}
