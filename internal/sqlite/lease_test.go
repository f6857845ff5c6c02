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
	take := func(holder string, until time.Time) bool {
		t.Helper()
		ok, err := d.TakeLease(ctx, "reminders", holder, until)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !take("a", now.Add(30*time.Minute)) {
		t.Fatal("a free lease was not taken")
	}
	if take("b", now.Add(30*time.Minute)) {
		t.Fatal("b took a's lease")
	}
	if !take("a", now.Add(time.Hour)) {
		t.Fatal("a could not extend its own lease")
	}
	// Releasing someone else's lease does nothing; the holder's own frees it.
	if err := d.ReleaseLease(ctx, "reminders", "b"); err != nil {
		t.Fatal(err)
	}
	if take("b", now.Add(time.Hour)) {
		t.Fatal("b's release freed a's lease")
	}
	if err := d.ReleaseLease(ctx, "reminders", "a"); err != nil {
		t.Fatal(err)
	}
	if !take("b", now.Add(time.Minute)) {
		t.Fatal("a released lease was not free")
	}
	// b died: its lease lapses at its time, and only then.
	d.Now = func() time.Time { return now.Add(59 * time.Second) }
	if take("c", now.Add(time.Hour)) {
		t.Fatal("c took b's lease before it lapsed")
	}
	d.Now = func() time.Time { return now.Add(time.Minute) }
	if !take("c", now.Add(time.Hour)) {
		t.Fatal("c could not take b's lapsed lease")
	}
	// Another lease name is independent.
	if ok, err := d.TakeLease(ctx, "digest", "b", now.Add(time.Hour)); err != nil || !ok {
		t.Fatal("leases of different names interfere")
	}
}
