// Package sqlite stores Outlay's data in one SQLite file and implements the domain's
// services. Writes go through a single connection (SQLite allows one writer at a time,
// and one connection makes "database is locked" impossible inside the process); reads use
// a pool of read-only connections that WAL lets run beside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"

	"outlay/db"
	"outlay/internal/outlay"
	"outlay/internal/secretbox"
)

// TimeLayout is how instants are stored: RFC 3339 in UTC, sortable as text.
const TimeLayout = "2006-01-02T15:04:05.000000Z07:00"

// DB is an open Outlay database.
type DB struct {
	write *sql.DB
	read  *sql.DB
	path  string
	box   *secretbox.Box // encrypts licence keys; its key file lives beside the database

	preMigration string // the backup Open took before migrating, or ""

	// Now returns the current time; tests replace it to fix "now".
	Now func() time.Time
}

// Open opens (creating if needed) the database file at path and applies the embedded
// migrations, after a pre-migration backup when the database exists already and has
// migrations pending (see OpenWith). Pragmas travel in the DSN because a pragma run with
// Exec reaches only the one pooled connection it happened to run on.
func Open(path string) (*DB, error) { return OpenWith(path, OpenOptions{}) }

// OpenOptions change what Open does before it migrates.
type OpenOptions struct {
	// WithoutPreMigrationBackup migrates an existing database without taking the backup
	// first: for an operator who holds a copy of their own and whose backup folder cannot
	// take one (`outlay migrate --without-backup`, a deliberate one-off act rather than a
	// setting that would stay on and silently remove the safety net of every upgrade).
	WithoutPreMigrationBackup bool
}

// OpenWith is Open with options. An existing database (one with migrations applied) that
// this binary would migrate is first copied into DIR/backups (see PreMigrationFileName)
// with its key file and checked; when that fails, OpenWith returns an error wrapping
// ErrPreMigrationBackup and the database is left as it was. A new database takes no
// backup: there is nothing in it to lose.
func OpenWith(path string, o OpenOptions) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	common := "_foreign_keys=on&_busy_timeout=5000"
	write, err := sql.Open("sqlite3", fmt.Sprintf("file:%s?_journal_mode=WAL&_synchronous=FULL&_txlock=immediate&%s", path, common))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.Ping(); err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	d := &DB{write: write, path: path, Now: time.Now}
	// The key file before the migrations, so that the pre-migration backup always has its
	// key beside it: a data folder without one yet (no licence key stored) gets now the
	// key it would get right after them, and the backup restores like any other.
	if d.box, err = secretbox.Open(filepath.Dir(path)); err != nil {
		write.Close()
		return nil, err
	}
	if err := d.migrate(context.Background(), !o.WithoutPreMigrationBackup); err != nil {
		write.Close()
		return nil, err
	}
	// The read pool opens only after migrations so its connections see the final schema.
	read, err := sql.Open("sqlite3", fmt.Sprintf("file:%s?mode=ro&_txlock=deferred&%s", path, common))
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(8)
	d.read = read
	return d, nil
}

// createPrivate creates the database file readable by its owner only, when it does not
// exist yet. SQLite would create it with 0644 less the umask; it gives the -wal and -shm
// files the mode of the database file, so they are private too.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	return f.Close()
}

// migrate applies the pending migrations; with backupFirst, an existing database is
// backed up before them (backUpBeforeMigrating) and the backup recorded after them,
// when the backup_runs table is sure to exist.
func (d *DB) migrate(ctx context.Context, backupFirst bool) error {
	fsys, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, d.write, fsys)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	var pre *outlay.BackupRun
	if backupFirst {
		if pre, err = d.backUpBeforeMigrating(ctx, p); err != nil {
			return err
		}
	}
	if _, err := p.Up(ctx); err != nil {
		if pre != nil {
			return fmt.Errorf("migrate: %w (the database as it was before is in %s)", err, pre.Path)
		}
		return fmt.Errorf("migrate: %w", err)
	}
	if pre != nil {
		if err := d.recordPreMigration(ctx, pre); err != nil {
			return fmt.Errorf("record the pre-migration backup %s: %w", pre.Path, err)
		}
		d.preMigration = pre.Path
	}
	return nil
}

// Close closes both connection pools.
func (d *DB) Close() error {
	var errs []error
	if d.read != nil {
		errs = append(errs, d.read.Close())
	}
	errs = append(errs, d.write.Close())
	return errors.Join(errs...)
}

// Path returns the database file's path.
func (d *DB) Path() string { return d.path }

// WriteDB exposes the writer for components that manage their own SQL, such as the
// session store. Everything else goes through the services.
func (d *DB) WriteDB() *sql.DB { return d.write }

// ReadDB exposes the read-only pool, for the same reason as WriteDB.
func (d *DB) ReadDB() *sql.DB { return d.read }

// now returns the current time in UTC, truncated to microseconds as stored.
func (d *DB) now() time.Time { return d.Now().UTC().Truncate(time.Microsecond) }

