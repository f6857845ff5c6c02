package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
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
	log := slog.New(slog.NewTextHandler(stderr, nil))
	mc, err := mailConfig(os.Getenv)
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
	hs := &http.Server{Addr: cfg.Addr, Handler: srv, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var background sync.WaitGroup
	// Before db.Close, deferred earlier: the scheduler and the worker finish first.
	defer func() { stop(); background.Wait() }()
	scheduler := &remind.Scheduler{Store: db.Work(), Log: log, Options: reminderOptions(db, mc)}
	if worker != nil {
		scheduler.Wake = worker.Wake
		background.Go(func() { worker.Run(ctx) })
	}
	// The reminder run includes the upkeep (tacit renewals, the payment horizon). It runs
	// beside the server rather than before it, so a large catch-up never delays the first
	// page; hourly, so a roll or a due reminder shows within the hour.
	background.Go(func() { scheduler.Run(ctx) })
	// The nightly backup, at 02:00 local time, and at start when the last good one is more
	// than a day old; a backup under way at shutdown gets a minute to finish.
	backups := &backup.Scheduler{Store: db, Dir: cfg.BackupDir(), Hour: backup.DefaultHour, Log: log,
		Keep: func() int {
			st, err := db.GetSettings(context.Background())
			if err != nil {
				return 0 // the default
			}
			return st.BackupKeep
		}}
	background.Go(func() { backups.Run(ctx) })
	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
	log.Info("Outlay is serving", "addr", cfg.Addr, "url", localURL(cfg.Addr), "database", cfg.DBPath(), "sessions", cfg.SessionsPath())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(shutdown)
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

// localURL turns a listen address into the URL to open in a browser.
func localURL(addr string) string {
	if strings.HasPrefix(addr, ":") {
		return "http://localhost" + addr
	}
	return "http://" + addr
}
