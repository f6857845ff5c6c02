package server

import (
	"context"
	"database/sql"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// Probe is what /readyz and the storage's series of /metrics ask of the storage: the
// readiness checks, the vitals, and the statistics of its connection pools by name.
// cmd/outlay hands over the database; nil leaves /readyz failing and those series out.
type Probe interface {
	outlay.HealthService
	PoolStats() map[string]sql.DBStats
}

// readyWait bounds a readiness check: a probe that hangs tells a load balancer nothing.
const readyWait = 5 * time.Second

// health holds the probes' state: when the process started, the storage probe, the
// metrics and how they are served.
type health struct {
	started time.Time
	probe   Probe
	metrics *metrics
	handler http.Handler // serves metrics' registry
	mode    string       // MetricsOn, MetricsOff or MetricsToken
	token   string
	// paths are the probes' addresses, which skip the session: see New.
	paths map[string]bool
}

// newHealth checks the metrics settings and builds the registry.
func newHealth(cfg Config, s *Server) (*health, error) {
	mode, err := checkMetricsConfig(cfg)
	if err != nil {
		return nil, err
	}
	h := &health{started: time.Now(), probe: cfg.Probe, mode: mode, token: cfg.MetricsToken,
		paths: map[string]bool{"/healthz": true, "/readyz": true}}
	h.metrics = newMetrics(s, cfg.Probe)
	h.handler = h.metrics.handler(s.log)
	if mode != MetricsOff {
		h.paths[metricsPath] = true
	}
	return h, nil
}

// probeRoutes registers /healthz, /readyz and /metrics. It runs before routes() adds
// the middleware every page has, so the probes get only what they need: a request id,
// recovery, the security headers and the request log (with the request metrics). No
// session is loaded, no user looked up, and no set-up redirect happens: a monitor asks
// before the first administrator exists, and a scraper's bearer token is not an API
// token. Cross-origin protection still wraps them (they only read).
func (s *Server) probeRoutes(r *gin.Engine) {
	chain := []gin.HandlerFunc{s.requestID, s.recovery, s.securityHeaders, s.logRequests}
	with := func(h ...gin.HandlerFunc) []gin.HandlerFunc {
		return append(append([]gin.HandlerFunc{}, chain...), h...)
	}
	r.GET("/healthz", with(s.healthz)...)
	r.GET("/readyz", with(s.readyz)...)
	switch s.health.mode {
	case MetricsOn:
		r.GET(metricsPath, with(s.metricsServe)...)
	case MetricsToken:
		r.GET(metricsPath, with(requireMetricsToken(s.health.token), s.metricsServe)...)
	}
}

// isProbe reports whether the path is one of the probes, served without a session.
func (s *Server) isProbe(path string) bool { return s.health.paths[path] }

// liveness is /healthz's answer. The build lets a monitor see what is deployed, and the
// uptime a restart loop, without a session.
type liveness struct {
	Status  string `json:"status"` // always "ok": a process that cannot answer says nothing
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Uptime  int64  `json:"uptime_seconds"`
}

// healthz says the process is alive and answering, and which build it is. It reads no
// database: a liveness probe that failed on a busy database would restart a process
// that is fine.
func (s *Server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, liveness{Status: "ok", Version: s.version(), Commit: s.cfg.Commit,
		Uptime: int64(time.Since(s.health.started) / time.Second)})
}

// version is the running build's version, "dev" when cmd/outlay gave none.
func (s *Server) version() string {
	if s.cfg.Version == "" {
		return "dev"
	}
	return s.cfg.Version
}

// readiness is /readyz's answer.
type readiness struct {
	Status string               `json:"status"` // "ready" or "not ready"
	Checks []outlay.HealthCheck `json:"checks"`
}

// readyz runs the readiness checks: 200 when all pass, else 503; the body lists each
// check and, for a failing one, its problem, for the operator who reads it.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), readyWait)
	defer cancel()
	var checks []outlay.HealthCheck
	if s.health.probe == nil {
		checks = []outlay.HealthCheck{{Name: "database", Problem: "no storage is wired to this server"}}
	} else {
		checks = s.health.probe.CheckHealth(ctx, s.health.started)
	}
	body, code := readiness{Status: "ready", Checks: checks}, http.StatusOK
	for _, ch := range checks {
		if !ch.OK {
			body.Status, code = "not ready", http.StatusServiceUnavailable
		}
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(code, body)
}

// metricsServe serves the Prometheus text format.
func (s *Server) metricsServe(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	s.health.handler.ServeHTTP(c.Writer, c.Request)
}
