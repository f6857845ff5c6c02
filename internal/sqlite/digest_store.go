package sqlite

import (
	"context"

	"outlay/internal/outlay"
)

// DigestUsers returns every user, by email, for the weekly digest: it needs each owner's
// name and choice (weekly_digest, active) and reads them once for all owners rather than
// once per owner. The users table is small; the digest plans from it in memory.
func (w Work) DigestUsers(ctx context.Context) ([]*outlay.User, error) {
	rows, err := w.db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUser)
}

// EmailKeyWritten reports whether the outbox holds an email whose key starts with
// prefix ("digest/2026-W49/"): the weekly digest and the quarterly pack ask it so that a
// catch-up on a later day happens only when the period's emails were never written, and
// the pack's workbook is not built again on every run of the quarter. It reads the
// outbox's unique key index as a range, so it costs one index probe.
func (w Work) EmailKeyWritten(ctx context.Context, prefix string) (bool, error) {
	if prefix == "" {
		return false, outlay.Errorf(outlay.EINTERNAL, "outbox: an empty key prefix")
	}
	q, args := `SELECT count(*) FROM (SELECT 1 FROM outbox WHERE dedupe_key >= ?`, []any{prefix}
	if end, ok := keyPrefixEnd(prefix); ok {
		q, args = q+` AND dedupe_key < ?`, append(args, end)
	}
	var n int
	err := w.db.read.QueryRowContext(ctx, q+` LIMIT 1)`, args...).Scan(&n)
	return n > 0, err
}

// keyPrefixEnd is the least string greater than every string that starts with prefix:
// prefix with its last byte raised by one (a byte of 0xFF is dropped and the one before
// it raised); false when there is none (a prefix of 0xFF bytes only). Keys are compared
// bytewise (BINARY), as the index orders them.
func keyPrefixEnd(prefix string) (string, bool) {
	b := []byte(prefix)
	for len(b) > 0 {
		if last := b[len(b)-1]; last < 0xFF {
			b[len(b)-1] = last + 1
			return string(b), true
		}
		b = b[:len(b)-1]
	}
	return "", false
}
