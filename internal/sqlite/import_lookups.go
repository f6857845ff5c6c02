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
