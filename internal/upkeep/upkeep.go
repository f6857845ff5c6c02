// Package upkeep does the work that time alone makes necessary: auto contracts whose
// term ended without a cancel decision renew by themselves (tacit renewal), and the
// stored contract payments move on when a fiscal year begins. The rules come from the
// domain and the renewal package; storage only offers the reads and the changes, through
// the domain's unit of work, so the upkeep runs the same on any storage. Storage calls
// CatchUp itself inside the transaction that creates or changes a contract, so the same
// rule rolls a contract at once and in the hourly run.
package upkeep

import (
	"context"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// Store is what the upkeep needs of storage.
type Store interface {
	outlay.UnitOfWork
	// FindContracts selects the candidates for a roll.
	FindContracts(ctx context.Context, f outlay.ContractFilter) ([]*outlay.Contract, int, error)
	// EnsurePaymentHorizon keeps the stored payments projected to the end of the fiscal
	// year after the current one.
	EnsurePaymentHorizon(ctx context.Context) error
}

// maxRolls bounds the terms one contract rolls into at once. A long-forgotten monthly
// contract may need many; the bound only guards against a term that would never end.
const maxRolls = 1200

// RollsBy reports whether contract c has renewed by itself by today: it renews
// automatically, is not archived, and its current term ended before today without a
// cancel decision. Its next term is then c.NextTerm().
func RollsBy(c *outlay.Contract, today time.Time) bool {
	cur := c.CurrentTerm()
	return cur != nil && c.RenewalType == renewal.RenewalAuto && !c.Archived() &&
		c.Decision() != renewal.DecisionCancel && cur.EndDate.Before(today)
}

// Roll rolls every contract that RollsBy today into the terms that follow, until its
// current term covers today: a tacit renewal happens whether or not anyone was looking.
// Each contract rolls in its own transaction, each new term audited as the system's
// doing. It returns how many terms were created.
func Roll(ctx context.Context, s Store, today time.Time) (int, error) {
	candidates, _, err := s.FindContracts(ctx, outlay.ContractFilter{RenewalType: renewal.RenewalAuto,
		TermEndBefore: &today, Today: today})
	if err != nil {
		return 0, err
	}
	created := 0
	for _, c := range candidates {
		if !RollsBy(c, today) {
			continue
		}
		n := 0
		err := s.Update(ctx, func(tx outlay.Tx) error {
			c, err := tx.FindContractByID(ctx, c.ID)
			if err != nil {
				return err
			}
			_, n, err = CatchUp(ctx, tx, c, today)
			return err
		})
		if err != nil {
			return created, err
		}
		created += n
	}
	return created, nil
}

// CatchUp rolls c, read with all its terms inside tx, into the terms that follow for as
// long as RollsBy today, each roll audited through tx.RollContract, and returns the
// contract as stored after the last roll (c itself when nothing rolled) and how many
// terms it created. Storage calls it inside the transaction that creates or changes a
// contract, so an auto contract is never seen past its term: creating one whose first
// term ended last year stores it on its current term. It rolls at most maxRolls terms.
func CatchUp(ctx context.Context, tx outlay.Tx, c *outlay.Contract, today time.Time) (*outlay.Contract, int, error) {
	n := 0
	for ; n < maxRolls && RollsBy(c, today); n++ {
		next, err := tx.RollContract(ctx, c.ID, c.NextTerm())
		if err != nil {
			return nil, n, err
		}
		c = next
	}
	return c, n, nil
}

// Run is the whole upkeep as of today: the rolls, then the payment horizon. The server
// runs it at start and every hour; each part does nothing when there is nothing to do.
// It returns how many terms the rolls created.
func Run(ctx context.Context, s Store, today time.Time) (int, error) {
	n, err := Roll(ctx, s, today)
	if err != nil {
		return n, err
	}
	return n, s.EnsurePaymentHorizon(ctx)
}
