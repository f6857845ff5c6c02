package outlay

import (
	"context"
	"time"
)

// Tx is one write transaction seen from the domain: the changes of the services, each
// checked and audited as its service's method does it, and the reads a writer needs to
// decide what to change. Changes made through one Tx are committed together or not at
// all. Packages that must not know the storage (an importer, the upkeep, a reminder
// planner) take a UnitOfWork and work through the Tx it hands them.
type Tx interface {
	// Audit writes an audit entry of the caller's own, such as one describing an import.
	Audit(action, entity string, id int64, before, after any) error

	GetSettings(ctx context.Context) (Settings, error)
	// UpdateSettings saves the settings; when the fiscal calendar or the base currency
	// changes, every contract's payments are recomputed in the same transaction.
	UpdateSettings(ctx context.Context, s Settings) error
	CreateRate(ctx context.Context, r *Rate) error
	RateOn(ctx context.Context, currency string, on time.Time) (*Rate, error)

	CreateUser(ctx context.Context, u *User) error

	FindVendorByID(ctx context.Context, id int64) (*Vendor, error)
	// FindVendorByName finds a vendor by name in any letter case, archived or not.
	FindVendorByName(ctx context.Context, name string) (*Vendor, error)
	CreateVendor(ctx context.Context, v *Vendor) error
	UpdateVendor(ctx context.Context, v *Vendor) error
	ArchiveVendor(ctx context.Context, id int64) error

	// FindBudgetLineByCode finds a fiscal year's line by its code in any letter case.
	FindBudgetLineByCode(ctx context.Context, fy int, code string) (*BudgetLine, error)
	CreateBudgetLine(ctx context.Context, b *BudgetLine) error
	UpdateBudgetLine(ctx context.Context, b *BudgetLine) error

	FindContractByID(ctx context.Context, id int64) (*Contract, error)
	// FindContractByReference finds a vendor's contract by its reference, or else its
	// title, in any letter case.
	FindContractByReference(ctx context.Context, vendorID int64, ref string) (*Contract, error)
	CreateContract(ctx context.Context, c *Contract) error
	UpdateContract(ctx context.Context, c *Contract) error
	ArchiveContract(ctx context.Context, id int64) error
	RenewContract(ctx context.Context, id int64) (*Term, error)
	// RollContract appends next, the term an auto contract renewed into by itself, and
	// returns the contract as stored. Which contracts roll into what is the caller's
	// decision, made with the renewal rules.
	RollContract(ctx context.Context, id int64, next *Term) (*Contract, error)
	DecideTerm(ctx context.Context, contractID int64, d Decision) error

	// FindSameLicence finds the vendor's licence, not archived, that l would repeat: the
	// same product in any letter case, contract (or none), kind, unit price and
	// currency, start and expiry dates.
	FindSameLicence(ctx context.Context, l *Licence) (*Licence, error)
	CreateLicence(ctx context.Context, l *Licence, key *string) error
	UpdateLicence(ctx context.Context, l *Licence, key *string) error
	ArchiveLicence(ctx context.Context, id int64) error

	CreateSpend(ctx context.Context, e *SpendEntry) error
	UpdateSpend(ctx context.Context, e *SpendEntry) error
	DeleteSpend(ctx context.Context, id int64) error

	// EnqueueEmail writes an email to the outbox in this transaction, unless one of its
	// Key is there already, and reports whether it wrote it. The worker sends it after
	// the commit; a rollback takes it back with everything else.
	EnqueueEmail(ctx context.Context, e *Email) (bool, error)
}

// UnitOfWork runs several changes as one.
type UnitOfWork interface {
	// Update runs fn in one transaction, committed when fn returns nil and rolled back
	// entirely when it returns an error.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// DryRun runs fn with every check and write of a real run, then rolls everything
	// back; it returns fn's error. An import's preview is a dry run of the import.
	DryRun(ctx context.Context, fn func(tx Tx) error) error
}

// ReadTx is one consistent snapshot of the data, for reads that must agree with each
// other, such as the sheets of one workbook: whatever is committed while it is open, it
// shows the data as it was at its first read.
type ReadTx interface {
	GetSettings(ctx context.Context) (Settings, error)
	FindVendors(ctx context.Context, f VendorFilter) ([]*Vendor, int, error)
	FindContractByID(ctx context.Context, id int64) (*Contract, error)
	FindContracts(ctx context.Context, f ContractFilter) ([]*Contract, int, error)
	FindBudgetLines(ctx context.Context, f BudgetLineFilter) ([]*BudgetLine, int, error)
	BudgetFigures(ctx context.Context, q FiguresQuery) ([]LineFigures, error)
	EachSpend(ctx context.Context, f SpendFilter, fn func(*SpendEntry) error) error
	FindLicences(ctx context.Context, f LicenceFilter) ([]*Licence, int, error)
	FindRates(ctx context.Context, f RateFilter) ([]*Rate, int, error)
	// RateOn returns the rate of currency effective on a day, or ENOTFOUND.
	RateOn(ctx context.Context, currency string, on time.Time) (*Rate, error)

	// EachPackCharge calls fn, from one streaming read, for every spend allocation with
	// a non-zero amount counted in q's period under q's basis (PackCharge), in entry date,
	// entry and allocation order. fn must not use the ReadTx.
	EachPackCharge(ctx context.Context, q ChargeQuery, fn func(*PackCharge) error) error
	// VendorCharges adds up, per vendor, the allocations counted in q's period under q's
	// basis, the same amounts EachPackCharge streams: Entries counts the allocations.
	VendorCharges(ctx context.Context, q ChargeQuery) ([]VendorSpend, error)
	// PackCommitments returns the uninvoiced scheduled contract payments due from from
	// to to (inclusive), by budget line code, due date and contract; BudgetLineName and
	// Overdue are left for the caller, who knows the year's lines and the day.
	PackCommitments(ctx context.Context, from, to time.Time) ([]PackCommitment, error)
}

// Viewer runs reads in one snapshot.
type Viewer interface {
	// View runs fn in one read transaction and returns fn's error.
	View(ctx context.Context, fn func(tx ReadTx) error) error
}

// Work is both: the unit of work for changes that go together (an import) and the
// snapshot for reads that must agree (a workbook of many sheets).
type Work interface {
	UnitOfWork
	Viewer
}
