package sqlite

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"errors"
	"net/netip"
	"time"

	"outlay/internal/outlay"
)

var _ outlay.LoginThrottle = (*DB)(nil)

// loginFailureKeep is how long failures stay before they are dropped: far beyond any
// window, so a policy change never meets a table that already forgot.
const loginFailureKeep = 24 * time.Hour

// ReserveLoginAttempt records the attempt as a failure before its password is checked,
// in the same write transaction that counts the earlier ones. The single writer runs
// these one after another, so of many concurrent guesses exactly as many as the limit
// allows are recorded and checked; the rest are refused with no password hashed.
func (d *DB) ReserveLoginAttempt(ctx context.Context, email, addr string, at time.Time, p outlay.LoginPolicy) (time.Time, error) {
	var retryAt time.Time
	err := d.inTx(ctx, func(tx *Tx) (err error) {
		retryAt, err = reserveLoginAttempt(tx, email, addr, at, p)
		return err
	})
	return retryAt, err
}

// reserveLoginAttempt is ReserveLoginAttempt inside the caller's transaction.
func reserveLoginAttempt(tx *Tx, email, addr string, at time.Time, p outlay.LoginPolicy) (time.Time, error) {
	account, address, err := throttleKeys(tx, email, addr)
	if err != nil {
		return time.Time{}, err
	}
	since := formatTime(at.Add(-p.Window))
	byPair, err := limitReachedAt(tx, `account = ? AND address = ?`, []any{account, address}, since, p.PerAccountAddress)
	if err != nil {
		return time.Time{}, err
	}
	byAddress, err := limitReachedAt(tx, `address = ?`, []any{address}, since, p.PerAddress)
	if err != nil {
		return time.Time{}, err
	}
	if !byPair.IsZero() || !byAddress.IsZero() {
		return later(byPair, byAddress).Add(p.Window), nil
	}
	if _, err := tx.Exec(`INSERT INTO login_failures (account, address, at) VALUES (?, ?, ?)`,
		account, address, formatTime(at)); err != nil {
		return time.Time{}, err
	}
	_, err = tx.Exec(`DELETE FROM login_failures WHERE at < ?`, formatTime(at.Add(-loginFailureKeep)))
	return time.Time{}, err
}

// ClearLoginFailures forgets the account's failures from the address only: a guesser
// who also owns an account cannot wipe their guesses at others by signing in as themself.
func (d *DB) ClearLoginFailures(ctx context.Context, email, addr string) error {
	return d.inTx(ctx, func(tx *Tx) error { return clearLoginFailures(tx, email, addr) })
}

func clearLoginFailures(tx *Tx, email, addr string) error {
	account, address, err := throttleKeys(tx, email, addr)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`DELETE FROM login_failures WHERE account = ? AND address = ?`, account, address)
	return err
}

// limitReachedAt returns the time of the limit-th newest failure matching cond since the
// window's start, or zero when there are fewer: once that failure leaves the window, fewer
// than limit remain and sign-in may be tried again.
func limitReachedAt(tx *Tx, cond string, args []any, since string, limit int) (time.Time, error) {
	var at string
	err := tx.QueryRow(`SELECT at FROM login_failures WHERE `+cond+` AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?`,
		append(args, since, max(limit, 1)-1)...).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	} else if err != nil {
		return time.Time{}, err
	}
	return parseTime(at), nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// throttleKeys returns the keyed hashes under which an email and an address are counted.
// A keyed hash rather than the text: whatever was typed into the email field (a password
// by mistake, megabytes on purpose) is never stored, and each value takes 32 bytes.
func throttleKeys(tx *Tx, email, addr string) (account, address []byte, err error) {
	var key []byte
	if err := tx.QueryRow(`SELECT key FROM login_throttle_key WHERE id = 1`).Scan(&key); err != nil {
		return nil, nil, err
	}
	sum := func(kind, value string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(kind))
		m.Write([]byte{0})
		m.Write([]byte(value))
		return m.Sum(nil)
	}
	return sum("account", outlay.NormalizeEmail(email)), sum("address", normalizeAddress(addr)), nil
}

// normalizeAddress turns a client address into what is counted as one address: an IPv4
// address (also when written IPv4-mapped), or the /64 network of an IPv6 address, because
// one IPv6 client commonly holds a whole /64 and could otherwise use a fresh address for
// every guess.
func normalizeAddress(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
