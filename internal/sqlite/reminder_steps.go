package sqlite

import (
	"context"
	"time"

	"outlay/internal/outlay"
)

var _ outlay.ReminderTx = (*Tx)(nil)

// RecordReminderStep records s unless a step of its key (kind, item, key date, offset,
// recipient in any letter case) is recorded already, and reports whether it wrote it.
// Two servers planning the same step both try; the primary key lets one win, and the
// other writes no email.
func (tx *Tx) RecordReminderStep(ctx context.Context, s *outlay.ReminderStep) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO reminder_steps (kind, item_id, key_date, offset_days, recipient,
			status, what, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		s.Kind, s.ItemID, outlay.FormatDate(s.KeyDate), s.Offset, s.Recipient, s.Status, s.What, formatTime(tx.now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// LinkReminderStep notes on the recorded step s the outbox email written for it.
func (tx *Tx) LinkReminderStep(ctx context.Context, s *outlay.ReminderStep, outboxID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE reminder_steps SET outbox_id = ?
		WHERE kind = ? AND item_id = ? AND key_date = ? AND offset_days = ? AND recipient = ?`,
		outboxID, s.Kind, s.ItemID, outlay.FormatDate(s.KeyDate), s.Offset, s.Recipient)
	return err
}

// FindLicenceByID returns one licence, archived or not, as this transaction sees it.
func (tx *Tx) FindLicenceByID(ctx context.Context, id int64) (*outlay.Licence, error) {
	return findLicence(ctx, tx, id)
}

// UpdateReminders runs fn in one write transaction of a reminder run (Update).
func (w Work) UpdateReminders(ctx context.Context, fn func(tx outlay.ReminderTx) error) error {
	return w.db.Update(ctx, func(tx *Tx) error { return tx.deferring(ctx, func(tx *Tx) error { return fn(tx) }) })
}

// DryRunReminders runs fn with every write of a real run and rolls it all back (DryRun).
func (w Work) DryRunReminders(ctx context.Context, fn func(tx outlay.ReminderTx) error) error {
	return w.db.DryRun(ctx, func(tx *Tx) error { return tx.deferring(ctx, func(tx *Tx) error { return fn(tx) }) })
}

// ReminderInput reads the planner's input from the read pool (DB.ReminderInput).
func (w Work) ReminderInput(ctx context.Context, today time.Time) (*outlay.ReminderInput, error) {
	return w.db.ReminderInput(ctx, today)
}

// TakeLease takes a lease (DB.TakeLease).
func (w Work) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	return w.db.TakeLease(ctx, name, holder, ttl)
}

// ReleaseLease gives a lease back (DB.ReleaseLease).
func (w Work) ReleaseLease(ctx context.Context, name, holder string) error {
	return w.db.ReleaseLease(ctx, name, holder)
}

// StartReminderRun records a run's start (DB.StartReminderRun).
func (w Work) StartReminderRun(ctx context.Context, r *outlay.ReminderRun) error {
	return w.db.StartReminderRun(ctx, r)
}

// FinishReminderRun records a run's end (DB.FinishReminderRun).
func (w Work) FinishReminderRun(ctx context.Context, r *outlay.ReminderRun) error {
	return w.db.FinishReminderRun(ctx, r)
}
