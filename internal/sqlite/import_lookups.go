package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"outlay/internal/outlay"
)

// FindBudgetLineByCode returns the line of a fiscal year with a code (in any letter
// case), or ENOTFOUND: how an import finds the line a row names.
func (tx *Tx) FindBudgetLineByCode(ctx context.Context, fy int, code string) (*outlay.BudgetLine, error) {
	b, err := scanBudgetLine(tx.QueryRowContext(ctx, `SELECT `+budgetLineColumns+` FROM budget_lines b WHERE b.fy = ? AND b.code = ?`,
		fy, strings.ToUpper(strings.TrimSpace(code))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Budget line not found.")
	}
	return b, err
}

// FindContractByReference returns the vendor's contract whose reference, or else whose
// title, is ref in any letter case, or ENOTFOUND. A contract still running is preferred
// to an archived one, and of several the first made.
func (tx *Tx) FindContractByReference(ctx context.Context, vendorID int64, ref string) (*outlay.Contract, error) {
	ref = strings.TrimSpace(ref)
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM contracts WHERE vendor_id = ? AND (reference = ? COLLATE NOCASE OR title = ? COLLATE NOCASE)
		ORDER BY reference = ? COLLATE NOCASE DESC, archived_at IS NOT NULL, id LIMIT 1`, vendorID, ref, ref, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || ref == "" {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Contract not found.")
	} else if err != nil {
		return nil, err
	}
	return tx.FindContractByID(ctx, id)
}

// FindLicenceByProduct returns the vendor's licence, not archived, of a product in any
// letter case under a contract (nil: under none), or ENOTFOUND: how an import finds a
// licence it would make twice. Of several, the first made.
func (tx *Tx) FindLicenceByProduct(ctx context.Context, vendorID int64, product string, contractID *int64) (*outlay.Licence, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM licences WHERE vendor_id = ? AND product = ? COLLATE NOCASE
		AND contract_id IS ? AND archived_at IS NULL ORDER BY id LIMIT 1`, vendorID, strings.TrimSpace(product), contractID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Licence not found.")
	} else if err != nil {
		return nil, err
	}
	return findLicence(ctx, tx, id)
}
