package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pressly/goose/v3"

	"outlay/internal/outlay"
)

// BackupFolder is the folder beside the database that holds its backups: DATA/backups,
// where `outlay serve` keeps the nightly ones and Open the pre-migration ones.
const BackupFolder = "backups"

// preMigrationLayout is the time in a pre-migration backup's name: UTC, sortable, and
// with no character a shell or another file system trips on.
const preMigrationLayout = "20060102T150405Z"

// PreMigrationFileName is the name of the backup taken at t before the migrations from
// version from to version to, e.g. outlay-pre-migration-v00015-to-v00016-20261203T083000Z.db:
// an operator sees which release's database it holds, and the nightly pruning
// (backup.Prune), which knows only the nightly names, never deletes it.
func PreMigrationFileName(from, to int64, t time.Time) string {
	return fmt.Sprintf("outlay-pre-migration-v%05d-to-v%05d-%s.db", from, to, t.UTC().Format(preMigrationLayout))
}

// ErrPreMigrationBackup marks an Open that did not migrate because the backup before the
// migration could not be taken; the database is left as it was.
var ErrPreMigrationBackup = errors.New("the backup before the migration failed")

// PreMigrationBackup returns the path of the backup Open took before migrating the
// database (its key file is the path with KeySuffix), or "" when it migrated nothing or
// took no backup.
func (d *DB) PreMigrationBackup() string { return d.preMigration }

// backUpBeforeMigrating copies an existing database that has migrations pending into
// the backup folder, with its key file, and checks the copy, before p runs them. It
// returns the run to record once the migrations have run, or nil when no backup is due:
// a new database (version 0) holds nothing to lose, and an up-to-date one is not changed.
//
// Only the writer is open at this point; the copy is taken on a read-only connection of
// its own (the same VACUUM INTO as every backup), so taking it cannot change the
// database, whatever happens. The run is not recorded here: the backup_runs table may
// not exist before the migrations, and a failed backup leaves no trace in the database
// it refused to touch; the error says what happened.
func (d *DB) backUpBeforeMigrating(ctx context.Context, p *goose.Provider) (*outlay.BackupRun, error) {
	from, err := p.GetDBVersion(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: read the database's version: %w", err)
	}
	if from == 0 {
		return nil, nil
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	if !pending {
		return nil, nil
	}
	sources := p.ListSources()
	to := sources[len(sources)-1].Version
	dir := filepath.Join(filepath.Dir(d.path), BackupFolder)
	run := &outlay.BackupRun{Kind: outlay.BackupPreMigration, StartedAt: d.now(), OK: true}
	run.Path = filepath.Join(dir, PreMigrationFileName(from, to, run.StartedAt))

	ro, err := sql.Open("sqlite3", fmt.Sprintf("file:%s?mode=ro&_busy_timeout=5000", d.path))
	if err == nil {
		run.SizeBytes, err = d.backupTo(ctx, ro, run.Path)
		ro.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("the database %s is at migration %d and this binary needs %d, "+
			"but %w (%v); the database was left as it was. "+
			"Free disk space in %s (or make it a writable folder) and start again; or, if you hold a copy of "+
			"your own (outlay.db and secret.key taken with the server stopped), run "+
			"`outlay migrate --without-backup --data %s` once", d.path, from, to, ErrPreMigrationBackup, err, dir, filepath.Dir(d.path))
	}
	finished := d.now()
	run.FinishedAt, run.Duration = &finished, finished.Sub(run.StartedAt)
	return run, nil
}

// recordPreMigration records a pre-migration backup in backup_runs, as Backup records
// any run (started, then finished), once the migrations have made sure the table exists;
// the Notifications page lists it as "Before a migration".
func (d *DB) recordPreMigration(ctx context.Context, r *outlay.BackupRun) error {
	var err error
	if r.ID, err = d.startBackupRun(ctx, r); err != nil {
		return err
	}
	return d.finishBackupRun(ctx, r)
}