// queryer is what both the read pool and a write transaction offer, so a read helper
// can serve a page (on the pool) and a change (inside its transaction).
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// collect scans every row with scan and closes the rows: the loop every list query needs.
func collect[T any](rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Tx is a write transaction that knows who is acting and when, for the audit log. Every
// change in this package is a helper taking a *Tx; the DB's methods open one and call
// the helper, and Tx's exported methods call the same helpers, so that a caller can
// combine several changes in one transaction (see Update).
type Tx struct {
	*sql.Tx
	db   *DB
	now  time.Time
	user *outlay.User

	// stmts are the statements prepared in this transaction, by query text: a change
	// repeated many times in one transaction (an import, the demo load) prepares each
	// statement once.
	stmts map[string]*sql.Stmt
	// settings are read once per transaction and kept until it changes them.
	settings *outlay.Settings
	// bulk is set while a dataset is loaded into an empty database (LoadEmpty).
	bulk *bulkLoad
	// deferred is set inside a unit of work (Work.Update, Work.DryRun).
	deferred *unitDeferred
}

// BeginTx starts a write transaction. With _txlock=immediate it takes the write lock at
// once, so a transaction never fails half-way because another writer got in first.
func (d *DB) BeginTx(ctx context.Context) (*Tx, error) {
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return d.newTx(ctx, tx), nil
}

func (d *DB) newTx(ctx context.Context, tx *sql.Tx) *Tx {
	return &Tx{Tx: tx, db: d, now: d.now(), user: outlay.UserFromContext(ctx), stmts: map[string]*sql.Stmt{}}
}

// inTx runs fn in a write transaction, committing if fn returns nil.
func (d *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := d.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Update runs fn in one write transaction: every change fn makes through tx is
// committed together when it returns nil, and none of them when it returns an error.
func (d *DB) Update(ctx context.Context, fn func(tx *Tx) error) error { return d.inTx(ctx, fn) }

// DryRun runs fn in a write transaction with every check and write a real run makes,
// then rolls it back whatever happens, and returns fn's error: what an import's preview
// needs to say exactly what the import would refuse.
func (d *DB) DryRun(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := d.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// stmt returns the transaction's prepared statement for query, preparing it the first
// time. Only statements whose results are read at once (Exec, QueryRow) share a
// prepared statement: running it again while rows of an earlier run are open would
// reset them.
func (tx *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := tx.stmts[query]; ok {
		return s, nil
	}
	s, err := tx.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = s
	return s, nil
}

// ExecContext runs a statement through the transaction's prepared statements.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if r := tx.refs(); r != nil {
		r.forget(query)
	}
	s, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// Exec is ExecContext without a context of its own: the transaction's still applies.
func (tx *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return tx.ExecContext(context.Background(), query, args...)
}

// QueryRowContext runs a one-row query through the transaction's prepared statements.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if r := tx.refs(); r != nil {
		r.forget(query) // a statement with RETURNING writes too
	}
	s, err := tx.stmt(ctx, query)
	if err != nil {
		// sql.Row has no exported constructor; the plain query reports the same error.
		return tx.Tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// QueryRow is QueryRowContext without a context of its own.
func (tx *Tx) QueryRow(query string, args ...any) *sql.Row {
	return tx.QueryRowContext(context.Background(), query, args...)
}

// getSettings returns the settings as this transaction sees them, read once.
func (tx *Tx) getSettings(ctx context.Context) (outlay.Settings, error) {
	if tx.settings != nil {
		return *tx.settings, nil
	}
	s, err := getSettings(ctx, tx)
	if err != nil {
		return s, err
	}
	tx.settings = &s
	return s, nil
}

// Audit writes one audit entry inside the transaction. before and after are marshalled to
// JSON objects; pass nil for "none" (before on create). Secrets must be left out by the
// caller: the audit views of records hold only what a viewer may read.
func (tx *Tx) Audit(action, entity string, id int64, before, after any) error {
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	a, err := enc(after)
	if err != nil {
		return err
	}
	var userID *int64
	email := ""
	if tx.user != nil {
		userID, email = &tx.user.ID, tx.user.Email
	}
	_, err = tx.Exec(`INSERT INTO audit_log (at, user_id, user_email, action, entity, entity_id, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, formatTime(tx.now), userID, email, action, entity, id, b, a)
	return err
}

// audit is the audit entry of one change made by a helper. A bulk load writes one entry
// for the whole load instead (see LoadEmpty).
func (tx *Tx) audit(action, entity string, id int64, before, after any) error {
	if !tx.audits() {
		return nil
	}
	return tx.Audit(action, entity, id, before, after)
}

// audits reports whether the helpers' changes are audited one by one (not in a bulk
// load), so that a helper whose audit view is costly to build builds it only then.
func (tx *Tx) audits() bool { return tx.bulk == nil }

// Now returns the transaction's timestamp: every row it writes carries the same instant.
func (tx *Tx) Now() time.Time { return tx.now }

// isUniqueViolation reports whether err is a UNIQUE or PRIMARY KEY constraint failure,
// by the driver's extended code rather than by the message text.
func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

// isForeignKeyViolation reports whether err is a FOREIGN KEY constraint failure.
func isForeignKeyViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintForeignKey
}

func formatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(TimeLayout, s)
	return t
}

// nullTime reads an optional instant column.
func nullTime(ns sql.NullString) *time.Time {
	if !ns.Valid || ns.String == "" {
		return nil
	}
	t := parseTime(ns.String)
	return &t
}

func parseDate(s string) time.Time {
	t, _ := outlay.ParseDate(s)
	return t
}

// limitOffset renders a LIMIT clause for a page; limit 0 means everything.
func limitOffset(limit, offset int) string {
	if limit <= 0 {
		return ""
	}
	if offset < 0 {
		offset = 0
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}
