package reports

import (
	"fmt"
	"io"
	"time"

	"outlay/internal/fiscal"
	"outlay/internal/outlay"
)

// PackOptions tune QuarterlyPack. Progress, when set, is told each sheet as it is
// written and its rows.
type PackOptions struct{ Progress func(sheet string, rows int) }

// PackFileName is the pack's file name: "outlay-FY2027-Q2.xlsx".
func PackFileName(fy, quarter int) string { return fmt.Sprintf("outlay-FY%d-Q%d.xlsx", fy, quarter) }

// The pack's sheets, in the order they appear.
const (
	sheetAbout       = "About"
	sheetSummary     = "Summary"
	sheetSpend       = "Spend"
	sheetCommitments = "Commitments"
	sheetVendors     = "Vendors"
	sheetContracts   = "Contracts"
	sheetRenewals    = "Renewals"
	sheetLicences    = "Licences"
)

// QuarterlyPack writes the quarterly finance pack of p to w: About (what the pack is and
// how each figure is built), Summary (the budget lines by category with subtotals, the
// unbudgeted codes and a grand total, a chart by category), and the sheets every
// figure comes from: Spend (each allocation counted in the quarter), Commitments,
// Vendors, Contracts, Renewals and Licences. The Summary's quarter actuals and
// commitments are SUMIFS over those sheets, and its variances, subtotals and totals
// formulas, each with its cached value, so the file shows Outlay's figures as it opens
// and follows any edit. Every sheet of rows is a table with a frozen header.
func QuarterlyPack(w io.Writer, p *outlay.FinancePack, opts PackOptions) error {
	progress := opts.Progress
	if progress == nil {
		progress = func(string, int) {}
	}
	wb, err := newWorkbook(Meta{OrgName: p.OrgName, Title: fmt.Sprintf("Quarterly finance pack FY%d Q%d", p.FY, p.Quarter),
		GeneratedAt: p.GeneratedAt, GeneratedBy: p.GeneratedBy})
	if err != nil {
		return err
	}
	defer wb.close()
	pk := &pack{p: p, wb: wb, cal: fiscal.Calendar{StartMonth: p.YearFrom.Month()}}
	for _, s := range []struct {
		name  string
		write func() (int, error)
	}{
		{sheetAbout, pk.about}, {sheetSummary, pk.summary}, {sheetSpend, pk.spend},
		{sheetCommitments, pk.commitments}, {sheetVendors, pk.vendors}, {sheetContracts, pk.contracts},
		{sheetRenewals, pk.renewals}, {sheetLicences, pk.licences},
	} {
		rows, err := s.write()
		if err != nil {
			return fmt.Errorf("reports: the %s sheet: %w", s.name, err)
		}
		progress(s.name, rows)
	}
	return wb.finish(w)
}

// pack is the pack being written.
type pack struct {
	p   *outlay.FinancePack
	wb  *workbook
	cal fiscal.Calendar
}

// base is an amount in the base currency.
func (pk *pack) base(amount int64) moneyCell { return moneyCell{amount, pk.p.Base} }

// baseIf is an amount in the base currency when it is known, nothing otherwise.
func (pk *pack) baseIf(amount int64, known bool) any {
	if !known {
		return nil
	}
	return pk.base(amount)
}

// inBase names a column of amounts in the base currency: "Counted in quarter (EUR)".
func (pk *pack) inBase(name string) string { return name + " (" + pk.p.Base + ")" }

// head is the title block of a sheet: the pack's title with the sheet's, the quarter
// and its basis, and what the sheet holds.
func (pk *pack) head(title, about string) []string {
	p := pk.p
	t := fmt.Sprintf("%s · FY%d Q%d", title, p.FY, p.Quarter)
	if p.OrgName != "" {
		t = p.OrgName + " · " + t
	}
	return []string{t,
		fmt.Sprintf("%s to %s · %s basis · amounts in %s · generated %s UTC by %s", isoDay(p.From), isoDay(p.To), p.Basis, p.Base,
			p.GeneratedAt.UTC().Format("2006-01-02 15:04"), p.GeneratedBy),
		about,
	}
}

// rowsOf is the data rows a sheet of n rows takes, first and last; a sheet without rows
// gets its first row, empty, so that formulas over it still have a range to sum.
func rowsOf(spec sheetSpec, n int) (first, last int) {
	first = spec.headerRow() + 1
	return first, first + max(n, 1) - 1
}

// isoDay is a date as the pack writes it in text.
func isoDay(t time.Time) string { return t.Format("2006-01-02") }
