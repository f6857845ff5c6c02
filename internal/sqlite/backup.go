package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/secretbox"
)

// KeySuffix is appended to a backup file's name for the copy of the key file beside it:
// a backup without its key holds only ciphertext for the licence keys.
const KeySuffix = ".key"

// Backup takes a consistent copy of the database into dest while the application keeps
// working, copies the key file to dest+KeySuffix, checks the copy with PRAGMA
// integrity_check and records the run (kind is outlay.BackupNightly, BackupManual or
// BackupPreMigration) in backup_runs, failed or not. The returned run says what
// happened; err is set whenever run.OK is false.
//
// The copy is VACUUM INTO on a read-only connection: it reads one snapshot (WAL lets
// the writer go on meanwhile) and writes a compact file, into a temporary name in dest's
// folder that is renamed once the copy is checked, so dest is never a half-written file.
func (d *DB) Backup(ctx context.Context, kind, dest string) (*outlay.BackupRun, error) {
	run := &outlay.BackupRun{Kind: kind, StartedAt: d.now(), Path: dest}
	var err error
	if run.ID, err = d.startBackupRun(ctx, run); err != nil {
		return run, fmt.Errorf("record backup run: %w", err)
	}
	size, berr := d.backupTo(ctx, d.read, dest)
	finished := d.now()
	run.FinishedAt, run.Duration, run.SizeBytes, run.OK = &finished, finished.Sub(run.StartedAt), size, berr == nil
	if berr != nil {
		run.Error = berr.Error()
	}
	// The record is written even when ctx ended: a cancelled backup is a failed one.
	if err := d.finishBackupRun(context.WithoutCancel(ctx), run); err != nil {
		return run, errors.Join(berr, fmt.Errorf("record backup run: %w", err))
	}
	return run, berr
}

// backupTo does the copy from the read-only pool from and returns the backup's size in
// bytes.
func (d *DB) backupTo(ctx context.Context, from *sql.DB, dest string) (int64, error) {
	dir := filepath.Dir(dest)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 0, fmt.Errorf("create backup folder: %w", err)
	}
	if _, err := os.Stat(dest); err == nil {
		return 0, fmt.Errorf("%s exists already; choose another name", dest)
	}
	// CreateTemp makes the file with mode 0600, and VACUUM INTO accepts an empty file,
	// so the copy is private from its first byte.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(dest)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // after the rename there is nothing left to remove
	conn, err := from.Conn(ctx)
	if err != nil {
		return 0, err
	}
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, tmpName)
	conn.Close()
	if err != nil {
		return 0, fmt.Errorf("copy the database: %w", err)
	}
	if err := syncFile(tmpName); err != nil {
		return 0, err
	}
	if err := CheckIntegrity(ctx, tmpName); err != nil {
		return 0, err
	}
	if err := copyPrivate(filepath.Join(filepath.Dir(d.path), secretbox.KeyFile), dest+KeySuffix); err != nil {
		return 0, fmt.Errorf("copy the key file: %w", err)
	}
	if err := os.Rename(tmpName, dest); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	syncDir(dir)
	fi, err := os.Stat(dest)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// ErrNotDatabase marks a file that is no Outlay database at all, or a damaged one.
var ErrNotDatabase = errors.New("not a sound Outlay database")

