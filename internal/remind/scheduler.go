package remind

import (
	"context"
	"log/slog"
	"time"

	"outlay/internal/outlay"
)

// Scheduler runs the reminder run inside the server: once at start and then every
// Every. It replaces the server's plain upkeep, which the run includes (the roll and the
// payment horizon). Runs never overlap: within the process Run is called from one
// goroutine, and across processes the lease decides; a run that finds the lease taken
// does nothing and says so at debug level.
type Scheduler struct {
	Store Store
	// Options returns each run's options (AsOf, DryRun and Deliver are the scheduler's); it
	// may be nil.
	Options func() Options
	// Every is the time between runs; an hour when zero.
	Every time.Duration
	// Wake tells the mail worker that emails were planned; it may be nil.
	Wake func()
	// Today is the day a run plans for; outlay.Today when nil.
	Today func() time.Time
	Log   *slog.Logger
}

// Run runs at once and then every Every until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	every := s.Every
	if every <= 0 {
		every = time.Hour
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.RunOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce is one scheduled run as of today; what it did is logged.
func (s *Scheduler) RunOnce(ctx context.Context) (Summary, error) {
	log := s.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var opts Options
	if s.Options != nil {
		opts = s.Options()
	}
	opts.AsOf, opts.DryRun, opts.Deliver = outlay.Today(), false, nil
	if s.Today != nil {
		opts.AsOf = s.Today()
	}
	if opts.Wake == nil {
		opts.Wake = s.Wake
	}
	if opts.Log == nil {
		opts.Log = log
	}
	sum, err := Run(ctx, s.Store, opts)
	switch {
	case IsLeaseTaken(err):
		log.Debug("reminder run skipped: another run holds the lease")
	case err != nil && ctx.Err() == nil:
		log.Error("reminder run", "err", err)
	case err == nil && (sum.Planned > 0 || sum.Skipped > 0 || sum.Rolled > 0):
		log.Info("reminder run", "as_of", sum.AsOf.Format(time.DateOnly), "emails", sum.Planned,
			"passed", sum.Passed, "skipped", sum.Skipped, "rolled", sum.Rolled, "no_recipient", sum.NoRecipient)
	}
	return sum, err
}
