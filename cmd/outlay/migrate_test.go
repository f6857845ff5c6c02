package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outlay/internal/sqlite"
	"outlay/internal/sqlite/sqlitetest"
)

// downgrade rolls the data folder's database back by its newest migration, so that it
// is what the previous release left: this binary has one migration to apply.
func downgrade(t *testing.T, data string) {
	t.Helper()
	w, err := sql.Open("sqlite3", "file:"+filepath.Join(data, "outlay.db")+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	p := sqlitetest.Migrations(t, w)
	if _, err := p.Down(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// An upgrade: outlay migrate backs the old database up and says where, and that backup
// restores (into a new folder, by this binary) with its licence key readable.
func TestMigrateBacksUpAndTheBackupRestores(t *testing.T) {
	data, _ := licenceDB(t)
	downgrade(t, data)
	out, err := runCmd(t, "migrate", "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	var bak string
	for _, line := range strings.Split(out, "\n") {
		if p, ok := strings.CutPrefix(line, "backup before the migration: "); ok {
			bak = p
		}
	}
	if bak == "" || filepath.Dir(bak) != filepath.Join(data, "backups") || !strings.Contains(out, "key file: "+bak+sqlite.KeySuffix) {
		t.Fatalf("migrate printed %q, want the backup in DATA/backups and its key file", out)
	}
	if _, err := os.Stat(bak + sqlite.KeySuffix); err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	out, err = runCmd(t, "restore", bak, "--data", restored)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "licence keys: 1, all readable") {
		t.Errorf("restore printed %q, want the licence key readable", out)
	}
	if _, err := os.Stat(filepath.Join(restored, "backups")); err == nil {
		t.Error("restore took a pre-migration backup of the file it restored")
	}

	out, err = runCmd(t, "migrate", "--data", data)
	if err != nil || strings.Contains(out, "backup before") {
		t.Errorf("second migrate: %q, %v; want no backup", out, err)
	}
}

// A backup folder that cannot take the copy stops the migration, with the way past it;
// --without-backup takes that way.
func TestMigrateRefusesWhenTheBackupFails(t *testing.T) {
	data, _ := licenceDB(t)
	downgrade(t, data)
	if err := os.WriteFile(filepath.Join(data, "backups"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "migrate", "--data", data); err == nil || !strings.Contains(err.Error(), "--without-backup") {
		t.Fatalf("migrate: %v, want a refusal that names --without-backup", err)
	}
	out, err := runCmd(t, "migrate", "--without-backup", "--data", data)
	if err != nil || strings.Contains(out, "backup before") || !strings.Contains(out, "database is up to date") {
		t.Fatalf("migrate --without-backup: %q, %v", out, err)
	}
}
