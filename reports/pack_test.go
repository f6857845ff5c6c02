package reports_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
	"outlay/reports"
)

var packSheets = []string{"About", "Summary", "Spend", "Commitments", "Vendors", "Contracts", "Renewals", "Licences"}

// writePack writes p and opens the workbook again.
func writePack(t *testing.T, p *outlay.FinancePack) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.QuarterlyPack(&buf, p, reports.PackOptions{}); err != nil {
		t.Fatal(err)
	}
	return open(t, buf.Bytes()), buf.Bytes()
}

// packSheet reads one sheet of a pack by its headers (row 5) and first column.
type packSheet struct {
	t     *testing.T
	f     *excelize.File
	name  string
	rows  [][]string
	heads []string
}

func readSheet(t *testing.T, f *excelize.File, name string) *packSheet {
	t.Helper()
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 5 {
		t.Fatalf("%s has %d rows", name, len(rows))
	}
	return &packSheet{t: t, f: f, name: name, rows: rows, heads: rows[4]}
}

// cell is the name of the cell in the column with header h on the row whose first cell
// is key.
func (s *packSheet) cell(key, h string) string {
	s.t.Helper()
	col := slices.Index(s.heads, h)
	if col < 0 {
		s.t.Fatalf("%s has no column %q (headers %q)", s.name, h, s.heads)
	}
	for i, r := range s.rows {
		if i >= 5 && len(r) > 0 && r[0] == key {
			name, _ := excelize.CoordinatesToCellName(col+1, i+1)
			return name
		}
	}
	s.t.Fatalf("%s has no row %q", s.name, key)
	return ""
}

func (s *packSheet) raw(cell string) string {
	v, _ := s.f.GetCellValue(s.name, cell, excelize.Options{RawCellValue: true})
	return v
}

// number is a cell's raw value as a number; "" is not one.
func (s *packSheet) number(cell string) float64 {
	s.t.Helper()
	v, err := strconv.ParseFloat(s.raw(cell), 64)
	if err != nil {
		s.t.Fatalf("%s!%s = %q, not a number", s.name, cell, s.raw(cell))
	}
	return v
}

// cents compares an amount to the cent.
func sameCents(a, b float64) bool { return math.Abs(a-b) < 0.005 }

func TestQuarterlyPackSheetsAndProgress(t *testing.T) {
	var got []string
	var buf bytes.Buffer
	err := reports.QuarterlyPack(&buf, testPack(), reports.PackOptions{Progress: func(sheet string, rows int) {
		got = append(got, sheet+":"+strconv.Itoa(rows))
	}})
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, buf.Bytes())
	if list := f.GetSheetList(); !slices.Equal(list, packSheets) {
		t.Errorf("sheets %q, want %q", list, packSheets)
	}
	want := []string{"About:2", "Summary:4", "Spend:5", "Commitments:4", "Vendors:1", "Contracts:1", "Renewals:1", "Licences:1"}
	if !slices.Equal(got, want) {
		t.Errorf("progress %q, want %q", got, want)
	}
	if name := reports.PackFileName(2027, 2); name != "outlay-FY2027-Q2.xlsx" {
		t.Errorf("file name %q", name)
	}
}

// summaryMoneyHeads are the Summary's amount columns, in the order of summaryWant's
// values.
var summaryMoneyHeads = []string{"Annual plan", "Quarter plan", "Quarter actual", "Quarter variance", "YTD plan", "YTD actual",
	"Committed rest of year", "Of which overdue, not invoiced", "Forecast", "Forecast variance"}

