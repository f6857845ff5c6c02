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

// FindSameLicence returns the vendor's licence, not archived, that l would repeat (the
// same product in any letter case, contract or none, kind, unit price and currency,
// start and expiry dates; the seat counts may differ), or ENOTFOUND: how an import
// finds a licence it would make twice. Of several, the first made.
func (tx *Tx) FindSameLicence(ctx context.Context, l *outlay.Licence) (*outlay.Licence, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM licences WHERE vendor_id = ? AND product = ? COLLATE NOCASE
		AND contract_id IS ? AND kind = ? AND unit_price = ? AND currency = ? AND start_date = ? AND expiry_date = ?
		AND archived_at IS NULL ORDER BY id LIMIT 1`, l.VendorID, strings.TrimSpace(l.Product), l.ContractID, l.Kind,
		l.UnitPrice, l.Currency, outlay.FormatDate(l.StartDate), outlay.FormatDate(l.ExpiryDate)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Licence not found.")
	} else if err != nil {
		return nil, err
	}
	return findLicence(ctx, tx, id)
}
