// Package demo generates Outlay's demo data: a made-up organisation's vendors, contracts
// with their terms, licences, budget lines over three fiscal years, exchange rates and
// spend, realistic enough that every page has something true-to-life to show and large
// enough (in the large size) to measure pages against.
//
// The package knows no storage: Generate builds values, and Load stores them through the
// domain's unit of work, each record by the change a form would make, so storage
// computes what it always computes (conversions at the rate of the day, allocations,
// accrual rows, contracts' derived columns, payment schedules) with the same code. The
// output depends only on the size, today and the fiscal calendar: random choices come
// from PCG generators with fixed seeds, one per stage, amounts are integers all the way
// (no float, whose fused operations may differ between CPUs), and nothing is read out of
// a map in iteration order.
package demo

import (
	"math/rand/v2"
	"sort"
	"time"

	"outlay/internal/fiscal"
	"outlay/internal/outlay"
)

// Sizes of the demo dataset.
const (
	SizeSmall = "small"
	SizeLarge = "large"
)

// Password is every demo user's password. It is fixed and documented (README, the
// command's output) because the demo exists to be tried, and a password nobody can find
// defeats it; Load refuses any database that already holds data, so it never lands
// beside real records.
const Password = "outlay-demo-password"

// AdminEmail is the demo administrator's sign-in.
const AdminEmail = "admin@demo.example"

// FYStartMonth is the demo organisation's fiscal year start: July, so that fiscal and
// calendar years differ (FY2027 runs from July 2026 to June 2027) and every page shows
// the fiscal calendar at work instead of hiding it behind calendar years.
const FYStartMonth = time.July

// Calendar is the demo organisation's fiscal calendar.
func Calendar() fiscal.Calendar { return fiscal.Calendar{StartMonth: FYStartMonth} }

// Spec is how much a size holds. Budget lines are BudgetCodes × 3 fiscal years.
type Spec struct {
	Vendors, Contracts, Licences, BudgetCodes, Spend int
}

// SpecFor returns the spec of a size, or EINVALID naming the sizes there are.
func SpecFor(size string) (Spec, error) {
	switch size {
	case SizeSmall:
		return Spec{Vendors: 40, Contracts: 150, Licences: 80, BudgetCodes: 10, Spend: 3_000}, nil
	case SizeLarge:
		return Spec{Vendors: 2_000, Contracts: 20_000, Licences: 10_000, BudgetCodes: 100, Spend: 250_000}, nil
	}
	return Spec{}, outlay.Errorf(outlay.EINVALID, "Unknown demo size %q: use small or large.", size)
}

// Dataset is a generated demo organisation. Every record carries its future id (from 1,
// in slice order) so that records can point at each other before anything is stored;
// Load stores them under these ids in an empty database, and checks that it did.
type Dataset struct {
	Size     string
	Today    time.Time // the day the data was generated for
	Settings outlay.Settings
	// Users have no password hash: every demo user's password is Password.
	Users []*outlay.User
	// Rates are monthly USD and GBP rates against the base currency (EUR) from the start
	// of the last fiscal year to today.
	Rates   []*outlay.Rate
	Vendors []*outlay.Vendor
	// BudgetLines are ordered by fiscal year (last, current, next), then by code.
	BudgetLines []*outlay.BudgetLine
	// Contracts carry all their terms, oldest first; terms have ids too, from 1 across
	// all contracts.
	Contracts []*outlay.Contract
	Licences  []*outlay.Licence
	// Spend is in date order; an entry's id is its index + 1.
	Spend []*Spend
}

// Spend is one spend entry before it is stored: in its own currency, not converted,
// and charged to budget lines by weight, because converting at the rate of the day is
// storage's job and the parts must add up to whatever the conversion gives.
type Spend struct {
	Date          time.Time
	VendorID      int64
	Description   string
	InvoiceNumber string // unique per vendor
	PONumber      string
	Amount        int64 // minor units of Currency; negative for a credit note
	Currency      string
	ContractID    int64 // 0: none
	LicenceID     int64 // 0: none
	// ServiceFrom and ServiceTo are both zero (no service period) or both set.
	ServiceFrom, ServiceTo time.Time
	Lines                  []Line
}

// Line charges a share of a spend entry to a budget line of the entry's fiscal year.
type Line struct {
	BudgetLineID int64
	Weight       int64
}

// Counts says how many records of each kind a dataset holds.
type Counts struct {
	Users, Rates, Vendors, BudgetLines, Contracts, Terms, Licences, Spend, Allocations int
}

// Counts counts the dataset's records, for progress and the summary.
func (ds *Dataset) Counts() Counts {
	c := Counts{Users: len(ds.Users), Rates: len(ds.Rates), Vendors: len(ds.Vendors), BudgetLines: len(ds.BudgetLines),
		Contracts: len(ds.Contracts), Licences: len(ds.Licences), Spend: len(ds.Spend)}
	for _, k := range ds.Contracts {
		c.Terms += len(k.Terms)
	}
	for _, s := range ds.Spend {
		c.Allocations += len(s.Lines)
	}
	return c
}