// summaryWant is testPack's Summary worked out by hand, in euros, by the first cell of
// each row.
var summaryWant = map[string][]float64{
	"INF-CDN":             {1000, 250, 400, -150, 500, 600, 0, 0, 900, 100},
	"INF-CLOUD":           {12000, 3000, 1500, 1500, 6000, 4000, 530, 500, 13000, -1000},
	"Subtotal cloud":      {13000, 3250, 1900, 1350, 6500, 4600, 530, 500, 13900, -900},
	"SW-LIC":              {4000, 0, 3.70, -3.70, 2000, 1003.70, 60, 0, 3500, 500},
	"Subtotal software":   {4000, 0, 3.70, -3.70, 2000, 1003.70, 60, 0, 3500, 500},
	"MISC-X":              {0, 0, 250, -250, 0, 250, 0, 0, 250, -250},
	"Subtotal unbudgeted": {0, 0, 250, -250, 0, 250, 0, 0, 250, -250},
	"Total":               {17000, 3250, 2153.70, 1096.30, 8500, 5853.70, 590, 500, 17650, -650},
}

// The Summary's figures, cached and recalculated, are the pack's to the cent; the
// quarter actual is a SUMIFS over Spend and equals the line's actual.
func TestQuarterlyPackSummaryFigures(t *testing.T) {
	p := testPack()
	f, _ := writePack(t, p)
	s := readSheet(t, f, "Summary")
	heads := summaryMoneyHeads
	for key, values := range summaryWant {
		for i, h := range heads {
			cell := s.cell(key, h)
			if got := s.number(cell); !sameCents(got, values[i]) {
				t.Errorf("%s %s (%s) cached %v, want %v", key, h, cell, got, values[i])
			}
			calc, err := f.CalcCellValue("Summary", cell, excelize.Options{RawCellValue: true})
			if fm, _ := f.GetCellFormula("Summary", cell); fm != "" {
				got, perr := strconv.ParseFloat(calc, 64)
				if err != nil || perr != nil || !sameCents(got, values[i]) {
					t.Errorf("%s %s (%s) =%s recalculates to %q (%v), want %v", key, h, cell, fm, calc, err, values[i])
				}
			}
		}
	}
	// The actual is traced to Spend, and it is the line's own figure.
	for _, l := range p.Lines {
		cell := s.cell(l.Code, "Quarter actual")
		fm, _ := f.GetCellFormula("Summary", cell)
		if !strings.HasPrefix(fm, "SUMIFS('Spend'!") {
			t.Errorf("%s quarter actual is %q, want a SUMIFS over Spend", l.Code, fm)
		}
		calc, _ := f.CalcCellValue("Summary", cell, excelize.Options{RawCellValue: true})
		if got, _ := strconv.ParseFloat(calc, 64); !sameCents(got, float64(l.Figures.Actual)/100) {
			t.Errorf("%s SUMIFS gives %q, the line's actual is %d", l.Code, calc, l.Figures.Actual)
		}
	}
	// The grand total is the pack's totals.
	tot := p.Totals.Figures
	for h, v := range map[string]int64{"Annual plan": tot.AnnualPlan, "Quarter actual": tot.Actual, "Forecast": tot.Forecast,
		"Quarter variance": tot.Variance, "Forecast variance": tot.ForecastVariance, "YTD actual": tot.YTDActual} {
		if got := s.number(s.cell("Total", h)); !sameCents(got, float64(v)/100) {
			t.Errorf("Total %s = %v, the pack's total is %d", h, got, v)
		}
	}
	// Variance %: variance over plan, empty without a plan.
	if got := s.number(s.cell("INF-CLOUD", "Variance %")); math.Abs(got-0.5) > 1e-9 {
		t.Errorf("INF-CLOUD variance %% = %v, want 0.5", got)
	}
	if got := s.raw(s.cell("SW-LIC", "Variance %")); got != "" {
		t.Errorf("SW-LIC has no Q2 plan, variance %% = %q, want empty", got)
	}
	if fm, _ := f.GetCellFormula("Summary", s.cell("SW-LIC", "Variance %")); !strings.HasPrefix(fm, "IF(") {
		t.Errorf("variance %% formula %q", fm)
	}
	// The text columns and the grouping.
	for cell, want := range map[string]string{
		s.cell("INF-CLOUD", "Name"): "Cloud hosting", s.cell("INF-CLOUD", "Category"): "Cloud", s.cell("SW-LIC", "CapEx/OpEx"): "CapEx",
		s.cell("INF-CLOUD", "CapEx/OpEx"): "OpEx", s.cell("INF-CLOUD", "Owner"): "ann@example.com", s.cell("MISC-X", "Category"): "Unbudgeted",
		s.cell("INF-CLOUD", "Cost centre"): "CC-INF", s.cell("INF-CLOUD", "Justification"): "Production hosting",
	} {
		if got := s.raw(cell); got != want {
			t.Errorf("Summary!%s = %q, want %q", cell, got, want)
		}
	}
	order := []string{}
	for _, r := range s.rows[5:] {
		if len(r) > 0 && r[0] != "" {
			order = append(order, r[0])
		}
		if len(r) > 0 && r[0] == "Total" {
			break
		}
	}
	if want := []string{"INF-CDN", "INF-CLOUD", "Subtotal cloud", "SW-LIC", "Subtotal software", "MISC-X", "Subtotal unbudgeted", "Total"}; !slices.Equal(order, want) {
		t.Errorf("Summary rows %q, want %q", order, want)
	}
	// Money cells carry the base currency's format.
	checkFormat(t, f, "Summary", s.cell("INF-CLOUD", "Quarter actual"), "#,##0.00;[Red]-#,##0.00")
	checkFormat(t, f, "Summary", s.cell("INF-CLOUD", "Variance %"), "0.0%")
}

