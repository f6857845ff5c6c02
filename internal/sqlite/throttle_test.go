package sqlite_test

import (
	"context"
	"testing"
	"time"
)

func TestLoginThrottleCounts(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	fail := func(email, ip string, at time.Time) {
		t.Helper()
		if err := d.RecordLoginFailure(ctx, email, ip, at); err != nil {
			t.Fatal(err)
		}
	}
	fail("Ann@Example.com", "10.0.0.1", t0)
	fail("ann@example.com", "10.0.0.2", t0.Add(5*time.Minute))
	fail("bob@example.com", "10.0.0.1", t0.Add(10*time.Minute))
	fail("ann@example.com", "10.0.0.1", t0.Add(20*time.Minute))

	tests := []struct {
		name          string
		email, ip     string
		since         time.Time
		byEmail, byIP int
	}{
		{"all of ann's, case-insensitive", "ANN@example.com", "10.0.0.1", t0, 3, 3},
		{"the window starts inclusive", "ann@example.com", "10.0.0.2", t0.Add(5 * time.Minute), 2, 1},
		{"a later window", "ann@example.com", "10.0.0.1", t0.Add(6 * time.Minute), 1, 2},
		{"nothing since", "ann@example.com", "10.0.0.1", t0.Add(21 * time.Minute), 0, 0},
		{"unknown account and address", "carl@example.com", "10.9.9.9", t0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, i, err := d.CountLoginFailures(ctx, tt.email, tt.ip, tt.since)
			if err != nil || e != tt.byEmail || i != tt.byIP {
				t.Fatalf("got %d by email, %d by address (%v); want %d, %d", e, i, err, tt.byEmail, tt.byIP)
			}
		})
	}

	// Clearing forgets the account's failures, not the address's other ones.
	if err := d.ClearLoginFailures(ctx, "ANN@example.com"); err != nil {
		t.Fatal(err)
	}
	if e, i, _ := d.CountLoginFailures(ctx, "ann@example.com", "10.0.0.1", t0); e != 0 || i != 1 {
		t.Fatalf("after clearing: %d, %d; want 0, 1", e, i)
	}
}

func TestLoginThrottleDropsOldFailures(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	d.RecordLoginFailure(ctx, "ann@example.com", "10.0.0.1", t0)
	d.RecordLoginFailure(ctx, "ann@example.com", "10.0.0.1", t0.Add(25*time.Hour))
	var n int
	if err := d.ReadDB().QueryRow(`SELECT count(*) FROM login_failures`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows after a day: %d (%v), want 1", n, err)
	}
}
