package importer

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/reports"
)

// export writes kind's list export of e's database, as the list pages do.
func (e *env) export(kind outlay.ImportKind) []byte {
	e.t.Helper()
	var buf bytes.Buffer
	meta := reports.Meta{GeneratedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), GeneratedBy: "ed@example.com"}
	var err error
	switch kind {
	case outlay.ImportVendors:
		vs, _, ferr := e.db.FindVendors(e.ctx, outlay.VendorFilter{Archived: true})
		if ferr != nil {
			e.t.Fatal(ferr)
		}
		err = reports.VendorRegister(&buf, meta, vs)
	case outlay.ImportContracts:
		err = reports.ContractRegister(&buf, meta, func(fn func(*outlay.Contract) error) error {
			return e.db.EachContract(e.ctx, outlay.ContractFilter{}, fn)
		})
	case outlay.ImportLicences:
		ls, _, ferr := e.db.FindLicences(e.ctx, outlay.LicenceFilter{})
		if ferr != nil {
			e.t.Fatal(ferr)
		}
		err = reports.LicenceRegister(&buf, meta, ls)
	case outlay.ImportBudgetLines:
		ls, _, ferr := e.db.FindBudgetLines(e.ctx, outlay.BudgetLineFilter{FY: 2027})
		if ferr != nil {
			e.t.Fatal(ferr)
		}
		sheet := reports.BudgetSheet{Currency: "EUR"}
		for _, l := range ls {
			sheet.Lines = append(sheet.Lines, outlay.BudgetLineFigures{Line: l})
		}
		sheet.Unbudgeted = []outlay.LineFigures{{Code: "OLD-CODE"}}
		err = reports.BudgetRegister(&buf, meta, sheet)
	case outlay.ImportSpend:
		st, serr := e.db.GetSettings(e.ctx)
		if serr != nil {
			e.t.Fatal(serr)
		}
		err = reports.SpendRegister(&buf, meta, st.BaseCurrency, st.Calendar(), func(fn func(*outlay.SpendCharge) error) error {
			return e.db.EachSpendCharge(e.ctx, outlay.SpendFilter{}, fn)
		})
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return buf.Bytes()
}

// importFile imports an exported workbook into e.
func (e *env) importFile(kind outlay.ImportKind, data []byte) *outlay.ImportResult {
	e.t.Helper()
	res, err := e.im.Import(e.ctx, kind, outlay.ImportFile{Name: string(kind) + ".xlsx", Size: int64(len(data)), Body: bytes.NewReader(data)}, false)
	if err != nil {
		e.t.Fatal(err)
	}
	if !res.OK() {
		e.t.Fatalf("%s: %q", kind, problems(res))
	}
	if len(res.Unknown) > 0 {
		e.t.Errorf("%s: the export's columns %q are unknown to the import", kind, res.Unknown)
	}
	return res
}

