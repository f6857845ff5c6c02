package sqlitetest

import (
	"database/sql"
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"

	"outlay/db"
)

// Migrations is a goose provider of the embedded migrations on conn, for tests that
// build the database an older release left (UpTo an earlier version, or Down from the
// newest) to prove what an upgrade does with it.
func Migrations(tb testing.TB, conn *sql.DB) *goose.Provider {
	tb.Helper()
	fsys, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		tb.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, conn, fsys)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
