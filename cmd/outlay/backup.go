package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"outlay/internal/backup"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// BackupDir is where the nightly backups go, and `outlay backup` by default.
func (c Config) BackupDir() string { return filepath.Join(c.DataDir, sqlite.BackupFolder) }

// backupCmd is `outlay backup [-o FILE]`: one consistent copy of the database, taken
// while the server runs, with the key file beside it, checked and recorded. It exits 1
// when the copy could not be taken or failed its check, so a cron job's owner hears.
func backupCmd(args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("backup", &cfg, stderr)
	out := fs.String("o", "", "the backup file (default DATA/backups/outlay-YYYYMMDD-HHMMSS.db, in UTC); its key file is FILE.key")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openExisting(cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	dest := *out
	if dest == "" {
		dest = filepath.Join(cfg.BackupDir(), backup.FileName(time.Now()))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	run, err := db.Backup(ctx, outlay.BackupManual, dest)
	if err != nil {
		return fmt.Errorf("backup failed: %w", err)
	}
	fmt.Fprintf(stdout, "backup: %s\n", run.Path)
	fmt.Fprintf(stdout, "key file: %s (keep it with the backup, and as safe: it decrypts the licence keys)\n", run.Path+sqlite.KeySuffix)
	fmt.Fprintf(stdout, "size: %s (%d bytes)\n", outlay.ByteSize(run.SizeBytes), run.SizeBytes)
	fmt.Fprintf(stdout, "duration: %s\n", run.Duration.Round(time.Millisecond))
	fmt.Fprintln(stdout, "integrity check: ok")
	return nil
}

// openExisting opens the data folder's database, refusing to create one: a backup of
// a mistyped --data would otherwise be a backup of a new, empty database.
func openExisting(cfg Config) (*sqlite.DB, error) {
	if _, err := os.Stat(cfg.DBPath()); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("there is no database at %s (check --data or OUTLAY_DATA)", cfg.DBPath())
	} else if err != nil {
		return nil, err
	}
	return sqlite.Open(cfg.DBPath())
}
