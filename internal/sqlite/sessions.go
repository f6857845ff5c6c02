package sqlite

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// sessionsSchema is the table scs's sqlite3store reads and writes. The session file has
// no migrations: it holds nothing but this table, and losing it only signs people out.
const sessionsSchema = `CREATE TABLE IF NOT EXISTS sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (expiry);`

// OpenSessions opens (creating if needed, mode 0600) the session database at path,
// usually sessions.db beside outlay.db, for scs's sqlite3store. It is a file of its own so
// that learning who is signed in never waits on the business writer, and a session write
// never queues behind an import.
//
// Synchronous is NORMAL rather than FULL: in WAL mode that still never corrupts the file,
// and the most a power cut can lose is the last session writes, which means signing in
// again; it spares an fsync on every sign-in.
func OpenSessions(path string) (*sql.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	// Created here rather than by SQLite so that the file, and with it the -wal and
	// -shm files SQLite gives the same mode, is readable by its owner only.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	f.Close()
	sdb, err := sql.Open("sqlite3", fmt.Sprintf("file:%s?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000", path))
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(8)
	sdb.SetMaxIdleConns(8)
	if _, err := sdb.Exec(sessionsSchema); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return sdb, nil
}
