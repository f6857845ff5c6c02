package outlay

import (
	"context"
	"strings"
	"time"

	"outlay/internal/figures"
	"outlay/internal/money"
)

// ExpenseTypes are the expense types of a budget line: capital or operating expenditure.
var ExpenseTypes = []string{"capex", "opex"}

// BudgetLineSortKeys are the columns budget lines may be sorted by, pages and API alike.
var BudgetLineSortKeys = []string{"code", "name", "category", "expense_type", "owner", "planned"}

// Fiscal years outside this range are typing mistakes, not plans: a year is named by its
// four digits, and refusing "227" or "20277" early beats an empty list no one can find.
const (
	MinFiscalYear = 2000
	MaxFiscalYear = 2200
)

// ValidFiscalYear reports whether fy is a fiscal year Outlay accepts.
func ValidFiscalYear(fy int) bool { return fy >= MinFiscalYear && fy <= MaxFiscalYear }

// BudgetLine is the plan for one kind of spend in one fiscal year, in the base currency.
// Its code is stable from year to year: contracts and licences are charged to the code,
// and in each year their payments count against that year's line with the same code.
type BudgetLine struct {
	ID          int64
	FY          int // named by the calendar year in which the fiscal year ends
	Code        string
	Name        string
	Category    string // one of VendorCategories
	ExpenseType string // capex or opex
	CostCentre  string
	GLAccount   string
	OwnerEmail  string
	Planned     int64 // base currency minor units
	// Quarters is the plan split over Q1–Q4; the parts always add up to Planned.
	Quarters [4]int64
	// QuartersSet marks an explicit split typed in by someone; otherwise Quarters is the
	// equal split of Planned and follows it when the plan changes.
	QuartersSet   bool
	Justification string
	CreatedAt     time.Time
	UpdatedAt     time.Time

	// AllocationCount is read-only: how many spend allocations are charged to the line.
	// A line with any cannot be deleted or moved to another fiscal year.
	AllocationCount int
}

// DefaultQuarters is the equal split of an annual plan over four quarters by largest
// remainder, so the parts add up to the plan exactly (the first quarters get the extra
// cents).
func DefaultQuarters(planned int64) [4]int64 { return figures.DefaultQuarters(planned) }

// QuarterSum adds up the quarters.
func (b *BudgetLine) QuarterSum() int64 {
	return b.Quarters[0] + b.Quarters[1] + b.Quarters[2] + b.Quarters[3]
}

// Normalize trims text, upper-cases the code and lower-cases the owner's email. A line
// without an explicit split gets the equal split of its plan, so the stored quarters
// always match the plan.
func (b *BudgetLine) Normalize() {
	b.Code = strings.ToUpper(strings.TrimSpace(b.Code))
	b.Name = strings.TrimSpace(b.Name)
	b.CostCentre = strings.TrimSpace(b.CostCentre)
	b.GLAccount = strings.TrimSpace(b.GLAccount)
	b.OwnerEmail = NormalizeEmail(b.OwnerEmail)
	b.Justification = strings.TrimSpace(b.Justification)
	if !b.QuartersSet {
		b.Quarters = DefaultQuarters(b.Planned)
	}
}

// Validate checks what every stored line must be, whoever writes it: a fiscal year in
// range, choices from the domain's lists, bounded amounts and a split that adds up;
// currency is the base currency, used to write amounts in messages. What a person types
// (code, name and the other text) is checked by the input's field rules first. Uniqueness of the code within the year is checked by storage.
// Field keys are the API field names.
func (b *BudgetLine) Validate(currency string) error {
	f := FieldErrors{}
	if !ValidFiscalYear(b.FY) {
		f.Add("fy", "choose a fiscal year between 2000 and 2200")
	}
	checkOneOf(f, "category", b.Category, VendorCategories)
	checkOneOf(f, "expense_type", b.ExpenseType, ExpenseTypes)
	if b.Planned < 0 {
		f.Add("planned", "the plan cannot be negative")
	} else if b.Planned > MaxAmount {
		f.Add("planned", "too large")
	}
	if b.QuartersSet {
		for _, q := range b.Quarters {
			if q < 0 {
				f.Add("quarters", "a quarter cannot be negative")
			} else if q > MaxAmount {
				f.Add("quarters", "a quarter is too large")
			}
		}
		if sum := b.QuarterSum(); sum != b.Planned && b.Planned >= 0 {
			f.Add("quarters", "the quarters add up to "+money.Format(sum, currency)+", not the planned "+money.Format(b.Planned, currency))
		}
	} else if b.Quarters != DefaultQuarters(b.Planned) {
		// Normalize sets the default split; anything else is a caller's bug that the
		// table's CHECK must never be the one to catch.
		f.Add("quarters", "the quarters must be the equal split of the plan unless set explicitly")
	}
	return f.Err()
}

// BudgetLineTotals are the sums over every line that matches a filter, whatever page is
// shown, and over the year's unbudgeted money: a list's and an export's total row, the
// dashboard's cards. Every total is lines + unbudgeted, all that was spent and committed.
type BudgetLineTotals struct {
	Lines    int
	Planned  int64 // the annual plans
	Quarters [4]int64
	// Figures add up the lines' figures for the period asked for and the unbudgeted
	// money's.
	Figures figures.Figures
	// UnbudgetedCodes counts the codes with money but no line in the year; Unbudgeted
	// adds up their figures (already inside Figures).
	UnbudgetedCodes int
	Unbudgeted      figures.Figures
}

// BudgetLineFilter selects budget lines. Zero values mean "any".
type BudgetLineFilter struct {
	ID          *int64
	FY          int    // 0 means every year
	Code        string // exact, case-insensitive
	Query       string // part of the code or the name
	Category    string
	ExpenseType string

	Sort   string // one of BudgetLineSortKeys; code by default
	Desc   bool
	Offset int
	Limit  int // 0 means no limit
}

// BudgetService stores budget lines. Every change is audited in the same transaction.
type BudgetService interface {
	FindBudgetLineByID(ctx context.Context, id int64) (*BudgetLine, error)
	// FindBudgetLines returns one page of lines and the total that match.
	FindBudgetLines(ctx context.Context, f BudgetLineFilter) ([]*BudgetLine, int, error)
	// CreateBudgetLine stores a new line; a code already used in the year is ECONFLICT.
	CreateBudgetLine(ctx context.Context, b *BudgetLine) error
	// UpdateBudgetLine saves every field of the line. A line with spend charged to it
	// cannot move to another fiscal year.
	UpdateBudgetLine(ctx context.Context, b *BudgetLine) error
	// DeleteBudgetLine removes a line that has no spend charged to it; otherwise
	// ECONFLICT, saying why.
	DeleteBudgetLine(ctx context.Context, id int64) error
	// CopyBudgetYear creates toFY's lines from fromFY's, with the same codes, plans and
	// splits, skipping codes toFY already has; it returns how many it created.
	CopyBudgetYear(ctx context.Context, fromFY, toFY int) (created int, err error)
	// PreviewBudgetCopy says what CopyBudgetYear would do: how many lines it would copy
	// and how many it would skip because toFY already has their code.
	PreviewBudgetCopy(ctx context.Context, fromFY, toFY int) (toCopy, skipped int, err error)
	// FiscalYears lists the years that have budget lines, oldest first.
	FiscalYears(ctx context.Context) ([]int, error)
	// BudgetCodes lists the distinct codes of every year, for checking codes elsewhere.
	BudgetCodes(ctx context.Context) ([]string, error)
}
