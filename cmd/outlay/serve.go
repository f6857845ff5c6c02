package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/alexedwards/scs/sqlite3store"

	"outlay/internal/backup"
	"outlay/internal/importer"
	"outlay/internal/letters"
	"outlay/internal/mail"
	"outlay/internal/remind"
	"outlay/internal/server"
	"outlay/internal/sqlite"
)

func serve(args []string, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("serve", &cfg, stderr)
	fs.StringVar(&cfg.Addr, "addr", envOr("OUTLAY_ADDR", ":8080"), "listen address")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, err := newLogger(stderr, os.Getenv)
	if err != nil {
		return err
	}
	mc, err := mailConfig(os.Getenv)
	if err != nil {
		return err
	}
	timeout, err := shutdownTimeout(os.Getenv)
	if err != nil {
		return err
	}
	db, err := sqlite.Open(cfg.DBPath())
	if err != nil {
		return err
	}
	defer db.Close()
	if p := db.PreMigrationBackup(); p != "" {
		log.Info("database migrated; the backup taken before is kept until you delete it", "backup", p)
	}
	sessionDB, err := sqlite.OpenSessions(cfg.SessionsPath())
	if err != nil {
		return err
	}
	defer sessionDB.Close()
	sessions := sqlite3store.NewWithCleanupInterval(sessionDB, 30*time.Minute)
	defer sessions.StopCleanup() // before sessionDB.Close, deferred earlier

	// Mail: with a server configured, a worker delivers the outbox; without one, emails
	// wait there and the admins see a banner.
	var worker *mail.Worker
	srvCfg := server.Config{CookieSecure: cfg.CookieSecure, TrustedProxies: cfg.TrustedProxies, ImportDir: cfg.ImportDir(),
		Mail: mailStatus(mc), Probe: db,
		// /metrics: on by default, "off", or "token" with OUTLAY_METRICS_TOKEN as the
		// scraper's bearer token (never logged).
		Metrics: os.Getenv("OUTLAY_METRICS"), MetricsToken: os.Getenv("OUTLAY_METRICS_TOKEN")}
	srvCfg.Version, srvCfg.Commit = buildVersion()
	if mc.Configured() {
		sender, err := mail.NewSender(mc)
		if err != nil {
			return err
		}
		worker = &mail.Worker{Outbox: db, Sender: sender, Log: log}
		srvCfg.WakeMail = worker.Wake
		log.Info("mail", "smtp", mc)
	} else {
		log.Warn("mail is not configured (OUTLAY_SMTP_HOST is empty): emails wait in the outbox until it is")
	}
	srv, err := server.New(srvCfg, services(db), sessions, log)
	if err != nil {
		return err
	}
	// Listening before anything starts: a taken port fails at once, and the log names the
	// real address, which with port 0 only the listener knows.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	requests := &inflight{h: srv}
	// WriteTimeout also bounds every download: nothing streams for longer, so no response
	// can hold a shutdown for ever.
	hs := &http.Server{Handler: requests, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	hs.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn) // net/http's own complaints, in the same format

	// Signals are caught from here on; stopping below says what a first and a second do.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var background tasks
	scheduler := &remind.Scheduler{Store: db.Work(), Log: log, Options: reminderOptions(db, mc)}
	if worker != nil {
		scheduler.Wake = worker.Wake
		background.Go("mail", func() { worker.Run(ctx) })
	}
	// The reminder run includes the upkeep (tacit renewals, the payment horizon). It runs
	// beside the server rather than before it, so a large catch-up never delays the first
	// page; hourly, so a roll or a due reminder shows within the hour.
	background.Go("reminders", func() { scheduler.Run(ctx) })
	// The nightly backup, at 02:00 local time, and at start when the last good one is more
	// than a day old. A backup under way at shutdown may go on until the shutdown's
	// deadline, and no longer: after it the process exits.
	backups := &backup.Scheduler{Store: db, Dir: cfg.BackupDir(), Hour: backup.DefaultHour, Log: log, Grace: timeout,
		Keep: func() int {
			st, err := db.GetSettings(context.Background())
			if err != nil {
				return 0 // the default
			}
			return st.BackupKeep
		}}
	background.Go("backup", func() { backups.Run(ctx) })
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	addr := ln.Addr().String()
	log.Info("Outlay is serving", "addr", addr, "url", localURL(addr), "database", cfg.DBPath(), "sessions", cfg.SessionsPath())
	var failed error
	select {
	case err := <-errc:
		failed = fmt.Errorf("serve: %w", err)
		log.Error("the listener failed: stopping", "err", err)
	case sig := <-sigs:
		log.Info("shutting down", "signal", sig.String(), "timeout", timeout)
	}
	st := stopping{timeout: timeout, log: log, exit: os.Exit}
	// The databases close after it, in the deferred calls above.
	return errors.Join(failed, st.stop(sigs, hs, cancel, &background, requests))
}

// shutdownTimeout reads OUTLAY_SHUTDOWN_TIMEOUT (getenv is os.Getenv outside tests): how
// long a stopping server waits for its requests and background work, 30 s by default.
func shutdownTimeout(getenv func(string) string) (time.Duration, error) {
	v := strings.TrimSpace(getenv("OUTLAY_SHUTDOWN_TIMEOUT"))
	if v == "" {
		return defaultShutdownTimeout, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("OUTLAY_SHUTDOWN_TIMEOUT %q must be a positive duration, such as 30s or 2m", v)
	}
	return d, nil
}

