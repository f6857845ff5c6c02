package sqlite

import (
	"context"
	"time"

	"outlay/internal/outlay"
)

// ActionRoll is the audit action of a term created because an auto contract renewed by
// itself (tacit renewal), as opposed to someone pressing "Renew".
const ActionRoll = "roll"

// RollContracts rolls every auto-renewing contract whose current term ended before today
// without a cancel decision into the terms that follow, until its current term covers
// today: a tacit renewal happens whether or not anyone was looking. Each contract rolls
// in its own transaction, and each new term is written to the audit log as the system's
// doing. It returns how many terms were created.
func (d *DB) RollContracts(ctx context.Context, today time.Time) (int, error) {
	day := outlay.FormatDate(today)
	rows, err := d.read.QueryContext(ctx, `SELECT id FROM contracts WHERE renewal_type = 'auto' AND archived_at IS NULL
		AND term_end <> '' AND term_end < ? AND decision <> 'cancel' ORDER BY id`, day)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	created := 0
	for _, id := range ids {
		n, err := d.rollContract(ctx, id, today)
		created += n
		if err != nil {
			return created, err
		}
	}
	return created, nil
}

// rollContract appends terms to one contract until its current term covers today.
func (d *DB) rollContract(ctx context.Context, id int64, today time.Time) (int, error) {
	created := 0
	err := d.inTx(ctx, func(tx *Tx) error {
		c, err := findContractByID(ctx, tx, id)
		if err != nil {
			return err
		}
		// A long-forgotten monthly contract may need many terms; the bound only guards
		// against a term that would never end.
		for i := 0; i < 1200; i++ {
			cur := c.CurrentTerm()
			if cur == nil || !cur.EndDate.Before(today) || c.Decision() == "cancel" || c.Archived() || c.RenewalType != "auto" {
				break
			}
			next := c.NextTerm()
			if err := insertTerm(ctx, tx, id, next); err != nil {
				return err
			}
			if err := tx.Audit(ActionRoll, "contract", id,
				map[string]any{"current_term": termAudit(cur, c.Currency)},
				map[string]any{"current_term": termAudit(next, c.Currency), "reason": "renewed by itself: no cancel decision before the term ended"}); err != nil {
				return err
			}
			created++
			if c, err = findContractByID(ctx, tx, id); err != nil {
				return err
			}
		}
		if created == 0 {
			return nil
		}
		if _, err := refreshContract(ctx, tx, id); err != nil {
			return err
		}
		if err := refreshContractPayments(ctx, tx, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE contracts SET updated_at = ? WHERE id = ?`, formatTime(tx.now), id)
		return err
	})
	return created, err
}

// Upkeep is the work that time alone makes necessary: auto contracts whose term ended roll
// into their next terms, and the stored contract payments move on when a fiscal year
// begins. The server runs it at start and every hour; each part does nothing when there
// is nothing to do.
func (d *DB) Upkeep(ctx context.Context) error {
	if _, err := d.RollContracts(ctx, d.today()); err != nil {
		return err
	}
	return d.EnsurePaymentHorizon(ctx)
}
