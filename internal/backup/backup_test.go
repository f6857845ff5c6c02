package backup_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"outlay/internal/backup"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

func TestNextAt(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no zone data:", err)
	}
	for _, c := range []struct {
		now, want time.Time
	}{
		{time.Date(2026, 12, 2, 1, 59, 0, 0, time.UTC), time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)},
		{time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC), time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 2, 0, 0, 0, time.UTC)},
		// The night summer time starts, 02:00 does not exist in Paris: Go reads it as 03:00.
		{time.Date(2027, 3, 27, 12, 0, 0, 0, paris), time.Date(2027, 3, 28, 3, 0, 0, 0, paris)},
		{time.Date(2027, 3, 28, 12, 0, 0, 0, paris), time.Date(2027, 3, 29, 2, 0, 0, 0, paris)},
	} {
		if got := backup.NextAt(c.now, 2); !got.Equal(c.want) {
			t.Errorf("NextAt(%v) = %v, want %v", c.now, got, c.want)
		}
	}
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestPruneKeepsTheNewestAndTheirKeys(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	for i := range 5 {
		n := filepath.Join(dir, backup.FileName(start.AddDate(0, 0, i)))
		touch(t, n)
		touch(t, n+backup.KeySuffix)
	}
	touch(t, filepath.Join(dir, "before-upgrade.db")) // the user's own file
	removed, err := backup.Prune(dir, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 2 || filepath.Base(removed[0]) != "outlay-20261120-020000.db" || filepath.Base(removed[1]) != "outlay-20261121-020000.db" {
		t.Fatalf("removed = %v", removed)
	}
	want := []string{"before-upgrade.db",
		"outlay-20261122-020000.db", "outlay-20261122-020000.db.key",
		"outlay-20261123-020000.db", "outlay-20261123-020000.db.key",
		"outlay-20261124-020000.db", "outlay-20261124-020000.db.key"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Fatalf("left = %v, want %v", got, want)
	}
	if removed, err := backup.Prune(dir, 3); err != nil || len(removed) != 0 {
		t.Fatalf("second prune: %v, %v", removed, err)
	}
	if removed, err := backup.Prune(filepath.Join(dir, "missing"), 3); err != nil || removed != nil {
		t.Fatalf("missing folder: %v, %v", removed, err)
	}
}

func TestPruneKeepsPreMigrationBackups(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	// Older than every nightly backup, and still kept.
	pre := sqlite.PreMigrationFileName(15, 16, start.Add(-time.Hour))
	touch(t, filepath.Join(dir, pre))
	touch(t, filepath.Join(dir, pre+backup.KeySuffix))
	for i := range 3 {
		n := filepath.Join(dir, backup.FileName(start.AddDate(0, 0, i)))
		touch(t, n)
		touch(t, n+backup.KeySuffix)
	}
	removed, err := backup.Prune(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 2 {
		t.Fatalf("removed = %v, want the two older nightly backups", removed)
	}
	want := []string{"outlay-20261122-020000.db", "outlay-20261122-020000.db.key", pre, pre + backup.KeySuffix}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Fatalf("left = %v, want %v", got, want)
	}
}

// clock is a settable "now" shared by the store and the scheduler.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestSchedulerTakesDueBackupsAndKeepsN(t *testing.T) {
	data := t.TempDir()
	db, err := sqlite.Open(filepath.Join(data, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := &clock{time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)}
	db.Now = c.now
	dir := filepath.Join(data, "backups")
	s := &backup.Scheduler{Store: db, Dir: dir, Keep: func() int { return 2 }, Hour: 2, Now: c.now}
	ctx := context.Background()

	// The first start has no backup: one is taken at once.
	r, err := s.RunIfOlder(ctx, 24*time.Hour)
	if err != nil || r == nil || !r.OK || r.Kind != outlay.BackupNightly {
		t.Fatalf("first start: %+v, %v", r, err)
	}
	// A restart an hour later finds it fresh.
	c.t = c.t.Add(time.Hour)
	if r, err := s.RunIfOlder(ctx, 24*time.Hour); r != nil || err != nil {
		t.Fatalf("fresh backup taken again: %+v, %v", r, err)
	}
	// Three nights on, with a backup each night, the folder holds the last two.
	for range 3 {
		c.t = c.t.Add(24 * time.Hour)
		if r, err := s.RunIfOlder(ctx, time.Hour); err != nil || r == nil || !r.OK {
			t.Fatalf("night %v: %+v, %v", c.t, r, err)
		}
	}
	want := []string{"outlay-20261203-030000.db", "outlay-20261203-030000.db.key",
		"outlay-20261204-030000.db", "outlay-20261204-030000.db.key"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Fatalf("backups = %v, want %v", got, want)
	}
	runs, err := db.FindBackupRuns(ctx, 0)
	if err != nil || len(runs) != 4 {
		t.Fatalf("runs = %d, %v", len(runs), err)
	}

	// While another process holds the lease, nothing is taken.
	c.t = c.t.Add(48 * time.Hour)
	if ok, err := db.TakeLease(ctx, backup.LeaseName, "other:1:x", backup.LeaseTime); !ok || err != nil {
		t.Fatalf("take lease: %v %v", ok, err)
	}
	if r, err := s.RunIfOlder(ctx, time.Hour); r != nil || err != nil {
		t.Fatalf("backup taken beside another holder: %+v, %v", r, err)
	}
	// A failed backup is recorded and prunes nothing.
	db.ReleaseLease(ctx, backup.LeaseName, "other:1:x")
	blocker := filepath.Join(dir, backup.FileName(c.t))
	touch(t, blocker)
	if r, err := s.RunIfOlder(ctx, time.Hour); err == nil || r == nil || r.OK {
		t.Fatalf("backup onto an existing name: %+v, %v", r, err)
	}
	if got := names(t, dir); len(got) != 5 {
		t.Fatalf("after a failure the folder holds %v", got)
	}
	runs, _ = db.FindBackupRuns(ctx, 1)
	if runs[0].OK || runs[0].Error == "" {
		t.Fatalf("failed run recorded as %+v", runs[0])
	}
}

// stopping is a store whose server is told to stop the moment a backup begins.
type stopping struct {
	*sqlite.DB
	stop func()
}

func (s stopping) Backup(ctx context.Context, kind, dest string) (*outlay.BackupRun, error) {
	s.stop()
	return s.DB.Backup(ctx, kind, dest)
}

// A server stopped while the start-up backup is being taken lets it finish (within
// Grace), records it, and Run returns instead of waiting for the night.
func TestSchedulerFinishesTheBackupUnderWayWhenStopped(t *testing.T) {
	data := t.TempDir()
	db, err := sqlite.Open(filepath.Join(data, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &backup.Scheduler{Store: stopping{db, cancel}, Dir: filepath.Join(data, "backups"), Hour: 2}
	s.Run(ctx)
	if ctx.Err() == nil {
		t.Fatal("the backup did not start")
	}
	last, err := db.LastGoodBackup(context.Background())
	if err != nil || last == nil || !last.OK {
		t.Fatalf("backup under way at shutdown: %+v, %v", last, err)
	}
	if err := sqlite.CheckIntegrity(context.Background(), last.Path); err != nil {
		t.Fatal(err)
	}
}

// The leftover of a copy cut short goes once it is StaleTemp old; a copy being written
// now, backups and other files stay.
func TestRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, ".outlay-20261201-020000.db.4711.tmp")
	oldPre := filepath.Join(dir, ".outlay-pre-migration-v00015-to-v00016-20261201T020000Z.db.9.tmp")
	fresh := filepath.Join(dir, ".outlay-20261203-020000.db.4712.tmp")
	mine := filepath.Join(dir, ".notes.tmp")
	for _, p := range []string{old, oldPre, fresh, mine, filepath.Join(dir, backup.FileName(time.Now()))} {
		touch(t, p)
	}
	long := time.Now().Add(-backup.StaleTemp - time.Minute)
	for _, p := range []string{old, oldPre, mine} {
		if err := os.Chtimes(p, long, long); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := backup.RemoveStaleTemps(dir, backup.StaleTemp)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{old, oldPre}; !slices.Equal(removed, want) { // in name order
		t.Errorf("removed %v, want %v", removed, want)
	}
	if got := names(t, dir); len(got) != 3 || !slices.Contains(got, filepath.Base(fresh)) || !slices.Contains(got, ".notes.tmp") {
		t.Errorf("left %v", got)
	}
	if removed, err := backup.RemoveStaleTemps(filepath.Join(dir, "missing"), time.Hour); err != nil || removed != nil {
		t.Errorf("missing folder: %v, %v", removed, err)
	}
}
