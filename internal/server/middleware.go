package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/web"
)

const (
	ctxRequestID = "request_id"
	ctxUser      = "user"
	sessionUser  = "user_id"
)

// requestIDKey carries the request id in the request's context, from before the session
// is loaded, so that even a session failure can show the id the log line carries.
type requestIDKey struct{}

// withRequestID gives every request an id that error pages show and logs carry, so a
// user's report can be matched to the log line. A reverse proxy's own id
// (X-Request-ID, as nginx's $request_id or Traefik set it) is kept when the request comes
// from one of the trusted proxies and the id is a plain token, so the proxy's log and
// ours line up across the hop. Anything else is replaced by an id of our own: a client
// that is no proxy could otherwise give its requests another request's id, and a value
// too long or with spaces or a newline would forge a log line.
func withRequestID(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) || !fromProxy(trusted, r) {
			var b [8]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// trustedPrefixes reads Config.TrustedProxies (addresses or CIDRs, checked already by
// gin's SetTrustedProxies) as prefixes; an entry that is neither is left out.
func trustedPrefixes(list []string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range list {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(s); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		}
	}
	return out
}

// fromProxy reports whether the request's connection comes from a trusted proxy.
func fromProxy(trusted []netip.Prefix, r *http.Request) bool {
	if len(trusted) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a := ap.Addr().Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// maxRequestIDLen bounds an incoming request id: a UUID is 36 characters, nginx's
// $request_id 32; more is not an id but a way to fill the log.
const maxRequestIDLen = 64

// validRequestID reports whether an incoming id is 1 to maxRequestIDLen characters of
// [A-Za-z0-9._-]: safe in a log line, a header and a page without escaping.
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// requestIDOf returns the id withRequestID gave the request.
func requestIDOf(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey{}).(string)
	return id
}

// requestID makes the request id available to handlers as c.GetString(ctxRequestID).
func (s *Server) requestID(c *gin.Context) {
	c.Set(ctxRequestID, requestIDOf(c.Request))
	c.Next()
}

// headAsGet answers HEAD like GET on every route, static files included: the request runs
// as the GET it asks about, so status and headers are the GET's. The body is not sent:
// net/http's server drops what is written in answer to a HEAD request (it still looks at
// the request's own method, which stays HEAD) and so still sets Content-Length.
func headAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			// A copy: the server's own request stays HEAD. The context remembers it for
			// the request log.
			r = r.WithContext(context.WithValue(r.Context(), headKey{}, true))
			r.Method = http.MethodGet
		}
		next.ServeHTTP(w, r)
	})
}

// headKey marks the context of a HEAD request that runs as a GET.
type headKey struct{}

// methodOf is the method the client sent, HEAD included.
func methodOf(r *http.Request) string {
	if head, _ := r.Context().Value(headKey{}).(bool); head {
		return http.MethodHead
	}
	return r.Method
}

