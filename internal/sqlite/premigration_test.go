package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/secretbox"
	"outlay/internal/sqlite"
	"outlay/internal/sqlite/sqlitetest"
)

// oldVendors is how many vendors the old database holds.
const oldVendors = 3

// oldDatabase builds, in a new data folder, the database of the release before this one:
// every embedded migration but the newest, and a few vendors. withKey puts a key file
// beside it, as a data folder that has stored a licence key has. It returns the
// database's path, its version and the newest version.
func oldDatabase(t *testing.T, withKey bool) (path string, old, newest int64) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path = filepath.Join(dir, "outlay.db")
	w, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	p := sqlitetest.Migrations(t, w)
	sources := p.ListSources()
	old, newest = sources[len(sources)-2].Version, sources[len(sources)-1].Version
	if _, err := p.UpTo(ctx, old); err != nil {
		t.Fatal(err)
	}
	for i := range oldVendors {
		name := fmt.Sprintf("Vendor %d", i)
		if _, err := w.ExecContext(ctx, `INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at)
			VALUES (?, ?, 'software', 'active', 'low', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`, name, strings.ToLower(name)); err != nil {
			t.Fatal(err)
		}
	}
	if withKey {
		if _, err := secretbox.Open(dir); err != nil {
			t.Fatal(err)
		}
	}
	return path, old, newest
}

// versionOf reads a database file's migration version and vendor count without
// changing it (and without migrating it, which Open would).
func versionOf(t *testing.T, path string) (version int64, vendors int) {
	t.Helper()
	r, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.QueryRow(`SELECT max(version_id) FROM goose_db_version WHERE is_applied = 1`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := r.QueryRow(`SELECT count(*) FROM vendors`).Scan(&vendors); err != nil {
		t.Fatal(err)
	}
	return version, vendors
}

func backupNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, sqlite.BackupFolder))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestOpenBacksUpBeforeMigrating(t *testing.T) {
	ctx := context.Background()
	for _, withKey := range []bool{true, false} {
		t.Run(fmt.Sprintf("key file %v", withKey), func(t *testing.T) {
			path, old, newest := oldDatabase(t, withKey)
			dir := filepath.Dir(path)
			keyFile := filepath.Join(dir, secretbox.KeyFile)
			var keyBefore []byte
			if withKey {
				var err error
				if keyBefore, err = os.ReadFile(keyFile); err != nil {
					t.Fatal(err)
				}
			}

			d, err := sqlite.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			bak := d.PreMigrationBackup()
			want := fmt.Sprintf(`^outlay-pre-migration-v%05d-to-v%05d-\d{8}T\d{6}Z\.db$`, old, newest)
			if !regexp.MustCompile(want).MatchString(filepath.Base(bak)) {
				t.Fatalf("backup %q, want a name matching %s", bak, want)
			}
			if filepath.Dir(bak) != filepath.Join(dir, sqlite.BackupFolder) {
				t.Errorf("backup in %s, want it in DATA/%s", filepath.Dir(bak), sqlite.BackupFolder)
			}
			if err := sqlite.CheckIntegrity(ctx, bak); err != nil {
				t.Fatal(err)
			}
			if v, n := versionOf(t, bak); v != old || n != oldVendors {
				t.Errorf("backup at version %d with %d vendors, want %d with %d", v, n, old, oldVendors)
			}
			if v, n := versionOf(t, path); v != newest || n != oldVendors {
				t.Errorf("database at version %d with %d vendors, want %d with %d", v, n, newest, oldVendors)
			}
			// The key copy is the key the database uses: the one that was there, or the
			// one a folder without any gets at this start.
			keyNow, err := os.ReadFile(keyFile)
			if err != nil {
				t.Fatal(err)
			}
			if withKey && !bytes.Equal(keyNow, keyBefore) {
				t.Fatal("Open replaced the existing key file")
			}
			keyCopy, err := os.ReadFile(bak + sqlite.KeySuffix)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(keyCopy, keyNow) {
				t.Error("the backup's key file is not the database's key")
			}
			for _, f := range []string{bak, bak + sqlite.KeySuffix} {
				if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("%s: %v, mode %v; want 0600", f, err, fi.Mode().Perm())
				}
			}

			// Recorded after the migration created backup_runs, and counted as the last
			// good backup: it is a whole, checked copy of everything.
			runs, err := d.FindBackupRuns(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(runs) != 1 || runs[0].Kind != outlay.BackupPreMigration || !runs[0].OK || runs[0].Path != bak || runs[0].FinishedAt == nil || runs[0].SizeBytes == 0 {
				t.Fatalf("backup runs %+v, want one good pre-migration run of %s", runs, bak)
			}
			if last, err := d.LastGoodBackup(ctx); err != nil || last == nil || last.ID != runs[0].ID {
				t.Errorf("last good backup %+v, %v; want the pre-migration run", last, err)
			}
			if v, err := d.Vitals(ctx); err != nil || v.LastGoodBackup == nil {
				t.Errorf("vitals %+v, %v; want the pre-migration run as the last good backup", v, err)
			}
			d.Close()

			// Nothing is pending any more: a second start takes no backup.
			d2, err := sqlite.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer d2.Close()
			if p := d2.PreMigrationBackup(); p != "" {
				t.Errorf("second Open took a backup %s", p)
			}
			if names := backupNames(t, dir); len(names) != 2 {
				t.Errorf("backups folder holds %v, want the one backup and its key", names)
			}
		})
	}
}

func TestOpenNewDatabaseTakesNoBackup(t *testing.T) {
	dir := t.TempDir()
	d, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if p := d.PreMigrationBackup(); p != "" {
		t.Errorf("a new database took a backup %s", p)
	}
	if names := backupNames(t, dir); len(names) != 0 {
		t.Errorf("backups folder holds %v, want nothing", names)
	}
	runs, err := d.FindBackupRuns(context.Background(), 0)
	if err != nil || len(runs) != 0 {
		t.Errorf("backup runs %v, %v; want none", runs, err)
	}
}

func TestOpenRefusesToMigrateWithoutBackup(t *testing.T) {
	path, old, newest := oldDatabase(t, true)
	dir := filepath.Dir(path)
	// A file where the backup folder should be: no backup can be written there.
	if err := os.WriteFile(filepath.Join(dir, sqlite.BackupFolder), []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := sqlite.Open(path)
	if err == nil {
		d.Close()
		t.Fatal("Open migrated although the backup could not be taken")
	}
	if !errors.Is(err, sqlite.ErrPreMigrationBackup) {
		t.Errorf("error %v does not wrap ErrPreMigrationBackup", err)
	}
	for _, s := range []string{fmt.Sprintf("at migration %d", old), fmt.Sprintf("needs %d", newest), "left as it was", "outlay migrate --without-backup --data " + dir} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
	if v, n := versionOf(t, path); v != old || n != oldVendors {
		t.Errorf("database at version %d with %d vendors after the refusal, want %d with %d", v, n, old, oldVendors)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file %s was left in the data folder", e.Name())
		}
	}

	// The operator's way past it, once they hold a copy of their own.
	d, err = sqlite.OpenWith(path, sqlite.OpenOptions{WithoutPreMigrationBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if p := d.PreMigrationBackup(); p != "" {
		t.Errorf("backup %s taken although asked not to", p)
	}
	if v, n := versionOf(t, path); v != newest || n != oldVendors {
		t.Errorf("database at version %d with %d vendors, want %d with %d", v, n, newest, oldVendors)
	}
}