// Every formula of every sheet recalculates, with excelize's own engine, to the value
// cached in the file.
func TestQuarterlyPackFormulasRecalculateToTheirCachedValues(t *testing.T) {
	f, _ := writePack(t, testPack())
	formulas := 0
	for _, sheet := range packSheets {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				fm, _ := f.GetCellFormula(sheet, cell)
				if fm == "" {
					continue
				}
				formulas++
				cached, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
				calc, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Errorf("%s!%s =%s: %v", sheet, cell, fm, err)
					continue
				}
				if !sameValue(cached, calc) {
					t.Errorf("%s!%s =%s caches %q but recalculates to %q", sheet, cell, fm, cached, calc)
				}
			}
		}
	}
	// 7 Summary rows of 6 formulas (actual, committed, overdue or the subtotals' sums of
	// 8 columns, and the three derived), plus the category block and the sheets' totals.
	if formulas < 60 {
		t.Errorf("only %d formulas found", formulas)
	}
}

// sameValue compares a cached and a recalculated value: numbers to 1e-9, text exactly.
func sameValue(a, b string) bool {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	if errA != nil || errB != nil {
		return a == b
	}
	return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(x))
}

func checkFormat(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != want {
		var got any = "none"
		if st != nil && st.CustomNumFmt != nil {
			got = *st.CustomNumFmt
		}
		t.Errorf("%s!%s has number format %v, want %q", sheet, cell, got, want)
	}
}

