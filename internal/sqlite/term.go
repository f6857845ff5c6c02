package sqlite

import (
	"context"
	"strings"
	"time"

	"outlay/internal/outlay"
)

// Ensure DB implements the term service.
var _ outlay.TermService = (*DB)(nil)

// RenewContractWith appends the term a person chose when renewing by hand.
func (d *DB) RenewContractWith(ctx context.Context, id int64, r outlay.Renewal) (*outlay.Term, error) {
	var next *outlay.Term
	err := d.inTx(ctx, func(tx *Tx) (err error) {
		next, err = renewContractWith(ctx, tx, id, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	return next, nil
}

// renewContractWith is the one renewal by hand: Contract.CheckRenewal as of the
// transaction's date (once per term, never a fixed-term or cancelled contract), then the
// chosen term appended with the contract's key dates and payments following it.
func renewContractWith(ctx context.Context, tx *Tx, id int64, r outlay.Renewal) (*outlay.Term, error) {
	c, err := findContractByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := c.CheckRenewal(civilDate(tx.now), r); err != nil {
		return nil, err
	}
	before := c.CurrentTerm()
	next := c.RenewalTerm(r)
	after, err := appendTerm(ctx, tx, c, next)
	if err != nil {
		return nil, err
	}
	return next, tx.audit(outlay.ActionRenew, "contract", id,
		map[string]any{"current_term": termAudit(before, c.Currency)},
		map[string]any{"current_term": termAudit(next, c.Currency), "renews_on": outlay.FormatDate(after.RenewsOn),
			"cancel_by": outlay.FormatDate(after.CancelBy), "key_date": outlay.FormatDate(after.KeyDate)})
}

// UpdateTerm corrects a term's dates, price and billing.
func (d *DB) UpdateTerm(ctx context.Context, contractID int64, t *outlay.Term) (*outlay.Contract, error) {
	var out *outlay.Contract
	err := d.inTx(ctx, func(tx *Tx) (err error) {
		out, err = updateTerm(ctx, tx, contractID, t)
		return err
	})
	return out, err
}

// updateTerm stores the correction of t (found by t.ID among the contract's terms) when
// it fits between its neighbours, then recomputes what follows from the terms, as a
// contract update does: the denormalised columns (renews_on, cancel_by, key date) and the
// payment schedule with its invoiced flags.
func updateTerm(ctx context.Context, tx *Tx, contractID int64, t *outlay.Term) (*outlay.Contract, error) {
	c, err := findContractForTerms(ctx, tx, contractID)
	if err != nil {
		return nil, err
	}
	i := c.TermIndex(t.ID)
	if i < 0 {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Term not found.")
	}
	if c.Archived() {
		return nil, outlay.Errorf(outlay.ECONFLICT, "This contract is archived; its terms can no longer change.")
	}
	t.Billing = strings.TrimSpace(t.Billing)
	if err := c.CheckTermCorrection(i, t); err != nil {
		return nil, err
	}
	before := *c.Terms[i]
	_, err = tx.ExecContext(ctx, `UPDATE contract_terms SET start_date = ?, end_date = ?, price = ?, billing = ? WHERE id = ?`,
		outlay.FormatDate(t.StartDate), outlay.FormatDate(t.EndDate), t.Price, t.Billing, t.ID)
	if isUniqueViolation(err) {
		return nil, &outlay.Error{Code: outlay.ECONFLICT, Message: "The contract already has a term starting on that day.",
			Fields: map[string]string{"start_date": "already taken by another term"}}
	} else if err != nil {
		return nil, err
	}
	after, err := termsChanged(ctx, tx, contractID)
	if err != nil {
		return nil, err
	}
	stored := after.Terms[after.TermIndex(t.ID)]
	*t = *stored
	if err := tx.audit(outlay.ActionCorrectTerm, "contract", contractID,
		map[string]any{"term": termAudit(&before, c.Currency), "key_date": outlay.FormatDate(c.KeyDate)},
		map[string]any{"term": termAudit(stored, c.Currency), "key_date": outlay.FormatDate(after.KeyDate)}); err != nil {
		return nil, err
	}
	// A correction can end an auto contract's latest term in the past: it rolls at once.
	return after, rollDue(ctx, tx, after)
}

// DeleteTerm removes a contract's latest term when it has not started yet.
func (d *DB) DeleteTerm(ctx context.Context, contractID, termID int64) error {
	return d.inTx(ctx, func(tx *Tx) error { return deleteTerm(ctx, tx, contractID, termID) })
}

func deleteTerm(ctx context.Context, tx *Tx, contractID, termID int64) error {
	c, err := findContractForTerms(ctx, tx, contractID)
	if err != nil {
		return err
	}
	if err := c.CheckTermRemoval(civilDate(tx.now), termID); err != nil {
		return err
	}
	removed := c.CurrentTerm()
	if _, err := tx.ExecContext(ctx, `DELETE FROM contract_terms WHERE id = ?`, termID); err != nil {
		return err
	}
	after, err := termsChanged(ctx, tx, contractID)
	if err != nil {
		return err
	}
	if err := tx.audit(outlay.ActionRemoveTerm, "contract", contractID,
		map[string]any{"term": termAudit(removed, c.Currency), "key_date": outlay.FormatDate(c.KeyDate)},
		map[string]any{"current_term": termAudit(after.CurrentTerm(), c.Currency), "key_date": outlay.FormatDate(after.KeyDate)}); err != nil {
		return err
	}
	return rollDue(ctx, tx, after)
}

// findContractForTerms reads a contract with its terms inside tx, its key dates derived
// (the audit keeps the key date before a change).
func findContractForTerms(ctx context.Context, tx *Tx, id int64) (*outlay.Contract, error) {
	c, err := findContractByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	c.Derive(civilDate(tx.now), outlay.DefaultWindowDays)
	return c, nil
}

// termsChanged brings along what follows from a contract's terms after one was corrected
// or removed, exactly as a contract update does: the denormalised columns, the payment
// schedule and its invoiced flags, the update time. It returns the contract as stored.
func termsChanged(ctx context.Context, tx *Tx, contractID int64) (*outlay.Contract, error) {
	after, err := refreshContract(ctx, tx, contractID)
	if err != nil {
		return nil, err
	}
	if err := tx.refreshPayments(ctx, contractID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contracts SET updated_at = ? WHERE id = ?`, formatTime(tx.now), contractID); err != nil {
		return nil, err
	}
	after.UpdatedAt = tx.now
	return after, nil
}

// FindContractPayments returns a contract's stored payments whose period starts from
// from to to, by due date, in one query.
func (d *DB) FindContractPayments(ctx context.Context, contractID int64, from, to time.Time) ([]outlay.ContractPayment, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT due, period_start, period_end, amount, base_amount, projected, invoiced
		FROM contract_payments WHERE contract_id = ? AND period_start >= ? AND period_start <= ? ORDER BY due, period_start`,
		contractID, outlay.FormatDate(from), outlay.FormatDate(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []outlay.ContractPayment
	for rows.Next() {
		var p outlay.ContractPayment
		var due, start, end string
		var base *int64
		if err := rows.Scan(&due, &start, &end, &p.Amount, &base, &p.Projected, &p.Invoiced); err != nil {
			return nil, err
		}
		p.Due, p.PeriodStart, p.PeriodEnd, p.BaseAmount = parseDate(due), parseDate(start), parseDate(end), base
		out = append(out, p)
	}
	return out, rows.Err()
}
