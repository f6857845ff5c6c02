package sqlite

import (
	"context"

	"outlay/internal/outlay"
)

var _ outlay.ReminderRunRecorder = (*DB)(nil)

// StartReminderRun stores r as started and sets r.ID; StartedAt is now when zero.
func (d *DB) StartReminderRun(ctx context.Context, r *outlay.ReminderRun) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if r.StartedAt.IsZero() {
			r.StartedAt = tx.now
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO reminder_runs (started_at, as_of, holder) VALUES (?, ?, ?)`,
			formatTime(r.StartedAt), outlay.FormatDate(r.AsOf), r.Holder)
		if err != nil {
			return err
		}
		r.ID, err = res.LastInsertId()
		return err
	})
}

// FinishReminderRun stores r's counts and error, finished now.
func (d *DB) FinishReminderRun(ctx context.Context, r *outlay.ReminderRun) error {
	return d.inTx(ctx, func(tx *Tx) error {
		at := tx.now
		r.FinishedAt = &at
		_, err := tx.ExecContext(ctx, `UPDATE reminder_runs SET finished_at = ?, planned = ?, sent = ?, skipped = ?,
			rolled = ?, failed = ?, error = ? WHERE id = ?`,
			formatTime(at), r.Planned, r.Sent, r.Skipped, r.Rolled, r.Failed, r.Error, r.ID)
		return err
	})
}
