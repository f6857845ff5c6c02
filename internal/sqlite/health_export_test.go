package sqlite

import (
	"database/sql"
	"fmt"
)

// ReopenWriterReadOnly replaces the write pool with one opened read-only, as SQLite opens
// a file it may not write (a read-only mount, a file whose owner changed): the tests run
// as root, whom a chmod does not stop.
func (d *DB) ReopenWriterReadOnly() error {
	ro, err := sql.Open("sqlite3", fmt.Sprintf("file:%s?mode=ro&_txlock=immediate&_busy_timeout=5000", d.path))
	if err != nil {
		return err
	}
	ro.SetMaxOpenConns(1)
	d.write.Close()
	d.write = ro
	return nil
}
