package sqlite_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// failing returns the checks that failed, by name, with their problems.
func failing(checks []outlay.HealthCheck) map[string]string {
	out := map[string]string{}
	for _, c := range checks {
		if !c.OK {
			out[c.Name] = c.Problem
		}
	}
	return out
}

func TestHealthFreshDatabaseIsReady(t *testing.T) {
	d := MustOpen(t)
	checks := d.CheckHealth(context.Background(), d.Now())
	if len(checks) != 5 {
		t.Fatalf("want 5 checks, got %+v", checks)
	}
	if f := failing(checks); len(f) > 0 {
		t.Fatalf("a fresh database fails %v", f)
	}
}

func TestHealthReadOnlyDatabaseIsNotWritable(t *testing.T) {
	d := MustOpen(t)
	if err := d.ReopenWriterReadOnly(); err != nil {
		t.Fatal(err)
	}
	f := failing(d.CheckHealth(context.Background(), d.Now()))
	if _, ok := f[sqlite.CheckWritable]; !ok || len(f) != 1 {
		t.Fatalf("a read-only database should fail only %q, failed %v", sqlite.CheckWritable, f)
	}
}

func TestHealthMissingOrClosedDatabase(t *testing.T) {
	d := MustOpen(t)
	if err := os.Remove(d.Path()); err != nil {
		t.Fatal(err)
	}
	f := failing(d.CheckHealth(context.Background(), d.Now()))
	if p := f[sqlite.CheckDatabase]; !strings.Contains(p, "missing") {
		t.Fatalf("a deleted database file: %v", f)
	}
	if strings.Contains(f[sqlite.CheckDatabase], d.Path()) {
		t.Fatalf("the problem shows the path: %q", f[sqlite.CheckDatabase])
	}

	d2 := MustOpen(t)
	d2.Close()
	f = failing(d2.CheckHealth(context.Background(), d2.Now()))
	for _, name := range []string{sqlite.CheckDatabase, sqlite.CheckWritable, sqlite.CheckMigrations, sqlite.CheckReminders, sqlite.CheckBackup} {
		if f[name] == "" {
			t.Errorf("a closed database passes %q: %v", name, f)
		}
	}
}

func TestHealthPendingMigration(t *testing.T) {
	d := MustOpen(t)
	if _, err := d.WriteDB().Exec(`DELETE FROM goose_db_version WHERE version_id = (SELECT MAX(version_id) FROM goose_db_version)`); err != nil {
		t.Fatal(err)
	}
	f := failing(d.CheckHealth(context.Background(), d.Now()))
	if p := f[sqlite.CheckMigrations]; !strings.Contains(p, "run outlay migrate") || len(f) != 1 {
		t.Fatalf("a database a migration behind: %v", f)
	}
}

func TestHealthReminderRunOverdue(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	now := d.Now()
	longAgo := now.Add(-10 * time.Hour)

	// None yet: fine within two hours of the start, overdue after.
	if f := failing(d.CheckHealth(ctx, now.Add(-time.Hour))); len(f) > 0 {
		t.Fatalf("an hour after start with no run: %v", f)
	}
	if f := failing(d.CheckHealth(ctx, longAgo)); f[sqlite.CheckReminders] == "" {
		t.Fatalf("ten hours after start with no run passes: %v", f)
	}

	run := func(at time.Time) {
		t.Helper()
		d.Now = func() time.Time { return at }
		r := &outlay.ReminderRun{AsOf: at, Holder: "test"}
		if err := d.StartReminderRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := d.FinishReminderRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		d.Now = func() time.Time { return now }
	}
	run(now.Add(-3 * time.Hour))
	if f := failing(d.CheckHealth(ctx, longAgo)); !strings.Contains(f[sqlite.CheckReminders], "3h0m0s ago") {
		t.Fatalf("a run three hours ago: %v", f)
	}
	run(now.Add(-30 * time.Minute))
	if f := failing(d.CheckHealth(ctx, longAgo)); len(f) > 0 {
		t.Fatalf("a run half an hour ago: %v", f)
	}
	v, err := d.Vitals(ctx)
	if err != nil || v.LastReminderRun == nil || !v.LastReminderRun.Equal(now.Add(-30*time.Minute)) {
		t.Fatalf("vitals %+v, %v", v, err)
	}
}

func TestHealthBackupOverdue(t *testing.T) {
	ctx := context.Background()
	d := MustOpen(t)
	addBackup := func(at time.Time, ok bool) {
		t.Helper()
		if _, err := d.WriteDB().Exec(`INSERT INTO backup_runs (kind, started_at, finished_at, path, ok) VALUES ('nightly', ?, ?, 'x', ?)`,
			at.Format(sqlite.TimeLayout), at.Format(sqlite.TimeLayout), ok); err != nil {
			t.Fatal(err)
		}
	}
	// The installation is minutes old by the wall clock: no backup yet is fine. Three
	// days on, it is not.
	d.Now = time.Now
	started := time.Now()
	if f := failing(d.CheckHealth(ctx, started)); len(f) > 0 {
		t.Fatalf("a fresh installation without a backup: %v", f)
	}
	later := time.Now().Add(72 * time.Hour)
	d.Now = func() time.Time { return later }
	if f := failing(d.CheckHealth(ctx, later)); !strings.Contains(f[sqlite.CheckBackup], "no backup has completed") {
		t.Fatalf("three days without a backup: %v", f)
	}
	// A failed backup does not count; a good one within two days does.
	addBackup(later.Add(-time.Hour), false)
	if f := failing(d.CheckHealth(ctx, later)); f[sqlite.CheckBackup] == "" {
		t.Fatalf("only a failed backup passes: %v", f)
	}
	addBackup(later.Add(-50*time.Hour), true)
	if f := failing(d.CheckHealth(ctx, later)); !strings.Contains(f[sqlite.CheckBackup], "50h0m0s old") {
		t.Fatalf("a good backup 50 hours old: %v", f)
	}
	addBackup(later.Add(-20*time.Hour), true)
	if f := failing(d.CheckHealth(ctx, later)); len(f) > 0 {
		t.Fatalf("a good backup 20 hours old: %v", f)
	}
	if v, err := d.Vitals(ctx); err != nil || v.LastGoodBackup == nil || !v.LastGoodBackup.Equal(later.Add(-20*time.Hour).UTC().Truncate(time.Microsecond)) {
		t.Fatalf("vitals %+v, %v", v, err)
	}
}

func TestPoolStatsNamesBothPools(t *testing.T) {
	d := MustOpen(t)
	st := d.PoolStats()
	if st["write"].MaxOpenConnections != 1 || st["read"].MaxOpenConnections != 8 {
		t.Fatalf("pool stats %+v", st)
	}
}
