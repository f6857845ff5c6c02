package outlay

import (
	"context"
	"time"
)

// ReminderRunOverdueAfter is how long the hourly reminder run may go without finishing
// before /readyz fails: two missed hours mean the scheduler is stuck, not just busy.
const ReminderRunOverdueAfter = 2 * time.Hour

// HealthCheck is one of the readiness checks /readyz answers with. Problem says what is
// wrong in words an operator acts on; it never carries a secret or a file path.
type HealthCheck struct {
	Name    string `json:"name"`
	OK      bool   `json:"ok"`
	Problem string `json:"problem,omitempty"`
}

// Vitals are the instants monitoring watches the age of: the last reminder run that
// finished and the last backup that passed its integrity check. Nil means none yet.
type Vitals struct {
	LastReminderRun *time.Time
	LastGoodBackup  *time.Time
}

// HealthService answers readiness and the storage's side of the metrics. It is asked by
// probes that come often and unauthenticated, so every call is cheap and reads little.
type HealthService interface {
	// CheckHealth runs the readiness checks: the database reachable and writable, every
	// migration applied, the reminder run and the backup not overdue. started is when
	// the process started, so a fresh process is given time for its first reminder run.
	CheckHealth(ctx context.Context, started time.Time) []HealthCheck
	// Vitals reads when the last reminder run finished and the last good backup was taken.
	Vitals(ctx context.Context) (Vitals, error)
}
