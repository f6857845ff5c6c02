package sqlite

import (
	"context"
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
	attachBefore := formatTime(now.Add(-outlay.AttachmentKeep))
	for {
		var n int64
		err := d.inTx(ctx, func(tx *Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM outbox_attachments WHERE outbox_id IN (
				SELECT a.outbox_id FROM outbox_attachments a JOIN outbox o ON o.id = a.outbox_id
				WHERE o.status IN ('sent', 'failed') AND o.created_at < ? LIMIT ?)`, attachBefore, pruneBatch)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return p, err
		}
		p.Attachments += int(n)
		if n < pruneBatch {
			break
		}
	}
	emailBefore := formatTime(now.Add(-outlay.EmailKeep))
	for {
		var n int64
		err := d.inTx(ctx, func(tx *Tx) error {
			ids := `SELECT id FROM outbox INDEXED BY outbox_created_idx
				WHERE created_at < ? AND status IN ('sent', 'failed') ORDER BY created_at, id LIMIT ?`
			if _, err := tx.ExecContext(ctx, `UPDATE reminder_steps SET outbox_id = NULL WHERE outbox_id IN (`+ids+`)`,
				emailBefore, pruneBatch); err != nil {
				return err
			}
			// The attachments go with their email (ON DELETE CASCADE).
			res, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id IN (`+ids+`)`, emailBefore, pruneBatch)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		if err != nil {
			return p, err
		}
		p.Emails += int(n)
		if n < pruneBatch {
			break
		}
	}
	return p, nil
}
