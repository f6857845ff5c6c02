package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"outlay/internal/outlay"
)

var _ outlay.TokenService = (*DB)(nil)

// tokenPrefix marks Outlay's secrets so that secret scanners and people recognise them.
const tokenPrefix = "olt_"

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a random 160-bit token; only its SHA-256 is stored, which suffices
// because the secret is random (no password stretching needed).
func (d *DB) CreateToken(ctx context.Context, userID int64, name string) (string, *outlay.Token, error) {
	var secret string
	var t *outlay.Token
	err := d.inTx(ctx, func(tx *Tx) (err error) {
		secret, t, err = createToken(ctx, tx, userID, name)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// createToken stores a new token of the user and returns its secret, which exists
// nowhere else once the caller has shown it.
func createToken(ctx context.Context, tx *Tx, userID int64, name string) (string, *outlay.Token, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "API token"
	}
	// Counted in characters, as the message says, not bytes: "é" is one character.
	if utf8.RuneCountInString(name) > 100 {
		return "", nil, &outlay.Error{Code: outlay.EINVALID, Message: "Please correct the highlighted fields.", Fields: map[string]string{"name": "too long (at most 100 characters)"}}
	}
	var raw [20]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", nil, err
	}
	secret := tokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw[:]))
	t := &outlay.Token{UserID: userID, Name: name, Prefix: secret[:len(tokenPrefix)+6], CreatedAt: tx.now}
	res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (user_id, name, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		userID, t.Name, t.Prefix, hashToken(secret), formatTime(t.CreatedAt))
	if isForeignKeyViolation(err) {
		return "", nil, outlay.Errorf(outlay.ENOTFOUND, "User not found.")
	} else if err != nil {
		return "", nil, err
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return "", nil, err
	}
	if err := tx.Audit(outlay.ActionCreate, "token", t.ID, nil, map[string]any{"user_id": userID, "name": t.Name, "prefix": t.Prefix}); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// tokenUseResolution is how often a token's last-used time is written: every API call
// writing it would queue each one behind any long write on the single writer, and a
// person reading "last used" needs no finer grain than a minute.
const tokenUseResolution = time.Minute

// FindUserByToken returns the active user that owns an unrevoked token.
func (d *DB) FindUserByToken(ctx context.Context, secret string) (*outlay.User, error) {
	var id, tokenID int64
	var used sql.NullString
	err := d.read.QueryRowContext(ctx, `SELECT t.user_id, t.id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.revoked_at IS NULL AND u.active = 1`, hashToken(secret)).Scan(&id, &tokenID, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.EUNAUTHORIZED, "The API token is unknown or revoked.")
	} else if err != nil {
		return nil, err
	}
	if last := nullTime(used); last == nil || !last.After(d.now().Add(-tokenUseResolution)) {
		// Recording use is best effort: a busy writer must not fail a read request.
		_ = d.inTx(ctx, func(tx *Tx) error { return touchToken(ctx, tx, tokenID) })
	}
	return d.FindUserByID(ctx, id)
}

// touchToken records that the token was used now, unless that was recorded less than
// tokenUseResolution ago. The condition is in the UPDATE so that concurrent calls that
// all read the old time change the row once.
func touchToken(ctx context.Context, tx *Tx, tokenID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ?
		WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`,
		formatTime(tx.now), tokenID, formatTime(tx.now.Add(-tokenUseResolution)))
	return err
}

// FindTokens lists a user's tokens that are not revoked, newest first.
func (d *DB) FindTokens(ctx context.Context, userID int64) ([]*outlay.Token, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT id, user_id, name, prefix, created_at, last_used_at FROM api_tokens
		WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*outlay.Token
	for rows.Next() {
		var t outlay.Token
		var created string
		var used sql.NullString
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &created, &used); err != nil {
			return nil, err
		}
		t.CreatedAt, t.LastUsedAt = parseTime(created), nullTime(used)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the user's tokens; another user's token is ENOTFOUND.
func (d *DB) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return d.inTx(ctx, func(tx *Tx) error { return revokeToken(ctx, tx, userID, tokenID) })
}

func revokeToken(ctx context.Context, tx *Tx, userID, tokenID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
		formatTime(tx.now), tokenID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return outlay.Errorf(outlay.ENOTFOUND, "Token not found.")
	}
	return tx.Audit("revoke", "token", tokenID, nil, map[string]any{"user_id": userID})
}
