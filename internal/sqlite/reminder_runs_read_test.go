package sqlite_test

import (
	"context"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
	"testing"
	"time"
)

// The runs come newest first, each with its counts, error, as-of day and the time it
// finished (nil while it runs), and no more than asked for.
func TestFindReminderRunsNewestFirst(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	if runs, err := d.FindReminderRuns(ctx, 10); err != nil || len(runs) != 0 {
		t.Fatalf("empty table: %v, %v", runs, err)
	}
	for _, q := range []string{
		`INSERT INTO reminder_runs (started_at, finished_at, as_of, holder, planned, sent, skipped, rolled, failed, error)
			VALUES ('2026-11-24T08:00:00.000000Z', '2026-11-24T08:00:02.500000Z', '2026-11-24', 'web-1:41', 3, 2, 1, 0, 1, 'smtp: 421 try later')`,
		`INSERT INTO reminder_runs (started_at, finished_at, as_of, holder, planned, sent, skipped, rolled, failed)
			VALUES ('2026-11-25T09:00:00.000000Z', NULL, '2026-11-25', 'web-1:41', 0, 0, 0, 0, 0)`,
		`INSERT INTO reminder_runs (started_at, finished_at, as_of, holder, planned, sent, skipped, rolled, failed)
			VALUES ('2026-11-23T07:00:00.000000Z', '2026-11-23T07:00:01.000000Z', '2026-11-23', 'cli:77', 5, 5, 0, 2, 0)`,
	} {
		if _, err := d.WriteDB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := d.FindReminderRuns(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 3 {
		t.Fatalf("%d runs, want 3", len(runs))
	}
	var days []string
	for _, r := range runs {
		days = append(days, r.AsOf.Format("2006-01-02"))
	}
	if got := days[0] + " " + days[1] + " " + days[2]; got != "2026-11-25 2026-11-24 2026-11-23" {
		t.Fatalf("order by as-of: %s", got)
	}
	if runs[0].FinishedAt != nil {
		t.Errorf("a run still going has finished at %v", runs[0].FinishedAt)
	}
	r := runs[1]
	wantStart := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	wantEnd := wantStart.Add(2500 * time.Millisecond)
	if !r.StartedAt.Equal(wantStart) || r.FinishedAt == nil || !r.FinishedAt.Equal(wantEnd) {
		t.Errorf("times: started %v, finished %v", r.StartedAt, r.FinishedAt)
	}
	if r.Holder != "web-1:41" || r.Planned != 3 || r.Sent != 2 || r.Skipped != 1 || r.Rolled != 0 || r.Failed != 1 || r.Error != "smtp: 421 try later" {
		t.Errorf("run read as %+v", *r)
	}
	if runs[2].Rolled != 2 || runs[2].Holder != "cli:77" {
		t.Errorf("oldest run read as %+v", *runs[2])
	}

	two, err := d.FindReminderRuns(ctx, 2)
	if err != nil || len(two) != 2 || two[0].ID != runs[0].ID || two[1].ID != runs[1].ID {
		t.Fatalf("limit 2: %d runs, %v", len(two), err)
	}
}

// The database is the server's record of reminder runs.
var _ outlay.ReminderRunService = (*sqlite.DB)(nil)
