// Command outlay runs Outlay: the web application (serve) and its administrative
// commands. Configuration comes from flags and OUTLAY_* environment variables only here,
// and is handed to the packages as values.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/alexedwards/scs/sqlite3store"

	"outlay/internal/backup"
	"outlay/internal/importer"
	"outlay/internal/letters"
	"outlay/internal/mail"
	"outlay/internal/outlay"
	"outlay/internal/password"
	"outlay/internal/remind"
	"outlay/internal/server"
	"outlay/internal/sqlite"
)

const usage = `Outlay keeps IT spend under control: vendors, contracts, renewals.

Usage: outlay <command> [flags]

Commands:
  serve         start the web application (--addr, default :8080)
  user add      add a user: --email E --name N --role admin|editor|viewer --password-stdin
  token create  create an API token for a user and print it: --email E [--name N]
  migrate       apply database migrations and exit
  demo          fill an empty database with demo data: --size small|large (default small)
  export quarterly  write the quarterly finance pack: --fy 2027 --quarter 2
                [--basis cash|accrual] -o FILE (progress on stderr)
  import        import a spreadsheet (.xlsx or .csv): import KIND FILE [--dry-run] [--as EMAIL]
                KIND is vendors, contracts, licences, budget-lines or spend; see README
  remind        one reminder run (the server runs one every hour), then deliver what is
                due: [--as-of YYYY-MM-DD] [--dry-run]; exits 1 if an email was not delivered
  backup        take a consistent copy of the database while the server runs, with the key
                file beside it, and check it: [-o FILE] (default DATA/backups/outlay-…db)
  restore       restore a backup into an empty data folder: restore FILE --data DIR
                [--without-key]; refuses a non-empty folder or a damaged file
  help          show this text

Every command takes --data DIR (default ./data; the database is DIR/outlay.db, the
sessions of signed-in users are in DIR/sessions.db).
Environment: OUTLAY_DATA, OUTLAY_ADDR, OUTLAY_COOKIE_SECURE=1, OUTLAY_TRUSTED_PROXIES
(comma-separated addresses or CIDRs whose X-Forwarded-For is trusted; none by default),
OUTLAY_METRICS=on|off|token (/metrics; default on) and OUTLAY_METRICS_TOKEN (the bearer
token /metrics asks for with OUTLAY_METRICS=token).
` + logUsage + mailUsage

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "outlay:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Config is everything the command line and environment can set.
type Config struct {
	DataDir        string
	Addr           string
	CookieSecure   bool
	TrustedProxies []string
}

// DBPath is the database file inside the data folder.
func (c Config) DBPath() string { return filepath.Join(c.DataDir, "outlay.db") }

// ImportDir is the private folder where an uploaded spreadsheet waits for its commit.
func (c Config) ImportDir() string { return filepath.Join(c.DataDir, "imports") }

// SessionsPath is the session database beside it: a file of its own, so that learning
// who is signed in never waits on the business writer.
func (c Config) SessionsPath() string { return filepath.Join(c.DataDir, "sessions.db") }

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// newFlags makes a flag set with the flags every command shares.
func newFlags(name string, cfg *Config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DataDir, "data", envOr("OUTLAY_DATA", "./data"), "data folder")
	cfg.CookieSecure = os.Getenv("OUTLAY_COOKIE_SECURE") == "1"
	if p := os.Getenv("OUTLAY_TRUSTED_PROXIES"); p != "" {
		for _, s := range strings.Split(p, ",") {
			if s = strings.TrimSpace(s); s != "" {
				cfg.TrustedProxies = append(cfg.TrustedProxies, s)
			}
		}
	}
	return fs
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "serve":
		return serve(rest, stderr)
	case "migrate":
		return migrate(rest, stdout, stderr)
	case "demo":
		return demoLoad(rest, stdout, stderr)
	case "export":
		return exportCmd(rest, stdout, stderr)
	case "user":
		if len(rest) == 0 || rest[0] != "add" {
			return usageError{"usage: outlay user add --email E --name N --role R --password-stdin"}
		}
		return userAdd(rest[1:], stdin, stdout, stderr)
	case "import":
		return importRun(rest, stdout, stderr)
	case "remind":
		return remindCmd(rest, stdout, stderr)
	case "backup":
		return backupCmd(rest, stdout, stderr)
	case "restore":
		return restoreCmd(rest, stdout, stderr)
	case "token":
		if len(rest) == 0 || rest[0] != "create" {
			return usageError{"usage: outlay token create --email E"}
		}
		return tokenCreate(rest[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

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
	db, err := sqlite.Open(cfg.DBPath())
	if err != nil {
		return err
	}
	defer db.Close()
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
	hs.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn) // net/http's own complaints, in the same format

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

func migrate(args []string, stdout, stderr io.Writer) error {
	var cfg Config
	if err := parse(newFlags("migrate", &cfg, stderr), args); err != nil {
		return err
	}
	db, err := sqlite.Open(cfg.DBPath()) // Open applies the migrations
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(stdout, "database is up to date:", cfg.DBPath())
	return nil
}

func userAdd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("user add", &cfg, stderr)
	email := fs.String("email", "", "email address (sign-in name)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", outlay.RoleViewer, "admin, editor or viewer")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !*fromStdin {
		return usageError{"--password-stdin is required: passwords are never taken as arguments, which other users can see"}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	pw := strings.TrimRight(line, "\r\n")
	if err := password.Validate(pw); err != nil {
		return fmt.Errorf("password: %w", err)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	db, err := sqlite.Open(cfg.DBPath())
	if err != nil {
		return err
	}
	defer db.Close()
	u := &outlay.User{Email: *email, Name: *name, Role: *role, PasswordHash: hash}
	if err := db.CreateUser(context.Background(), u); err != nil {
		return cliError(err)
	}
	fmt.Fprintf(stdout, "added %s (%s) as %s\n", u.Email, u.Name, u.Role)
	return nil
}

func tokenCreate(args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("token create", &cfg, stderr)
	email := fs.String("email", "", "the user the token acts as")
	name := fs.String("name", "CLI token", "a name to recognise the token by")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := sqlite.Open(cfg.DBPath())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	u, err := db.FindUserByEmail(ctx, *email)
	if err != nil {
		return cliError(err)
	}
	if !u.Active {
		return fmt.Errorf("%s is deactivated", u.Email)
	}
	secret, _, err := db.CreateToken(outlay.NewContextWithUser(ctx, u), u.ID, *name)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintln(stdout, secret) // alone on stdout, so scripts can capture it
	return nil
}

// cliError turns a domain error into one readable line, fields included.
func cliError(err error) error {
	fields := outlay.ErrorFields(err)
	if len(fields) == 0 {
		if outlay.ErrorCode(err) == outlay.EINTERNAL {
			return err
		}
		return errors.New(outlay.ErrorMessage(err))
	}
	var parts []string
	for k, v := range fields {
		parts = append(parts, k+": "+v)
	}
	return fmt.Errorf("%s (%s)", outlay.ErrorMessage(err), strings.Join(parts, "; "))
}
