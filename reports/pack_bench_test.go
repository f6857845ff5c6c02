package reports_test

import (
	"archive/zip"
	"cmp"
	"compress/flate"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/figures"
	"outlay/internal/outlay"
	"outlay/reports"
)

// bigPack is a synthetic pack of a large organisation's quarter: spend spend rows over
// 140 budget lines in every category, and realistic other sheets (3,000 commitments,
// 600 vendors, 2,500 contracts, 400 renewals, 900 licences). Each line's actual is the
// sum of its counted spend, as the pack's contract says.
func bigPack(spend int) *outlay.FinancePack {
	p := testPack()
	p.Lines, p.Unbudgeted, p.Spend, p.Commitments = nil, nil, nil, nil
	categories := outlay.VendorCategories
	const lines = 140
	actual := map[string]int64{}
	codes := make([]string, lines)
	for i := range lines {
		codes[i] = fmt.Sprintf("%s-%03d", []string{"HW", "SW", "CL", "TE", "SV", "ST", "OT"}[i%7], i)
	}
	for i := range spend {
		code := codes[i%lines]
		e := &outlay.SpendEntry{ID: int64(i + 1), Date: p.From.AddDate(0, 0, i%90), VendorName: fmt.Sprintf("Vendor %d", i%600),
			Description: fmt.Sprintf("Monthly service, invoice %d of the quarter", i), InvoiceNumber: fmt.Sprintf("INV-%07d", i),
			PONumber: fmt.Sprintf("PO-%05d", i%5000), Amount: int64(10_000 + i%90_000), Currency: "EUR", FXRateMicros: 1_000_000,
			BaseAmount: int64(10_000 + i%90_000)}
		if i%5 == 0 {
			e.Currency, e.Amount, e.FXRateMicros = "USD", int64(11_000+i%90_000), 920_000
		}
		amount := e.BaseAmount
		actual[code] += amount
		p.Spend = append(p.Spend, outlay.PackCharge{SpendCharge: outlay.SpendCharge{Entry: e,
			Allocation: outlay.Allocation{BudgetLineCode: code, BudgetLineName: "Line " + code, Amount: amount},
			CostCentre: "CC-" + code[:2], GLAccount: "6100", ContractReference: fmt.Sprintf("C-%04d", i%2500)}, Counted: amount})
	}
	var totals figures.Figures
	for i, code := range codes {
		annual := int64(4_000_000 + 10_000*i)
		f := figures.Figures{AnnualPlan: annual, Planned: annual / 4, Actual: actual[code], YTDPlanned: annual / 2,
			YTDActual: 2 * actual[code], Forecast: annual - 50_000}
		f.Variance, f.ForecastVariance = f.Planned-f.Actual, f.AnnualPlan-f.Forecast
		totals, _ = totals.Add(f)
		p.Lines = append(p.Lines, outlay.BudgetLineFigures{Line: &outlay.BudgetLine{FY: p.FY, Code: code, Name: "Line " + code,
			Category: categories[i%len(categories)], ExpenseType: "opex", CostCentre: "CC-" + code[:2], GLAccount: "6100",
			OwnerEmail: "owner@example.com", Planned: annual, Justification: "Keeps the lights on for the teams that use it."},
			LineFigures: outlay.LineFigures{Code: code, Figures: f}})
	}
	// The lines come in category then code order, as the pack's contract says.
	sortLines(p.Lines)
	p.Totals = outlay.BudgetLineTotals{Lines: lines, Figures: totals}
	for i := range 3000 {
		p.Commitments = append(p.Commitments, outlay.PackCommitment{BudgetLineCode: codes[i%lines], BudgetLineName: "Line", ContractID: int64(i%2500 + 1),
			ContractTitle: "Contract", VendorName: "Vendor", Due: p.From.AddDate(0, i%9, 0), PeriodFrom: p.From, PeriodTo: p.To,
			Amount: 100_000, Currency: "EUR", BaseAmount: 100_000, BaseKnown: true, Overdue: i%9 == 0})
	}
	v := p.Vendors[0]
	p.Vendors = nil
	for i := range 600 {
		vv := *v.Vendor
		vv.ID, vv.Name = int64(i+1), fmt.Sprintf("Vendor %d", i)
		p.Vendors = append(p.Vendors, outlay.PackVendor{Vendor: &vv, QuarterSpend: int64(i * 1000), YTDSpend: int64(i * 3000), ActiveContracts: i % 5,
			NextKeyDate: v.NextKeyDate, NextKeyWhat: v.NextKeyWhat})
	}
	c, l := p.Contracts[0], p.Licences[0]
	p.Contracts, p.Licences = nil, nil
	for i := range 2500 {
		cc := *c.Contract
		cc.ID = int64(i + 1)
		p.Contracts = append(p.Contracts, outlay.PackContract{Contract: &cc, AnnualValue: c.AnnualValue, AnnualKnown: true})
	}
	r := p.Renewals[0]
	p.Renewals = nil
	for range 400 {
		p.Renewals = append(p.Renewals, r)
	}
	for i := range 900 {
		ll := *l.Licence
		ll.ID = int64(i + 1)
		p.Licences = append(p.Licences, outlay.PackLicence{Licence: &ll, UnusedCostBase: l.UnusedCostBase, Converted: true})
	}
	return p
}

func sortLines(ls []outlay.BudgetLineFigures) {
	slices.SortFunc(ls, func(a, b outlay.BudgetLineFigures) int {
		return cmp.Or(strings.Compare(a.Line.Category, b.Line.Category), strings.Compare(a.Line.Code, b.Line.Code))
	})
}

