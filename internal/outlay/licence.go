package outlay

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"outlay/internal/money"
)

// LicenceKinds are the ways a licence is counted, in the order pages list them.
var LicenceKinds = []string{"per_user", "per_device", "concurrent", "site", "subscription", "perpetual"}

// LicenceBillings are the billing frequencies of a licence: the contract ones, so that a
// licence bought under a contract is billed in the same words.
var LicenceBillings = BillingPeriods

// Limits that keep seat and price arithmetic far from int64 overflow: seats × unit price
// stays below 10^18 minor units, and sums over thousands of licences still fit.
const (
	MaxSeats     = 10_000_000
	MaxUnitPrice = 100_000_000_000 // minor units: a billion EUR per seat
	MaxKeyLength = 4096
)

// LowUtilisationBasisPoints is the utilisation under which pages flag a licence in
// amber: 70 %, written as basis points so no float is ever compared.
const LowUtilisationBasisPoints = 7000

// Licence is a software licence the organisation holds. UnitPrice is per seat per
// billing period, in Currency. The licence key itself never travels in this struct: it
// is written through CreateLicence/UpdateLicence and read only by RevealLicenceKey.
type Licence struct {
	ID             int64
	Product        string
	VendorID       int64
	VendorName     string // read-only
	ContractID     *int64
	ContractTitle  string // read-only
	Kind           string
	SeatsPurchased int64
	SeatsAssigned  int64
	UnitPrice      int64 // minor units of Currency, per seat
	Currency       string
	Billing        string
	StartDate      time.Time // zero: not recorded
	ExpiryDate     time.Time // zero: does not expire (perpetual) or not recorded
	OwnerEmail     string
	BudgetLineCode string
	Notes          string
	KeySet         bool // read-only: whether an encrypted key is stored
	ArchivedAt     *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time

	// ContractReference is the linked contract's reference (read-only), which the
	// licence export writes so that an import finds the contract again.
	ContractReference string
}

// UnusedSeats is the seats purchased but not assigned; never negative, since an
// over-deployed licence has no seats to spare.
func (l *Licence) UnusedSeats() int64 { return max(0, l.SeatsPurchased-l.SeatsAssigned) }

// ShelfwareCost is what the unused seats cost per billing period: unused × unit price, in
// the licence's currency.
func (l *Licence) ShelfwareCost() int64 { return l.UnusedSeats() * l.UnitPrice }

// Shelfware is ShelfwareCost with its currency.
func (l *Licence) Shelfware() money.Money {
	return money.Money{Amount: l.ShelfwareCost(), Currency: l.Currency}
}

// Utilisation is assigned ÷ purchased in basis points (8333 is 83.33 %), rounded down;
// ok is false when no seats are purchased and the ratio means nothing.
func (l *Licence) Utilisation() (basisPoints int64, ok bool) {
	if l.SeatsPurchased <= 0 {
		return 0, false
	}
	return l.SeatsAssigned * 10000 / l.SeatsPurchased, true
}

// UtilisationPercent writes the utilisation with one decimal, rounded half up, such as
// "83.3"; "" when no seats are purchased. Integer arithmetic only.
func (l *Licence) UtilisationPercent() string {
	if l.SeatsPurchased <= 0 {
		return ""
	}
	tenths := (l.SeatsAssigned*2000 + l.SeatsPurchased) / (2 * l.SeatsPurchased)
	return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10)
}

// LowUtilisation reports whether fewer than 70 % of the purchased seats are assigned.
func (l *Licence) LowUtilisation() bool {
	bp, ok := l.Utilisation()
	return ok && bp < LowUtilisationBasisPoints
}

// OverDeployed reports whether more seats are assigned than purchased. It is allowed
// (the true-up comes later) but flagged, because it is a compliance risk.
func (l *Licence) OverDeployed() bool { return l.SeatsAssigned > l.SeatsPurchased }

// OverDeployedMessage explains the over-deployment in words; "" when there is none.
func (l *Licence) OverDeployedMessage() string {
	if !l.OverDeployed() {
		return ""
	}
	return fmt.Sprintf("Over-deployed: %s seats assigned above the %s purchased.",
		money.Format(l.SeatsAssigned, "JPY"), money.Format(l.SeatsPurchased, "JPY"))
}

// Expired reports whether the licence has an expiry date before today.
func (l *Licence) Expired(today time.Time) bool {
	return !l.ExpiryDate.IsZero() && l.ExpiryDate.Before(today)
}

// Normalize trims text, lower-cases the owner's email and upper-cases codes.
func (l *Licence) Normalize() {
	l.Product = strings.TrimSpace(l.Product)
	l.Kind = strings.TrimSpace(l.Kind)
	l.Billing = strings.TrimSpace(l.Billing)
	l.Currency = strings.ToUpper(strings.TrimSpace(l.Currency))
	l.OwnerEmail = NormalizeEmail(l.OwnerEmail)
	l.BudgetLineCode = strings.ToUpper(strings.TrimSpace(l.BudgetLineCode))
	if l.ContractID != nil && *l.ContractID == 0 {
		l.ContractID = nil
	}
}

