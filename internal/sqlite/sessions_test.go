package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/alexedwards/scs/sqlite3store"

	"outlay/internal/sqlite"
)

// The session file is private to its owner, in WAL mode, and serves scs's sqlite3store
// across a reopen.
func TestOpenSessions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "sessions.db")
	sdb, err := sqlite.OpenSessions(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := st.Mode().Perm(); mode != 0o600 {
		t.Errorf("sessions.db mode %o, want 600", mode)
	}
	var journal string
	if err := sdb.QueryRow(`PRAGMA journal_mode`).Scan(&journal); err != nil || journal != "wal" {
		t.Errorf("journal_mode %q (%v), want wal", journal, err)
	}
	store := sqlite3store.NewWithCleanupInterval(sdb, 0)
	if err := store.Commit("tok", []byte("data"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := sdb.Close(); err != nil {
		t.Fatal(err)
	}

	sdb, err = sqlite.OpenSessions(path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	b, found, err := sqlite3store.NewWithCleanupInterval(sdb, 0).Find("tok")
	if err != nil || !found || string(b) != "data" {
		t.Fatalf("after reopen: %q found=%v err=%v", b, found, err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if st, err := os.Stat(path + side); err == nil && st.Mode().Perm() != 0o600 {
			t.Errorf("sessions.db%s mode %o, want 600", side, st.Mode().Perm())
		}
	}
}
