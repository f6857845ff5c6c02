package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// MustOpen opens a fresh database file in a temporary folder, with "now" fixed, and
// closes it when the test ends.
func MustOpen(tb testing.TB) *sqlite.DB {
	tb.Helper()
	d, err := sqlite.Open(filepath.Join(tb.TempDir(), "outlay.db"))
	if err != nil {
		tb.Fatal(err)
	}
	d.Now = func() time.Time { return time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC) }
	tb.Cleanup(func() { d.Close() })
	return d
}

// asUser returns a context acting as an admin with the given id, for audited writes.
func asUser(id int64, email string) context.Context {
	return outlay.NewContextWithUser(context.Background(), &outlay.User{ID: id, Email: email, Role: outlay.RoleAdmin, Active: true})
}

func TestOpenMigratesAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "outlay.db")
	d, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := d.ReadDB().QueryRow(`SELECT count(*) FROM sqlite_master WHERE type='table' AND name='contracts'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("contracts table: n=%d err=%v", n, err)
	}
	var mode string
	if err := d.WriteDB().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := d.ReadDB().QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys on read pool = %d, %v", fk, err)
	}
	if _, err := d.ReadDB().Exec(`INSERT INTO login_failures (account, address, at) VALUES (zeroblob(32), zeroblob(32), 'c')`); err == nil {
		t.Fatal("read pool accepted a write")
	}
	d.Close()
	d, err = sqlite.Open(path) // migrations are idempotent
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
}

func countRows(t *testing.T, d *sqlite.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.ReadDB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
