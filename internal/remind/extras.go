package remind

import (
	"context"
	"fmt"

	"outlay/internal/outlay"
)

// Digests is the Extra that writes the week's digests (PlanDigests) after the reminders,
// through the run's own unit of work, so that a dry run rolls them back with the rest.
func Digests(s DigestStore) Extra {
	return func(ctx context.Context, h Hook) (int, error) {
		return PlanDigests(ctx, digestsThrough{s, h.Work}, h.AsOf, h.Site, h.From)
	}
}

// Packs is the Extra that emails the quarter's finance pack (PlanPack) after the
// reminders, through the run's own unit of work. A dry run leaves it out: building the
// workbook takes seconds on a large database, and a dry run would hold the writer all
// that time for an email it then rolls back.
func Packs(s PackStore) Extra {
	return func(ctx context.Context, h Hook) (int, error) {
		if h.DryRun {
			return 0, nil
		}
		return PlanPack(ctx, packsThrough{s, h.Work}, h.AsOf, h.Site, h.From)
	}
}

// digestsThrough reads from the store and writes through the run's unit of work.
type digestsThrough struct {
	DigestStore
	work outlay.UnitOfWork
}

func (d digestsThrough) Update(ctx context.Context, fn func(tx outlay.Tx) error) error {
	return d.work.Update(ctx, fn)
}

func (d digestsThrough) DryRun(ctx context.Context, fn func(tx outlay.Tx) error) error {
	return d.work.DryRun(ctx, fn)
}

// packsThrough reads from the store and writes through the run's unit of work.
type packsThrough struct {
	PackStore
	work outlay.UnitOfWork
}

func (p packsThrough) Update(ctx context.Context, fn func(tx outlay.Tx) error) error {
	return p.work.Update(ctx, fn)
}

func (p packsThrough) DryRun(ctx context.Context, fn func(tx outlay.Tx) error) error {
	return p.work.DryRun(ctx, fn)
}

// enqueueAll writes emails to the outbox in one unit of work and returns how many were
// new: an email whose key is there already (an earlier run's) is not written again.
func enqueueAll(ctx context.Context, w outlay.UnitOfWork, emails []*outlay.Email) (int, error) {
	wrote := 0
	err := w.Update(ctx, func(tx outlay.Tx) error {
		wrote = 0 // a retried transaction counts afresh
		for _, e := range emails {
			ok, err := tx.EnqueueEmail(ctx, e)
			if err != nil {
				return fmt.Errorf("%s to %s: %w", e.Kind, e.To, err)
			}
			if ok {
				wrote++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return wrote, nil
}
