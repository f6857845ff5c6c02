// Package server is Outlay's HTTP side: the pages people use in the browser and the JSON
// API, both on the same services, with sign-in, roles and the security headers.
package server

import (
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/internal/password"
)

// Config holds what the HTTP side needs from the command line and environment.
type Config struct {
	// CookieSecure marks the session cookie Secure; set it when Outlay is served over TLS.
	CookieSecure bool
	// TrustedProxies are the addresses whose X-Forwarded-For is believed. None by default,
	// so a client cannot claim another address to dodge the sign-in throttle.
	TrustedProxies []string
	// ImportDir is the private folder where an uploaded spreadsheet waits between its
	// preview and its commit (created 0700). Empty means a new folder under the system's
	// temporary directory.
	ImportDir string
	// Mail says whether outgoing mail is set up; when it is not, every page shows admins
	// a banner saying that email waits in the outbox.
	Mail outlay.MailStatus
	// WakeMail tells the outbox worker that an email was just written (a password reset,
	// a test email), so it goes out now rather than at the worker's next look. Nil when
	// no worker runs in this process.
	WakeMail func()
	// Probe answers /readyz and the storage's series of /metrics (health.go). Nil makes
	// /readyz fail: a server that cannot check its storage is not ready.
	Probe Probe
	// Metrics says how /metrics is served: MetricsOn (also when empty), MetricsOff, or
	// MetricsToken, which needs MetricsToken as the scrape's bearer token.
	Metrics      string
	MetricsToken string
	// Version and Commit name the build that is running ("0.10.0-3-gc91ceca", the full
	// hash), for /healthz and the admins' footer. cmd/outlay reads them from the binary;
	// empty Version shows as "dev".
	Version string
	Commit  string
}

// Services are the domain services the server works on, as the domain's interfaces:
// cmd/outlay builds them from the storage and hands them over, so the server never knows
// which storage it runs on. Every field is required.
type Services struct {
	Vendors   outlay.VendorService
	Contracts outlay.ContractService
	Users     outlay.UserService
	Tokens    outlay.TokenService
	Audit     outlay.AuditService
	Throttle  outlay.LoginThrottle
	Settings  outlay.SettingsService
	Rates     outlay.RateService
	Figures   outlay.FiguresService // budget figures, top vendors
	Spend     outlay.SpendService
	Licences  outlay.LicenceService
	Budget    outlay.BudgetService
	// Work runs changes that go together in one transaction and reads that must agree
	// in one snapshot (the finance pack's sheets, an import).
	Work outlay.Work
	// Imports brings spreadsheets in: the import pages and API talk to it, never to
	// the importer package.
	Imports outlay.Importer
	// Resets stores the links of "forgot password", each written with its email.
	Resets outlay.PasswordResetService
	// Outbox is the email waiting to go out and gone, for the Notifications page and
	// the admins' banner; emails are written through Work (Tx.EnqueueEmail).
	Outbox outlay.OutboxService
	// Runs is the record of reminder runs, for the Notifications page.
	Runs outlay.ReminderRunService
	// Feeds keeps the users' secret calendar feed addresses.
	Feeds outlay.CalendarFeedService
	// Backups is the record of backups, for the admins' dashboard warning and the
	// Notifications page.
	Backups outlay.BackupRunService
}

// missing names the services left nil, so a wiring mistake fails at start, not on the
// first request that needs the service.
func (svc Services) missing() []string {
	var out []string
	for name, v := range map[string]any{
		"Vendors": svc.Vendors, "Contracts": svc.Contracts, "Users": svc.Users, "Tokens": svc.Tokens,
		"Audit": svc.Audit, "Throttle": svc.Throttle, "Settings": svc.Settings, "Rates": svc.Rates,
		"Figures": svc.Figures, "Spend": svc.Spend, "Licences": svc.Licences, "Budget": svc.Budget,
		"Work": svc.Work, "Imports": svc.Imports, "Resets": svc.Resets, "Outbox": svc.Outbox, "Runs": svc.Runs, "Feeds": svc.Feeds,
		"Backups": svc.Backups,
	} {
		if v == nil {
			out = append(out, name)
		}
	}
	return out
}