// Amounts are numbers in their currency's decimals, dates are dates, and Spend's
// counted amounts add up per code to the Summary's actuals.
func TestQuarterlyPackCellsAreNumbersAndDates(t *testing.T) {
	f, _ := writePack(t, testPack())
	spend := readSheet(t, f, "Spend")
	// Entry 2 is JPY without decimals, entry 3 KWD with three.
	for _, c := range []struct{ entry, raw, shown, format string }{
		{"2", "150000", "150,000", "#,##0;[Red]-#,##0"},
		{"3", "1.234", "1.234", "#,##0.000;[Red]-#,##0.000"},
	} {
		cell := spend.cell(c.entry, "Amount")
		if typ, _ := f.GetCellType("Spend", cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("entry %s amount is of type %v", c.entry, typ)
		}
		if got := spend.raw(cell); got != c.raw {
			t.Errorf("entry %s amount raw %q, want %q", c.entry, got, c.raw)
		}
		if got, _ := f.GetCellValue("Spend", cell); got != c.shown {
			t.Errorf("entry %s amount shows %q, want %q", c.entry, got, c.shown)
		}
		checkFormat(t, f, "Spend", cell, c.format)
	}
	if got := spend.raw(spend.cell("2", "Counted in quarter (EUR)")); got != "900" {
		t.Errorf("JPY entry counted %q, want 900", got)
	}
	if got := spend.raw(spend.cell("3", "Rate")); got != "3" {
		t.Errorf("KWD rate %q", got)
	}
	date := spend.cell("2", "Service from")
	if shown, _ := f.GetCellValue("Spend", date); shown != "2026-08-01" || spend.raw(date) != "46235" {
		t.Errorf("service from shows %q raw %q, want the date 2026-08-01 (serial 46235)", shown, spend.raw(date))
	}
	if got := spend.raw(spend.cell("2", "Fiscal year")) + " " + spend.raw(spend.cell("2", "Quarter")); got != "FY2027 Q2" {
		t.Errorf("fiscal year and quarter %q", got)
	}
	// The split entry has its two allocations.
	n := 0
	for _, r := range spend.rows[5:] {
		if len(r) > 0 && r[0] == "1" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("entry 1 has %d rows, want its 2 allocations", n)
	}
	if got := spend.number(spend.cell("Total", "Counted in quarter (EUR)")); !sameCents(got, 2153.70) {
		t.Errorf("Spend total counted %v", got)
	}

	com := readSheet(t, f, "Commitments")
	if got := com.raw(cellOnRow(t, com, 6, "Amount")); got != "100" {
		t.Errorf("USD commitment amount %q", got)
	}
	if got := com.raw(cellOnRow(t, com, 6, "Base amount (EUR)")); got != "" {
		t.Errorf("a commitment without a rate has base amount %q, want empty", got)
	}
	if got := com.raw(cellOnRow(t, com, 7, "Overdue")); got != "yes" {
		t.Errorf("the overdue commitment says %q", got)
	}
	checkFormat(t, f, "Commitments", cellOnRow(t, com, 8, "Amount"), "#,##0.000;[Red]-#,##0.000")

	con := readSheet(t, f, "Contracts")
	if got := con.number(con.cell("21", "Annual value (EUR)")); got != 1104 {
		t.Errorf("annual value %v, want 1104", got)
	}
	if got := con.number(con.cell("21", "Term price")); got != 2400 {
		t.Errorf("term price %v", got)
	}
	lic := readSheet(t, f, "Licences")
	for h, want := range map[string]string{"Unused seats": "10", "Utilisation": "0.8", "Unused cost": "125", "Unused cost (EUR)": "115"} {
		if got := lic.raw(lic.cell("31", h)); got != want {
			t.Errorf("licence %s = %q, want %q", h, got, want)
		}
	}
	ven := readSheet(t, f, "Vendors")
	if got := ven.number(ven.cell("11", "Spend in quarter (EUR)")); got != 1000 {
		t.Errorf("vendor quarter spend %v", got)
	}
	ren := readSheet(t, f, "Renewals")
	if shown, _ := f.GetCellValue("Renewals", "A6"); shown != "2027-01-15" || ren.raw("B6") != "Licence expires" {
		t.Errorf("renewal row: %q %q", shown, ren.raw("B6"))
	}
	about := readSheetFree(t, f, "About")
	for _, want := range []string{"Acme Corp", "FY2027", "Q2", "Cash: on the cash basis each entry counts in full on its date", "EUR",
		"finance@example.com", "2026-10-05 09:30", "JPY", "KWD", "Quarter actual", "Committed rest of year"} {
		if !strings.Contains(about, "|"+want+"|") {
			t.Errorf("About does not say %q:\n%s", want, about)
		}
	}
}

func cellOnRow(t *testing.T, s *packSheet, row int, h string) string {
	t.Helper()
	col := slices.Index(s.heads, h)
	if col < 0 {
		t.Fatalf("%s has no column %q", s.name, h)
	}
	name, _ := excelize.CoordinatesToCellName(col+1, row)
	return name
}

// readSheetFree is a sheet's cells as "|a|b|" lines, for sheets that are not tables.
func readSheetFree(t *testing.T, f *excelize.File, name string) string {
	t.Helper()
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("|" + strings.Join(r, "|") + "|\n")
	}
	return b.String()
}

