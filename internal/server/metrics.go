package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"outlay/internal/outlay"
)

// How /metrics is served (Config.Metrics).
const (
	MetricsOn    = "on"    // served to anyone who reaches it (the default)
	MetricsOff   = "off"   // not served: /metrics is a 404
	MetricsToken = "token" // served only with "Authorization: Bearer <Config.MetricsToken>"
)

// metricsPath is where Prometheus scrapes.
const metricsPath = "/metrics"

// scrapeWait bounds the database reads one scrape makes (outbox counts, vitals), so a
// busy database makes a scrape slow, never stuck.
const scrapeWait = 3 * time.Second

// metrics are the series of /metrics, in a registry of Outlay's own: the global one
// would take whatever any library registers in it, and tests could not build two servers.
type metrics struct {
	registry *prometheus.Registry

	requests *prometheus.CounterVec   // by route pattern, method and status code
	latency  *prometheus.HistogramVec // by route pattern
	exports  *prometheus.CounterVec   // by route and result
	exportT  *prometheus.HistogramVec // by route
	imports  *prometheus.CounterVec   // by kind, mode and result
	importT  *prometheus.HistogramVec // by kind and mode
}

// newMetrics registers Outlay's series, the Go runtime's and the process's. The
// storage's series (pools, outbox, ages) are read at scrape time by storageCollector.
func newMetrics(s *Server, probe Probe) *metrics {
	m := &metrics{registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "outlay_http_requests_total",
		Help: "HTTP requests answered, by route pattern (\"unmatched\" for addresses with no route), method and status code.",
	}, []string{"route", "method", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "outlay_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route"})
	m.exports = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "outlay_exports_total",
		Help: "Workbooks built for download, by route pattern and result (ok, error).",
	}, []string{"route", "result"})
	m.exportT = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "outlay_export_duration_seconds",
		Help:    "Time to build a workbook for download, by route pattern.",
		Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	}, []string{"route"})
	m.imports = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "outlay_imports_total",
		Help: "Spreadsheet imports run, by kind, mode (preview, commit) and result (ok, refused, error).",
	}, []string{"kind", "mode", "result"})
	m.importT = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "outlay_import_duration_seconds",
		Help:    "Time to run a spreadsheet import, by kind and mode.",
		Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
	}, []string{"kind", "mode"})
	m.registry.MustRegister(m.requests, m.latency, m.exports, m.exportT, m.imports, m.importT,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&storageCollector{s: s, probe: probe})
	return m
}

// observeRequest counts a finished request; logRequests calls it for every routed request.
func (m *metrics) observeRequest(c *gin.Context, took time.Duration) {
	route := c.FullPath()
	if route == "" {
		route = "unmatched" // one series for every address with no route, not one each
	}
	m.requests.WithLabelValues(route, methodOf(c.Request), strconv.Itoa(c.Writer.Status())).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// observeExport counts a workbook built (or failed) for the route and times it.
func (m *metrics) observeExport(c *gin.Context, err error, took time.Duration) {
	m.exports.WithLabelValues(c.FullPath(), resultOf(err)).Inc()
	m.exportT.WithLabelValues(c.FullPath()).Observe(took.Seconds())
}

// observeImport counts an import (a preview when dryRun) and times it.
func (m *metrics) observeImport(kind outlay.ImportKind, dryRun bool, res *outlay.ImportResult, err error, took time.Duration) {
	mode := "commit"
	if dryRun {
		mode = "preview"
	}
	result := resultOf(err)
	if err == nil && res != nil && len(res.Problems) > 0 {
		result = "refused"
	} else if outlay.ErrorCode(err) == outlay.EINVALID {
		result = "refused"
	}
	m.imports.WithLabelValues(string(kind), mode, result).Inc()
	m.importT.WithLabelValues(string(kind), mode).Observe(took.Seconds())
}

func resultOf(err error) string {
	if err != nil {
		return "error"
	}
	return "ok"
}

// handler serves the registry. A storage series that cannot be read is left out of the
// scrape and logged; the rest is still served.
func (m *metrics) handler(log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
		ErrorLog:      slogPrintln{log},
	})
}

// slogPrintln hands promhttp's errors to the server's log.
type slogPrintln struct{ log *slog.Logger }

func (l slogPrintln) Println(v ...any) { l.log.Error("metrics", "err", fmt.Sprint(v...)) }

