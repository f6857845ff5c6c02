package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

const (
	ctxRequestID = "request_id"
	ctxUser      = "user"
	sessionUser  = "user_id"
)

// requestID gives every request an id that error pages show and logs carry, so a user's
// report can be matched to the log line.
func (s *Server) requestID(c *gin.Context) {
	var b [8]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	c.Set(ctxRequestID, id)
	c.Header("X-Request-Id", id)
	c.Next()
}

// recovery turns a panic into a logged error and a plain 500 page with the request id.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("panic", "request_id", c.GetString(ctxRequestID), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			s.fail(c, fmt.Errorf("panic: %v", p))
			c.Abort()
		}
	}()
	c.Next()
}

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	if s.cfg.CookieSecure {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	c.Next()
}

// logRequests writes one line per request. The query string is left out: it is not
// needed to follow a request and keeps whatever someone pastes into a URL out of logs.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	if strings.HasPrefix(c.Request.URL.Path, "/static/") {
		return
	}
	s.log.Info("request", "method", c.Request.Method, "path", c.Request.URL.Path, "status", c.Writer.Status(),
		"ms", time.Since(start).Milliseconds(), "request_id", c.GetString(ctxRequestID))
}

// authenticate finds who is calling: a bearer token (API clients) or the session cookie
// (the browser). It only identifies; the require* middleware decide.
func (s *Server) authenticate(c *gin.Context) {
	var user *outlay.User
	if h := c.GetHeader("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			s.apiFail(c, outlay.Errorf(outlay.EUNAUTHORIZED, "Use the Authorization header as: Bearer <token>."))
			c.Abort()
			return
		}
		u, err := s.tokens.FindUserByToken(c.Request.Context(), strings.TrimSpace(secret))
		if err != nil {
			s.apiFail(c, err)
			c.Abort()
			return
		}
		user = u
	} else if id := s.sessions.GetInt64(c.Request.Context(), sessionUser); id != 0 {
		u, err := s.users.FindUserByID(c.Request.Context(), id)
		if err == nil && u.Active {
			user = u
		} else {
			// The user was deactivated or removed: the session ends with it.
			s.sessions.Remove(c.Request.Context(), sessionUser)
		}
	}
	if user != nil {
		c.Set(ctxUser, user)
		c.Request = c.Request.WithContext(outlay.NewContextWithUser(c.Request.Context(), user))
	}
	c.Next()
}

// requireSetUp sends every request to first-run set-up while no user exists.
func (s *Server) requireSetUp(c *gin.Context) {
	if s.setUp.Load() {
		c.Next()
		return
	}
	n, err := s.users.CountUsers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		c.Abort()
		return
	}
	if n > 0 {
		s.setUp.Store(true)
		c.Next()
		return
	}
	p := c.Request.URL.Path
	if p == "/setup" || strings.HasPrefix(p, "/static/") {
		c.Next()
		return
	}
	if isAPI(c) {
		s.apiFail(c, outlay.Errorf(outlay.EUNAUTHORIZED, "Outlay is not set up yet: create the first administrator at /setup."))
	} else {
		c.Redirect(http.StatusSeeOther, "/setup")
	}
	c.Abort()
}

// currentUser returns the signed-in user, or nil.
func currentUser(c *gin.Context) *outlay.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(*outlay.User)
	return user
}

// requirePage lets signed-in users with at least the role through; others are sent to
// sign in, or shown a 403 page.
func (s *Server) requirePage(role string) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		if u == nil {
			next := c.Request.URL.RequestURI()
			target := "/login"
			if c.Request.Method == http.MethodGet && next != "/" {
				target += "?next=" + url.QueryEscape(next)
			}
			c.Redirect(http.StatusSeeOther, target)
			c.Abort()
			return
		}
		if !outlay.RoleAtLeast(u.Role, role) {
			s.fail(c, outlay.Errorf(outlay.EFORBIDDEN, "Your role (%s) cannot do this; ask an administrator.", u.Role))
			c.Abort()
			return
		}
		c.Next()
	}
}

// requireAPI is requirePage for the JSON API: 401 and 403 answers instead of pages.
func (s *Server) requireAPI(role string) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		if u == nil {
			s.apiFail(c, outlay.Errorf(outlay.EUNAUTHORIZED, "Sign in or send Authorization: Bearer <token>."))
			c.Abort()
			return
		}
		if !outlay.RoleAtLeast(u.Role, role) {
			s.apiFail(c, outlay.Errorf(outlay.EFORBIDDEN, "Your role (%s) cannot do this.", u.Role))
			c.Abort()
			return
		}
		c.Next()
	}
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }
