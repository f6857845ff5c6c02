package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"outlay/internal/outlay"
)

// maxReminderRuns bounds one read of the runs: the Notifications page shows ten, and
// `outlay remind` a few more; a limit of 0 or below asks for this many.
const maxReminderRuns = 200

// FindReminderRuns lists the latest reminder runs, newest first, at most limit of them.
// The reminder run writes the table; this only reads it, on the read pool.
func (d *DB) FindReminderRuns(ctx context.Context, limit int) ([]*outlay.ReminderRun, error) {
	if limit <= 0 || limit > maxReminderRuns {
		limit = maxReminderRuns
	}
	rows, err := d.read.QueryContext(ctx, `SELECT id, started_at, finished_at, as_of, holder,
			planned, sent, skipped, rolled, failed, error
		FROM reminder_runs ORDER BY started_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanReminderRun)
}

func scanReminderRun(row interface{ Scan(...any) error }) (*outlay.ReminderRun, error) {
	var (
		r        outlay.ReminderRun
		started  string
		finished sql.NullString
		asOf     string
	)
	if err := row.Scan(&r.ID, &started, &finished, &asOf, &r.Holder,
		&r.Planned, &r.Sent, &r.Skipped, &r.Rolled, &r.Failed, &r.Error); err != nil {
		return nil, err
	}
	r.StartedAt = parseTime(started)
	r.FinishedAt = nullTime(finished)
	r.AsOf = parseAsOf(asOf)
	return &r, nil
}

// parseAsOf reads a run's civil day, stored as YYYY-MM-DD; an instant stored in its
// place counts as its UTC day, so a run recorded either way shows its day.
func parseAsOf(s string) time.Time {
	if !strings.Contains(s, "T") {
		return parseDate(s)
	}
	y, m, d := parseTime(s).UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