// assets serves the embedded static files, outside the session middleware (see New).
// Directories are not listed: /static/ is a 404 like any address with nothing behind it.
func (s *Server) assets() http.Handler {
	static, err := fs.Sub(web.FS, "static")
	if err != nil {
		panic(err) // the embedded tree always has it
	}
	files := http.StripPrefix("/static", http.FileServerFS(filesOnly{static}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.setSecurityHeaders(w.Header())
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Static files are only read.", http.StatusMethodNotAllowed)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// filesOnly is a file system in which directories do not exist, so that a file server
// on it lists none.
type filesOnly struct{ fs.FS }

// Open opens a file; a directory is fs.ErrNotExist.
func (f filesOnly) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := file.Stat(); err != nil || st.IsDir() {
		file.Close()
		return nil, fs.ErrNotExist
	}
	return file, nil
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
	s.setSecurityHeaders(c.Writer.Header())
	c.Next()
}

func (s *Server) setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	if s.cfg.CookieSecure {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
}

// logRequests writes one line per request: msg "request" with request_id, method,
// route (the pattern, such as /contracts/:id, or "unmatched"), path, status,
// duration_ms (milliseconds as a float, to the microsecond), bytes (of the body sent),
// user_id (the signed-in user or the API token's; 0 for none) and client_ip (as the
// trusted proxies have it). The query string is left out: it is not needed to follow a
// request and keeps whatever someone pastes into a URL out of logs.
//
// A failure (5xx) is logged at Error. The probes log at Debug while they answer, so a
// monitor asking every ten seconds does not bury the requests of people.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	elapsed := time.Since(start)
	s.health.metrics.observeRequest(c, elapsed)
	status := c.Writer.Status()
	level := slog.LevelInfo
	switch {
	case status >= http.StatusInternalServerError:
		level = slog.LevelError
	case s.isProbe(c.Request.URL.Path):
		level = slog.LevelDebug
	}
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	var userID int64
	if u := currentUser(c); u != nil {
		userID = u.ID
	}
	s.log.LogAttrs(c.Request.Context(), level, "request",
		slog.String("request_id", c.GetString(ctxRequestID)),
		slog.String("method", methodOf(c.Request)),
		slog.String("route", route),
		slog.String("path", loggedPath(c.Request)),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
		slog.Int("bytes", max(c.Writer.Size(), 0)),
		slog.Int64("user_id", userID),
		slog.String("client_ip", c.ClientIP()))
}

// resetPathPrefix starts the address of a password reset link, whose rest is the secret.
const resetPathPrefix = "/password/reset/"

// loggedPath is the request's path as logs carry it. A password reset link and a
// calendar feed's address hold secrets, which no log may keep: whoever read the log could
// set the account's password or read the owner's key dates. They are written without them.
func loggedPath(r *http.Request) string {
	if p := r.URL.Path; strings.HasPrefix(p, resetPathPrefix) && len(p) > len(resetPathPrefix) {
		return resetPathPrefix + "(secret)"
	}
	if strings.HasPrefix(r.URL.Path, calendarPathPrefix) {
		return calendarPathPrefix + "(secret).ics"
	}
	return r.URL.Path
}

// memoSettings gives the request its own settings memo: see settingsMemo.
func (s *Server) memoSettings(c *gin.Context) {
	c.Request = c.Request.WithContext(outlay.NewContextWithSettingsMemo(c.Request.Context()))
	c.Next()
}

// bearerToken returns the secret of an "Authorization: Bearer <secret>" header; the
// scheme's name is case-insensitive, as HTTP has it.
func bearerToken(h string) (string, bool) {
	const scheme = "Bearer "
	if len(h) < len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) {
		return "", false
	}
	return strings.TrimSpace(h[len(scheme):]), true
}

// authenticate finds who is calling: a bearer token (API clients) or the session cookie
// (the browser). It only identifies; the require* middleware decide.
//
// Pages ignore an Authorization header that is not a bearer token: a proxy in front of
// Outlay may well use Basic auth, and the browser then sends it on every request. The
// API, where a wrong header is a client's mistake, says so.
//
// Only a user who is gone or deactivated ends the session. A lookup that fails for any
// other reason (the client gave up, the database is busy) says nothing about the user,
// and answering it by signing them out lost sessions at the end of every load run.
func (s *Server) authenticate(c *gin.Context) {
	ctx := c.Request.Context()
	var user *outlay.User
	header := c.GetHeader("Authorization")
	if secret, ok := bearerToken(header); ok {
		u, err := s.tokens.FindUserByToken(ctx, secret)
		if err != nil {
			s.apiFail(c, err)
			c.Abort()
			return
		}
		user = u
	} else if header != "" && isAPI(c) {
		s.apiFail(c, outlay.Errorf(outlay.EUNAUTHORIZED, "Use the Authorization header as: Bearer <token>."))
		c.Abort()
		return
	} else if id := s.sessions.GetInt64(ctx, sessionUser); id != 0 {
		u, err := s.users.FindUserByID(ctx, id)
		switch {
		case err == nil && u.Active:
			user = u
		case err == nil || outlay.ErrorCode(err) == outlay.ENOTFOUND:
			// The user was deactivated or removed: the session ends with it.
			s.sessions.Remove(ctx, sessionUser)
		default:
			s.fail(c, err)
			c.Abort()
			return
		}
	}
	if user != nil {
		c.Set(ctxUser, user)
		c.Request = c.Request.WithContext(outlay.NewContextWithUser(ctx, user))
		// What a signed-in user sees is theirs: no cache, shared or the browser's own,
		// keeps a copy after they sign out.
		c.Header("Cache-Control", "no-store")
	}
	c.Next()
}