func TestExportImportRoundTrip(t *testing.T) {
	src, dst := newEnv(t), newEnv(t)
	for _, e := range []*env{src, dst} {
		for _, r := range []outlay.Rate{{Currency: "USD", RateMicros: 920000}, {Currency: "JPY", RateMicros: 6200}} {
			r.EffectiveFrom = mustDate("2026-07-01")
			if err := e.db.CreateRate(e.ctx, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	ctx := src.ctx
	acme := &outlay.Vendor{Name: "Acme Cloud", Category: "cloud", Status: "active", Criticality: "high", Website: "https://acme.example",
		ContactName: "Dana Reyes", ContactEmail: "dana@acme.example", ContactPhone: "+44 20 7946 0000",
		SupportContact: "-support line-", Notes: "=SUM(A1:A9) is not a formula"}
	kk := &outlay.Vendor{Name: "Kaisha KK", Category: "software", Status: "prospect", Criticality: "low", Notes: "@home\nsecond line"}
	for _, v := range []*outlay.Vendor{acme, kk} {
		if err := src.db.CreateVendor(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	cloud := &outlay.BudgetLine{FY: 2027, Code: "INF-CLOUD", Name: "Cloud hosting", Category: "cloud", ExpenseType: "opex",
		CostCentre: "CC-100", GLAccount: "6100", OwnerEmail: "it@example.org", Planned: 12000001,
		Justification: "+ growth of the portal"}
	office := &outlay.BudgetLine{FY: 2027, Code: "SW-OFFICE", Name: "Office", Category: "software", ExpenseType: "capex",
		Planned: 4000000, QuartersSet: true, Quarters: [4]int64{1000000, 500000, 500000, 2000000}}
	for _, b := range []*outlay.BudgetLine{cloud, office} {
		if err := src.db.CreateBudgetLine(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	hosting := &outlay.Contract{VendorID: acme.ID, Title: "Cloud hosting", Reference: "ACME-27", Kind: "subscription",
		OwnerEmail: "it@example.org", BackupOwnerEmail: "cfo@example.org", RenewalType: "auto", NoticeValue: 3, NoticeUnit: "months",
		RenewalTermMonths: 12, UpliftBasisPoints: 350, Currency: "EUR", BudgetLineCode: "INF-CLOUD", Notes: "=1+1",
		Justification: "Hosts the portal", ReminderOffsets: []int{120, 45, 3}, Terms: []*outlay.Term{{StartDate: mustDate("2027-01-01"), EndDate: mustDate("2027-12-31"), Price: 1200000, Billing: "monthly"}}}
	yen := &outlay.Contract{VendorID: kk.ID, Title: "Support", Kind: "support", OwnerEmail: "it@example.org", RenewalType: "manual",
		NoticeValue: 30, NoticeUnit: "days", Currency: "JPY", BudgetLineCode: "SW-OFFICE",
		Terms: []*outlay.Term{{StartDate: mustDate("2027-02-01"), EndDate: mustDate("2028-01-31"), Price: 1500000, Billing: "upfront",
			Decision: &outlay.Decision{Kind: "cancel", Note: "Moving in-house", By: "cfo@example.org", At: mustDate("2027-06-20")}}}}
	for _, c := range []*outlay.Contract{hosting, yen} {
		if err := src.db.CreateContract(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	seats := &outlay.Licence{Product: "Acme Office", VendorID: acme.ID, ContractID: &hosting.ID, Kind: "per_user", SeatsPurchased: 50,
		SeatsAssigned: 42, UnitPrice: 850, Currency: "EUR", Billing: "monthly", StartDate: mustDate("2027-01-01"),
		ExpiryDate: mustDate("2027-12-31"), OwnerEmail: "it@example.org", BudgetLineCode: "SW-OFFICE", Notes: "=cmd|' /C calc'!A0"}
	site := &outlay.Licence{Product: "KK Tools", VendorID: kk.ID, Kind: "site", SeatsPurchased: 1, SeatsAssigned: 1, UnitPrice: 99000,
		Currency: "JPY", Billing: "annual"}
	for _, l := range []*outlay.Licence{seats, site} {
		if err := src.db.CreateLicence(ctx, l, nil); err != nil {
			t.Fatal(err)
		}
	}
	from, to := mustDate("2027-01-01"), mustDate("2027-03-31")
	split := &outlay.SpendEntry{Date: mustDate("2027-01-15"), VendorID: acme.ID, Description: "Hosting Q1", InvoiceNumber: "INV-1001",
		PONumber: "PO-7", Amount: 100000, Currency: "EUR", ContractID: &hosting.ID, ServiceFrom: &from, ServiceTo: &to,
		Allocations: []outlay.Allocation{{BudgetLineID: cloud.ID, Amount: 60001}, {BudgetLineID: office.ID, Amount: 39999}}}
	jpy := &outlay.SpendEntry{Date: mustDate("2027-02-03"), VendorID: kk.ID, Description: "Support", InvoiceNumber: "KK-9",
		Amount: 1500000, Currency: "JPY", Allocations: []outlay.Allocation{{BudgetLineID: office.ID}}}
	noInvoice := &outlay.SpendEntry{Date: mustDate("2027-03-01"), VendorID: acme.ID, Description: "Card payment", Amount: 4250,
		Currency: "USD", Allocations: []outlay.Allocation{{BudgetLineID: cloud.ID, Amount: 1955}, {BudgetLineID: office.ID, Amount: 1955}}}
	for _, s := range []*outlay.SpendEntry{split, jpy, noInvoice} {
		if err := src.db.CreateSpend(ctx, s); err != nil {
			t.Fatal(err)
		}
	}

	for _, kind := range []outlay.ImportKind{outlay.ImportVendors, outlay.ImportBudgetLines, outlay.ImportContracts, outlay.ImportLicences, outlay.ImportSpend} {
		dst.importFile(kind, src.export(kind))
	}

	for what, n := range map[string]int{vendorsOf(t, dst): 2, linesOf(t, dst): 2, contractsOf(t, dst): 2, licencesOf(t, dst): 2, spendOf(t, dst): 5} {
		if strings.Count(what, "\n") != n {
			t.Errorf("imported records: %s, want %d", what, n)
		}
	}
	if testing.Verbose() {
		t.Log(vendorsOf(t, dst), linesOf(t, dst), contractsOf(t, dst), licencesOf(t, dst), spendOf(t, dst))
	}
	if got, want := vendorsOf(t, dst), vendorsOf(t, src); got != want {
		t.Errorf("vendors\n got %s\nwant %s", got, want)
	}
	if got, want := linesOf(t, dst), linesOf(t, src); got != want {
		t.Errorf("budget lines\n got %s\nwant %s", got, want)
	}
	if got, want := contractsOf(t, dst), contractsOf(t, src); got != want {
		t.Errorf("contracts\n got %s\nwant %s", got, want)
	}
	if got, want := licencesOf(t, dst), licencesOf(t, src); got != want {
		t.Errorf("licences\n got %s\nwant %s", got, want)
	}
	if got, want := spendOf(t, dst), spendOf(t, src); got != want {
		t.Errorf("spend\n got %s\nwant %s", got, want)
	}
}

func vendorsOf(t *testing.T, e *env) string {
	vs, _, err := e.db.FindVendors(e.ctx, outlay.VendorFilter{Archived: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%q %q %q %q %q %q %q %q %q %q\n", v.Name, v.Category, v.Status, v.Criticality, v.Website,
			v.ContactName, v.ContactEmail, v.ContactPhone, v.SupportContact, v.Notes)
	}
	return b.String()
}

func linesOf(t *testing.T, e *env) string {
	ls, _, err := e.db.FindBudgetLines(e.ctx, outlay.BudgetLineFilter{FY: 2027})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range ls {
		fmt.Fprintf(&b, "%d %q %q %q %q %q %q %q %d %v %v %q\n", l.FY, l.Code, l.Name, l.Category, l.ExpenseType, l.CostCentre,
			l.GLAccount, l.OwnerEmail, l.Planned, l.QuartersSet, l.Quarters, l.Justification)
	}
	return b.String()
}

func contractsOf(t *testing.T, e *env) string {
	var b strings.Builder
	err := e.db.EachContract(e.ctx, outlay.ContractFilter{}, func(c *outlay.Contract) error {
		fmt.Fprintf(&b, "%q %q %q %q %q %q %q %d %q %d %d %q %q %q %q offsets %v", c.VendorName, c.Title, c.Reference, c.Kind, c.OwnerEmail,
			c.BackupOwnerEmail, c.RenewalType, c.NoticeValue, c.NoticeUnit, c.RenewalTermMonths, c.UpliftBasisPoints,
			c.Currency, c.BudgetLineCode, c.Notes, c.Justification, c.ReminderOffsets)
		if tm := c.CurrentTerm(); tm != nil {
			fmt.Fprintf(&b, " term %s %s %s %s", outlay.FormatDate(tm.StartDate), outlay.FormatDate(tm.EndDate),
				money.Decimal(tm.Price, c.Currency), tm.Billing)
			if d := tm.Decision; d != nil {
				fmt.Fprintf(&b, " decision %s %q %s %s", d.Kind, d.Note, d.By, outlay.FormatDate(d.At))
			}
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func licencesOf(t *testing.T, e *env) string {
	ls, _, err := e.db.FindLicences(e.ctx, outlay.LicenceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range ls {
		fmt.Fprintf(&b, "%q %q %q %q %q %d %d %d %q %q %s %s %q %q %q\n", l.Product, l.VendorName, l.ContractTitle, l.ContractReference,
			l.Kind, l.SeatsPurchased, l.SeatsAssigned, l.UnitPrice, l.Currency, l.Billing, outlay.FormatDate(l.StartDate),
			outlay.FormatDate(l.ExpiryDate), l.OwnerEmail, l.BudgetLineCode, l.Notes)
	}
	return b.String()
}

func spendOf(t *testing.T, e *env) string {
	var b strings.Builder
	err := e.db.EachSpendCharge(e.ctx, outlay.SpendFilter{}, func(ch *outlay.SpendCharge) error {
		s := ch.Entry
		fmt.Fprintf(&b, "%s %q %q %q %q %d %q %d %d %q %v %v | %s %d\n", outlay.FormatDate(s.Date), s.VendorName, s.Description,
			s.InvoiceNumber, s.PONumber, s.Amount, s.Currency, s.FXRateMicros, s.BaseAmount, ch.ContractReference,
			spendDay(s.ServiceFrom), spendDay(s.ServiceTo), ch.Allocation.BudgetLineCode, ch.Allocation.Amount)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func spendDay(d *time.Time) string {
	if d == nil {
		return "-"
	}
	return outlay.FormatDate(*d)
}
