package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/pressly/goose/v3"

	"outlay/db"
	"outlay/internal/outlay"
)

// healthWriteWait bounds how long the writability check waits for the one write
// connection: a probe that hangs behind a long import tells the operator nothing.
const healthWriteWait = 3 * time.Second

// Names of the readiness checks, as /readyz lists them.
const (
	CheckDatabase   = "database"
	CheckWritable   = "writable"
	CheckMigrations = "migrations"
	CheckReminders  = "reminders"
	CheckBackup     = "backup"
)

// CheckHealth runs the readiness checks (see outlay.HealthService). The problems name
// what is wrong without the database's path or the driver's text, which /readyz shows to
// anyone who asks; the server logs nothing of them either, the operator sees them here.
func (d *DB) CheckHealth(ctx context.Context, started time.Time) []outlay.HealthCheck {
	now := d.now()
	checks := []outlay.HealthCheck{
		check(CheckDatabase, d.checkReachable(ctx)),
		check(CheckWritable, d.checkWritable(ctx)),
		check(CheckMigrations, d.checkMigrations(ctx)),
	}
	v, err := d.Vitals(ctx)
	if err != nil {
		problem := errors.New("could not be read from the database")
		return append(checks, check(CheckReminders, problem), check(CheckBackup, problem))
	}
	checks = append(checks, check(CheckReminders, reminderOverdue(v.LastReminderRun, started, now)))
	installed, err := d.installedAt(ctx)
	if err != nil {
		return append(checks, check(CheckBackup, errors.New("the installation's age could not be read")))
	}
	return append(checks, check(CheckBackup, backupOverdue(v.LastGoodBackup, installed, now)))
}

func check(name string, problem error) outlay.HealthCheck {
	if problem == nil {
		return outlay.HealthCheck{Name: name, OK: true}
	}
	return outlay.HealthCheck{Name: name, Problem: problem.Error()}
}

// checkReachable asks both pools for a row, and the file system for the database file:
// SQLite goes on writing to a file deleted under it, and everything written since is lost
// when the process stops.
func (d *DB) checkReachable(ctx context.Context) error {
	if _, err := os.Stat(d.path); errors.Is(err, fs.ErrNotExist) {
		return errors.New("the database file is missing from the data folder")
	} else if err != nil {
		return errors.New("the database file cannot be read")
	}
	var one int
	if d.read == nil {
		return errors.New("the database is not open")
	}
	if err := d.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return errors.New("the database does not answer reads")
	}
	return nil
}

// checkWritable opens a write transaction (BEGIN IMMEDIATE, which takes the write lock),
// runs an update of no row in it and rolls it back: it writes nothing and proves that a
// write would be taken.
func (d *DB) checkWritable(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, healthWriteWait)
	defer cancel()
	tx, err := d.write.BeginTx(ctx, nil)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("the database did not take a write within %s (busy or locked)", healthWriteWait)
	} else if err != nil {
		return errNotWritable
	}
	defer tx.Rollback()
	// BEGIN IMMEDIATE alone succeeds on a read-only file; a statement that writes (no
	// row, but the write transaction it starts is checked) does not.
	if _, err := tx.ExecContext(ctx, `UPDATE goose_db_version SET is_applied = is_applied WHERE 0`); err != nil {
		return errNotWritable
	}
	return nil
}

var errNotWritable = errors.New("the database does not take writes (read-only, locked or closed)")

// checkMigrations compares goose's version of the database with the newest embedded
// migration: a binary newer than its database has not migrated it.
func (d *DB) checkMigrations(ctx context.Context) error {
	fsys, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, d.read, fsys)
	if err != nil {
		return errors.New("the embedded migrations could not be read")
	}
	sources := p.ListSources()
	if len(sources) == 0 {
		return nil
	}
	want := sources[len(sources)-1].Version
	got, err := p.GetDBVersion(ctx)
	if err != nil {
		return errors.New("the database's migration version could not be read")
	}
	if got < want {
		return fmt.Errorf("the database is at migration %d, this binary needs %d: run outlay migrate", got, want)
	}
	return nil
}

