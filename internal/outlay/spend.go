package outlay

import (
	"context"
	"strconv"
	"strings"
	"time"

	"outlay/internal/money"
)

// SpendEntry is an invoice or other actual cost. It is recorded in its own currency and
// converted once, when it is recorded, at the rate effective on its date: the rate used
// and the base amount are stored so that a later rate never relabels history.
type SpendEntry struct {
	ID            int64
	Date          time.Time
	VendorID      int64
	VendorName    string // read-only
	Description   string
	InvoiceNumber string // unique per vendor, regardless of case
	PONumber      string
	Amount        int64 // in Currency's minor units; negative for a credit note
	Currency      string
	// FXRateMicros is the rate the entry was converted with: one unit of Currency is
	// FXRateMicros/10^6 units of the base currency (10^6 for the base currency itself).
	FXRateMicros int64
	BaseAmount   int64 // in the base currency's minor units
	ContractID   *int64
	// ContractTitle is read-only.
	ContractTitle string
	LicenceID     *int64
	// ServiceFrom and ServiceTo are the period the invoice pays for (both inclusive, both
	// or neither): accrual-basis actuals spread the entry over it.
	ServiceFrom *time.Time
	ServiceTo   *time.Time
	// Allocations charge parts of BaseAmount to budget lines; they add up to it exactly.
	Allocations []Allocation
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Allocation is the part of a spend entry's base amount charged to one budget line.
// On input, an Amount of zero means "the rest": the entry's base amount less the other
// allocations (all of it when it is the only one), because the person recording a
// foreign-currency invoice cannot know the converted amount in advance.
type Allocation struct {
	BudgetLineID   int64
	BudgetLineCode string // read-only
	BudgetLineName string // read-only
	Amount         int64  // base currency minor units
}

// SpendRateMicros is the rate of the base currency to itself: one unit is one unit.
const SpendRateMicros = 1_000_000

// Choice is one option of a picker (a vendor, a budget line, a contract): what is
// stored and what a person reads.
type Choice struct {
	ID    int64
	Label string
}

// Normalize trims text and upper-cases the currency before validation and storage.
func (e *SpendEntry) Normalize() {
	e.Description = strings.TrimSpace(e.Description)
	e.InvoiceNumber = strings.TrimSpace(e.InvoiceNumber)
	e.PONumber = strings.TrimSpace(e.PONumber)
	e.Currency = strings.ToUpper(strings.TrimSpace(e.Currency))
}

// Validate checks what every stored entry must be, whoever writes it, as far as no
// database is needed: a date, a vendor, a known currency, a bounded non-zero amount, a
// whole service period and sound allocations. The amounts adding up to the base amount,
// the rate, the budget lines' years and uniqueness are checked by storage; typed-in text
// (description, invoice and PO numbers) by the input's field rules. Field keys are the
// API field names.
func (e *SpendEntry) Validate() error {
	f := FieldErrors{}
	if e.Date.IsZero() {
		f.Add("date", "required")
	}
	if e.VendorID <= 0 {
		f.Add("vendor_id", "required")
	}
	if !money.ValidCurrency(e.Currency) {
		f.Add("currency", "not a known ISO 4217 currency code")
	}
	if e.Amount == 0 {
		f.Add("amount", "must not be zero")
	} else if e.Amount > MaxAmount || e.Amount < -MaxAmount {
		f.Add("amount", "too large")
	}
	if e.ContractID != nil && *e.ContractID <= 0 {
		f.Add("contract_id", "not a valid contract")
	}
	if e.LicenceID != nil && *e.LicenceID <= 0 {
		f.Add("licence_id", "not a valid licence")
	}
	switch {
	case e.ServiceFrom == nil && e.ServiceTo != nil:
		f.Add("service_from", "give both ends of the service period, or neither")
	case e.ServiceFrom != nil && e.ServiceTo == nil:
		f.Add("service_to", "give both ends of the service period, or neither")
	case e.ServiceFrom != nil && e.ServiceTo.Before(*e.ServiceFrom):
		f.Add("service_to", "must be on or after the start of the service period")
	}
	e.validateAllocations(f)
	return f.Err()
}

func (e *SpendEntry) validateAllocations(f FieldErrors) {
	if len(e.Allocations) == 0 {
		f.Add("allocations", "charge the entry to at least one budget line")
		return
	}
	if len(e.Allocations) > 50 {
		f.Add("allocations", "at most 50 budget lines")
	}
	seen := map[int64]bool{}
	rest := 0
	for i, a := range e.Allocations {
		n := "line " + strconv.Itoa(i+1) + ": "
		if a.BudgetLineID <= 0 {
			f.Add("allocations", n+"choose a budget line")
		} else if seen[a.BudgetLineID] {
			f.Add("allocations", n+"the same budget line appears twice; charge it once")
		}
		seen[a.BudgetLineID] = true
		if a.Amount == 0 {
			rest++
		} else if a.Amount > MaxAmount || a.Amount < -MaxAmount {
			f.Add("allocations", n+"amount too large")
		}
	}
	if rest > 1 {
		f.Add("allocations", "leave at most one line without an amount (it takes the rest)")
	}
}

// SpendFilter selects spend entries. From and To (inclusive) bound the entry date; the
// caller computes them from FY and Quarter with the fiscal calendar, which storage does
// not need to know. Zero values mean "any".
type SpendFilter struct {
	ID           *int64
	FY           int // informational: From/To carry the bounds
	Quarter      int // informational, 1–4
	From         *time.Time
	To           *time.Time
	VendorID     *int64
	BudgetLineID *int64
	ContractID   *int64
	LicenceID    *int64
	Query        string // description or invoice number, case-insensitive

	Sort   string // date (default, newest first), amount (base amount), vendor, invoice
	Desc   bool
	Offset int
	Limit  int // 0 means no limit
}

// SpendService stores spend entries. Every change is audited in the same transaction.
type SpendService interface {
	// FindSpendByID returns one entry with its allocations, or ENOTFOUND.
	FindSpendByID(ctx context.Context, id int64) (*SpendEntry, error)
	// FindSpend returns one page of entries (with allocations), the number that match,
	// and their total in the base currency. With a budget line filter the total is what
	// the matching entries charge to that line, not their whole amounts.
	FindSpend(ctx context.Context, f SpendFilter) (entries []*SpendEntry, total int, sumBase int64, err error)
	// EachSpend calls fn for every matching entry (paging ignored), with allocations,
	// reading in batches so that exports of any size stream. fn must not use the
	// database: it runs while the read holds its connection.
	EachSpend(ctx context.Context, f SpendFilter, fn func(*SpendEntry) error) error
	// EachSpendCharge calls fn for every allocation of the matching entries (paging
	// ignored) in the filter's order, from one streaming read. With a budget line filter
	// only the allocations to that line come, so their sum is the list's total. fn must
	// not use the database.
	EachSpendCharge(ctx context.Context, f SpendFilter, fn func(*SpendCharge) error) error
	// CreateSpend converts the entry at the rate effective on its date and stores it
	// with its allocations. A second invoice number for the same vendor is ECONFLICT.
	CreateSpend(ctx context.Context, e *SpendEntry) error
	// UpdateSpend saves changes. The entry is converted again only when its date,
	// amount or currency changed; otherwise it keeps the rate it was recorded with.
	UpdateSpend(ctx context.Context, e *SpendEntry) error
	// DeleteSpend removes an entry and its allocations.
	DeleteSpend(ctx context.Context, id int64) error
	// SpendPickers lists the choices of the spend form and filters: the budget lines of
	// the fiscal years fys, and the contracts of one vendor (none when vendorID is nil).
	// Vendors are picked by a searchable field (PickVendors), never listed whole.
	SpendPickers(ctx context.Context, vendorID *int64, fys ...int) (lines, contracts []Choice, err error)
}

// ExistingSpendID returns the id of the entry a duplicate-invoice error points to, or 0.
// Storage puts it in the error's fields as "existing_id" so that pages can link to it
// and the API can return it.
func ExistingSpendID(err error) int64 {
	if ErrorCode(err) != ECONFLICT {
		return 0
	}
	id, _ := strconv.ParseInt(ErrorFields(err)["existing_id"], 10, 64)
	return id
}
