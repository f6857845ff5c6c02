package server

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/internal/password"
)

// Password hashing limits: argon2id holds 19 MiB for each hash while it runs, so at most
// hashConcurrency run at once (the server has few cores; more at once would only share
// them) and at most hashWaiting more queue behind them before a request is told to retry.
const (
	hashConcurrency = 2
	hashWaiting     = 64
)

// maxEmailLength is the longest email an account can have (RFC 5321's path limit); a
// longer one is refused before anything is looked up, counted or hashed.
const maxEmailLength = 254

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

// loginSubmit signs a user in. The attempt is recorded by the throttle before the password
// is checked, so that concurrent guesses are counted before any of them is hashed; the
// correct password then clears the account's failures from this address.
func (s *Server) loginSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c, "email", "password")
	next := c.PostForm("next")
	plain := c.PostForm("password")
	email := outlay.NormalizeEmail(f.Get("email"))
	f.Values["password"] = "" // a password is never sent back into a page
	if email == "" {
		f.Errors["email"] = "required"
	} else if utf8.RuneCountInString(email) > maxEmailLength {
		f.Errors["email"] = fmt.Sprintf("too long (at most %d characters)", maxEmailLength)
	}
	if plain == "" {
		f.Errors["password"] = "required"
	}
	if len(f.Errors) > 0 {
		s.renderLogin(c, http.StatusUnprocessableEntity, f, next)
		return
	}
	now, addr := s.Now(), c.ClientIP()
	retryAt, err := s.throttle.ReserveLoginAttempt(ctx, email, addr, now, outlay.DefaultLoginPolicy())
	if err != nil {
		s.fail(c, err)
		return
	}
	if !retryAt.IsZero() {
		f.Message = "Too many failed sign-ins. For your security, sign-in is paused here; try again in " + pausedUntil(c, now, retryAt) + "."
		s.renderLogin(c, http.StatusTooManyRequests, f, next)
		return
	}
	u, err := s.users.FindUserByEmail(ctx, email)
	if err != nil && outlay.ErrorCode(err) != outlay.ENOTFOUND {
		s.fail(c, err)
		return
	}
	hash := dummyHash
	if u != nil {
		hash = u.PasswordHash
	}
	ok, err := s.hasher.Verify(ctx, plain, hash)
	if errors.Is(err, password.ErrBusy) {
		c.Header("Retry-After", "1")
		f.Message = "Many sign-ins are being checked at this moment. Please try again in a few seconds."
		s.renderLogin(c, http.StatusTooManyRequests, f, next)
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	if !ok || u == nil || !u.Active {
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
	if err := s.throttle.ClearLoginFailures(ctx, email, addr); err != nil {
		s.log.Warn("clear login failures", "err", err)
	}
	redirect(c, safeNext(next))
}

// minutesPhrase says a wait in whole minutes, rounded up: "1 minute", "15 minutes".
func minutesPhrase(d time.Duration) string {
	n := int(math.Ceil(d.Minutes()))
	if n <= 1 {
		return "1 minute"
	}
	return strconv.Itoa(n) + " minutes"
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

// pausedUntil answers a throttled request's Retry-After header and says the wait in
// words, "3 minutes (after 14:05 UTC)", for the page's message.
func pausedUntil(c *gin.Context, now, retryAt time.Time) string {
	wait := retryAt.Sub(now)
	c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	return minutesPhrase(wait) + " (after " + retryAt.UTC().Format("15:04") + " UTC)"
}