// Text that starts like a formula is written as typed: text, with quotePrefix, never a
// formula, no apostrophe; plain text has no quotePrefix.
func TestQuarterlyPackFormulaLikeTextStaysText(t *testing.T) {
	f, _ := writePack(t, testPack())
	spend := readSheet(t, f, "Spend")
	checkQuotedText(t, f, "Spend", spend.cell("1", "Description"), injectDescription)
	checkQuotedText(t, f, "Spend", spend.cell("1", "Invoice"), injectInvoice)
	checkQuotedText(t, f, "Spend", spend.cell("2", "PO"), injectReference)
	checkQuotedText(t, f, "Spend", spend.cell("3", "Description"), injectTab)
	checkQuotedText(t, f, "Spend", spend.cell("3", "PO"), injectCR)
	ven := readSheet(t, f, "Vendors")
	checkQuotedText(t, f, "Vendors", ven.cell("11", "Phone"), injectPhone)
	if shown, _ := f.GetCellValue("Vendors", ven.cell("11", "Phone")); shown != injectPhone {
		t.Errorf("the phone number shows %q", shown)
	}
	con := readSheet(t, f, "Contracts")
	checkQuotedText(t, f, "Contracts", con.cell("21", "Reference"), injectReference)
	sum := readSheet(t, f, "Summary")
	checkQuotedText(t, f, "Summary", sum.cell("SW-LIC", "Justification"), injectJustify)
	if quotePrefix(t, f, "Spend", spend.cell("2", "Description")) {
		t.Error("plain text got quotePrefix")
	}
}

// Every sheet of rows is a table with a frozen header, prints landscape fitted to the
// page's width with its header row on every page; the Summary highlights over-budget
// variances and has its chart.
func TestQuarterlyPackLayout(t *testing.T) {
	f, file := writePack(t, testPack())
	names := f.GetDefinedName()
	for i, sheet := range packSheets {
		layout, err := f.GetPageLayout(sheet)
		if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 ||
			layout.FitToHeight == nil || *layout.FitToHeight != 0 {
			t.Errorf("%s page layout %+v %v", sheet, layout, err)
		}
		props, _ := f.GetSheetProps(sheet)
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s is not fitted to the page", sheet)
		}
		if sheet == "About" {
			continue
		}
		tables, err := f.GetTables(sheet)
		if err != nil || len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A5:") {
			t.Errorf("%s tables %+v %v", sheet, tables, err)
		}
		// The header row is tall enough for its wrapped headers.
		if h, _ := f.GetRowHeight(sheet, 5); sheet == "Summary" && h != 45 {
			t.Errorf("Summary's header row is %v points tall, want 45 for its three-line header", h)
		}
		panes, _ := f.GetPanes(sheet)
		if !panes.Freeze || panes.YSplit != 5 {
			t.Errorf("%s panes %+v", sheet, panes)
		}
		found := false
		for _, dn := range names {
			if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet {
				found = true
				if dn.RefersTo != "'"+sheet+"'!$5:$5" {
					t.Errorf("%s print titles %q", sheet, dn.RefersTo)
				}
			}
		}
		if !found {
			t.Errorf("%s (sheet %d) repeats no header row when printed: %+v", sheet, i, names)
		}
	}
	formats, err := f.GetConditionalFormats("Summary")
	if err != nil {
		t.Fatal(err)
	}
	s := readSheet(t, f, "Summary")
	total := strings.TrimLeft(s.cell("Total", "Code"), "A")
	for _, h := range []string{"Quarter variance", "Forecast variance"} {
		col := strings.TrimRight(s.cell("Total", h), "0123456789")
		ref := col + "6:" + col + total
		rules, ok := formats[ref]
		if !ok || len(rules) != 1 || rules[0].Type != "cell" || rules[0].Criteria != "less than" || rules[0].Value != "0" {
			t.Errorf("%s over-budget highlight %s: %+v (all %v)", h, ref, rules, formats)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	var chart string
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			chart = strings.ReplaceAll(string(b), "&#39;", "'")
		}
	}
	if !strings.Contains(chart, "<barChart>") || !strings.Contains(chart, `<barDir val="col"`) || !strings.Contains(chart, `<grouping val="clustered"`) ||
		!strings.Contains(chart, "<f>'Summary'!$A$17:$A$19</f>") || !strings.Contains(chart, `<varyColors val="0">`) || strings.Count(chart, "<ser>") != 3 {
		t.Errorf("no clustered column chart of three series over the Summary: %.600s", chart)
	}
	// The chart's categories are the groups, with their figures.
	about := readSheetFree(t, f, "Summary")
	for _, want := range []string{"|Category|Annual plan|YTD actual|Forecast|", "|Cloud|13000|4600|13900|", "|Unbudgeted|0|250|250|"} {
		if !strings.Contains(about, want) {
			t.Errorf("the chart's figures lack %q", want)
		}
	}
}

