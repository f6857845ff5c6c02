package remind_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/remind"
	"outlay/internal/renewal"
	"outlay/internal/sqlite/sqlitetest"
)

// BenchmarkPlanLargeDemo measures what every hourly run does before it writes anything:
// read the planner's input from the large demo set (20k contracts, their licences, the
// steps already recorded) and plan. The goal is at most 100 ms. A first run records the
// steps due today, so the read includes a realistic history.
func BenchmarkPlanLargeDemo(b *testing.B) {
	db := sqlitetest.BenchDB(b)
	ctx := context.Background()
	today := outlay.Today()
	began := time.Now()
	first, err := remind.Run(ctx, db.Work(), remind.Options{AsOf: today, From: "outlay@example.com"})
	if err != nil {
		b.Fatal(err)
	}
	took := time.Since(began).Round(time.Millisecond)
	var items, steps int
	cpu0 := cpuTime(b)
	for b.Loop() {
		in, err := db.ReminderInput(ctx, today)
		if err != nil {
			b.Fatal(err)
		}
		plan := renewal.PlanReminders(today, in.Settings.ReminderOffsets, in.Items, in.Done)
		if len(plan.Send) != 0 {
			b.Fatalf("a second plan the same day sends %d reminders", len(plan.Send))
		}
		items, steps = len(in.Items), len(in.Done)
	}
	// The process's CPU time per plan, beside the wall time: on a shared machine the wall
	// time also counts the waits for a core.
	b.ReportMetric(float64((cpuTime(b)-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(items), "items")
	b.ReportMetric(float64(steps), "steps")
	b.Logf("first run: %d emails, %d skipped, %d rolled in %s", first.Planned, first.Skipped, first.Rolled, took)
}

// cpuTime is the user and system CPU time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
