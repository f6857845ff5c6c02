package sqlite_test

import (
	"context"
	"testing"
	"time"
)

func TestLeaseTakenOnceUntilReleasedOrLapsed(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	now := d.Now()
	take := func(holder string, ttl time.Duration) bool {
		t.Helper()
		ok, err := d.TakeLease(ctx, "reminders", holder, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !take("a", 30*time.Minute) {
		t.Fatal("a free lease was not taken")
	}
	if take("b", 30*time.Minute) {
		t.Fatal("b took a's lease")
	}
	if !take("a", time.Hour) {
		t.Fatal("a could not extend its own lease")
	}
	// Releasing someone else's lease does nothing; the holder's own frees it.
	if err := d.ReleaseLease(ctx, "reminders", "b"); err != nil {
		t.Fatal(err)
	}
	if take("b", time.Hour) {
		t.Fatal("b's release freed a's lease")
	}
	if err := d.ReleaseLease(ctx, "reminders", "a"); err != nil {
		t.Fatal(err)
	}
	if !take("b", time.Minute) {
		t.Fatal("a released lease was not free")
	}
	// b died: its lease lapses a minute later, and only then.
	d.Now = func() time.Time { return now.Add(59 * time.Second) }
	if take("c", time.Hour) {
		t.Fatal("c took b's lease before it lapsed")
	}
	d.Now = func() time.Time { return now.Add(time.Minute) }
	if !take("c", time.Hour) {
		t.Fatal("c could not take b's lapsed lease")
	}
	// Another lease name is independent.
	if ok, err := d.TakeLease(ctx, "digest", "b", time.Hour); err != nil || !ok {
		t.Fatal("leases of different names interfere")
	}
}