// Generate builds the dataset of a size (SizeSmall or SizeLarge) as of today, with
// fiscal years from cal: the last, the current (cal.Year(today)) and the next one. The
// same arguments always give the same dataset.
func Generate(size string, today time.Time, cal fiscal.Calendar) (*Dataset, error) {
	spec, err := SpecFor(size)
	if err != nil {
		return nil, err
	}
	g := newGen(spec, civil(today), cal)
	g.ds.Size = size
	if err := g.makeVendors(); err != nil {
		return nil, err
	}
	g.makeCodes()
	g.makeContracts()
	g.makeLicences()
	g.makeRates()
	g.makeSpend()
	g.makeBudget()
	return g.ds, nil
}

// gen holds what the stages share while a dataset is built.
type gen struct {
	spec     Spec
	today    time.Time
	cal      fiscal.Calendar
	fy0      int       // the last fiscal year; fy0+1 is the current one, fy0+2 the next
	from     time.Time // first day of the last fiscal year: spend starts here
	lastEnd  time.Time // last day of the last fiscal year
	ds       *Dataset
	vendors  []*vendorInfo
	codes    []codeSpec
	byArea   map[string][]int // budget code indexes by area; looked up, never ranged over
	cinfo    []contractInfo
	linfo    []licenceInfo
	rateBook map[string][]*outlay.Rate // by currency, oldest first; looked up only
	drafts   []*draft
}

func newGen(spec Spec, today time.Time, cal fiscal.Calendar) *gen {
	fy0 := cal.Year(today) - 1
	from, lastEnd := cal.Bounds(fy0)
	start := cal.StartMonth
	if start < time.January || start > time.December {
		start = time.January
	}
	s := outlay.DefaultSettings()
	s.OrgName = "Outlay demo organisation"
	s.BaseCurrency = "EUR"
	s.FYStartMonth = int(start)
	s.FinanceEmails = []string{"finance@demo.example"}
	ds := &Dataset{Today: today, Settings: s, Users: []*outlay.User{
		{ID: 1, Email: AdminEmail, Name: "Alex Morgan", Role: outlay.RoleAdmin, Active: true},
		{ID: 2, Email: "anna.schmidt@demo.example", Name: "Anna Schmidt", Role: outlay.RoleEditor, Active: true},
		{ID: 3, Email: "finance@demo.example", Name: "Fiona Clarke", Role: outlay.RoleViewer, Active: true},
		{ID: 4, Email: "auditor@demo.example", Name: "Arjun Mehta", Role: outlay.RoleViewer, Active: true},
	}}
	return &gen{spec: spec, today: today, cal: cal, fy0: fy0, from: from, lastEnd: lastEnd, ds: ds}
}

// Stages draw from their own generators so that a change in one stage leaves the
// others' choices alone.
const (
	streamVendors uint64 = iota + 1
	streamContracts
	streamLicences
	streamRates
	streamSpend
	streamNumbers
	streamBudget
)

// seed is the demo's fixed PCG seed.
const seed = 20261125

func stream(n uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, n)) }

// between returns a number from lo to hi, both included.
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// permille is true n times in a thousand.
func permille(r *rand.Rand, n int) bool { return r.IntN(1000) < n }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// weighted returns an index into weights, each drawn in proportion to its weight.
func weighted(r *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// logUniform returns an amount from lo to about hi whose logarithm is uniform: small
// amounts are common and large ones rare, as with invoices. It steps by 8 % on an integer
// grid and adds a little jitter, so it needs no floating point.
func logUniform(r *rand.Rand, lo, hi int64) int64 {
	next := func(v int64) int64 { return max(v+1, v*108/100) }
	steps := 0
	for v := lo; next(v) <= hi; v = next(v) {
		steps++
	}
	v := lo
	for range r.IntN(steps + 1) {
		v = next(v)
	}
	return max(lo, v*int64(between(r, 960, 1040))/1000)
}

// roundTo rounds v to a multiple of unit, half up.
func roundTo(v, unit int64) int64 { return (v + unit/2) / unit * unit }

// picker draws indexes in proportion to their weights.
type picker struct {
	idx []int
	cum []int64
}

func newPicker(idx []int, weight func(int) int64) picker {
	p := picker{idx: idx, cum: make([]int64, len(idx))}
	var sum int64
	for i, x := range idx {
		sum += weight(x)
		p.cum[i] = sum
	}
	return p
}

func (p picker) pick(r *rand.Rand) int {
	x := r.Int64N(p.cum[len(p.cum)-1])
	return p.idx[sort.Search(len(p.cum), func(i int) bool { return p.cum[i] > x })]
}

func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

func minDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxDate(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// approxRate is a currency's rough value in EUR, used only to size prices in the
// vendor's currency; spend is converted by storage at the rates of the dataset.
func approxRate(cur string) int64 {
	switch cur {
	case "USD":
		return 920_000
	case "GBP":
		return 1_170_000
	}
	return 1_000_000
}

// toLocal turns an amount in EUR cents into cents of cur, roughly.
func toLocal(eur int64, cur string) int64 { return eur * 1_000_000 / approxRate(cur) }
