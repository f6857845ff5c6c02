// Package server is Outlay's HTTP side: the pages people use in the browser and the JSON
// API, both on the same services, with sign-in, roles and the security headers.
package server

import (
	"html/template"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// Config holds what the HTTP side needs from the command line and environment.
type Config struct {
	// CookieSecure marks the session cookie Secure; set it when Outlay is served over TLS.
	CookieSecure bool
	// TrustedProxies are the addresses whose X-Forwarded-For is believed. None by default,
	// so a client cannot claim another address to dodge the sign-in throttle.
	TrustedProxies []string
}

// Server routes requests to handlers. Build it with New.
type Server struct {
	cfg       Config
	log       *slog.Logger
	engine    *gin.Engine
	handler   http.Handler
	sessions  *scs.SessionManager
	templates map[string]*template.Template

	db        *sqlite.DB
	vendors   outlay.VendorService
	contracts outlay.ContractService
	users     outlay.UserService
	tokens    outlay.TokenService
	audit     outlay.AuditService
	throttle  outlay.LoginThrottle
	settings  outlay.SettingsService
	rates     outlay.RateService
	numbers   outlay.FiguresService // budget figures, top vendors

	// exports bounds the workbooks built at once (export_file.go).
	exports exportGate

	// setUp turns true once a user exists; until then every page leads to first-run
	// set-up. Cached because it only ever goes from false to true.
	setUp atomic.Bool

	// Now returns the current time; tests fix it.
	Now func() time.Time
}

// New builds the server on an open database.
func New(cfg Config, db *sqlite.DB, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{
		cfg: cfg, log: log, db: db,
		vendors: db, contracts: db, users: db, tokens: db, audit: db, throttle: db,
		settings: db, rates: db, numbers: db,
		Now: time.Now,
	}
	var err error
	if s.templates, err = parseTemplates(); err != nil {
		return nil, err
	}

	s.sessions = scs.New()
	s.sessions.Store = sqlite3store.NewWithCleanupInterval(db.WriteDB(), 30*time.Minute)
	s.sessions.Lifetime = 24 * time.Hour
	s.sessions.IdleTimeout = 8 * time.Hour
	s.sessions.Cookie.Name = "outlay_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = cfg.CookieSecure
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		log.Error("session", "err", err, "path", r.URL.Path)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
	}

	gin.SetMode(gin.ReleaseMode)
	s.engine = gin.New()
	if err := s.engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	s.engine.RedirectTrailingSlash = true
	s.engine.HandleMethodNotAllowed = false
	s.routes()

	// Cross-origin protection wraps everything: an unsafe request from another origin
	// (form post from a foreign site, cross-site fetch) never reaches a handler.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("Cross-origin request refused.\n"))
	}))
	s.handler = cop.Handler(s.sessions.LoadAndSave(s.engine))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// windowDays is the reminder window from the settings: within it of its key date a
// contract's status is "notice".
func (s *Server) windowDays(c *gin.Context) int {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.log.Error("read settings", "err", err, "request_id", c.GetString(ctxRequestID))
		return outlay.DefaultWindowDays
	}
	return st.WindowDays()
}

// today returns the current civil date.
func (s *Server) today() time.Time {
	y, m, d := s.Now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
