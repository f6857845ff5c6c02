package outlay

import (
	"context"
	"time"
)

// PasswordResetValid is how long a password reset link works: long enough to read the
// email, short enough that a link found later in a mailbox is worth nothing.
const PasswordResetValid = time.Hour

// PasswordResetsPerHour is how many reset links one account gets within an hour, from
// every address together. Beyond it no email is written, and the visitor is told the
// same as always, so that nobody can flood a person's inbox from many addresses and the
// answer still says nothing about which accounts exist.
const PasswordResetsPerHour = 3

// PasswordResetPolicy is the throttle on asking for reset links, counted in the sign-in
// throttle's records (see LoginThrottle) under an account key of its own
// (PasswordResetThrottleKey):
// five requests for one address from one client address in 15 minutes, and the same 50
// per client address as sign-in failures, which they share, so one address cannot sweep
// accounts by alternating between the two forms.
func PasswordResetPolicy() LoginPolicy {
	return LoginPolicy{Window: 15 * time.Minute, PerAccountAddress: 5, PerAddress: 50}
}

// PasswordResetThrottleKey is what a reset request for email is counted under in the
// sign-in throttle: not the email itself, so that asking for links does not use up the
// account's sign-in attempts (nor a correct sign-in clear the reset requests).
func PasswordResetThrottleKey(email string) string {
	return "password-reset\x00" + NormalizeEmail(email)
}

// PasswordReset is a reset link as the reset page sees it. The secret in the link is
// never stored, only its SHA-256.
type PasswordReset struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// PasswordResetEmail writes the email that carries a new reset link to u: key is the
// email's outbox key and secret the link's secret. Storage calls it inside the
// transaction that stores the link, so that the link and its email exist together or not
// at all; it sets the kind, the key, the recipient and the Secret mark itself.
type PasswordResetEmail func(u *User, key, secret string) (*Email, error)

// PasswordResetRequest is one request for a reset link: the address asked for, and the
// client that asks (its address, the time, the throttle), which are counted first.
type PasswordResetRequest struct {
	Email  string
	Addr   string // the client's address, as LoginThrottle counts it
	At     time.Time
	Policy LoginPolicy // PasswordResetPolicy
}

// PasswordResetService stores reset links. A link is asked for by email address; using
// it sets a new password and ends every other link of the account.
type PasswordResetService interface {
	// RequestPasswordReset counts the request in the sign-in throttle's records (under
	// PasswordResetThrottleKey, by r.Policy) and, unless that pauses it, makes a reset link
	// for the active user of r.Email and writes its email to the outbox, all in one
	// transaction. retryAt is non-zero when the throttle paused the request: then nothing
	// was counted or written. wrote says whether an email was written; an unknown or
	// deactivated address, or an account over PasswordResetsPerHour, is no error but false.
	// Every request that is not paused does the same reads, composes an email and commits
	// a write (its count), so that neither the answer nor its time tells whether the
	// account exists.
	RequestPasswordReset(ctx context.Context, r PasswordResetRequest, compose PasswordResetEmail) (retryAt time.Time, wrote bool, err error)
	// FindPasswordReset returns the link of a secret while it works: not used, not
	// expired, its user active. Anything else is ENOTFOUND, the same for every reason.
	FindPasswordReset(ctx context.Context, secret string) (*PasswordReset, error)
	// ResetPassword sets hash (an argon2id hash) as the password of the link's user, marks
	// this link and every other open link of the user used, and audits the change, in one
	// transaction; it returns the user's id. A link that does not work (any more) is
	// ENOTFOUND. API tokens are left as they are: the caller ends the user's sessions.
	ResetPassword(ctx context.Context, secret, hash string) (userID int64, err error)
}
