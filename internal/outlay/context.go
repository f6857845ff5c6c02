package outlay

import (
	"context"
	"slices"
	"sync"
)

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

const settingsMemoKey contextKey = 2

// settingsMemo holds a request's settings once read.
type settingsMemo struct {
	mu  sync.Mutex
	st  Settings
	set bool
}

// NewContextWithSettingsMemo returns a context in which MemoSettings remembers the
// settings it reads: the server gives one to every request, so that the handlers,
// templates and storage reads serving it read the settings from the database once.
func NewContextWithSettingsMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, settingsMemoKey, &settingsMemo{})
}

// MemoSettings returns the settings remembered in ctx, calling read the first time and
// remembering what it returned; without a memo in ctx it just calls read. A failed read
// is not remembered. Each caller gets its own copy of the lists.
func MemoSettings(ctx context.Context, read func() (Settings, error)) (Settings, error) {
	m, _ := ctx.Value(settingsMemoKey).(*settingsMemo)
	if m == nil {
		return read()
	}
	m.mu.Lock()
	st, ok := m.st, m.set
	m.mu.Unlock()
	if !ok {
		// Read without the lock held: read may itself go through MemoSettings (a memo in
		// front of a storage that memoises too).
		var err error
		if st, err = read(); err != nil {
			return st, err
		}
		m.mu.Lock()
		m.st, m.set = st, true
		m.mu.Unlock()
	}
	st.ReminderOffsets = slices.Clone(st.ReminderOffsets)
	st.FinanceEmails = slices.Clone(st.FinanceEmails)
	return st, nil
}

// ForgetSettings drops the settings remembered in ctx, after the request changed them.
func ForgetSettings(ctx context.Context) {
	if m, _ := ctx.Value(settingsMemoKey).(*settingsMemo); m != nil {
		m.mu.Lock()
		m.set = false
		m.mu.Unlock()
	}
}
