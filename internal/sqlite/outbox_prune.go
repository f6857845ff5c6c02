package sqlite

import (
	"context"
	"database/sql"
	"time"

	"outlay/internal/outlay"
)

// pruneBatch is how many rows one pruning transaction removes: small enough that the
// writer is free again within milliseconds, as for the reminder run's batches.
const pruneBatch = 500

// PruneEmails applies the outbox's retention (outlay.AttachmentKeep, outlay.EmailKeep).
// Finished emails are found through outbox_created_idx: an email is finished at most
// GiveUpAfter after it was written, far less than either bound. A reminder step that
// points at a deleted email keeps its record of having been sent, without the link.
func (d *DB) PruneEmails(ctx context.Context, now time.Time) (outlay.Pruned, error) {
	var p outlay.Pruned
	var err error
	attachBefore := formatTime(now.Add(-outlay.AttachmentKeep))
	p.Attachments, err = d.inBatches(ctx, func(tx *Tx) (int64, error) {
		return affected(tx.ExecContext(ctx, `DELETE FROM outbox_attachments WHERE outbox_id IN (
			SELECT a.outbox_id FROM outbox_attachments a JOIN outbox o ON o.id = a.outbox_id
			WHERE o.status IN ('sent', 'failed') AND o.created_at < ? LIMIT ?)`, attachBefore, pruneBatch))
	})
	if err != nil {
		return p, err
	}
	emailBefore := formatTime(now.Add(-outlay.EmailKeep))
	p.Emails, err = d.inBatches(ctx, func(tx *Tx) (int64, error) {
		ids := `SELECT id FROM outbox INDEXED BY outbox_created_idx
			WHERE created_at < ? AND status IN ('sent', 'failed') ORDER BY created_at, id LIMIT ?`
		if _, err := tx.ExecContext(ctx, `UPDATE reminder_steps SET outbox_id = NULL WHERE outbox_id IN (`+ids+`)`,
			emailBefore, pruneBatch); err != nil {
			return 0, err
		}
		// The attachments go with their email (ON DELETE CASCADE).
		return affected(tx.ExecContext(ctx, `DELETE FROM outbox WHERE id IN (`+ids+`)`, emailBefore, pruneBatch))
	})
	return p, err
}

// inBatches runs batch in one write transaction after another until a batch removes
// fewer than pruneBatch rows, and returns how many rows they removed in all.
func (d *DB) inBatches(ctx context.Context, batch func(tx *Tx) (int64, error)) (int, error) {
	total := 0
	for {
		var n int64
		err := d.inTx(ctx, func(tx *Tx) error {
			var err error
			n, err = batch(tx)
			return err
		})
		if err != nil {
			return total, err
		}
		total += int(n)
		if n < pruneBatch {
			return total, nil
		}
	}
}

// affected is the number of rows an Exec changed.
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
