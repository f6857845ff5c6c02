package demo

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/fiscal"
	"outlay/internal/outlay"
)

var testToday = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// largeOnce generates the large dataset once for the tests that read it: a few seconds
// each time.
var largeOnce = sync.OnceValues(func() (*Dataset, error) { return Generate(SizeLarge, testToday, Calendar()) })

func generate(t *testing.T, size string) *Dataset {
	t.Helper()
	var ds *Dataset
	var err error
	if size == SizeLarge {
		ds, err = largeOnce()
	} else {
		ds, err = Generate(size, testToday, Calendar())
	}
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// sizes are the sizes every property is checked on; -short leaves the large one out.
func sizes() []string {
	if testing.Short() {
		return []string{SizeSmall}
	}
	return []string{SizeSmall, SizeLarge}
}

func TestGenerateIsDeterministic(t *testing.T) {
	for _, cal := range []fiscal.Calendar{Calendar(), {StartMonth: time.January}} {
		a, err := Generate(SizeSmall, testToday, cal)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Generate(SizeSmall, testToday, cal)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("two small datasets for start month %v differ", cal.StartMonth)
		}
	}
	if testing.Short() {
		return
	}
	a := generate(t, SizeLarge)
	b, err := Generate(SizeLarge, testToday, Calendar())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two large datasets differ")
	}
}

func TestGenerateCounts(t *testing.T) {
	for _, size := range sizes() {
		ds := generate(t, size)
		spec, _ := SpecFor(size)
		c := ds.Counts()
		if c.Vendors != spec.Vendors || c.Contracts != spec.Contracts || c.Licences != spec.Licences ||
			c.BudgetLines != spec.BudgetCodes*3 || c.Spend != spec.Spend || c.Users != 4 {
			t.Errorf("%s: counts %+v; want %+v", size, c, spec)
		}
		if c.Terms < c.Contracts*3/2 {
			t.Errorf("%s: %d terms for %d contracts; want history", size, c.Terms, c.Contracts)
		}
	}
	large, _ := SpecFor(SizeLarge)
	if large != (Spec{Vendors: 2000, Contracts: 20000, Licences: 10000, BudgetCodes: 100, Spend: 250000}) {
		t.Errorf("large spec %+v", large)
	}
	if _, err := Generate("medium", testToday, Calendar()); outlay.ErrorCode(err) != outlay.EINVALID {
		t.Errorf("unknown size: %v", err)
	}
}

func TestVendorNamesUniqueCaseInsensitively(t *testing.T) {
	for _, size := range sizes() {
		seen := map[string]bool{}
		for _, v := range generate(t, size).Vendors {
			k := strings.ToLower(v.Name)
			if seen[k] {
				t.Errorf("%s: vendor %q twice", size, v.Name)
			}
			seen[k] = true
		}
	}
}

func TestInvoiceNumbersUniquePerVendor(t *testing.T) {
	for _, size := range sizes() {
		type key struct {
			vendor  int64
			invoice string
		}
		seen := map[key]bool{}
		for _, s := range generate(t, size).Spend {
			if s.InvoiceNumber == "" {
				t.Errorf("%s: entry without invoice number: %+v", size, s)
			}
			k := key{s.VendorID, strings.ToLower(s.InvoiceNumber)}
			if seen[k] {
				t.Errorf("%s: vendor %d invoice %s twice", size, s.VendorID, s.InvoiceNumber)
			}
			seen[k] = true
		}
	}
}

