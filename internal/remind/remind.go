// Package remind is the reminder run (DOMAIN.md "Reminders"): it rolls the auto
// contracts that renewed by themselves, reads every key date that may need a reminder,
// plans the steps with renewal.PlanReminders, and records each step with its email in the
// outbox in the same transaction, so an email exists exactly when its step does. The
// Scheduler runs it inside `outlay serve` at start and every hour; `outlay remind` runs
// it once. A lease keeps runs from overlapping, also across servers on one database, and
// the steps' primary key keeps every (item, key date, offset, recipient) to one email
// whatever overlaps anyway.
package remind

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"outlay/internal/letters"
	"outlay/internal/outlay"
	"outlay/internal/upkeep"
)

// Store is what a run needs of storage: the upkeep's roll, the run's transactions and
// its fast read, the lease and the record of runs. sqlite.Work is one.
type Store interface {
	upkeep.Store
	outlay.ReminderWork
	outlay.LeaseService
	outlay.ReminderRunRecorder
}

// LeaseName is the lease a run holds while it runs.
const LeaseName = "reminders"

// LeaseTime is how long a run holds the lease unless it gives it back: far longer than a
// run takes, short enough that a server that died mid-run delays the next by little.
const LeaseTime = 30 * time.Minute

// DefaultBatchSize is how many steps one transaction records (with their emails) when
// Options.BatchSize is zero: a first run over a large book writes thousands, and the
// writer is never held for long by one of them.
const DefaultBatchSize = 500

// ErrLeaseTaken is Run's error when another run holds the lease: it did nothing.
var ErrLeaseTaken = errors.New("another reminder run is in progress")

// Hook is what an extra planner (Options.Extra) gets: the day, the unit of work to write
// through (inside a dry run, the dry run's own transaction) and what letters need.
type Hook struct {
	AsOf   time.Time
	Work   outlay.UnitOfWork
	DryRun bool
	Site   letters.Site
	From   string
}

// Extra plans more email after the reminders, such as the weekly digests and the
// quarterly pack, and returns how many emails it wrote. It is the place where the
// digest's PlanDigests and PlanPack are wired in.
type Extra func(ctx context.Context, h Hook) (int, error)

// Options are one run's choices.
type Options struct {
	// AsOf is the civil day planned for; zero means today.
	AsOf time.Time
	// DryRun does everything in one transaction and rolls it back: no lease, no record of
	// the run, nothing delivered.
	DryRun bool
	// Site is what the letters need: the organisation's name (read from the settings when
	// empty) and the base URL of links.
	Site letters.Site
	// From is the sender address, whose domain the emails' Message-IDs carry.
	From string
	// Holder names this process in the lease and the record of runs; Holder() when empty.
	Holder string
	// BatchSize is the number of steps per transaction; DefaultBatchSize when zero.
	BatchSize int
	// Extra are run after the reminders, in order.
	Extra []Extra
	// Deliver, when set, delivers what is due once planning is done (the command line);
	// its counts go into the summary and the run's record.
	Deliver func(ctx context.Context) (Delivered, error)
	// Wake, when set, tells the mail worker that emails were planned (the server).
	Wake func()
	// Log receives the run's debug lines; nil discards them.
	Log *slog.Logger
}

// Planned is one email a run wrote, for the command line's listing.
type Planned struct {
	Kind      string // renewal.ReminderContract or renewal.ReminderLicence
	ID        int64
	KeyDate   time.Time
	What      string // renewal.WhatCancelBy, WhatTermEnd or WhatLicenceExpiry
	Offset    int    // renewal.OffsetPassed for a "deadline passed" notice
	Title     string
	Recipient string
}

// Summary is what a run did.
type Summary struct {
	AsOf        time.Time
	Planned     int // emails written to the outbox (reminders, passed notices, extras)
	Skipped     int // steps recorded as skipped by the catch-up rule
	Passed      int // "deadline passed" notices among Planned
	Extra       int // emails of the extras (weekly digests, the finance pack) among Planned
	Rolled      int // terms created by tacit renewals
	NoRecipient int // key dates that need a person and have nobody to tell
	Sent        int // delivered during the run (Options.Deliver)
	Retried     int // failed for now during the run, to be tried again (Options.Deliver)
	Failed      int // failed for good during the run (Options.Deliver)
	// Emails lists the reminders and notices written, in the plan's order.
	Emails []Planned
}

// Delivered counts what Options.Deliver did.
type Delivered struct{ Sent, Retried, Failed int }

// Holder names this process: host, pid and a random part, so that two processes on one
// host, or one restarted with the same pid, never share a lease.
func Holder() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}
