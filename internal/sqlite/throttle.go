package sqlite

import (
	"context"
	"time"

	"outlay/internal/outlay"
)

var _ outlay.LoginThrottle = (*DB)(nil)

// RecordLoginFailure notes one failed sign-in, and drops failures older than a day so the
// table stays small.
func (d *DB) RecordLoginFailure(ctx context.Context, email, ip string, at time.Time) error {
	return d.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(`INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)`,
			outlay.NormalizeEmail(email), ip, formatTime(at)); err != nil {
			return err
		}
		_, err := tx.Exec(`DELETE FROM login_failures WHERE at < ?`, formatTime(at.Add(-24*time.Hour)))
		return err
	})
}

// CountLoginFailures counts failures since a time for an account and for an address.
func (d *DB) CountLoginFailures(ctx context.Context, email, ip string, since time.Time) (int, int, error) {
	var byEmail, byIP int
	err := d.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM login_failures WHERE email = ? AND at >= ?),
		(SELECT count(*) FROM login_failures WHERE ip = ? AND at >= ?)`,
		outlay.NormalizeEmail(email), formatTime(since), ip, formatTime(since)).Scan(&byEmail, &byIP)
	return byEmail, byIP, err
}

// ClearLoginFailures forgets an account's failures after a successful sign-in.
func (d *DB) ClearLoginFailures(ctx context.Context, email string) error {
	_, err := d.write.ExecContext(ctx, `DELETE FROM login_failures WHERE email = ?`, outlay.NormalizeEmail(email))
	return err
}