func TestSpendWithinRangeAndCharged(t *testing.T) {
	for _, size := range sizes() {
		ds := generate(t, size)
		cal := ds.Settings.Calendar()
		from, _ := cal.Bounds(cal.Year(testToday) - 1)
		lineFY := map[int64]int{}
		for _, b := range ds.BudgetLines {
			lineFY[b.ID] = b.FY
		}
		var credit, split, service int
		currencies := map[string]int{}
		for i, s := range ds.Spend {
			if s.Date.Before(from) || s.Date.After(testToday) {
				t.Errorf("%s: entry %d dated %s, outside %s..%s", size, i+1, outlay.FormatDate(s.Date), outlay.FormatDate(from), outlay.FormatDate(testToday))
			}
			if i > 0 && s.Date.Before(ds.Spend[i-1].Date) {
				t.Errorf("%s: entry %d out of date order", size, i+1)
			}
			if s.Amount == 0 || len(s.Lines) == 0 {
				t.Errorf("%s: entry %d: %+v", size, i+1, s)
			}
			if s.ServiceFrom.IsZero() != s.ServiceTo.IsZero() || s.ServiceTo.Before(s.ServiceFrom) {
				t.Errorf("%s: entry %d service period %v..%v", size, i+1, s.ServiceFrom, s.ServiceTo)
			}
			for _, l := range s.Lines {
				if lineFY[l.BudgetLineID] != cal.Year(s.Date) || l.Weight <= 0 {
					t.Errorf("%s: entry %d on %s charged to line %d of FY%d", size, i+1, outlay.FormatDate(s.Date), l.BudgetLineID, lineFY[l.BudgetLineID])
				}
			}
			if s.ContractID != 0 && ds.Contracts[s.ContractID-1].VendorID != s.VendorID ||
				s.LicenceID != 0 && ds.Licences[s.LicenceID-1].VendorID != s.VendorID {
				t.Errorf("%s: entry %d linked to another vendor's contract or licence", size, i+1)
			}
			if s.Amount < 0 {
				credit++
			}
			if len(s.Lines) > 1 {
				split++
			}
			if !s.ServiceFrom.IsZero() {
				service++
			}
			currencies[s.Currency]++
		}
		n := len(ds.Spend)
		if credit == 0 || split < n*3/100 || split > n*7/100 || service < n/10 {
			t.Errorf("%s: %d credit notes, %d split entries, %d with service periods out of %d", size, credit, split, service, n)
		}
		if currencies["EUR"] < n/2 || currencies["USD"] == 0 || currencies["GBP"] == 0 {
			t.Errorf("%s: currencies %v", size, currencies)
		}
	}
}

func TestContractTermsInOrder(t *testing.T) {
	for _, size := range sizes() {
		ds := generate(t, size)
		for _, c := range ds.Contracts {
			for i, tm := range c.Terms {
				if tm.EndDate.Before(tm.StartDate) || tm.ContractID != c.ID {
					t.Errorf("%s: contract %d term %d: %+v", size, c.ID, i, tm)
				}
				if i > 0 && !tm.StartDate.Equal(c.Terms[i-1].EndDate.AddDate(0, 0, 1)) {
					t.Errorf("%s: contract %d term %d starts %s, after a term ending %s", size, c.ID, i,
						outlay.FormatDate(tm.StartDate), outlay.FormatDate(c.Terms[i-1].EndDate))
				}
				if d := tm.Decision; d != nil && (d.At.After(testToday) || d.By == "") {
					t.Errorf("%s: contract %d term %d decided %v by %q", size, c.ID, i, d.At, d.By)
				}
			}
			if len(c.Terms) == 0 || len(c.Terms) > 4 {
				t.Errorf("%s: contract %d has %d terms", size, c.ID, len(c.Terms))
			}
		}
	}
}

// TestRecordsPassValidation checks every record against the domain's rules, which
// storage applies on Load too: a generator bug shows here rather than half-way into a load.
// It normalizes copies, so the shared large dataset stays as generated.
func TestRecordsPassValidation(t *testing.T) {
	for _, size := range sizes() {
		ds := generate(t, size)
		s := ds.Settings
		if err := s.Validate(); err != nil {
			t.Errorf("%s: settings: %v", size, err)
		}
		for _, u := range ds.Users {
			if err := u.Validate(); err != nil {
				t.Errorf("%s: user %s: %v", size, u.Email, err)
			}
		}
		for _, r := range ds.Rates {
			if err := r.Validate(s.BaseCurrency); err != nil {
				t.Errorf("%s: rate %d: %v", size, r.ID, err)
			}
		}
		for _, orig := range ds.Vendors {
			v := *orig
			v.Normalize()
			if err := v.Validate(); err != nil {
				t.Errorf("%s: vendor %q: %v", size, v.Name, err)
			}
		}
		for _, orig := range ds.BudgetLines {
			b := *orig
			b.Normalize()
			if err := b.Validate(s.BaseCurrency); err != nil {
				t.Errorf("%s: budget line %s FY%d: %v", size, b.Code, b.FY, err)
			}
		}
		for _, orig := range ds.Contracts {
			c := *orig
			c.Normalize()
			if err := c.Validate(); err != nil {
				t.Errorf("%s: contract %d %q: %v", size, c.ID, c.Title, err)
			}
		}
		for _, orig := range ds.Licences {
			l := *orig
			l.Normalize()
			if err := l.Validate(); err != nil {
				t.Errorf("%s: licence %d %q: %v", size, l.ID, l.Product, err)
			}
			if l.ContractID != nil && ds.Contracts[*l.ContractID-1].VendorID != l.VendorID {
				t.Errorf("%s: licence %d under another vendor's contract", size, l.ID)
			}
		}
	}
}

