package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// restoreCopy puts a backup and its key file into a fresh data folder, as
// `outlay restore` does, and opens it.
func restoreCopy(t *testing.T, backup string) *sqlite.DB {
	t.Helper()
	dir := t.TempDir()
	if err := sqlite.CopyPrivate(backup, filepath.Join(dir, "outlay.db")); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.CopyPrivate(backup+sqlite.KeySuffix, filepath.Join(dir, "secret.key")); err != nil {
		t.Fatal(err)
	}
	d, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestBackupDuringWritesKeepsEveryCommittedRowAndTheKeys(t *testing.T) {
	d := MustOpen(t)
	d.Now = time.Now
	ctx := asUser(1, "ann@example.com")
	const key = "BACKUP-KEY-0000-1111"
	l := newLicence(insertVendor(t, d, "Adobe"), "Creative Cloud")
	if err := d.CreateLicence(ctx, l, strp(key)); err != nil {
		t.Fatal(err)
	}

	// A writer commits vendors one by one until told to stop; committed lists those whose
	// commit returned, in order.
	var (
		mu        sync.Mutex
		committed []string
		stop      = make(chan struct{})
		enough    = make(chan struct{})
		wg        sync.WaitGroup
	)
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			name := fmt.Sprintf("Writer %05d", i)
			if _, err := d.WriteDB().Exec(`INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at)
				VALUES (?, lower(?), 'software', 'active', 'medium', 'x', 'x')`, name, name); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			committed = append(committed, name)
			if len(committed) == 200 {
				close(enough)
			}
			mu.Unlock()
		}
	})
	<-enough
	mu.Lock()
	before := append([]string(nil), committed...)
	mu.Unlock()
	dest := filepath.Join(t.TempDir(), "backups", "outlay-test.db")
	run, err := d.Backup(context.Background(), outlay.BackupManual, dest)
	mu.Lock()
	after := len(committed)
	mu.Unlock()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v (%+v)", err, run)
	}
	if !run.OK || run.SizeBytes <= 0 || run.FinishedAt == nil || run.Path != dest {
		t.Fatalf("run = %+v", run)
	}
	for _, p := range []string{dest, dest + sqlite.KeySuffix} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %#o, want 0600", p, fi.Mode().Perm())
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".*")); len(leftovers) > 0 {
		t.Errorf("temporary files left beside the backup: %v", leftovers)
	}

	r := restoreCopy(t, dest)
	got := map[string]bool{}
	rows, err := r.ReadDB().Query(`SELECT name FROM vendors WHERE name LIKE 'Writer %'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		got[n] = true
	}
	rows.Close()
	for _, n := range before {
		if !got[n] {
			t.Fatalf("%s was committed before the backup started and is missing from it (%d of %d restored)", n, len(got), len(before))
		}
	}
	if len(got) > after {
		t.Fatalf("restored %d writer rows, but only %d were committed when the backup ended", len(got), after)
	}
	t.Logf("committed before: %d, restored: %d, committed by the end: %d", len(before), len(got), after)
	revealed, err := r.RevealLicenceKey(ctx, l.ID)
	if err != nil || revealed != key {
		t.Fatalf("licence key after restore = %q, %v", revealed, err)
	}

	runs, err := d.FindBackupRuns(context.Background(), 10)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs = %+v, %v", runs, err)
	}
	if g := runs[0]; !g.OK || g.Kind != outlay.BackupManual || g.SizeBytes != run.SizeBytes || g.Path != dest || g.FinishedAt == nil || g.Error != "" {
		t.Fatalf("recorded run = %+v", g)
	}
}

func TestBackupFailureIsRecorded(t *testing.T) {
	d := MustOpen(t)
	dest := filepath.Join(t.TempDir(), "taken.db")
	if err := os.WriteFile(dest, []byte("something else"), 0o600); err != nil {
		t.Fatal(err)
	}
	run, err := d.Backup(context.Background(), outlay.BackupNightly, dest)
	if err == nil || run.OK || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("backup over an existing file: %+v, %v", run, err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "something else" {
		t.Fatal("the existing file was overwritten")
	}
	good := filepath.Join(t.TempDir(), "good.db")
	if _, err := d.Backup(context.Background(), outlay.BackupNightly, good); err != nil {
		t.Fatal(err)
	}
	runs, err := d.FindBackupRuns(context.Background(), 0)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs = %+v, %v", runs, err)
	}
	failed := runs[1] // newest first; Now is fixed, so the id decides
	if failed.OK || failed.Kind != outlay.BackupNightly || !strings.Contains(failed.Error, "exists already") || failed.FinishedAt == nil {
		t.Fatalf("failed run = %+v", failed)
	}
	last, err := d.LastGoodBackup(context.Background())
	if err != nil || last == nil || last.Path != good || !last.OK {
		t.Fatalf("last good = %+v, %v", last, err)
	}
}

func TestLastGoodBackupNone(t *testing.T) {
	d := MustOpen(t)
	if r, err := d.LastGoodBackup(context.Background()); r != nil || err != nil {
		t.Fatalf("no backups: %+v, %v", r, err)
	}
}

func TestCheckIntegrityRefusesDamagedFiles(t *testing.T) {
	d := MustOpen(t)
	for i := range 300 {
		insertVendor(t, d, fmt.Sprintf("Vendor %03d with a name long enough to fill pages", i))
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if _, err := d.Backup(context.Background(), outlay.BackupManual, good); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := sqlite.CheckIntegrity(ctx, good); err != nil {
		t.Fatalf("sound backup: %v", err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 8*4096 {
		t.Fatalf("backup is only %d bytes: the damage below would miss it", len(data))
	}
	scribbled := append([]byte(nil), data...)
	for i := 2 * 4096; i < 6*4096; i++ { // pages 3 to 6: b-tree pages of the tables
		scribbled[i] = byte(i * 7)
	}
	plain, _ := sql.Open("sqlite3", filepath.Join(dir, "other.db"))
	plain.Exec(`CREATE TABLE t (x)`)
	plain.Close()
	cases := map[string][]byte{
		"truncated.db": data[:len(data)/2],
		"garbage.db":   []byte(strings.Repeat("not a database ", 1000)),
		"empty.db":     {},
		"scribbled.db": scribbled,
	}
	for name, content := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		err := sqlite.CheckIntegrity(ctx, p)
		if !errors.Is(err, sqlite.ErrNotDatabase) {
			t.Errorf("%s: CheckIntegrity = %v, want ErrNotDatabase", name, err)
		}
		if _, err := os.Stat(p + "-wal"); err == nil {
			t.Errorf("%s: the check created a -wal file", name)
		}
	}
	if err := sqlite.CheckIntegrity(ctx, filepath.Join(dir, "other.db")); !errors.Is(err, sqlite.ErrNotDatabase) ||
		!strings.Contains(err.Error(), "no Outlay migrations") {
		t.Errorf("another application's database: %v", err)
	}
	if err := sqlite.CheckIntegrity(ctx, filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
