package remind_test

import (
	"context"
	"testing"

	"outlay/internal/remind"
)

func TestSchedulerRunsAtStartAndWakesTheWorker(t *testing.T) {
	e := newEnv(t, "2026-11-25")
	v := e.vendor("Acme")
	e.manual(v, "Support", "2026-02-01", "2027-01-31", "owner@example.com")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	woken := 0
	s := &remind.Scheduler{Store: e.db.Work(), Today: e.clock.now,
		// The worker is told once the run's emails are written; ending ctx there ends Run
		// after its first run, without waiting for the next hour.
		Wake: func() {
			woken++
			if n := len(e.emails()); n != 1 {
				t.Errorf("woken with %d emails in the outbox", n)
			}
			cancel()
		}}
	s.Run(ctx)
	if woken != 1 {
		t.Fatalf("woken %d times, want 1", woken)
	}
	var runs int
	if err := e.db.ReadDB().QueryRow(`SELECT count(*) FROM reminder_runs WHERE finished_at IS NOT NULL AND planned = 1`).Scan(&runs); err != nil || runs != 1 {
		t.Fatalf("recorded runs %d (%v), want 1", runs, err)
	}
	// A run with nothing to send does not wake the worker.
	if _, err := s.RunOnce(context.Background()); err != nil || woken != 1 {
		t.Fatalf("second run: %v, woken %d", err, woken)
	}
}
