package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// recordBackupRun writes a backup run as storage records one, started ago before testNow.
func recordBackupRun(t *testing.T, h *harness, kind string, ago time.Duration, ok bool, errText string) {
	t.Helper()
	started := testNow.Add(-ago)
	_, err := h.DB.WriteDB().Exec(`INSERT INTO backup_runs (kind, started_at, finished_at, path, size_bytes, duration_ms, ok, error)
		VALUES (?, ?, ?, '/data/backups/x.db', 3400000, 41, ?, ?)`, kind, started.Format(sqlite.TimeLayout),
		started.Add(time.Second).Format(sqlite.TimeLayout), ok, errText)
	if err != nil {
		t.Fatal(err)
	}
}

// backupLine is the dashboard's backup line or warning, "" when there is none.
func backupLine(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `id="backup-status"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<")
	end := strings.Index(body[i:], "</")
	return body[start : i+end]
}

func TestDashboardTellsAdminsOfTheBackups(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn(outlay.RoleAdmin)
	editor, _ := h.signIn(outlay.RoleEditor)

	line := backupLine(t, admin.get("/").Body)
	if !strings.Contains(line, "No backup has been taken yet") || !strings.Contains(line, "backup-warning") {
		t.Fatalf("no backups: %q", line)
	}

	// A real backup, taken now, reads as fresh and ok.
	dest := filepath.Join(t.TempDir(), "outlay-now.db")
	if _, err := h.DB.Backup(context.Background(), outlay.BackupNightly, dest); err != nil {
		t.Fatal(err)
	}
	line = backupLine(t, admin.get("/").Body)
	if !strings.Contains(line, "Last backup less than a minute ago, ok") || strings.Contains(line, "backup-warning") {
		t.Fatalf("fresh backup: %q", line)
	}
	if res := editor.get("/"); res.Code != 200 || backupLine(t, res.Body) != "" || strings.Contains(res.Body, "backup") {
		t.Fatalf("an editor sees the backups: %d %q", res.Code, backupLine(t, res.Body))
	}

	// A failed one after it warns, and says how old the last good one is.
	if err := os.WriteFile(dest+"-taken", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := h.DB.Backup(context.Background(), outlay.BackupNightly, dest); err == nil {
		t.Fatal("a backup over an existing file succeeded")
	}
	line = backupLine(t, admin.get("/").Body)
	if !strings.Contains(line, "The last backup failed less than a minute ago") || !strings.Contains(line, "exists already") ||
		!strings.Contains(line, "The last good backup is less than a minute old") || !strings.Contains(line, "backup-warning") {
		t.Fatalf("failed backup: %q", line)
	}
}

func TestDashboardWarnsOfAStaleBackup(t *testing.T) {
	for _, c := range []struct {
		name string
		ago  time.Duration
		warn bool
		want string
	}{
		{"last night", 8 * time.Hour, false, "Last backup 8 hours ago, ok (3.4 MB)"},
		{"one night missed", 47 * time.Hour, false, "Last backup 47 hours ago, ok"},
		{"two nights missed", 49 * time.Hour, true, "The last good backup is 2 days old: none for more than two days"},
		{"a week", 7 * 24 * time.Hour, true, "The last good backup is 7 days old"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			admin, _ := h.signIn(outlay.RoleAdmin)
			recordBackupRun(t, h, outlay.BackupNightly, c.ago, true, "")
			line := backupLine(t, admin.get("/").Body)
			if !strings.Contains(line, c.want) || strings.Contains(line, "backup-warning") != c.warn {
				t.Fatalf("backup %v ago: %q, want %q (warning %v)", c.ago, line, c.want, c.warn)
			}
		})
	}
}

func TestNotificationsListsTheBackupRuns(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn(outlay.RoleAdmin)
	recordBackupRun(t, h, outlay.BackupNightly, 26*time.Hour, true, "")
	recordBackupRun(t, h, outlay.BackupManual, 3*time.Hour, true, "")
	recordBackupRun(t, h, outlay.BackupNightly, 2*time.Hour, false, "copy the database: disk I/O error")
	// A run that began 2 hours ago and never finished: its process died.
	_, err := h.DB.WriteDB().Exec(`INSERT INTO backup_runs (kind, started_at, path) VALUES ('nightly', ?, '/data/backups/y.db')`,
		testNow.Add(-time.Hour-30*time.Minute).Format(sqlite.TimeLayout))
	if err != nil {
		t.Fatal(err)
	}
	res := admin.get("/notifications")
	if res.Code != 200 {
		t.Fatalf("notifications: %d", res.Code)
	}
	i := strings.Index(res.Body, `id="backups"`)
	if i < 0 {
		t.Fatal("no Backups section")
	}
	section := res.Body[i : i+strings.Index(res.Body[i:], "</section>")]
	mustContain(t, "backups section", section,
		"never finished", "The last good backup is 3 hours old",
		`<span class="badge badge-red">did not finish</span>`, `<span class="badge badge-red">failed</span>`,
		"copy the database: disk I/O error", `<span class="badge badge-green">ok</span>`,
		"By hand", "Nightly", "3.4 MB", "/data/backups/x.db")
	if n := strings.Count(section, "<tr>"); n != 5 { // the head and four runs
		t.Errorf("backup table has %d rows, want 4 and the head", n-1)
	}
	if order := []string{"did not finish", ">failed<", "By hand"}; strings.Index(section, order[0]) > strings.Index(section, order[1]) ||
		strings.Index(section, order[1]) > strings.Index(section, order[2]) {
		t.Error("runs are not newest first")
	}
}
