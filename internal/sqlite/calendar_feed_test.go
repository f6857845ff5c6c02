package sqlite_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
)

func TestCalendarFeedCreateFindAndUse(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "ann@example.com", outlay.RoleViewer)

	if _, err := d.FindCalendarFeed(ctx, u.ID); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("feed before any: %v, want not found", err)
	}
	secret, f, err := d.CreateCalendarFeed(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 32 random bytes in base64url without padding.
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(secret) {
		t.Fatalf("secret %q is not 32 bytes of base64url", secret)
	}
	if f.ID == 0 || f.UserID != u.ID || f.Prefix != secret[:6] || !f.CreatedAt.Equal(d.Now()) || f.LastUsedAt != nil {
		t.Fatalf("feed: %+v", f)
	}
	// Only the SHA-256 is stored; neither the row nor the audit entry holds the secret.
	var hash, prefix string
	if err := d.ReadDB().QueryRow(`SELECT hash, prefix FROM calendar_feeds WHERE id = ?`, f.ID).Scan(&hash, &prefix); err != nil {
		t.Fatal(err)
	}
	if len(hash) != 64 || strings.Contains(hash, secret) || prefix != secret[:6] {
		t.Fatalf("stored hash %q, prefix %q", hash, prefix)
	}
	var audited string
	d.ReadDB().QueryRow(`SELECT after FROM audit_log WHERE entity = 'calendar_feed' AND entity_id = ? AND action = 'create'`, f.ID).Scan(&audited)
	if !strings.Contains(audited, `"prefix":"`+secret[:6]+`"`) || strings.Contains(audited, secret) || strings.Contains(audited, hash) {
		t.Fatalf("audit entry: %q", audited)
	}

	got, err := d.FindUserByCalendarSecret(ctx, secret)
	if err != nil || got.ID != u.ID {
		t.Fatalf("by secret: %+v %v", got, err)
	}
	for _, wrong := range []string{"", secret + "x", secret[:42], strings.ToUpper(secret), hash} {
		if _, err := d.FindUserByCalendarSecret(ctx, wrong); outlay.ErrorCode(err) != outlay.ENOTFOUND {
			t.Errorf("secret %q: %v, want not found", wrong, err)
		}
	}
	shown, err := d.FindCalendarFeed(ctx, u.ID)
	if err != nil || shown.ID != f.ID || shown.LastUsedAt == nil || !shown.LastUsedAt.Equal(d.Now()) {
		t.Fatalf("feed after use: %+v %v", shown, err)
	}
}

// The last-used time is written at most once an hour, not on every fetch.
func TestCalendarFeedTouchedAtMostHourly(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "ann@example.com", outlay.RoleViewer)
	secret, _, err := d.CreateCalendarFeed(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	lastUsed := func() time.Time {
		t.Helper()
		f, err := d.FindCalendarFeed(ctx, u.ID)
		if err != nil || f.LastUsedAt == nil {
			t.Fatalf("feed: %+v %v", f, err)
		}
		return *f.LastUsedAt
	}
	changes := func() int64 {
		var n int64
		d.WriteDB().QueryRow(`SELECT total_changes()`).Scan(&n)
		return n
	}
	for _, step := range []struct {
		at   time.Duration
		want time.Duration
	}{{0, 0}, {10 * time.Minute, 0}, {59 * time.Minute, 0}, {60 * time.Minute, 60 * time.Minute}, {61 * time.Minute, 60 * time.Minute}, {3 * time.Hour, 3 * time.Hour}} {
		d.Now = func() time.Time { return start.Add(step.at) }
		before := changes()
		if _, err := d.FindUserByCalendarSecret(ctx, secret); err != nil {
			t.Fatal(err)
		}
		wrote := changes() != before
		if got := lastUsed(); !got.Equal(start.Add(step.want)) {
			t.Errorf("fetch at +%v: last used %v, want +%v", step.at, got, step.want)
		}
		if wantWrite := step.at == step.want; wrote != wantWrite {
			t.Errorf("fetch at +%v: wrote %v, want %v", step.at, wrote, wantWrite)
		}
	}
}

// Creating a feed replaces the live one: the old secret stops working at once. Revoking
// ends it; a deactivated user's feed opens nothing.
func TestCalendarFeedReplaceRevokeDeactivate(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "ann@example.com", outlay.RoleEditor)
	other := mustUser(t, d, "bob@example.com", outlay.RoleViewer)
	old, first, err := d.CreateCalendarFeed(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	otherSecret, _, err := d.CreateCalendarFeed(ctx, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	fresh, second, err := d.CreateCalendarFeed(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fresh == old || second.ID == first.ID {
		t.Fatal("replacing made the same feed")
	}
	if _, err := d.FindUserByCalendarSecret(ctx, old); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("replaced secret: %v, want not found", err)
	}
	if got, err := d.FindUserByCalendarSecret(ctx, fresh); err != nil || got.ID != u.ID {
		t.Fatalf("new secret: %v", err)
	}
	var live int
	d.ReadDB().QueryRow(`SELECT count(*) FROM calendar_feeds WHERE user_id = ? AND revoked_at IS NULL`, u.ID).Scan(&live)
	if live != 1 {
		t.Fatalf("%d live feeds, want 1", live)
	}
	var revokes int
	d.ReadDB().QueryRow(`SELECT count(*) FROM audit_log WHERE entity = 'calendar_feed' AND action = 'revoke' AND entity_id = ?`, first.ID).Scan(&revokes)
	if revokes != 1 {
		t.Fatalf("replacement audited %d revokes of the old feed, want 1", revokes)
	}
	if f, err := d.FindCalendarFeed(ctx, u.ID); err != nil || f.ID != second.ID {
		t.Fatalf("live feed: %+v %v", f, err)
	}

	if err := d.RevokeCalendarFeed(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindUserByCalendarSecret(ctx, fresh); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("revoked secret: %v, want not found", err)
	}
	if _, err := d.FindCalendarFeed(ctx, u.ID); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("feed after revoke: %v, want not found", err)
	}
	if err := d.RevokeCalendarFeed(ctx, u.ID); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("second revoke: %v, want not found", err)
	}
	// Revoking one user's feed leaves another's alone.
	if _, err := d.FindUserByCalendarSecret(ctx, otherSecret); err != nil {
		t.Fatalf("other user's feed: %v", err)
	}

	other.Active = false
	if err := d.UpdateUser(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindUserByCalendarSecret(ctx, otherSecret); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("deactivated user's feed: %v, want not found", err)
	}
	if _, _, err := d.CreateCalendarFeed(ctx, 999); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown user: %v", err)
	}
}
