package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"outlay/internal/secretbox"
	"outlay/internal/sqlite"
)

const restoreUsage = "usage: outlay restore FILE --data DIR [--without-key]"

// restoreCmd is `outlay restore FILE --data DIR`: a backup becomes the database of an
// empty (or new) data folder. It never overwrites anything: restoring over a live
// database is a decision for a person who first moves that one aside. The backup is
// checked before anything is written, and its key file must open its licence keys.
func restoreCmd(args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("restore", &cfg, stderr)
	withoutKey := fs.Bool("without-key", false, "restore without the key file: the licence keys in the backup are removed")
	// The file may come before or after the flags.
	var files []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		return usageError{restoreUsage}
	}
	file := files[0]
	ctx := context.Background()

	if err := sqlite.CheckIntegrity(ctx, file); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("there is no backup file %s", file)
	} else if err != nil {
		return fmt.Errorf("refusing to restore: %w", err)
	}
	keyFile := file + sqlite.KeySuffix
	haveKey := true
	if _, err := os.Stat(keyFile); errors.Is(err, os.ErrNotExist) {
		if !*withoutKey {
			return fmt.Errorf("refusing to restore: the key file %s is missing; without it the licence keys in the backup "+
				"cannot be decrypted. Put the key file beside the backup, or restore with --without-key to remove the licence keys", keyFile)
		}
		haveKey = false
	} else if err != nil {
		return err
	}
	created, err := emptyDataDir(cfg.DataDir)
	if err != nil {
		return err
	}

	n, err := restoreInto(ctx, cfg, file, keyFile, haveKey)
	if err != nil {
		undoRestore(cfg.DataDir, created)
		return fmt.Errorf("restore failed, nothing was kept: %w", err)
	}
	fmt.Fprintf(stdout, "restored %s into %s\n", file, cfg.DBPath())
	if haveKey {
		fmt.Fprintf(stdout, "licence keys: %d, all readable with the restored key file\n", n)
	} else {
		fmt.Fprintf(stdout, "licence keys: %d removed (restored without the key file); enter them again\n", n)
	}
	fmt.Fprintf(stdout, "start it with: outlay serve --data %s (everybody signs in again)\n", cfg.DataDir)
	return nil
}

// emptyDataDir checks that dir is missing or an empty folder, creating it when missing
// (and reporting that it did).
func emptyDataDir(dir string) (created bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return false, err
		}
		return true, nil
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return false, fmt.Errorf("refusing to restore: %s is a file, not a data folder", dir)
		}
		return false, err
	case len(entries) > 0:
		return false, fmt.Errorf("refusing to restore: the data folder %s is not empty (it holds %s); "+
			"restore into a new folder, or move this one aside first", dir, entries[0].Name())
	}
	return false, nil
}

// restoreInto copies the backup and its key into the data folder, opens it (which
// applies this version's migrations) and checks the licence keys, or removes them when
// there is no key file. It returns how many licence keys there are.
func restoreInto(ctx context.Context, cfg Config, file, keyFile string, haveKey bool) (int, error) {
	if err := sqlite.CopyPrivate(file, cfg.DBPath()); err != nil {
		return 0, err
	}
	if haveKey {
		if err := sqlite.CopyPrivate(keyFile, filepath.Join(cfg.DataDir, secretbox.KeyFile)); err != nil {
			return 0, err
		}
	}
	// Without a key file, this makes a new one. No pre-migration backup: the file being
	// restored is that copy already, and the folder is left as found if this fails.
	db, err := sqlite.OpenWith(cfg.DBPath(), sqlite.OpenOptions{WithoutPreMigrationBackup: true})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if !haveKey {
		return db.ForgetLicenceKeys(ctx)
	}
	return db.CheckLicenceKeys(ctx)
}

// undoRestore removes what a failed restore wrote, leaving the folder as it was found.
func undoRestore(dir string, created bool) {
	for _, name := range []string{"outlay.db", "outlay.db-wal", "outlay.db-shm", secretbox.KeyFile} {
		os.Remove(filepath.Join(dir, name))
	}
	if created {
		os.Remove(dir)
	}
}
