package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"outlay/internal/outlay"
)

// Ensure DB implements the user service.
var _ outlay.UserService = (*DB)(nil)

const userColumns = `id, email, name, role, active, password_hash, created_at, last_login_at, weekly_digest`

func scanUser(row interface{ Scan(...any) error }) (*outlay.User, error) {
	var u outlay.User
	var created string
	var last sql.NullString
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Active, &u.PasswordHash, &created, &last, &u.WeeklyDigest); err != nil {
		return nil, err
	}
	u.CreatedAt = parseTime(created)
	u.LastLoginAt = nullTime(last)
	return &u, nil
}

// userAudit is what the audit log keeps of a user: never the password hash.
func userAudit(u *outlay.User) map[string]any {
	return map[string]any{"email": u.Email, "name": u.Name, "role": u.Role, "active": u.Active}
}

// CountUsers returns how many users exist; zero means first-run set-up is open.
func (d *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// FindUserByID returns one user or ENOTFOUND.
func (d *DB) FindUserByID(ctx context.Context, id int64) (*outlay.User, error) {
	return d.findUser(ctx, d.read, `id = ?`, id)
}

// FindUserByEmail returns one user by address, regardless of case, or ENOTFOUND.
func (d *DB) FindUserByEmail(ctx context.Context, email string) (*outlay.User, error) {
	return d.findUser(ctx, d.read, `email = ?`, outlay.NormalizeEmail(email))
}

func (d *DB) findUser(ctx context.Context, q queryer, where string, arg any) (*outlay.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "User not found.")
	}
	return u, err
}

// FindUsers returns one page of users ordered by email, and the total.
func (d *DB) FindUsers(ctx context.Context, f outlay.UserFilter) ([]*outlay.User, int, error) {
	where, args := []string{"1=1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "id = ?"), append(args, *f.ID)
	}
	if f.Email != "" {
		where, args = append(where, "email = ?"), append(args, outlay.NormalizeEmail(f.Email))
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE `+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := d.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+w+` ORDER BY email`+limitOffset(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	users, err := collect(rows, scanUser)
	return users, total, err
}

// CreateUser stores a new user; u.PasswordHash must already hold an argon2id hash.
func (d *DB) CreateUser(ctx context.Context, u *outlay.User) error {
	return d.inTx(ctx, func(tx *Tx) error { return createUser(ctx, tx, u) })
}

// CreateFirstAdmin creates u as an admin only while the users table is empty. The check
// and the insert share one immediate transaction, so only one first admin can ever exist.
func (d *DB) CreateFirstAdmin(ctx context.Context, u *outlay.User) error {
	return d.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return outlay.Errorf(outlay.ECONFLICT, "Outlay is already set up: sign in instead.")
		}
		u.Role = outlay.RoleAdmin
		return createUser(ctx, tx, u)
	})
}

func createUser(ctx context.Context, tx *Tx, u *outlay.User) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return outlay.Errorf(outlay.EINTERNAL, "user without password hash")
	}
	u.Active = true
	u.WeeklyDigest = true
	u.CreatedAt = tx.now
	res, err := tx.ExecContext(ctx, `INSERT INTO users (email, name, role, active, password_hash, created_at) VALUES (?, ?, ?, 1, ?, ?)`,
		u.Email, u.Name, u.Role, u.PasswordHash, formatTime(u.CreatedAt))
	if isUniqueViolation(err) {
		return &outlay.Error{Code: outlay.ECONFLICT, Message: "A user with this email already exists.",
			Fields: map[string]string{"email": "already in use"}}
	} else if err != nil {
		return err
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit(outlay.ActionCreate, "user", u.ID, nil, userAudit(u))
}

// UpdateUser changes a user's name, role and active flag. The last active admin cannot be
// demoted or deactivated, or nobody could manage Outlay any more.
func (d *DB) UpdateUser(ctx context.Context, u *outlay.User) error {
	return d.inTx(ctx, func(tx *Tx) error { return updateUser(ctx, tx, u) })
}

func updateUser(ctx context.Context, tx *Tx, u *outlay.User) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	before, err := tx.db.findUser(ctx, tx, `id = ?`, u.ID)
	if err != nil {
		return err
	}
	if before.Role == outlay.RoleAdmin && before.Active && (u.Role != outlay.RoleAdmin || !u.Active) {
		var admins int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND active = 1`).Scan(&admins); err != nil {
			return err
		}
		if admins <= 1 {
			return outlay.Errorf(outlay.ECONFLICT, "This is the last active administrator: make someone else an administrator first.")
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, role = ?, active = ? WHERE id = ?`, u.Name, u.Role, u.Active, u.ID); err != nil {
		return err
	}
	u.Email, u.CreatedAt, u.LastLoginAt = before.Email, before.CreatedAt, before.LastLoginAt
	return tx.audit(outlay.ActionUpdate, "user", u.ID, userAudit(before), userAudit(u))
}

// SetPasswordHash replaces a user's password hash; the audit entry says only that it
// changed.
func (d *DB) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	return d.inTx(ctx, func(tx *Tx) error { return setPasswordHash(ctx, tx, id, hash) })
}

func setPasswordHash(ctx context.Context, tx *Tx, id int64, hash string) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return outlay.Errorf(outlay.ENOTFOUND, "User not found.")
	}
	return tx.audit(outlay.ActionUpdate, "user", id, nil, map[string]any{"password": "changed"})
}

// TouchLogin records a successful sign-in time. Not audited: it is not a change of data.
func (d *DB) TouchLogin(ctx context.Context, id int64, at time.Time) error {
	return d.inTx(ctx, func(tx *Tx) error { return touchLogin(ctx, tx, id, at) })
}

func touchLogin(ctx context.Context, tx *Tx, id int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, formatTime(at), id)
	return err
}

// SetWeeklyDigest records the user's choice to get the Monday digest, audited.
func (d *DB) SetWeeklyDigest(ctx context.Context, id int64, on bool) error {
	return d.inTx(ctx, func(tx *Tx) error {
		var before bool
		err := tx.QueryRowContext(ctx, `SELECT weekly_digest FROM users WHERE id = ?`, id).Scan(&before)
		if errors.Is(err, sql.ErrNoRows) {
			return outlay.Errorf(outlay.ENOTFOUND, "User not found.")
		} else if err != nil || before == on {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET weekly_digest = ? WHERE id = ?`, on, id); err != nil {
			return err
		}
		return tx.audit("update", "user", id, map[string]any{"weekly_digest": before}, map[string]any{"weekly_digest": on})
	})
}
