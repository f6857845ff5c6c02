package outlay

import (
	"context"
	"time"
)

// CalendarFeed is a user's secret calendar feed address, as their profile shows it. The
// address holds a secret that a calendar program (Outlook, Google Calendar, Apple
// Calendar) sends on every fetch instead of signing in; only its SHA-256 is stored, so
// the full address is shown once, when it is made.
type CalendarFeed struct {
	ID         int64
	UserID     int64
	Prefix     string // the secret's first characters, to recognise the address by
	CreatedAt  time.Time
	LastUsedAt *time.Time // recorded at most once an hour
}

// CalendarFeedService stores the calendar feeds. A user has at most one live feed:
// making a new one ends the old address, so a leaked address is fixed by replacing it.
type CalendarFeedService interface {
	// CreateCalendarFeed makes a new feed for the user, revoking their live one, and
	// returns its secret, which exists nowhere else once the caller has shown it.
	CreateCalendarFeed(ctx context.Context, userID int64) (secret string, f *CalendarFeed, err error)
	// FindCalendarFeed returns the user's live feed, or ENOTFOUND when there is none.
	FindCalendarFeed(ctx context.Context, userID int64) (*CalendarFeed, error)
	// RevokeCalendarFeed ends the user's live feed; ENOTFOUND when there is none.
	RevokeCalendarFeed(ctx context.Context, userID int64) error
	// FindUserByCalendarSecret returns the active user whose live feed the secret opens,
	// or ENOTFOUND (unknown, revoked, replaced, or the user deactivated): the answer is
	// the same whatever the reason, so the address tells a guesser nothing.
	FindUserByCalendarSecret(ctx context.Context, secret string) (*User, error)
}
