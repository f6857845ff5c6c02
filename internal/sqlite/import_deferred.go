package sqlite

import "context"

// unitDeferred is the work a unit of work (Work.Update, Work.DryRun) leaves to its end:
// the spend summaries of the lines and vendors its spend changes touched, and the
// invoiced flags of the contracts its entries bill. An import of 40,000 entries then
// rebuilds each line's and vendor's summary once, not once per entry, which made the
// import quadratic. Nothing inside a unit reads the summaries or the flags, and they
// are right again before the unit's transaction commits (or, in a dry run, before it
// returns), so every reader sees them right.
type unitDeferred struct {
	keys     *spendKeys
	invoiced map[int64]bool
}

// deferring runs fn with the summaries and invoiced flags deferred, then brings them up
// to date when fn succeeded.
func (tx *Tx) deferring(ctx context.Context, fn func(tx *Tx) error) error {
	tx.deferred = &unitDeferred{keys: newSpendKeys(), invoiced: map[int64]bool{}}
	err := fn(tx)
	d := tx.deferred
	tx.deferred = nil
	if err != nil {
		return err
	}
	for _, id := range sortedIDs(d.invoiced) {
		if err := spendMarkInvoiced(ctx, tx, &id); err != nil {
			return err
		}
	}
	return d.keys.rebuild(ctx, tx)
}
