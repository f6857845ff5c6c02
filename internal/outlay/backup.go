package outlay

import (
	"context"
	"time"
)

// Kinds of backup run.
const (
	BackupNightly      = "nightly"       // taken by `outlay serve` once a night
	BackupManual       = "manual"        // `outlay backup`
	BackupPreMigration = "pre_migration" // taken before a migration changes the database
)

// BackupStaleAfter is how old the last good backup may be before the dashboard warns
// and /readyz fails: two days, so one missed night is not an alarm but two are.
const BackupStaleAfter = 48 * time.Hour

// BackupRun is one backup taken (or attempted), for the dashboard, the Notifications page
// and /readyz.
type BackupRun struct {
	ID         int64
	Kind       string
	StartedAt  time.Time
	FinishedAt *time.Time // nil while it runs (or when the process died during it)
	Path       string     // the backup file
	SizeBytes  int64
	Duration   time.Duration
	OK         bool   // the copy was taken and passed PRAGMA integrity_check
	Error      string // why not, when !OK
}

// BackupRunService reads the record of backups.
type BackupRunService interface {
	// FindBackupRuns lists backup runs, newest first.
	FindBackupRuns(ctx context.Context, limit int) ([]*BackupRun, error)
}
