package outlay

import "context"

type contextKey int

const userContextKey contextKey = 1

// NewContextWithUser returns a context that carries the signed-in user. Storage reads it
// to write who made a change into the audit log, so callers never pass "actor" by hand.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userContextKey, u)
}

// UserFromContext returns the user carried by ctx, or nil for system work (migrations,
// the CLI before a user exists, scheduled jobs).
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userContextKey).(*User)
	return u
}
