package sqlite

import (
	"context"
	"time"

	"outlay/internal/outlay"
)

// Tx's exported methods are the DB's changes made inside the caller's transaction: each
// calls the helper the DB's method of the same name calls.
var _ outlay.Tx = (*Tx)(nil)

// GetSettings reads the settings as this transaction sees them.
func (tx *Tx) GetSettings(ctx context.Context) (outlay.Settings, error) { return tx.getSettings(ctx) }

// UpdateSettings saves the settings. Unlike DB.UpdateSettings, which recomputes the
// contracts' payments in batches after its commit, it recomputes them in the same
// transaction, so that the caller's unit of work stays all or nothing.
func (tx *Tx) UpdateSettings(ctx context.Context, s outlay.Settings) error {
	refresh, err := updateSettings(ctx, tx, s)
	if err != nil || !refresh {
		return err
	}
	return refreshAllPaymentsInTx(ctx, tx)
}

// CreateRate adds an exchange rate.
func (tx *Tx) CreateRate(ctx context.Context, r *outlay.Rate) error { return createRate(ctx, tx, r) }

// RateOn returns the rate of a currency effective on a date.
func (tx *Tx) RateOn(ctx context.Context, currency string, on time.Time) (*outlay.Rate, error) {
	return rateOn(ctx, tx, currency, on)
}

// CreateUser stores a new user; u.PasswordHash must already hold a hash.
func (tx *Tx) CreateUser(ctx context.Context, u *outlay.User) error { return createUser(ctx, tx, u) }

// FindVendorByID returns one vendor, archived or not, or ENOTFOUND.
func (tx *Tx) FindVendorByID(ctx context.Context, id int64) (*outlay.Vendor, error) {
	return findVendorByID(ctx, tx, id)
}

// FindVendorByName returns the vendor of a name in any letter case, or ENOTFOUND.
func (tx *Tx) FindVendorByName(ctx context.Context, name string) (*outlay.Vendor, error) {
	return findVendorByName(ctx, tx, name)
}

// CreateVendor stores a new vendor.
func (tx *Tx) CreateVendor(ctx context.Context, v *outlay.Vendor) error {
	return createVendor(ctx, tx, v)
}

// UpdateVendor changes a vendor's fields.
func (tx *Tx) UpdateVendor(ctx context.Context, v *outlay.Vendor) error {
	return updateVendor(ctx, tx, v)
}

// ArchiveVendor hides a vendor from lists and pickers.
func (tx *Tx) ArchiveVendor(ctx context.Context, id int64) error { return archiveVendor(ctx, tx, id) }

// CreateBudgetLine validates and stores a new budget line.
func (tx *Tx) CreateBudgetLine(ctx context.Context, b *outlay.BudgetLine) error {
	return createBudgetLine(ctx, tx, b, nil)
}

// UpdateBudgetLine validates and saves every field of a budget line.
func (tx *Tx) UpdateBudgetLine(ctx context.Context, b *outlay.BudgetLine) error {
	return updateBudgetLine(ctx, tx, b)
}

// DeleteBudgetLine removes a budget line with no spend charged to it.
func (tx *Tx) DeleteBudgetLine(ctx context.Context, id int64) error {
	return deleteBudgetLine(ctx, tx, id)
}

// CopyBudgetYear creates toFY's lines from fromFY's and returns how many.
func (tx *Tx) CopyBudgetYear(ctx context.Context, fromFY, toFY int) (int, error) {
	return copyBudgetLines(ctx, tx, fromFY, toFY)
}

// FindContractByID returns a contract with all its terms, derived as of the
// transaction's date.
func (tx *Tx) FindContractByID(ctx context.Context, id int64) (*outlay.Contract, error) {
	c, err := findContractByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	st, err := tx.getSettings(ctx)
	if err != nil {
		return nil, err
	}
	c.Derive(civilDate(tx.now), st.WindowDays())
	return c, nil
}

// CreateContract stores a contract with its terms.
func (tx *Tx) CreateContract(ctx context.Context, c *outlay.Contract) error {
	return createContract(ctx, tx, c)
}

// UpdateContract changes a contract's own fields.
func (tx *Tx) UpdateContract(ctx context.Context, c *outlay.Contract) error {
	return updateContract(ctx, tx, c)
}

// ArchiveContract hides a contract from lists and pickers.
func (tx *Tx) ArchiveContract(ctx context.Context, id int64) error {
	return archiveContract(ctx, tx, id)
}