// openBeforeSetUp are the routes that answer before the first administrator exists: the
// set-up page itself, and the API document and its page, which hold no data and which a
// script's author may read while the server is being installed.
var openBeforeSetUp = map[string]bool{"/setup": true, "/api/v1/openapi.json": true, "/api/docs": true}

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
	if openBeforeSetUp[c.FullPath()] {
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

// Body limits, by what a route takes. Nothing takes a file upload yet.
const (
	// signInBodyLimit fits sign-in, set-up, sign-out and a forgotten password: a name, an
	// address and two passwords of at most 256 characters, percent-encoded.
	signInBodyLimit = 16 << 10
	// formBodyLimit fits the largest page form: a contract with 10,000 characters of
	// notes and as many of justification, each character up to four bytes and each byte
	// percent-encoded to three characters (240,000 bytes), and its short fields.
	formBodyLimit = 256 << 10
	// jsonBodyLimit fits any one JSON API request.
	jsonBodyLimit = 1 << 20
)

// bodyLimit is the most a route's request body may hold.
func bodyLimit(c *gin.Context) int64 {
	switch p := c.FullPath(); {
	case p == "/login", p == "/setup", p == "/logout", p == "/password/forgot", p == "/password/reset/:token":
		return signInBodyLimit
	case strings.HasPrefix(p, "/api/"):
		return jsonBodyLimit
	}
	return formBodyLimit
}

// limitBody reads a request's body, within its route's limit, before any handler runs,
// so a handler never sees a form cut short (whose missing fields read as "required"). A
// body over the limit is 413, said so; a multipart body (a file upload) is refused
// before a byte of it is read, except on the import uploads, which read their own
// (takesUpload). Forms are parsed here, from the bytes read. GET and HEAD carry no body
// that anything reads.
func (s *Server) limitBody(c *gin.Context) {
	r := c.Request
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions || c.FullPath() == "" || takesUpload(c) {
		c.Next()
		return
	}
	limit := bodyLimit(c)
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if strings.HasPrefix(mediaType, "multipart/") {
		s.refuse(c, http.StatusUnsupportedMediaType, "Uploads are not taken here",
			"This address takes no file uploads. Nothing was saved.")
		return
	}
	if r.ContentLength > limit {
		s.refuseTooLarge(c, limit)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.refuseTooLarge(c, limit)
		return
	case err != nil && clientGone(c):
		s.cancelled(c, err) // the client stopped sending: nobody waits for an answer
		return
	case err != nil:
		s.refuse(c, http.StatusBadRequest, "The request could not be read",
			"The body of the request is broken off or malformed. Nothing was saved.")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) > 0 && strings.HasPrefix(c.FullPath(), "/api/") && mediaType != "application/json" {
		// The API reads only JSON: a form or text body, even one that an action without
		// a body of its own (renew, reveal, delete) would ignore, is refused.
		s.refuse(c, http.StatusUnsupportedMediaType, "JSON only",
			"The API takes request bodies as application/json only. Nothing was saved.")
		return
	}
	if mediaType == "application/x-www-form-urlencoded" {
		if err := r.ParseForm(); err != nil {
			s.refuse(c, http.StatusBadRequest, "The form could not be read",
				"What was sent is not a form this page can read. Nothing was saved.")
			return
		}
	}
	c.Next()
}

// refuseTooLarge answers a body over its route's limit.
func (s *Server) refuseTooLarge(c *gin.Context, limit int64) {
	s.refuse(c, http.StatusRequestEntityTooLarge, "Too much was sent",
		fmt.Sprintf("That is more than this address takes (at most %d KiB). Nothing was saved.", limit>>10))
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