// Validate checks what every stored licence must be, whoever writes it: a vendor, choices
// from the domain's lists, a known currency, bounded seats and price, dates in order.
// That the vendor exists and the contract belongs to it is checked by storage; typed-in
// text (product, owner, code, notes) by the input's field rules. Field keys are the API names. More seats
// assigned than purchased is not an error: see OverDeployed.
func (l *Licence) Validate() error {
	f := FieldErrors{}
	if l.VendorID <= 0 {
		f.Add("vendor_id", "required")
	}
	if l.ContractID != nil && *l.ContractID < 0 {
		f.Add("contract_id", "no such contract")
	}
	checkOneOf(f, "kind", l.Kind, LicenceKinds)
	checkSeats(f, "seats_purchased", l.SeatsPurchased)
	checkSeats(f, "seats_assigned", l.SeatsAssigned)
	if l.UnitPrice < 0 {
		f.Add("unit_price", "must not be negative")
	} else if l.UnitPrice > MaxUnitPrice {
		f.Add("unit_price", "is too large")
	}
	if !money.ValidCurrency(l.Currency) {
		f.Add("currency", "not a known ISO 4217 currency code")
	}
	checkOneOf(f, "billing", l.Billing, LicenceBillings)
	if !l.StartDate.IsZero() && !l.ExpiryDate.IsZero() && l.ExpiryDate.Before(l.StartDate) {
		f.Add("expiry_date", "must be on or after the start date")
	}
	return f.Err()
}

func checkSeats(f FieldErrors, field string, n int64) {
	if n < 0 {
		f.Add(field, "must not be negative")
	} else if n > MaxSeats {
		f.Add(field, "must be at most "+money.Format(MaxSeats, "JPY"))
	}
}

// ValidateLicenceKey checks a licence key about to be stored (after trimming): one line
// of clean text, since a key is shown to whoever reveals it and pasted elsewhere.
func ValidateLicenceKey(key string) error {
	f := FieldErrors{}
	if len(key) > MaxKeyLength {
		f.Add("key", "too long (at most "+strconv.Itoa(MaxKeyLength)+" characters)")
	}
	checkText(f, "key", key, false)
	return f.Err()
}

// LicenceFilter selects licences. Zero values mean "any"; Archived includes archived
// licences.
type LicenceFilter struct {
	ID         *int64
	Query      string // matches the product or the vendor name, case-insensitively
	VendorID   *int64
	ContractID *int64
	Kind       string
	// ExpiringFrom and ExpiringBefore select licences with an expiry date in
	// [ExpiringFrom, ExpiringBefore); either may be nil. Licences without an expiry date
	// never match them.
	ExpiringFrom   *time.Time
	ExpiringBefore *time.Time
	// UncoveredOn selects the licences that no contract covers on the day: without a
	// contract, or whose contract is archived, cancelled or ended then. Their expiry needs
	// a person of its own (DOMAIN.md: licence expiries not covered by a contract stand
	// beside the contracts' key dates).
	UncoveredOn *time.Time
	Archived    bool

	Sort   string // product (default), vendor, kind, seats, utilisation, unit_price, shelfware, expiry
	Desc   bool
	Offset int
	Limit  int // 0 means no limit
}

// LicenceSorts are the sort keys LicenceFilter accepts.
var LicenceSorts = []string{"product", "vendor", "kind", "seats", "utilisation", "unit_price", "shelfware", "expiry"}

// LicenceService stores licences and their encrypted keys. Every change, and every reveal
// of a key, is audited in the same transaction; audit entries never hold a key.
type LicenceService interface {
	// FindLicenceByID returns one licence (archived or not) or ENOTFOUND.
	FindLicenceByID(ctx context.Context, id int64) (*Licence, error)
	// FindLicences returns one page of licences and the total that match.
	FindLicences(ctx context.Context, filter LicenceFilter) ([]*Licence, int, error)
	// LicenceShelfware returns the shelfware cost of every licence that matches the
	// filter (paging ignored), grouped by currency and cost, so that a total in the base
	// currency converts each licence's cost and then adds (DOMAIN: totals are sums of
	// converted lines) without reading every licence.
	LicenceShelfware(ctx context.Context, filter LicenceFilter) ([]ShelfwareGroup, error)
	// ShelfwareTotals is the dashboard's figure: the shelfware of the licences that are
	// not archived and not expired today, grouped like LicenceShelfware.
	ShelfwareTotals(ctx context.Context) ([]ShelfwareGroup, error)
	// CreateLicence stores l and, when key is not nil nor empty, its key encrypted.
	CreateLicence(ctx context.Context, l *Licence, key *string) error
	// UpdateLicence saves l's fields. key nil leaves the stored key unchanged, "" removes
	// it, anything else replaces it.
	UpdateLicence(ctx context.Context, l *Licence, key *string) error
	// ArchiveLicence hides a licence from lists and totals; its history stays.
	ArchiveLicence(ctx context.Context, id int64) error
	// RevealLicenceKey decrypts a licence's key for an administrator (the user in ctx)
	// and writes the reveal to the audit log; EFORBIDDEN for anyone else, ENOTFOUND when
	// the licence has no key.
	RevealLicenceKey(ctx context.Context, id int64) (string, error)
}

// ShelfwareGroup is Licences licences whose unused seats each cost Cost (minor units of
// Currency): the piece a converted shelfware total is built from, one conversion per
// distinct cost, times the count.
type ShelfwareGroup struct {
	Currency string
	Cost     int64
	Licences int64
}