// floorWrite writes the same rows with a bare StreamWriter: one sheet each, no styles,
// no formulas, no tables, excelize's own Write. It is what writing the pack's cells
// costs at the least. With fastZip the archive is deflated at the fastest level, as the
// pack's is, so the two compare what the cells cost apart from compression.
func floorWrite(w io.Writer, p *outlay.FinancePack, fastZip bool) error {
	f := excelize.NewFile()
	defer f.Close()
	if fastZip {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return flate.NewWriter(out, flate.BestSpeed) })
		f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
		w = io.Discard
	}
	sheet := func(name string, first bool, n int, row func(i int) []any) error {
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for i := range n {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := sw.SetRow(cell, row(i)); err != nil {
				return err
			}
		}
		return sw.Flush()
	}
	units := func(a int64) float64 { return float64(a) / 100 }
	steps := []error{
		sheet("Summary", true, len(p.Lines), func(i int) []any {
			l := p.Lines[i]
			fg := l.Figures
			return []any{l.Line.Code, l.Line.Name, l.Line.Category, l.Line.ExpenseType, l.Line.CostCentre, l.Line.GLAccount, l.Line.OwnerEmail,
				units(fg.AnnualPlan), units(fg.Planned), units(fg.Actual), units(fg.Variance), 0.1, units(fg.YTDPlanned), units(fg.YTDActual),
				units(fg.Committed), units(fg.Overdue), units(fg.Forecast), units(fg.ForecastVariance), l.Line.Justification}
		}),
		sheet("Spend", false, len(p.Spend), func(i int) []any {
			ch := p.Spend[i]
			e := ch.Entry
			return []any{e.ID, e.Date, e.VendorName, e.Description, e.InvoiceNumber, e.PONumber, ch.Allocation.BudgetLineCode,
				ch.Allocation.BudgetLineName, ch.CostCentre, ch.GLAccount, "FY2027", "Q2", ch.ContractReference, units(e.Amount), e.Currency,
				float64(e.FXRateMicros) / 1e6, units(e.BaseAmount), units(ch.Allocation.Amount), nil, nil, units(ch.Counted)}
		}),
		sheet("Commitments", false, len(p.Commitments), func(i int) []any {
			c := p.Commitments[i]
			return []any{c.BudgetLineCode, c.BudgetLineName, c.ContractID, c.ContractTitle, c.Reference, c.VendorName, c.Due, c.PeriodFrom,
				c.PeriodTo, units(c.Amount), c.Currency, units(c.BaseAmount), c.Overdue}
		}),
		sheet("Vendors", false, len(p.Vendors), func(i int) []any {
			v := p.Vendors[i]
			return []any{v.Vendor.ID, v.Vendor.Name, v.Vendor.Category, v.Vendor.Status, v.Vendor.Criticality, units(v.QuarterSpend),
				units(v.YTDSpend), v.ActiveContracts, v.NextKeyDate, v.NextKeyWhat, v.Vendor.ContactName, v.Vendor.ContactEmail, v.Vendor.ContactPhone}
		}),
		sheet("Contracts", false, len(p.Contracts), func(i int) []any {
			c := p.Contracts[i].Contract
			t := c.CurrentTerm()
			return []any{c.ID, c.Title, c.Reference, c.VendorName, c.Kind, c.OwnerEmail, c.RenewalType, t.StartDate, t.EndDate, t.Billing,
				units(t.Price), c.Currency, units(p.Contracts[i].AnnualValue), c.RenewsOn, c.CancelBy, c.KeyDate, c.Status, "", c.BudgetLineCode}
		}),
		sheet("Renewals", false, len(p.Renewals), func(i int) []any {
			r := p.Renewals[i]
			return []any{r.Date, r.What, r.Title, r.VendorName, r.ContractID, r.LicenceID, r.RenewalType, r.Decision, r.OwnerEmail, r.DaysLeft,
				r.Status, units(r.Price), r.Currency, units(r.AnnualValue)}
		}),
		sheet("Licences", false, len(p.Licences), func(i int) []any {
			l := p.Licences[i].Licence
			return []any{l.ID, l.Product, l.VendorName, l.ContractTitle, l.Kind, l.SeatsPurchased, l.SeatsAssigned, l.UnusedSeats(), 0.8,
				units(l.UnitPrice), l.Currency, l.Billing, units(l.ShelfwareCost()), units(p.Licences[i].UnusedCostBase), l.StartDate,
				l.ExpiryDate, l.OwnerEmail, l.BudgetLineCode}
		}),
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	return f.Write(w)
}

// peakHeap samples the heap in use while fn runs, for the "peak memory" figure.
func peakHeap(fn func()) uint64 {
	var peak atomic.Uint64
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	})
	fn()
	sample()
	close(done)
	wg.Wait()
	return peak.Load()
}

// BenchmarkQuarterlyPackWrite writes the pack of 60,000 spend rows, and the floor: the
// same rows through a bare StreamWriter (floor-fastzip: deflated as fast as the pack
// is). Goal: the pack within 1.5× the floor, its peak heap within 200 MB.
func BenchmarkQuarterlyPackWrite(b *testing.B) {
	p := bigPack(60_000)
	for _, c := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"pack", func(w io.Writer) error { return reports.QuarterlyPack(w, p, reports.PackOptions{}) }},
		{"floor", func(w io.Writer) error { return floorWrite(w, p, false) }},
		{"floor-fastzip", func(w io.Writer) error { return floorWrite(w, p, true) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				runtime.GC()
				peak = max(peak, peakHeap(func() {
					if err := c.write(io.Discard); err != nil {
						b.Fatal(err)
					}
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