// defaultShutdownTimeout leaves a slow request and a backup nearly taken time to finish,
// and stays well inside systemd's 90 s before it kills a service that will not stop.
const defaultShutdownTimeout = 30 * time.Second

// stopping is how `outlay serve` stops once asked to (SIGTERM or SIGINT):
//
//  1. The listener closes at once, so new connections are refused and a load balancer
//     or a restarting unit sees the port free; idle connections close too.
//  2. The requests in flight run to their end, and the background work (reminder
//     scheduler, mail worker, backup scheduler) is told to stop: the reminder run rolls
//     back and is redone by the next start, the email being sent is sent and recorded,
//     and the backup being taken is finished.
//  3. Both are bounded by one deadline, timeout after the signal. Within it, stop
//     returns nil and the process exits 0 after closing the databases. Past it, stop
//     logs what is still running, cuts the connections left and returns an error: exit 1,
//     so a supervisor knows that work was abandoned.
//
// A second signal at any time during this exits at once, with status 1: the operator
// who presses Ctrl-C twice wants the process gone, not a longer wait.
type stopping struct {
	timeout time.Duration
	log     *slog.Logger
	// exit ends the process on a second signal: os.Exit, or a test's recorder.
	exit func(code int)
}

// stop runs the shutdown, the first signal having been read from sigs already; cancel
// ends the background work's context.
func (s stopping) stop(sigs <-chan os.Signal, hs *http.Server, cancel context.CancelFunc, background *tasks, requests *inflight) error {
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case sig := <-sigs:
			s.log.Warn("second signal: exiting now", "signal", sig.String())
			s.exit(1)
		case <-done:
		}
	}()
	cancel()
	deadline, release := context.WithTimeout(context.Background(), s.timeout)
	defer release()
	served := make(chan error, 1)
	go func() { served <- hs.Shutdown(deadline) }()
	finished := make(chan struct{})
	go func() { background.Wait(); close(finished) }()
	var err error
wait:
	for served != nil || finished != nil {
		select {
		case err = <-served:
			served = nil
		case <-finished:
			finished = nil
		case <-deadline.Done():
			break wait
		}
	}
	// Shutdown's error is the deadline's when requests were still running at it.
	if served != nil || finished != nil || errors.Is(err, context.DeadlineExceeded) {
		n, still := requests.count(), background.left()
		s.log.Error("shutdown timed out: exiting with work unfinished", "timeout", s.timeout, "requests", n, "background", still)
		hs.Close()
		return fmt.Errorf("shutdown timed out after %s: %d requests and background work %v still running", s.timeout, n, still)
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err) // closing the listener failed
	}
	s.log.Info("stopped")
	return nil
}

// inflight counts the requests being handled, for the shutdown's report of what it
// could not wait for. Only the count: a path can hold a secret (a calendar feed's).
type inflight struct {
	h http.Handler
	n atomic.Int64
}

func (f *inflight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.n.Add(1)
	defer f.n.Add(-1)
	f.h.ServeHTTP(w, r)
}

func (f *inflight) count() int64 { return f.n.Load() }

// tasks is the background work of serve, by name, so that a shutdown out of time can
// say which is still running.
type tasks struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	running map[string]bool
}

// Go runs fn in a goroutine of its own under name.
func (t *tasks) Go(name string, fn func()) {
	t.mu.Lock()
	if t.running == nil {
		t.running = map[string]bool{}
	}
	t.running[name] = true
	t.mu.Unlock()
	t.wg.Go(func() {
		defer func() {
			t.mu.Lock()
			delete(t.running, name)
			t.mu.Unlock()
		}()
		fn()
	})
}

// Wait waits for every task to return.
func (t *tasks) Wait() { t.wg.Wait() }

// left lists the tasks still running, sorted.
func (t *tasks) left() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Sorted(maps.Keys(t.running))
}

// services hands the database to the server as the domain's services: the one place
// that knows they are all the same SQLite file.
func services(db *sqlite.DB) server.Services {
	return server.Services{
		Vendors: db, Contracts: db, Users: db, Tokens: db, Audit: db, Throttle: db, Settings: db,
		Rates: db, Figures: db, Spend: db, Licences: db, Budget: db, Work: db.Work(),
		Imports: importer.Capped{Work: db.Work(), Settings: db}, Resets: db,
		Outbox: db, Runs: db, Feeds: db, Backups: db,
	}
}

// reminderOptions are the options of every scheduled run: the letters' links and the
// sender's domain for Message-IDs, one holder name for the process's lifetime, and the
// weekly digests and the quarterly pack after the reminders.
func reminderOptions(db *sqlite.DB, mc mail.Config) func() remind.Options {
	holder := remind.Holder()
	return func() remind.Options {
		return remind.Options{Site: letters.Site{BaseURL: mc.BaseURL}, From: mc.From, Holder: holder,
			Extra: reminderExtras(db)}
	}
}

// reminderExtras are the emails every run plans after the reminders: the weekly digests
// and the quarterly finance pack.
func reminderExtras(db *sqlite.DB) []remind.Extra {
	return []remind.Extra{remind.Digests(db.Work()), remind.Packs(db.Work())}
}

// localURL turns a listening address into the URL to open in a browser on this machine.
func localURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost" // listening on every interface, this one included
	}
	return "http://" + net.JoinHostPort(host, port)
}