// storageCollector reads the storage's series at scrape time: the database pools, the
// outbox by status and the ages of the last reminder run and the last good backup.
type storageCollector struct {
	s     *Server
	probe Probe // nil: only the outbox is read
}

var (
	poolInUse = prometheus.NewDesc("outlay_db_connections_in_use",
		"Database connections in use, by pool (write, read).", []string{"pool"}, nil)
	poolIdle = prometheus.NewDesc("outlay_db_connections_idle",
		"Database connections open and idle, by pool.", []string{"pool"}, nil)
	poolMax = prometheus.NewDesc("outlay_db_connections_max_open",
		"Most database connections the pool opens.", []string{"pool"}, nil)
	poolWaits = prometheus.NewDesc("outlay_db_connection_waits_total",
		"Times a request waited for a database connection, by pool.", []string{"pool"}, nil)
	poolWaited = prometheus.NewDesc("outlay_db_connection_wait_seconds_total",
		"Time spent waiting for a database connection, by pool.", []string{"pool"}, nil)
	outboxEmails = prometheus.NewDesc("outlay_outbox_emails",
		"Emails in the outbox, by status.", []string{"status"}, nil)
	reminderAge = prometheus.NewDesc("outlay_reminder_run_age_seconds",
		"Seconds since the last reminder run finished; absent until the first has.", nil, nil)
	backupAge = prometheus.NewDesc("outlay_backup_age_seconds",
		"Seconds since the last backup that passed its integrity check; absent until the first has.", nil, nil)
)

// Describe implements prometheus.Collector.
func (sc *storageCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolInUse, poolIdle, poolMax, poolWaits, poolWaited, outboxEmails, reminderAge, backupAge} {
		ch <- d
	}
}

// Collect implements prometheus.Collector, reading the storage now.
func (sc *storageCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeWait)
	defer cancel()
	counts, err := sc.s.outbox.CountEmails(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxEmails, fmt.Errorf("count the outbox: %w", err))
	}
	for _, status := range outlay.EmailStatuses {
		if err == nil {
			ch <- prometheus.MustNewConstMetric(outboxEmails, prometheus.GaugeValue, float64(counts[status]), status)
		}
	}
	if sc.probe == nil {
		return
	}
	for pool, st := range sc.probe.PoolStats() {
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(st.InUse), pool)
		ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(st.Idle), pool)
		ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(st.MaxOpenConnections), pool)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(st.WaitCount), pool)
		ch <- prometheus.MustNewConstMetric(poolWaited, prometheus.CounterValue, st.WaitDuration.Seconds(), pool)
	}
	v, err := sc.probe.Vitals(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(reminderAge, fmt.Errorf("read the vitals: %w", err))
		return
	}
	now := sc.s.Now()
	if v.LastReminderRun != nil {
		ch <- prometheus.MustNewConstMetric(reminderAge, prometheus.GaugeValue, now.Sub(*v.LastReminderRun).Seconds())
	}
	if v.LastGoodBackup != nil {
		ch <- prometheus.MustNewConstMetric(backupAge, prometheus.GaugeValue, now.Sub(*v.LastGoodBackup).Seconds())
	}
}

// requireMetricsToken lets a scrape through only with the metrics token as its bearer
// token. The comparison is of digests, in constant time: neither the token's bytes nor
// its length show in how long a refusal takes.
func requireMetricsToken(token string) gin.HandlerFunc {
	want := sha256.Sum256([]byte(token))
	return func(c *gin.Context) {
		got, ok := bearerToken(c.GetHeader("Authorization"))
		sum := sha256.Sum256([]byte(got))
		if !ok || got == "" || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			c.Header("WWW-Authenticate", `Bearer realm="outlay metrics"`)
			c.String(http.StatusUnauthorized, "Send Authorization: Bearer <the metrics token>.\n")
			c.Abort()
			return
		}
		c.Next()
	}
}

// checkMetricsConfig refuses a metrics setting that would not do what it says.
func checkMetricsConfig(cfg Config) (string, error) {
	switch cfg.Metrics {
	case "", MetricsOn:
		return MetricsOn, nil
	case MetricsOff:
		return MetricsOff, nil
	case MetricsToken:
		if cfg.MetricsToken == "" {
			return "", errors.New("server: metrics behind a token (OUTLAY_METRICS=token) needs OUTLAY_METRICS_TOKEN")
		}
		return MetricsToken, nil
	}
	return "", fmt.Errorf("server: metrics must be on, off or token, not %q", cfg.Metrics)
}
