package outlay

import (
	"context"
	"strings"
	"time"
)

// Roles. An admin can do everything; an editor changes vendors, contracts, licences,
// budget lines and spend; a viewer reads and exports.
const (
	RoleAdmin  = "admin"
	RoleEditor = "editor"
	RoleViewer = "viewer"
)

// Roles lists the roles from most to least powerful.
var Roles = []string{RoleAdmin, RoleEditor, RoleViewer}

// RoleAtLeast reports whether role grants everything min grants.
func RoleAtLeast(role, min string) bool {
	rank := map[string]int{RoleViewer: 1, RoleEditor: 2, RoleAdmin: 3}
	return rank[role] >= rank[min] && rank[min] > 0
}

// User is a person who signs in to Outlay.
type User struct {
	ID           int64
	Email        string // unique, lower case
	Name         string
	Role         string
	Active       bool   // a deactivated user cannot sign in or use tokens
	PasswordHash string // argon2id PHC string; never leaves the server
	CreatedAt    time.Time
	LastLoginAt  *time.Time
	// WeeklyDigest is the user's own choice to get the Monday digest of their key dates
	// (when the settings send digests at all).
	WeeklyDigest bool
}

// CanEdit reports whether the user may change vendors, contracts and the money records.
func (u *User) CanEdit() bool { return u != nil && u.Active && RoleAtLeast(u.Role, RoleEditor) }

// IsAdmin reports whether the user may manage users, settings and secrets.
func (u *User) IsAdmin() bool { return u != nil && u.Active && u.Role == RoleAdmin }

// Normalize trims the name and lower-cases the email.
func (u *User) Normalize() {
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
}

// Validate checks a user's fields (not the password, which password.Validate checks).
func (u *User) Validate() error {
	f := FieldErrors{}
	checkEmail(f, "email", u.Email, true)
	checkLength(f, "email", u.Email, 254)
	checkRequired(f, "name", u.Name, 200)
	checkText(f, "name", u.Name, false)
	checkOneOf(f, "role", u.Role, Roles)
	return f.Err()
}

// UserFilter selects users.
type UserFilter struct {
	ID     *int64
	Email  string
	Offset int
	Limit  int
}

// UserService stores users and their passwords.
type UserService interface {
	CountUsers(ctx context.Context) (int, error)
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	FindUsers(ctx context.Context, filter UserFilter) ([]*User, int, error)
	// CreateUser stores u with the given password hash; a taken email is ECONFLICT.
	CreateUser(ctx context.Context, u *User) error
	// CreateFirstAdmin creates u as an admin only while no user exists, in one
	// transaction, so two people racing through first-run set-up cannot both win.
	CreateFirstAdmin(ctx context.Context, u *User) error
	// UpdateUser changes name, role and active flag.
	UpdateUser(ctx context.Context, u *User) error
	SetPasswordHash(ctx context.Context, id int64, hash string) error
	TouchLogin(ctx context.Context, id int64, at time.Time) error
	// SetWeeklyDigest records the user's own choice to get the Monday digest.
	SetWeeklyDigest(ctx context.Context, id int64, on bool) error
}

// Token is an API token. Only a hash of its secret is stored; the secret is shown once.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // the first characters of the secret, to tell tokens apart
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// TokenService stores API tokens.
type TokenService interface {
	// CreateToken makes a new token for the user and returns its secret, shown once.
	CreateToken(ctx context.Context, userID int64, name string) (secret string, t *Token, err error)
	// FindUserByToken returns the active user a secret belongs to, or EUNAUTHORIZED.
	FindUserByToken(ctx context.Context, secret string) (*User, error)
	FindTokens(ctx context.Context, userID int64) ([]*Token, error)
	RevokeToken(ctx context.Context, userID, tokenID int64) error
}

// LoginPolicy says how many sign-in failures are allowed within Window: for one account
// from one address, and from one address over all accounts. Counting the account only
// together with the address means a guesser elsewhere cannot lock the real user out; the
// higher limit per address stops one address from sweeping many accounts, yet leaves room
// for an office whose people share one address.
type LoginPolicy struct {
	Window            time.Duration
	PerAccountAddress int
	PerAddress        int
}

// DefaultLoginPolicy is the sign-in throttle Outlay runs with: ten failures for an account
// from an address, or fifty from an address, pause sign-in there for up to 15 minutes.
func DefaultLoginPolicy() LoginPolicy {
	return LoginPolicy{Window: 15 * time.Minute, PerAccountAddress: 10, PerAddress: 50}
}

// LoginThrottle counts sign-in attempts so that guessing passwords is slow. An attempt is
// recorded as a failure before its password is checked, in one write, so concurrent
// guesses cannot all slip past a count that was read before any of them failed; the
// correct password then clears that account's failures from that address.
//
// What is stored identifies the account and the address only by keyed hashes: nothing a
// person typed is kept, whatever its size.
type LoginThrottle interface {
	// ReserveLoginAttempt records an attempt for email from addr at the given time, unless
	// the policy's limits are already reached there. retryAt is zero when the attempt was
	// recorded and its password may be checked; otherwise nothing was recorded and retryAt
	// is when sign-in may be tried again.
	ReserveLoginAttempt(ctx context.Context, email, addr string, at time.Time, p LoginPolicy) (retryAt time.Time, err error)
	// ClearLoginFailures forgets the account's failures from the address, the attempt just
	// reserved included, after the correct password.
	ClearLoginFailures(ctx context.Context, email, addr string) error
}