// reminderOverdue is the reminders check: a run finished within
// outlay.ReminderRunOverdueAfter, or the process is younger than that.
func reminderOverdue(last *time.Time, started, now time.Time) error {
	switch {
	case last != nil && now.Sub(*last) <= outlay.ReminderRunOverdueAfter:
		return nil
	case now.Sub(started) <= outlay.ReminderRunOverdueAfter:
		return nil // a fresh (or restarted) process is given time for its first run
	case last == nil:
		return fmt.Errorf("no reminder run has finished in the %s since the server started", outlay.ReminderRunOverdueAfter)
	}
	return fmt.Errorf("the last reminder run finished %s ago (at %s); runs are hourly", now.Sub(*last).Round(time.Minute), last.UTC().Format(time.RFC3339))
}

// backupOverdue is the backup check: a good backup within outlay.BackupStaleAfter, or an
// installation younger than that which has none yet.
func backupOverdue(last *time.Time, installed, now time.Time) error {
	switch {
	case last != nil && now.Sub(*last) <= outlay.BackupStaleAfter:
		return nil
	case last != nil:
		return fmt.Errorf("the last good backup is %s old (taken %s); it may be at most %s", now.Sub(*last).Round(time.Minute), last.UTC().Format(time.RFC3339), outlay.BackupStaleAfter)
	case now.Sub(installed) <= outlay.BackupStaleAfter:
		return nil
	}
	return fmt.Errorf("no backup has completed in the %s since the installation", outlay.BackupStaleAfter)
}

// Vitals reads when the last reminder run finished and the last good backup was taken,
// on the read pool: both tables keep one row per run and stay small.
func (d *DB) Vitals(ctx context.Context) (outlay.Vitals, error) {
	var v outlay.Vitals
	if d.read == nil {
		return v, errors.New("sqlite: database not open")
	}
	var run, backup sql.NullString
	if err := d.read.QueryRowContext(ctx, `SELECT
			(SELECT MAX(finished_at) FROM reminder_runs WHERE finished_at IS NOT NULL),
			(SELECT MAX(finished_at) FROM backup_runs WHERE ok = 1 AND finished_at IS NOT NULL)`).Scan(&run, &backup); err != nil {
		return v, err
	}
	v.LastReminderRun, v.LastGoodBackup = instant(run), instant(backup)
	return v, nil
}

// instant reads a stored instant in TimeLayout or any RFC 3339 form, so a row written
// by another part's own formatting still counts; nil when there is none or it is unreadable.
func instant(ns sql.NullString) *time.Time {
	if !ns.Valid || ns.String == "" {
		return nil
	}
	for _, layout := range []string{TimeLayout, time.RFC3339Nano} {
		if t, err := time.Parse(layout, ns.String); err == nil {
			return &t
		}
	}
	return nil
}

// installedAt is when the first migration ran: goose stamps each row of its table, and
// its first row is written when the table is created.
func (d *DB) installedAt(ctx context.Context) (time.Time, error) {
	var s sql.NullString
	if err := d.read.QueryRowContext(ctx, `SELECT CAST(MIN(tstamp) AS TEXT) FROM goose_db_version`).Scan(&s); err != nil {
		return time.Time{}, err
	}
	for _, layout := range []string{"2006-01-02 15:04:05", time.RFC3339Nano, TimeLayout} {
		if t, err := time.Parse(layout, s.String); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("sqlite: goose's tstamp %q is in no known layout", s.String)
}

// PoolStats returns the statistics of the write and the read pool, by name, for the
// metrics: connections in use, idle, and the waits for one.
func (d *DB) PoolStats() map[string]sql.DBStats {
	out := map[string]sql.DBStats{"write": d.write.Stats()}
	if d.read != nil {
		out["read"] = d.read.Stats()
	}
	return out
}
