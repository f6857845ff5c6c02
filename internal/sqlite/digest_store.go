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
	where, args, err := keyPrefixRange(prefix)
	if err != nil {
		return false, err
	}
	var n int
	err = w.db.read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM outbox WHERE `+where+` LIMIT 1)`, args...).Scan(&n)
	return n > 0, err
}

// EmailKeysWritten returns the keys in the outbox that start with prefix, as a set: the
// weekly digest skips the owners whose digest of the week is written before it renders
// anyone's letter, so the hourly runs of a Monday do not draw every digest again.
func (w Work) EmailKeysWritten(ctx context.Context, prefix string) (map[string]bool, error) {
	where, args, err := keyPrefixRange(prefix)
	if err != nil {
		return nil, err
	}
	rows, err := w.db.read.QueryContext(ctx, `SELECT dedupe_key FROM outbox WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	keys, err := collect(rows, func(r interface{ Scan(...any) error }) (string, error) {
		var k string
		return k, r.Scan(&k)
	})
	set := make(map[string]bool, len(keys))
	for _, k := range keys {
		set[k] = true
	}
	return set, err
}

// keyPrefixRange is the condition on dedupe_key, with its arguments, for the keys that
// start with prefix, written as a range so that it reads the unique key index.
func keyPrefixRange(prefix string) (string, []any, error) {
	if prefix == "" {
		return "", nil, outlay.Errorf(outlay.EINTERNAL, "outbox: an empty key prefix")
	}
	if end, ok := keyPrefixEnd(prefix); ok {
		return `dedupe_key >= ? AND dedupe_key < ?`, []any{prefix, end}, nil
	}
	return `dedupe_key >= ?`, []any{prefix}, nil
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