// TestPagesHaveSomethingToShow checks the mix the pages are meant to show: key dates in
// the next 90 days and late ones, decisions, ended contracts, licences under 70 % and
// over-deployed, three fiscal years of budget with both kinds of quarterly split.
func TestPagesHaveSomethingToShow(t *testing.T) {
	for _, size := range sizes() {
		ds := generate(t, size)
		cal := ds.Settings.Calendar()
		var soon, late, decided, ended, auto, archived int
		for _, orig := range ds.Contracts {
			c := *orig // Derive fills fields; the shared large dataset stays as generated
			c.Derive(testToday, outlay.DefaultWindowDays)
			switch {
			case c.ArchivedAt != nil:
				archived++
			case c.DaysLeft >= 0 && c.DaysLeft <= 90:
				soon++
			case c.DaysLeft < 0 && c.Decision() != "renew" && c.Decision() != "cancel":
				late++
			}
			if c.Decision() != "" {
				decided++
			}
			if c.Status == "ended" || c.Status == "cancelled" {
				ended++
			}
			if c.RenewalType == "auto" {
				auto++
			}
		}
		n := len(ds.Contracts)
		if soon < n/10 || late == 0 || late > n/10 || decided == 0 || ended == 0 || archived == 0 || auto < n/2 {
			t.Errorf("%s: %d soon, %d late, %d decided, %d ended, %d archived, %d auto of %d contracts",
				size, soon, late, decided, ended, archived, auto, n)
		}
		var low, over, linked int
		for _, l := range ds.Licences {
			if l.LowUtilisation() {
				low++
			}
			if l.OverDeployed() {
				over++
			}
			if l.ContractID != nil {
				linked++
			}
		}
		if low == 0 || over == 0 || linked == 0 {
			t.Errorf("%s: licences %d under 70 %%, %d over-deployed, %d under a contract", size, low, over, linked)
		}
		fys := map[int]int{}
		var explicit int
		for _, b := range ds.BudgetLines {
			fys[b.FY]++
			if b.QuartersSet {
				explicit++
			}
		}
		cur := cal.Year(testToday)
		if len(fys) != 3 || fys[cur-1] != fys[cur] || fys[cur] != fys[cur+1] || explicit == 0 || explicit == len(ds.BudgetLines) {
			t.Errorf("%s: budget lines per year %v, %d with explicit quarters", size, fys, explicit)
		}
	}
}

func TestCalendarYearStart(t *testing.T) {
	ds, err := Generate(SizeSmall, testToday, fiscal.Calendar{StartMonth: time.January})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Settings.FYStartMonth != 1 || ds.BudgetLines[0].FY != 2025 || ds.BudgetLines[len(ds.BudgetLines)-1].FY != 2027 {
		t.Errorf("January start: month %d, years %d..%d", ds.Settings.FYStartMonth, ds.BudgetLines[0].FY, ds.BudgetLines[len(ds.BudgetLines)-1].FY)
	}
	if first := ds.Spend[0].Date; first.Before(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first entry %s before FY2025", outlay.FormatDate(first))
	}
	if len(ds.Spend) != 3000 {
		t.Errorf("%d entries", len(ds.Spend))
	}
}
