package remind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
	"outlay/internal/upkeep"
)

// Run is one reminder run as of opts.AsOf:
//
//  1. roll the auto contracts that renewed by themselves (upkeep.Run);
//  2. read the planner's input and plan (renewal.PlanReminders);
//  3. record every step, with the email of each step sent and each passed notice, in
//     batches of opts.BatchSize steps, each batch one transaction complete in itself;
//  4. run the extra planners, then deliver (opts.Deliver) or wake the worker (opts.Wake).
//
// A real run holds the lease LeaseName (ErrLeaseTaken when another run has it) and is
// recorded in reminder_runs, with its counts or its error. A dry run does all of it in
// one transaction that is rolled back, takes no lease and records nothing.
func Run(ctx context.Context, s Store, opts Options) (Summary, error) {
	if opts.AsOf.IsZero() {
		opts.AsOf = outlay.Today()
	}
	opts.AsOf = civil(opts.AsOf)
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.DryRun {
		return dryRun(ctx, s, opts)
	}
	if opts.Holder == "" {
		opts.Holder = Holder()
	}
	ok, err := s.TakeLease(ctx, LeaseName, opts.Holder, LeaseTime)
	if err != nil {
		return Summary{AsOf: opts.AsOf}, fmt.Errorf("reminder lease: %w", err)
	}
	if !ok {
		return Summary{AsOf: opts.AsOf}, ErrLeaseTaken
	}
	// The lease goes back even when ctx has ended (a shutdown mid-run), so the next run
	// need not wait for it to lapse.
	defer s.ReleaseLease(context.WithoutCancel(ctx), LeaseName, opts.Holder)

	rec := &outlay.ReminderRun{AsOf: opts.AsOf, Holder: opts.Holder}
	if err := s.StartReminderRun(ctx, rec); err != nil {
		return Summary{AsOf: opts.AsOf}, fmt.Errorf("record reminder run: %w", err)
	}
	sum, err := realRun(ctx, s, opts)
	rec.Planned, rec.Sent, rec.Skipped, rec.Rolled, rec.Failed = sum.Planned, sum.Sent, sum.Skipped, sum.Rolled, sum.Failed
	if err != nil {
		rec.Error = err.Error()
	}
	if ferr := s.FinishReminderRun(context.WithoutCancel(ctx), rec); ferr != nil && err == nil {
		err = fmt.Errorf("record reminder run: %w", ferr)
	}
	return sum, err
}

func realRun(ctx context.Context, s Store, opts Options) (Summary, error) {
	sum := Summary{AsOf: opts.AsOf}
	var err error
	if sum.Rolled, err = upkeep.Run(ctx, s, opts.AsOf); err != nil {
		return sum, fmt.Errorf("roll: %w", err)
	}
	in, err := s.ReminderInput(ctx, opts.AsOf)
	if err != nil {
		return sum, fmt.Errorf("read key dates: %w", err)
	}
	plan := renewal.PlanReminders(opts.AsOf, in.Settings.ReminderOffsets, in.Items, in.Done)
	sum.NoRecipient = len(plan.NoRecipient)
	todo := planSteps(plan)
	w := newWriter(opts, in.Settings)
	for len(todo) > 0 {
		batch := todo[:min(len(todo), opts.BatchSize)]
		todo = todo[len(batch):]
		var got Summary
		err := s.UpdateReminders(ctx, func(tx outlay.ReminderTx) error {
			got = Summary{}
			return w.write(ctx, tx, batch, &got)
		})
		if err != nil {
			return sum, fmt.Errorf("record reminders: %w", err)
		}
		sum.add(got)
	}
	opts.Log.Debug("reminders planned", "as_of", outlay.FormatDate(opts.AsOf), "emails", sum.Planned,
		"skipped", sum.Skipped, "rolled", sum.Rolled)
	for _, extra := range opts.Extra {
		n, err := extra(ctx, Hook{AsOf: opts.AsOf, Work: s, Site: w.site, From: opts.From})
		sum.Planned += n
		sum.Extra += n
		if err != nil {
			return sum, err
		}
	}
	switch {
	case opts.Deliver != nil:
		d, err := opts.Deliver(ctx)
		sum.Sent, sum.Retried, sum.Failed = d.Sent, d.Retried, d.Failed
		if err != nil {
			return sum, fmt.Errorf("deliver: %w", err)
		}
	case opts.Wake != nil && sum.Planned > 0:
		opts.Wake()
	}
	return sum, nil
}

// dryRun does everything a real run would inside one transaction and rolls it back: the
// rolls, the plan over the rolled terms, the steps and emails, the extras.
func dryRun(ctx context.Context, s Store, opts Options) (Summary, error) {
	sum := Summary{AsOf: opts.AsOf}
	err := s.DryRunReminders(ctx, func(tx outlay.ReminderTx) error {
		inside := txWork{tx: tx, find: s}
		var err error
		if sum.Rolled, err = upkeep.Roll(ctx, inside, opts.AsOf); err != nil {
			return fmt.Errorf("roll: %w", err)
		}
		in, err := tx.ReminderInput(ctx, opts.AsOf)
		if err != nil {
			return fmt.Errorf("read key dates: %w", err)
		}
		plan := renewal.PlanReminders(opts.AsOf, in.Settings.ReminderOffsets, in.Items, in.Done)
		sum.NoRecipient = len(plan.NoRecipient)
		w := newWriter(opts, in.Settings)
		if err := w.write(ctx, tx, planSteps(plan), &sum); err != nil {
			return fmt.Errorf("record reminders: %w", err)
		}
		for _, extra := range opts.Extra {
			n, err := extra(ctx, Hook{AsOf: opts.AsOf, Work: inside, DryRun: true, Site: w.site, From: opts.From})
			sum.Planned += n
			sum.Extra += n
			if err != nil {
				return err
			}
		}
		return nil
	})
	return sum, err
}

// txWork is a dry run's transaction seen as a unit of work: every Update of the rolls
// and the extras runs inside it, so the rollback takes them all back. Candidates for a
// roll are read from the pool, which shows the same committed data the dry run started
// from.
type txWork struct {
	tx   outlay.ReminderTx
	find interface {
		FindContracts(ctx context.Context, f outlay.ContractFilter) ([]*outlay.Contract, int, error)
	}
}

func (w txWork) Update(ctx context.Context, fn func(tx outlay.Tx) error) error { return fn(w.tx) }
func (w txWork) DryRun(ctx context.Context, fn func(tx outlay.Tx) error) error { return fn(w.tx) }
func (w txWork) FindContracts(ctx context.Context, f outlay.ContractFilter) ([]*outlay.Contract, int, error) {
	return w.find.FindContracts(ctx, f)
}

func (s *Summary) add(o Summary) {
	s.Planned += o.Planned
	s.Skipped += o.Skipped
	s.Passed += o.Passed
	s.Emails = append(s.Emails, o.Emails...)
}

// IsLeaseTaken reports whether err says another run held the lease.
func IsLeaseTaken(err error) bool { return errors.Is(err, ErrLeaseTaken) }

func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// EnsurePaymentHorizon does nothing in a dry run: moving the stored payments on is not
// part of what a dry run shows, and the real one needs the writer the dry run holds.
func (w txWork) EnsurePaymentHorizon(ctx context.Context) error { return nil }
