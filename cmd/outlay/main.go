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
	"os"
	"path/filepath"
	"strings"

	"outlay/internal/outlay"
	"outlay/internal/password"
	"outlay/internal/sqlite"
)

const usage = `Outlay keeps IT spend under control: vendors, contracts, renewals.

Usage: outlay <command> [flags]

Commands:
  serve         start the web application (--addr, default :8080)
  user add      add a user: --email E --name N --role admin|editor|viewer --password-stdin
  token create  create an API token for a user and print it: --email E [--name N]
  migrate       apply database migrations and exit; an existing database is backed up first
                (DATA/backups/outlay-pre-migration-…db): [--without-backup]
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
  version       print the version and commit of this build: [--json]
  systemd-unit  print the hardened systemd unit to install (see README)
  help          show this text

Every command takes --data DIR (default ./data; the database is DIR/outlay.db, the
sessions of signed-in users are in DIR/sessions.db).
Environment: OUTLAY_DATA, OUTLAY_ADDR, OUTLAY_COOKIE_SECURE=1, OUTLAY_TRUSTED_PROXIES
(comma-separated addresses or CIDRs whose X-Forwarded-For is trusted; none by default),
OUTLAY_METRICS=on|off|token (/metrics; default on) and OUTLAY_METRICS_TOKEN (the bearer
token /metrics asks for with OUTLAY_METRICS=token).
OUTLAY_SHUTDOWN_TIMEOUT (default 30s): on SIGTERM or SIGINT, serve stops accepting and
waits this long for the requests in flight, the email being sent and the backup being
taken, then exits 0, or 1 if they were not done; a second signal exits at once.
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
	case "version":
		return versionCmd(rest, stdout, stderr)
	case "systemd-unit":
		return systemdUnitCmd(rest, stdout, stderr)
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

// migrate is `outlay migrate`: Open applies the migrations, after the backup it takes of
// an existing database, and this prints where that backup is. --without-backup is the
// way past a backup folder that cannot take one, for an operator who holds a copy of
// their own; a flag of this command only, so it cannot stay on for every start.
func migrate(args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("migrate", &cfg, stderr)
	without := fs.Bool("without-backup", false, "migrate without the backup taken first (only with a copy of your own; see README, Upgrading)")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := sqlite.OpenWith(cfg.DBPath(), sqlite.OpenOptions{WithoutPreMigrationBackup: *without})
	if err != nil {
		return err
	}
	defer db.Close()
	if p := db.PreMigrationBackup(); p != "" {
		fmt.Fprintln(stdout, "backup before the migration:", p)
		fmt.Fprintf(stdout, "key file: %s (restore the pair with the previous release to go back)\n", p+sqlite.KeySuffix)
	}
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
