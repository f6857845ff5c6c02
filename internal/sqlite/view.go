package sqlite

import (
	"context"
	"database/sql"
	"time"

	"outlay/internal/outlay"
)

// ReadTx is one read transaction on one connection of the read pool: every read through
// it sees the same snapshot of the database (the one of its first read), whatever is
// committed meanwhile, and none of them waits for a second pooled connection. It is for
// reads that must agree with each other, such as the sheets of one workbook.
type ReadTx struct {
	tx *sql.Tx
	db *DB
}

// View runs fn in a read transaction and ends it when fn returns; fn's error is
// returned.
func (d *DB) View(ctx context.Context, fn func(tx *ReadTx) error) error {
	tx, err := d.read.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(&ReadTx{tx: tx, db: d})
}

// GetSettings reads the settings.
func (r *ReadTx) GetSettings(ctx context.Context) (outlay.Settings, error) {
	return getSettings(ctx, r.tx)
}

// FindVendorByID returns one vendor, archived or not, or ENOTFOUND.
func (r *ReadTx) FindVendorByID(ctx context.Context, id int64) (*outlay.Vendor, error) {
	return findVendorByID(ctx, r.tx, id)
}

// FindVendors returns one page of vendors and the number that match.
func (r *ReadTx) FindVendors(ctx context.Context, f outlay.VendorFilter) ([]*outlay.Vendor, int, error) {
	return findVendors(ctx, r.tx, f, true)
}

// FindContractByID returns a contract with all its terms and its derived fields.
func (r *ReadTx) FindContractByID(ctx context.Context, id int64) (*outlay.Contract, error) {
	c, err := findContractByID(ctx, r.tx, id)
	if err != nil {
		return nil, err
	}
	c.Derive(r.db.today(), r.db.windowDays(ctx, r.tx))
	return c, nil
}

// FindContracts returns one page of contracts and the total that match.
func (r *ReadTx) FindContracts(ctx context.Context, f outlay.ContractFilter) ([]*outlay.Contract, int, error) {
	return r.db.findContracts(ctx, r.tx, f)
}

// FindBudgetLines returns one page of budget lines and the total that match.
func (r *ReadTx) FindBudgetLines(ctx context.Context, f outlay.BudgetLineFilter) ([]*outlay.BudgetLine, int, error) {
	return findBudgetLines(ctx, r.tx, f)
}

// BudgetFigures computes the figures of a fiscal year's lines.
func (r *ReadTx) BudgetFigures(ctx context.Context, q outlay.FiguresQuery) ([]outlay.LineFigures, error) {
	return r.db.budgetFigures(ctx, r.tx, q)
}

// EachSpend calls fn for every entry that matches the filter, with its allocations.
func (r *ReadTx) EachSpend(ctx context.Context, f outlay.SpendFilter, fn func(*outlay.SpendEntry) error) error {
	return eachSpend(ctx, r.tx, f, fn)
}

// FindLicences returns one page of licences and the total that match.
func (r *ReadTx) FindLicences(ctx context.Context, f outlay.LicenceFilter) ([]*outlay.Licence, int, error) {
	return findLicences(ctx, r.tx, f)
}

// FindRates lists exchange rates, newest effective date first within each currency.
func (r *ReadTx) FindRates(ctx context.Context, f outlay.RateFilter) ([]*outlay.Rate, int, error) {
	return findRates(ctx, r.tx, f)
}

// RateOn returns the rate of a currency effective on a day, or ENOTFOUND.
func (r *ReadTx) RateOn(ctx context.Context, currency string, on time.Time) (*outlay.Rate, error) {
	return rateOn(ctx, r.tx, currency, on)
}

// EachPackCharge streams the allocations q's period counts under q's basis, each with
// the amount counted (pack_spend.go).
func (r *ReadTx) EachPackCharge(ctx context.Context, q outlay.ChargeQuery, fn func(*outlay.PackCharge) error) error {
	return eachPackCharge(ctx, r.tx, q, fn)
}

// VendorCharges adds up per vendor what EachPackCharge streams for q.
func (r *ReadTx) VendorCharges(ctx context.Context, q outlay.ChargeQuery) ([]outlay.VendorSpend, error) {
	return vendorCharges(ctx, r.tx, q)
}

// PackCommitments returns the uninvoiced scheduled payments due from from to to.
func (r *ReadTx) PackCommitments(ctx context.Context, from, to time.Time) ([]outlay.PackCommitment, error) {
	return packCommitments(ctx, r.tx, from, to)
}