// Server routes requests to handlers. Build it with New.
type Server struct {
	cfg       Config
	log       *slog.Logger
	engine    *gin.Engine
	handler   http.Handler
	sessions  *scs.SessionManager
	templates map[string]*template.Template
	// apiDoc is the API document as the /api/docs page shows it, read once at start.
	apiDoc *apiDocView

	vendors    outlay.VendorService
	contracts  outlay.ContractService
	users      outlay.UserService
	tokens     outlay.TokenService
	audit      outlay.AuditService
	throttle   outlay.LoginThrottle
	settings   outlay.SettingsService // read once per request: see settingsMemo
	rates      outlay.RateService
	numbers    outlay.FiguresService // budget figures, top vendors
	spendSvc   outlay.SpendService
	licenceSvc outlay.LicenceService
	budgetSvc  outlay.BudgetService
	work       outlay.Work
	importer   outlay.Importer
	resets     outlay.PasswordResetService
	outbox     outlay.OutboxService
	runs       outlay.ReminderRunService
	feeds      outlay.CalendarFeedService
	backups    outlay.BackupRunService

	// hasher runs every password hash and check, bounding the memory argon2id takes.
	hasher *password.Limiter

	// exports bounds the workbooks built at once (export_file.go).
	exports exportGate
	// importGate bounds the imports (previews and commits) run at once (import_gate.go).
	importGate exportGate
	// feedGate bounds the calendar feeds built at once (calendar_feed.go).
	feedGate exportGate
	// stash keeps uploads between their preview and their commit (import_stash.go).
	stash *importStash

	// health serves /healthz, /readyz and /metrics, and counts requests (health.go).
	health *health

	// setUp turns true once a user exists; until then every page leads to first-run
	// set-up. Cached because it only ever goes from false to true.
	setUp atomic.Bool

	// Now returns the current time; tests fix it.
	Now func() time.Time
}

// New builds the server on the services and the session store (sessions.db's
// sqlite3store in production). The store is wrapped so that a session is written only
// when it changed; the caller keeps ownership of it (stopping its cleanup, closing its
// database).
func New(cfg Config, svc Services, sessions scs.Store, log *slog.Logger) (*Server, error) {
	if m := svc.missing(); len(m) > 0 {
		return nil, errors.New("server: services missing: " + strings.Join(m, ", "))
	}
	if sessions == nil {
		return nil, errors.New("server: no session store")
	}
	if log == nil {
		log = slog.Default()
	}
	s := &Server{
		cfg: cfg, log: log,
		vendors: svc.Vendors, contracts: svc.Contracts, users: svc.Users, tokens: svc.Tokens,
		audit: svc.Audit, throttle: svc.Throttle, settings: settingsMemo{svc.Settings}, rates: svc.Rates,
		numbers: svc.Figures, spendSvc: svc.Spend, licenceSvc: svc.Licences, budgetSvc: svc.Budget,
		work: svc.Work, importer: svc.Imports, resets: svc.Resets, outbox: svc.Outbox, runs: svc.Runs, feeds: svc.Feeds, backups: svc.Backups,
		hasher: password.NewLimiter(hashConcurrency, hashWaiting),
		Now:    time.Now,
	}
	var err error
	if s.stash, err = newImportStash(cfg.ImportDir); err != nil {
		return nil, err
	}
	if s.templates, err = parseTemplates(); err != nil {
		return nil, err
	}
	if s.health, err = newHealth(cfg, s); err != nil {
		return nil, err
	}
	if s.apiDoc, err = newAPIDocView(); err != nil {
		return nil, err
	}

	s.sessions = scs.New()
	s.sessions.Store = newSessionStore(sessions, s.sessions.Codec)
	s.sessions.Lifetime = 24 * time.Hour
	s.sessions.IdleTimeout = 8 * time.Hour
	s.sessions.Cookie.Name = "outlay_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = cfg.CookieSecure
	s.sessions.ErrorFunc = s.sessionFailed

	gin.SetMode(gin.ReleaseMode)
	s.engine = gin.New()
	if err := s.engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	s.engine.RedirectTrailingSlash = true
	s.engine.HandleMethodNotAllowed = false
	s.routes()

	// Static assets are served beside the session middleware, not through it: a
	// stylesheet needs no session, and loading one cost a session read and write.
	assets := s.assets()
	pages := s.sessions.LoadAndSave(s.engine)
	dispatch := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			assets.ServeHTTP(w, r)
			return
		}
		if s.isProbe(r.URL.Path) {
			s.engine.ServeHTTP(w, r) // no session: see probeRoutes
			return
		}
		pages.ServeHTTP(w, r)
	})

	// Cross-origin protection wraps everything: an unsafe request from another origin
	// (form post from a foreign site, cross-site fetch) never reaches a handler.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No request line reaches the log for it (gin never sees the request), and a
		// refused write is worth knowing of: a forged form, or a proxy that rewrites Host.
		s.log.Warn("cross-origin request refused", "request_id", requestIDOf(r), "method", methodOf(r),
			"path", loggedPath(r), "status", http.StatusForbidden, "origin", r.Header.Get("Origin"),
			"sec_fetch_site", r.Header.Get("Sec-Fetch-Site"), "host", r.Host)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("Cross-origin request refused.\n"))
	}))
	s.handler = withRequestID(trustedPrefixes(cfg.TrustedProxies), headAsGet(cop.Handler(dispatch)))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Route is one registered route: a method and a path pattern such as /vendors/:id.
type Route struct{ Method, Path string }

// Routes lists every registered route, for tests that go over all of them.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.engine.Routes() {
		out = append(out, Route{Method: r.Method, Path: r.Path})
	}
	return out
}

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