// CheckIntegrity opens the database file at path read-only, without touching it, and
// runs PRAGMA integrity_check, and checks that it holds Outlay's migrations. A truncated
// or damaged file and a file of another kind fail with an error wrapping ErrNotDatabase
// that says what was found.
func CheckIntegrity(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file: %w", path, ErrNotDatabase)
	}
	if fi.Size() == 0 {
		return fmt.Errorf("%s is empty: %w", path, ErrNotDatabase)
	}
	// immutable=1: nothing else writes a backup, so SQLite needs no lock, -wal or -shm
	// file, and the check never creates one beside the file it checks.
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("%s: %v: %w", path, err, ErrNotDatabase)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("%s: %v: %w", path, err, ErrNotDatabase)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("%s: %v: %w", path, err, ErrNotDatabase)
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], fmt.Sprintf("and %d more", len(problems)-3))
		}
		return fmt.Errorf("%s fails the integrity check (%s): %w", path, strings.Join(problems, "; "), ErrNotDatabase)
	}
	var version int64
	if err := db.QueryRowContext(ctx, `SELECT max(version_id) FROM goose_db_version`).Scan(&version); err != nil || version == 0 {
		return fmt.Errorf("%s is an SQLite file but holds no Outlay migrations: %w", path, ErrNotDatabase)
	}
	return nil
}

// startBackupRun records a run as started (finished_at empty): a process that dies
// during a backup leaves a row that says so.
func (d *DB) startBackupRun(ctx context.Context, r *outlay.BackupRun) (int64, error) {
	res, err := d.write.ExecContext(ctx, `INSERT INTO backup_runs (kind, started_at, path) VALUES (?, ?, ?)`,
		r.Kind, formatTime(r.StartedAt), r.Path)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func (d *DB) finishBackupRun(ctx context.Context, r *outlay.BackupRun) error {
	ok := 0
	if r.OK {
		ok = 1
	}
	_, err := d.write.ExecContext(ctx, `UPDATE backup_runs SET finished_at = ?, size_bytes = ?, duration_ms = ?, ok = ?, error = ?
		WHERE id = ?`, formatTime(*r.FinishedAt), r.SizeBytes, r.Duration.Milliseconds(), ok, r.Error, r.ID)
	return err
}

// maxBackupRuns bounds one read of the runs; a limit of 0 or below asks for this many.
const maxBackupRuns = 200

const backupRunColumns = `id, kind, started_at, finished_at, path, size_bytes, duration_ms, ok, error`

// FindBackupRuns lists backup runs, newest first, at most limit of them.
func (d *DB) FindBackupRuns(ctx context.Context, limit int) ([]*outlay.BackupRun, error) {
	if limit <= 0 || limit > maxBackupRuns {
		limit = maxBackupRuns
	}
	rows, err := d.read.QueryContext(ctx, `SELECT `+backupRunColumns+`
		FROM backup_runs ORDER BY started_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanBackupRun)
}

// LastGoodBackup returns the newest backup that succeeded, or nil when there is none:
// what the nightly schedule needs to decide whether a start should take one at once.
func (d *DB) LastGoodBackup(ctx context.Context) (*outlay.BackupRun, error) {
	r, err := scanBackupRun(d.read.QueryRowContext(ctx, `SELECT `+backupRunColumns+`
		FROM backup_runs WHERE ok = 1 ORDER BY started_at DESC, id DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

func scanBackupRun(row interface{ Scan(...any) error }) (*outlay.BackupRun, error) {
	var (
		r        outlay.BackupRun
		started  string
		finished sql.NullString
		ms       int64
	)
	if err := row.Scan(&r.ID, &r.Kind, &started, &finished, &r.Path, &r.SizeBytes, &ms, &r.OK, &r.Error); err != nil {
		return nil, err
	}
	r.StartedAt, r.FinishedAt, r.Duration = parseTime(started), nullTime(finished), time.Duration(ms)*time.Millisecond
	return &r, nil
}

// copyPrivate copies a file to to (mode 0600) through a temporary name, so that to is
// either absent or complete.
func copyPrivate(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(to), "."+filepath.Base(to)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), to)
}

// CopyPrivate is copyPrivate for `outlay restore`: the restored database and key file
// are written whole or not at all, readable by their owner only.
func CopyPrivate(from, to string) error {
	if err := copyPrivate(from, to); err != nil {
		return err
	}
	syncDir(filepath.Dir(to))
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable; where a folder cannot be synced (some file
// systems refuse) the rename is still done, so the error is not reported.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
