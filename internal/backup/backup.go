// Package backup keeps the nightly backups of `outlay serve`: when to take one, where
// it goes, and how many to keep. Storage takes the copy itself (sqlite.DB.Backup); this
// package only decides and tidies, so it can be tested with a clock and a folder.
package backup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"outlay/internal/outlay"
)

// DefaultKeep is how many backups the folder keeps when the setting says nothing
// (outlay.DefaultBackupKeep): two weeks of nights.
const DefaultKeep = outlay.DefaultBackupKeep

// DefaultHour is the local hour of the nightly backup: 02:00, after the working day and
// before the first reminder run of the morning is read.
const DefaultHour = 2

// LeaseName keeps two servers on one data folder from taking the same night's backup
// twice; LeaseTime bounds how long a crashed holder blocks the next one.
const (
	LeaseName = "backup"
	LeaseTime = time.Hour
)

// KeySuffix names the copy of the key file beside a backup (sqlite.KeySuffix).
const KeySuffix = ".key"

// fileLayout is a backup's file name: sortable by name, so the newest is the last.
const fileLayout = "outlay-20060102-150405.db"

// FileName is the name of a backup taken at t, in UTC so that names sort by time
// whatever the zone and a change of summer time never reuses one.
func FileName(t time.Time) string { return t.UTC().Format(fileLayout) }

// Store is what the schedule needs of storage.
type Store interface {
	// Backup takes one backup into dest and records the run.
	Backup(ctx context.Context, kind, dest string) (*outlay.BackupRun, error)
	// LastGoodBackup returns the newest backup that succeeded, or nil.
	LastGoodBackup(ctx context.Context) (*outlay.BackupRun, error)
	outlay.LeaseService
}

// Prune deletes the oldest backups in dir (files named as FileName makes them) and
// their key files until keep are left, and returns the paths of the backups deleted.
// Other files in dir are left alone, and so are the backups taken before a migration
// (sqlite.PreMigrationFileName), whatever their age: one is taken per upgrade, so they
// never pile up, and each is the only way back to the release before it, which a
// fortnight of nightly backups taken by the new release cannot give. The operator
// deletes them once the upgrade has proved itself.
func Prune(dir string, keep int) ([]string, error) {
	if keep < 1 {
		keep = 1
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if _, err := time.Parse(fileLayout, e.Name()); err == nil && e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	if len(names) <= keep {
		return nil, nil
	}
	var removed []string
	var errs []error
	for _, n := range names[:len(names)-keep] {
		p := filepath.Join(dir, n)
		if err := os.Remove(p); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, p)
		if err := os.Remove(p + KeySuffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return removed, errors.Join(errs...)
}

// StaleTemp is how old a backup's temporary file must be before it is taken for the
// leftover of a copy that never finished (its process was killed, or stopped past the
// shutdown deadline): far longer than a copy takes (19 s for a 200 MB database), so a
// copy still being written by `outlay backup` beside the server is never deleted.
const StaleTemp = time.Hour

// RemoveStaleTemps deletes the temporary files of unfinished copies in dir (a copy is
// written to ".NAME.*.tmp" and renamed once checked) that are older than olderThan, and
// returns their paths. Such a file is never a backup, yet may be as large as one.
func RemoveStaleTemps(dir string, olderThan time.Duration) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, ".outlay-") || !strings.HasSuffix(n, ".tmp") || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil || time.Since(fi.ModTime()) < olderThan {
			continue
		}
		p := filepath.Join(dir, n)
		if err := os.Remove(p); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, p)
	}
	return removed, errors.Join(errs...)
}

// NextAt is the first time at hour:00 (in now's location) after now.
func NextAt(now time.Time, hour int) time.Time {
	y, m, d := now.Date()
	next := time.Date(y, m, d, hour, 0, 0, 0, now.Location())
	if !next.After(now) {
		next = time.Date(y, m, d+1, hour, 0, 0, 0, now.Location())
	}
	return next
}

