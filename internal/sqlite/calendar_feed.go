package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"time"

	"outlay/internal/outlay"
)

var _ outlay.CalendarFeedService = (*DB)(nil)

// calendarPrefixLen is how many characters of a feed's secret the profile shows.
const calendarPrefixLen = 6

// calendarUseResolution is how often a feed's last-used time is written. Calendar
// programs fetch every few minutes to every few hours; a write per fetch would queue
// each behind any long write on the single writer, and "last used" only has to tell
// whether the address is still in use somewhere.
const calendarUseResolution = time.Hour

// CreateCalendarFeed makes a random 256-bit secret (base64url, 43 characters) for the
// user's feed address and ends the address they had; only the secret's SHA-256 is kept,
// which suffices because the secret is random.
func (d *DB) CreateCalendarFeed(ctx context.Context, userID int64) (string, *outlay.CalendarFeed, error) {
	var secret string
	var f *outlay.CalendarFeed
	err := d.inTx(ctx, func(tx *Tx) (err error) {
		secret, f, err = createCalendarFeed(ctx, tx, userID)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return secret, f, nil
}

func createCalendarFeed(ctx context.Context, tx *Tx, userID int64) (string, *outlay.CalendarFeed, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", nil, err
	}
	secret := base64.RawURLEncoding.EncodeToString(raw[:])
	// The old address ends in the same transaction, so there is never a moment with
	// two live addresses, nor one with none for a user who replaces theirs.
	if err := revokeCalendarFeed(ctx, tx, userID); err != nil && outlay.ErrorCode(err) != outlay.ENOTFOUND {
		return "", nil, err
	}
	f := &outlay.CalendarFeed{UserID: userID, Prefix: secret[:calendarPrefixLen], CreatedAt: tx.now}
	res, err := tx.ExecContext(ctx, `INSERT INTO calendar_feeds (user_id, prefix, hash, created_at) VALUES (?, ?, ?, ?)`,
		userID, f.Prefix, hashToken(secret), formatTime(f.CreatedAt))
	if isForeignKeyViolation(err) {
		return "", nil, outlay.Errorf(outlay.ENOTFOUND, "User not found.")
	} else if err != nil {
		return "", nil, err
	}
	if f.ID, err = res.LastInsertId(); err != nil {
		return "", nil, err
	}
	if err := tx.audit(outlay.ActionCreate, "calendar_feed", f.ID, nil, map[string]any{"user_id": userID, "prefix": f.Prefix}); err != nil {
		return "", nil, err
	}
	return secret, f, nil
}

// FindCalendarFeed returns the user's live feed.
func (d *DB) FindCalendarFeed(ctx context.Context, userID int64) (*outlay.CalendarFeed, error) {
	var f outlay.CalendarFeed
	var created string
	var used sql.NullString
	err := d.read.QueryRowContext(ctx, `SELECT id, user_id, prefix, created_at, last_used_at FROM calendar_feeds
		WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`, userID).
		Scan(&f.ID, &f.UserID, &f.Prefix, &created, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "No calendar feed.")
	} else if err != nil {
		return nil, err
	}
	f.CreatedAt, f.LastUsedAt = parseTime(created), nullTime(used)
	return &f, nil
}

// RevokeCalendarFeed ends the user's live feed.
func (d *DB) RevokeCalendarFeed(ctx context.Context, userID int64) error {
	return d.inTx(ctx, func(tx *Tx) error { return revokeCalendarFeed(ctx, tx, userID) })
}

// revokeCalendarFeed ends every live feed of the user (there is one at most) and audits
// each; none is ENOTFOUND.
func revokeCalendarFeed(ctx context.Context, tx *Tx, userID int64) error {
	rows, err := tx.QueryContext(ctx, `UPDATE calendar_feeds SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id, prefix`,
		formatTime(tx.now), userID)
	if err != nil {
		return err
	}
	type ended struct {
		id     int64
		prefix string
	}
	var gone []ended
	for rows.Next() {
		var e ended
		if err := rows.Scan(&e.id, &e.prefix); err != nil {
			rows.Close()
			return err
		}
		gone = append(gone, e)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(gone) == 0 {
		return outlay.Errorf(outlay.ENOTFOUND, "No calendar feed to revoke.")
	}
	for _, e := range gone {
		if err := tx.audit("revoke", "calendar_feed", e.id, nil, map[string]any{"user_id": userID, "prefix": e.prefix}); err != nil {
			return err
		}
	}
	return nil
}

// FindUserByCalendarSecret hashes the secret and looks the hash up: the lookup is an
// index search for a value the caller cannot steer, never a comparison of the secret
// itself, so its time says nothing about how close a guess was.
func (d *DB) FindUserByCalendarSecret(ctx context.Context, secret string) (*outlay.User, error) {
	var feedID, userID int64
	var used sql.NullString
	err := d.read.QueryRowContext(ctx, `SELECT f.id, f.user_id, f.last_used_at FROM calendar_feeds f JOIN users u ON u.id = f.user_id
		WHERE f.hash = ? AND f.revoked_at IS NULL AND u.active = 1`, hashToken(secret)).Scan(&feedID, &userID, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "No such calendar feed.")
	} else if err != nil {
		return nil, err
	}
	if last := nullTime(used); last == nil || !last.After(d.now().Add(-calendarUseResolution)) {
		// Recording use is best effort: a busy writer must not fail a calendar's fetch.
		_ = d.inTx(ctx, func(tx *Tx) error { return touchCalendarFeed(ctx, tx, feedID) })
	}
	u, err := d.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !u.Active { // deactivated between the two reads
		return nil, outlay.Errorf(outlay.ENOTFOUND, "No such calendar feed.")
	}
	return u, nil
}

// touchCalendarFeed records that the feed was fetched now, unless that was recorded less
// than calendarUseResolution ago; the condition is in the UPDATE so that concurrent
// fetches that all read the old time change the row once.
func touchCalendarFeed(ctx context.Context, tx *Tx, feedID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE calendar_feeds SET last_used_at = ?
		WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`,
		formatTime(tx.now), feedID, formatTime(tx.now.Add(-calendarUseResolution)))
	return err
}
