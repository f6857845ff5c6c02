// Package sqlitetest gives benchmarks of every package the large demo set: a private
// copy of the database that OUTLAY_BENCH_DATA names (`make bench` loads it), so a
// benchmark may write to it without touching the shared one.
package sqlitetest

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"outlay/internal/sqlite"
)

// BenchDB opens a copy of the large demo set in tb's temporary folder, closed when tb
// ends; tb is skipped when OUTLAY_BENCH_DATA is not set.
func BenchDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	dir := os.Getenv("OUTLAY_BENCH_DATA")
	if dir == "" {
		tb.Skip("set OUTLAY_BENCH_DATA to a data folder with the large demo set (make bench does)")
	}
	tmp := tb.TempDir()
	for _, name := range []string{"outlay.db", "secret.key"} {
		if err := copyFile(filepath.Join(dir, name), filepath.Join(tmp, name)); err != nil {
			tb.Fatal(err)
		}
	}
	db, err := sqlite.Open(filepath.Join(tmp, "outlay.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// copyFile copies a file, readable by its owner only (the key file is a secret).
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