// Scheduler takes the nightly backup inside `outlay serve`: at Hour every night, and at
// start when the last good backup is older than a day (a server that was down at night
// catches up). After each good backup it prunes the folder to Keep.
type Scheduler struct {
	Store Store
	// Dir is the backup folder, DATA/backups.
	Dir string
	// Keep is how many backups to keep, read before each prune (the setting
	// backup_keep); DefaultKeep when it returns 0 or is nil.
	Keep func() int
	// Hour is the local hour of the nightly backup (0–23).
	Hour int
	// Grace is how long a backup being taken may go on once the server stops (a minute
	// when zero); after it the copy is abandoned and recorded as failed.
	Grace time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	Log *slog.Logger

	holder string
}

// Run takes the start-up backup if one is due, then one every night, until ctx ends. A
// backup under way when ctx ends is given Grace to finish.
func (s *Scheduler) Run(ctx context.Context) {
	s.RunIfOlder(ctx, 24*time.Hour)
	for {
		wait := NextAt(s.now(), s.Hour).Sub(s.now())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		// Two servers on one folder both wake now: the second finds the first's copy.
		s.RunIfOlder(ctx, time.Hour)
	}
}

// RunIfOlder takes a nightly backup unless a good one is younger than age, holding the
// lease so that no other process takes one at the same time. It returns the run, or nil
// when none was due or another process held the lease.
func (s *Scheduler) RunIfOlder(ctx context.Context, age time.Duration) (*outlay.BackupRun, error) {
	log := s.log()
	if s.holder == "" {
		s.holder = holder()
	}
	ok, err := s.Store.TakeLease(ctx, LeaseName, s.holder, LeaseTime)
	if err != nil {
		if ctx.Err() == nil {
			log.Error("backup: take the lease", "err", err)
		}
		return nil, err
	}
	if !ok {
		log.Debug("backup skipped: another process is taking one")
		return nil, nil
	}
	defer s.Store.ReleaseLease(context.WithoutCancel(ctx), LeaseName, s.holder)
	last, err := s.Store.LastGoodBackup(ctx)
	if err != nil {
		log.Error("backup: read the last one", "err", err)
		return nil, err
	}
	if last != nil && s.now().Sub(last.StartedAt) < age {
		return nil, nil
	}
	return s.RunOnce(ctx)
}

// RunOnce takes one nightly backup now and prunes the folder after it; the copy goes
// on for Grace after ctx ends, so a stopping server does not throw away a backup nearly
// taken.
func (s *Scheduler) RunOnce(ctx context.Context) (*outlay.BackupRun, error) {
	log := s.log()
	grace := s.Grace
	if grace <= 0 {
		grace = time.Minute
	}
	run, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(grace, cancel)
		context.AfterFunc(run, func() { t.Stop() })
	})
	defer stop()

	// Leftovers of a copy cut short first, so their space is free for this one.
	if stale, err := RemoveStaleTemps(s.Dir, StaleTemp); err != nil {
		log.Error("backup: delete unfinished copies", "err", err)
	} else if len(stale) > 0 {
		log.Info("unfinished copies deleted", "count", len(stale))
	}
	dest := filepath.Join(s.Dir, FileName(s.now()))
	r, err := s.Store.Backup(run, outlay.BackupNightly, dest)
	if err != nil {
		log.Error("backup failed", "path", dest, "err", err)
		return r, err
	}
	log.Info("backup taken", "path", r.Path, "bytes", r.SizeBytes, "duration", r.Duration.Round(time.Millisecond))
	keep := DefaultKeep
	if s.Keep != nil && s.Keep() > 0 {
		keep = s.Keep()
	}
	removed, err := Prune(s.Dir, keep)
	if len(removed) > 0 {
		log.Info("old backups deleted", "count", len(removed), "keep", keep)
	}
	if err != nil {
		log.Error("backup: delete old backups", "err", err)
	}
	return r, nil
}

func (s *Scheduler) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Scheduler) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// holder names this process in the lease, as the reminder run's holder does.
func holder() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s:%d:%s", strings.ReplaceAll(host, ":", "_"), os.Getpid(), hex.EncodeToString(b[:]))
}