// RenewContract appends the contract's next term and returns it.
func (tx *Tx) RenewContract(ctx context.Context, id int64) (*outlay.Term, error) {
	return renewContract(ctx, tx, id)
}

// RollContract appends next, the term an auto contract renewed into by itself.
func (tx *Tx) RollContract(ctx context.Context, id int64, next *outlay.Term) (*outlay.Contract, error) {
	return rollContract(ctx, tx, id, next)
}

// DecideTerm records a renewal decision on the contract's current term.
func (tx *Tx) DecideTerm(ctx context.Context, contractID int64, d outlay.Decision) error {
	return decideTerm(ctx, tx, contractID, d)
}

// CreateLicence stores a new licence and, when given, its key encrypted.
func (tx *Tx) CreateLicence(ctx context.Context, l *outlay.Licence, key *string) error {
	return createLicence(ctx, tx, l, key)
}

// UpdateLicence saves a licence's fields and applies the key change.
func (tx *Tx) UpdateLicence(ctx context.Context, l *outlay.Licence, key *string) error {
	return updateLicence(ctx, tx, l, key)
}

// ArchiveLicence hides a licence from lists and shelfware totals.
func (tx *Tx) ArchiveLicence(ctx context.Context, id int64) error { return archiveLicence(ctx, tx, id) }

// CreateSpend checks, converts and stores a new spend entry.
func (tx *Tx) CreateSpend(ctx context.Context, e *outlay.SpendEntry) error {
	return createSpend(ctx, tx, e)
}

// UpdateSpend saves a spend entry's changes.
func (tx *Tx) UpdateSpend(ctx context.Context, e *outlay.SpendEntry) error {
	return updateSpend(ctx, tx, e)
}

// DeleteSpend removes a spend entry.
func (tx *Tx) DeleteSpend(ctx context.Context, id int64) error { return deleteSpend(ctx, tx, id) }

// DeleteRate removes an exchange rate.
func (tx *Tx) DeleteRate(ctx context.Context, id int64) error { return deleteRate(ctx, tx, id) }

// UpdateUser changes a user's name, role and active flag.
func (tx *Tx) UpdateUser(ctx context.Context, u *outlay.User) error { return updateUser(ctx, tx, u) }

// SetPasswordHash replaces a user's password hash.
func (tx *Tx) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	return setPasswordHash(ctx, tx, id, hash)
}

// Work is the DB as the domain's unit of work and viewer: Update, DryRun, LoadEmpty and
// View with the domain's Tx and ReadTx, for packages that must not import this one.
type Work struct{ db *DB }

var (
	_ outlay.UnitOfWork = Work{}
	_ outlay.Viewer     = Work{}
	_ outlay.ReadTx     = (*ReadTx)(nil)
)

// Work returns the DB's unit of work.
func (d *DB) Work() Work { return Work{db: d} }

// Update runs fn in one write transaction, all or nothing (DB.Update).
func (w Work) Update(ctx context.Context, fn func(tx outlay.Tx) error) error {
	return w.db.Update(ctx, func(tx *Tx) error { return tx.deferring(ctx, func(tx *Tx) error { return fn(tx) }) })
}

// DryRun runs fn and always rolls back (DB.DryRun).
func (w Work) DryRun(ctx context.Context, fn func(tx outlay.Tx) error) error {
	return w.db.DryRun(ctx, func(tx *Tx) error { return tx.deferring(ctx, func(tx *Tx) error { return fn(tx) }) })
}

// View runs fn in one read transaction, one snapshot (DB.View).
func (w Work) View(ctx context.Context, fn func(tx outlay.ReadTx) error) error {
	return w.db.View(ctx, func(tx *ReadTx) error { return fn(tx) })
}

// LoadEmpty loads a dataset into an empty database in one transaction (DB.LoadEmpty).
func (w Work) LoadEmpty(ctx context.Context, fn func(tx outlay.Tx) error, progress func(stage string, done, total int)) error {
	return w.db.LoadEmpty(ctx, func(tx *Tx) error { return fn(tx) }, progress)
}

// EnsurePaymentHorizon keeps the stored payments projected far enough (DB.EnsurePaymentHorizon).
func (w Work) EnsurePaymentHorizon(ctx context.Context) error { return w.db.EnsurePaymentHorizon(ctx) }

// FindContracts returns the contracts that match the filter (DB.FindContracts).
func (w Work) FindContracts(ctx context.Context, f outlay.ContractFilter) ([]*outlay.Contract, int, error) {
	return w.db.FindContracts(ctx, f)
}