// failingWriter fails once the archive has started, after checking that the sheets
// went through a temporary file, so the test proves the cleanup.
type failingWriter struct {
	t        *testing.T
	dir      string
	sawTemp  bool
	attempts int
}

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	w.attempts++
	names, _ := os.ReadDir(w.dir)
	for _, n := range names {
		if strings.HasPrefix(n.Name(), "outlay-rows-") {
			w.sawTemp = true
		}
	}
	return 0, errDiskFull
}

// A write that fails half-way leaves no temporary file behind (the sheets' rows kept
// aside), nor does a pack that was written.
func TestQuarterlyPackLeavesNoTemporaryFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 40,000 spend rows")
	}
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	if os.TempDir() != dir {
		t.Fatalf("os.TempDir() = %q", os.TempDir())
	}
	p := bigPack(40_000)
	w := &failingWriter{t: t, dir: dir}
	if err := reports.QuarterlyPack(w, p, reports.PackOptions{}); !errors.Is(err, errDiskFull) {
		t.Fatalf("a failing writer gave %v", err)
	}
	if !w.sawTemp {
		t.Fatal("the Spend sheet never reached a temporary file: the test proves nothing")
	}
	left := func(when string) {
		t.Helper()
		if names, _ := os.ReadDir(dir); len(names) != 0 {
			t.Errorf("%s: %s left in the temporary folder", when, names[0].Name())
		}
	}
	left("after the writer failed")
	if err := reports.QuarterlyPack(io.Discard, p, reports.PackOptions{}); err != nil {
		t.Fatal(err)
	}
	left("after a pack was written")
}

// A quarter with nothing in it (a new organisation) is still a whole pack: every sheet,
// a Summary total of zero, no chart.
func TestQuarterlyPackOfAnEmptyQuarter(t *testing.T) {
	p := testPack()
	p.Lines, p.Unbudgeted, p.Totals, p.Rates = nil, nil, outlay.BudgetLineTotals{}, nil
	p.Spend, p.Commitments, p.Vendors, p.Contracts, p.Renewals, p.Licences = nil, nil, nil, nil, nil, nil
	f, file := writePack(t, p)
	if list := f.GetSheetList(); !slices.Equal(list, packSheets) {
		t.Errorf("sheets %q", list)
	}
	s := readSheet(t, f, "Summary")
	for _, h := range summaryMoneyHeads {
		cell := s.cell("Total", h)
		if got := s.number(cell); got != 0 {
			t.Errorf("empty total %s = %v", h, got)
		}
		if calc, err := f.CalcCellValue("Summary", cell, excelize.Options{RawCellValue: true}); err != nil || (calc != "0" && calc != "") {
			t.Errorf("empty total %s recalculates to %q (%v)", h, calc, err)
		}
	}
	if bytes.Contains(file, []byte("xl/charts/chart")) {
		t.Error("an empty Summary has a chart of nothing")
	}
	if about := readSheetFree(t, f, "About"); !strings.Contains(about, "None: every amount of the quarter was in EUR.") {
		t.Errorf("About without rates:\n%s", about)
	}
}
