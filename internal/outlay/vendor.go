package outlay

import (
	"context"
	"strings"
	"time"
)

// Vendor categories, statuses and criticalities, in the order pages list them.
var (
	VendorCategories    = []string{"hardware", "software", "cloud", "telecom", "services", "staff", "other"}
	VendorStatuses      = []string{"active", "inactive", "prospect"}
	VendorCriticalities = []string{"low", "medium", "high", "critical"}
)

// Vendor is a company Outlay's organisation buys from.
type Vendor struct {
	ID             int64
	Name           string // unique regardless of case
	Category       string
	Status         string
	Criticality    string
	Website        string
	ContactName    string // the account manager
	ContactEmail   string
	ContactPhone   string
	SupportContact string // free text: a portal, a phone line, an address
	Notes          string
	ArchivedAt     *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time

	// ContractCount is read-only: the vendor's contracts that are not archived.
	ContractCount int
}

// Normalize trims what people paste by accident and fills defaults for a new vendor.
func (v *Vendor) Normalize() {
	v.Name = strings.TrimSpace(v.Name)
	v.Website = strings.TrimSpace(v.Website)
	v.ContactEmail = NormalizeEmail(v.ContactEmail)
	v.ContactName = strings.TrimSpace(v.ContactName)
	v.ContactPhone = strings.TrimSpace(v.ContactPhone)
	v.SupportContact = strings.TrimSpace(v.SupportContact)
	v.Notes = strings.TrimSpace(v.Notes)
	v.Category = strings.ToLower(strings.TrimSpace(v.Category))
	v.Status = strings.ToLower(strings.TrimSpace(v.Status))
	v.Criticality = strings.ToLower(strings.TrimSpace(v.Criticality))
	if v.Status == "" {
		v.Status = "active"
	}
	if v.Criticality == "" {
		v.Criticality = "medium"
	}
}

// Validate checks what every stored vendor must be, whoever writes it (a page, the API,
// the demo, an import): a category, status and criticality from the domain's lists,
// which figures and filters group by. What a person types (required, lengths,
// characters, formats) is checked by the input's field rules before it gets here.
func (v *Vendor) Validate() error {
	f := FieldErrors{}
	checkOneOf(f, "category", v.Category, VendorCategories)
	checkOneOf(f, "status", v.Status, VendorStatuses)
	checkOneOf(f, "criticality", v.Criticality, VendorCriticalities)
	return f.Err()
}

// VendorFilter selects vendors. Zero values mean "any"; Archived includes archived vendors.
type VendorFilter struct {
	ID          *int64
	Query       string // matches the name, case-insensitively
	Status      string
	Category    string
	Criticality string
	Archived    bool

	Sort   string // name (default), category, status, criticality, contracts, updated
	Desc   bool
	Offset int
	Limit  int // 0 means no limit
}

// VendorPick is one vendor a searchable vendor field offers.
type VendorPick struct {
	ID       int64
	Name     string
	Archived bool
}

// VendorService stores vendors. Every change is audited in the same transaction.
type VendorService interface {
	FindVendorByID(ctx context.Context, id int64) (*Vendor, error)
	// FindVendors returns one page of vendors and the total that match the filter.
	FindVendors(ctx context.Context, filter VendorFilter) ([]*Vendor, int, error)
	CreateVendor(ctx context.Context, v *Vendor) error
	UpdateVendor(ctx context.Context, v *Vendor) error
	// PickVendors lists at most limit vendors whose name contains q in any letter case,
	// for a searchable vendor field: names that start with q first (an indexed range),
	// then the other names holding it, each group by name. Archived vendors are included,
	// and marked, only when archived is set (filters of old records).
	PickVendors(ctx context.Context, q string, archived bool, limit int) ([]VendorPick, error)
	// ArchiveVendor hides a vendor from lists and pickers; its history stays.
	ArchiveVendor(ctx context.Context, id int64) error
}
