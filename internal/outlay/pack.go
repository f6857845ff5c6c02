package outlay

import (
	"time"
)

// PackQuery asks for the quarterly finance pack of one fiscal year's quarter.
type PackQuery struct {
	FY      int
	Quarter int    // 1–4
	Basis   string // cash or accrual; "" means the setting
	// Now is when the pack is made: its "generated at", and the day that splits what is
	// past from what is still to come (committed, overdue, next key dates).
	Now time.Time
	// By is who asked for it (an email), written on the About sheet.
	By string
}

// Validate reports what is wrong with q, field by field (fy, quarter, basis): the one
// rule of the Reports page, the API and the command line.
func (q PackQuery) Validate() error {
	f := FieldErrors{}
	if !ValidFiscalYear(q.FY) {
		f.Add("fy", "must be a fiscal year, such as 2027")
	}
	if q.Quarter < 1 || q.Quarter > 4 {
		f.Add("quarter", "must be 1, 2, 3 or 4")
	}
	if q.Basis != "" && q.Basis != BasisCash && q.Basis != BasisAccrual {
		f.Add("basis", "must be cash or accrual")
	}
	return f.Err()
}

// FinancePack is everything the quarterly finance pack shows, read in one snapshot so
// every sheet agrees with every other. Amounts are minor units; those named "Base" are
// in the base currency. The budget figures are the budget list's own (the quarter's
// plan, actual, committed, variance; the year to date through the quarter; the year's
// plan, actual, committed and forecast), so the pack and the page cannot differ.
type FinancePack struct {
	OrgName     string
	Base        string // base currency
	Basis       string // cash or accrual, as used
	FY          int
	Quarter     int
	From, To    time.Time // the quarter, inclusive
	YearFrom    time.Time // the fiscal year, inclusive
	YearTo      time.Time
	GeneratedAt time.Time
	GeneratedBy string

	// Rates are the exchange rates that applied on some day of the quarter (the last one
	// in effect at its start, and every one that took effect during it), by currency and
	// date.
	Rates []*Rate

	// Lines are the year's budget lines with their figures for the quarter, in category
	// then code order (categories in VendorCategories' order, as the dashboard lists
	// them); Unbudgeted the money under codes without a line in the year, by
	// code; Totals add up both.
	Lines      []BudgetLineFigures
	Unbudgeted []LineFigures
	Totals     BudgetLineTotals

	// Spend is one row per allocation with an amount counted in the quarter under the
	// basis; for every code, the Counted amounts add up exactly to that code's quarter
	// actual in Lines or Unbudgeted.
	Spend []PackCharge
	// Commitments are every scheduled contract payment of the fiscal year not yet
	// invoiced (those past due are Overdue, earlier quarters' included: their cost is
	// still coming), by budget line code then due date. Their BaseKnown amounts add up
	// to Totals.Figures.YearCommitted, so the year's actual plus them is the forecast;
	// those due in the quarter add up to Totals.Figures.Committed (the Overdue ones to
	// its Overdue).
	Commitments []PackCommitment
	// Vendors are those with spend counted in the year to date or a contract running on
	// the pack's day, by name; their QuarterSpend adds up to Totals.Figures.Actual and
	// their YTDSpend to Totals.Figures.YTDActual.
	Vendors []PackVendor
	// Contracts are the register: every contract not archived, by vendor.
	Contracts []PackContract
	// Renewals are the key dates that need a person (as the dashboard's) from the
	// pack's day to the end of the second fiscal quarter after the pack's quarter, and the cancel-by dates missed
	// before the pack's day while the term runs undecided, soonest first.
	Renewals []PackRenewal
	// Licences are the licences in use on the pack's day (not archived, not expired),
	// by product.
	Licences []PackLicence
}

// PackCharge is a spend allocation with the amount of it the quarter counts: on the
// cash basis all of it when the entry is dated in the quarter; on the accrual basis the
// share of its service period's days that fall in the quarter.
type PackCharge struct {
	SpendCharge
	Counted int64 // base currency
}

// PackCommitment is one scheduled contract payment not yet invoiced.
type PackCommitment struct {
	BudgetLineCode string
	BudgetLineName string // "" when the code has no line in the year
	ContractID     int64
	ContractTitle  string
	Reference      string
	VendorName     string
	Due            time.Time
	PeriodFrom     time.Time // the billing period the payment is for
	PeriodTo       time.Time
	Amount         int64 // in Currency
	Currency       string
	BaseAmount     int64 // in the base currency; 0 with BaseKnown false when no rate
	BaseKnown      bool
	Overdue        bool // due before the pack's day and still not invoiced
}

// PackVendor is a vendor's place in the quarter.
type PackVendor struct {
	Vendor          *Vendor
	QuarterSpend    int64 // base currency, under the pack's basis
	YTDSpend        int64 // from the year's start to the quarter's end
	ActiveContracts int   // contracts whose term runs on the pack's day
	// NextKeyDate is the soonest key date of the vendor's running contracts that needs a
	// person (a missed cancel-by date included); zero when none.
	NextKeyDate time.Time
	NextKeyWhat string // "Cancel by: <contract title>"
}

// PackContract is a contract of the register with its current term and what it is
// worth a year in the base currency.
type PackContract struct {
	Contract *Contract
	// AnnualValue is the current term's price scaled to twelve months
	// (price × 365 / term days, rounded half away from zero), converted to the base
	// currency at the rate on the pack's day; AnnualKnown is false when no rate exists
	// (or the contract has no term).
	AnnualValue int64
	AnnualKnown bool
}

// PackRenewal is a key date of the Renewals sheet (FinancePack.Renewals says which).
type PackRenewal struct {
	Date        time.Time
	What        string // "Cancel by", "Term ends", "Licence expires"
	ContractID  int64  // 0 for a licence
	LicenceID   int64  // 0 for a contract
	Title       string
	VendorName  string
	RenewalType string
	Decision    string // renew, renegotiate, cancel, or ""
	OwnerEmail  string
	DaysLeft    int
	Status      string
	Price       int64 // current term's price (contract) in Currency
	Currency    string
	AnnualValue int64 // base currency, as PackContract
	AnnualKnown bool
}

// PackLicence is a licence with its unused cost in the base currency.
type PackLicence struct {
	Licence        *Licence
	UnusedCostBase int64
	Converted      bool // false when the licence's currency had no rate
}

// ChargeQuery asks for the spend a period counts under a basis: on the cash basis the
// allocations of entries dated from From to To; on the accrual basis the allocations'
// stored month shares (figures.AccrualShares, which the budget figures add up too) in
// the months from From's to To's. Periods are month-aligned (a quarter, a year to
// date), so both bases count exactly what the budget figures count for them.
type ChargeQuery struct {
	From, To time.Time
	Basis    string // cash or accrual
}
