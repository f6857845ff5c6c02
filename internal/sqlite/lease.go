package sqlite

import (
	"context"
	"time"

	"outlay/internal/outlay"
)

var _ outlay.LeaseService = (*DB)(nil)

// TakeLease takes the lease name for holder for ttl from now in one write transaction:
// when nobody holds it, when its holder's time has lapsed (the holder died mid-run) or
// when holder holds it already (extending it). It reports whether holder has it now.
func (d *DB) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	var taken bool
	err := d.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
			WHERE leases.until <= ? OR leases.holder = excluded.holder`,
			name, holder, formatTime(tx.now.Add(ttl)), formatTime(tx.now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		taken = n == 1
		return err
	})
	return taken, err
}

// ReleaseLease gives the lease name back if holder holds it; a lease another holder
// took after this one's lapsed is left alone.
func (d *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	return d.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder)
		return err
	})
}
