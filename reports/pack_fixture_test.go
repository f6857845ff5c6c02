package reports_test

import (
	"fmt"
	"time"

	"outlay/internal/figures"
	"outlay/internal/outlay"
)

// Text a user typed that a spreadsheet would take for a formula, one for each of the
// characters that start one.
var (
	injectDescription = "=HYPERLINK(\"http://evil.example\",\"click\")" // =
	injectPhone       = "+49 30 1234567"                                // +
	injectReference   = "-A7"                                           // -
	injectInvoice     = "@SUM(1,2)"                                     // @
	injectTab         = "\tindented note"                               // tab
	injectCR          = "\rcarriage return"                             // CR
	injectJustify     = "=cmd|' /C calc'!A0"
)

// testPack is FY2027 Q2 (a fiscal year from April: 2026-07-01 to 2026-09-30) on the cash
// basis in EUR, made on 2026-10-05: two categories (cloud with two lines, software with
// one whose Q2 plan is zero), an unbudgeted code, a spend entry split 600/400 over the
// two cloud lines, a JPY entry and a KWD entry, and commitments in KWD and JPY, one
// overdue, one without a rate.
//
// Quarter actuals (sums of Counted): INF-CLOUD 600.00 + 900.00 = 1,500.00, INF-CDN
// 400.00, SW-LIC 3.70, MISC-X (unbudgeted) 250.00; total 2,153.70.
// Committed rest of year: INF-CLOUD 500.00 (overdue) + 30.00 = 530.00, SW-LIC 60.00,
// INF-CDN 0 (its only payment is in USD without a rate); total 590.00, overdue 500.00.
func testPack() *outlay.FinancePack {
	at := func(s string) time.Time { return day(s) }
	ptr := func(s string) *time.Time { t := day(s); return &t }
	line := func(code, name, category, kind string, annual int64, q [4]int64, justification string, f figures.Figures) outlay.BudgetLineFigures {
		l := &outlay.BudgetLine{FY: 2027, Code: code, Name: name, Category: category, ExpenseType: kind, CostCentre: "CC-" + code[:3],
			GLAccount: "6" + fmt.Sprint(len(code)) + "00", OwnerEmail: "ann@example.com", Planned: annual, Quarters: q, QuartersSet: true,
			Justification: justification}
		return outlay.BudgetLineFigures{Line: l, LineFigures: outlay.LineFigures{Code: code, Name: name, Category: category, Figures: f}}
	}
	fig := func(annual, planned, actual, ytdPlan, ytdActual, forecast int64) figures.Figures {
		return figures.Figures{AnnualPlan: annual, Planned: planned, Actual: actual, Variance: planned - actual,
			YTDPlanned: ytdPlan, YTDActual: ytdActual, Forecast: forecast, ForecastVariance: annual - forecast}
	}
	cloud := fig(1_200_000, 300_000, 150_000, 600_000, 400_000, 1_300_000)
	cdn := fig(100_000, 25_000, 40_000, 50_000, 60_000, 90_000)
	swlic := fig(400_000, 0, 370, 200_000, 100_370, 350_000)
	misc := fig(0, 0, 25_000, 0, 25_000, 25_000)
	misc.Committed = 0

	aws := &outlay.SpendEntry{ID: 1, Date: at("2026-07-15"), VendorName: "Amazon Web Services", Description: injectDescription,
		InvoiceNumber: injectInvoice, PONumber: "PO-1", Amount: 100_000, Currency: "EUR", FXRateMicros: 1_000_000, BaseAmount: 100_000}
	jpy := &outlay.SpendEntry{ID: 2, Date: at("2026-08-03"), VendorName: "Sakura Cloud", Description: "Tokyo region",
		InvoiceNumber: "SC-9", PONumber: injectReference, Amount: 150_000, Currency: "JPY", FXRateMicros: 6_000, BaseAmount: 90_000,
		ServiceFrom: ptr("2026-08-01"), ServiceTo: ptr("2026-08-31")}
	kwd := &outlay.SpendEntry{ID: 3, Date: at("2026-09-30"), VendorName: "Gulf Software", Description: injectTab,
		InvoiceNumber: "GS-1", PONumber: injectCR, Amount: 1_234, Currency: "KWD", FXRateMicros: 3_000_000, BaseAmount: 370}
	odd := &outlay.SpendEntry{ID: 4, Date: at("2026-09-01"), VendorName: "Corner shop", Description: "Cables",
		InvoiceNumber: "C-1", Amount: 25_000, Currency: "EUR", FXRateMicros: 1_000_000, BaseAmount: 25_000}
	charge := func(e *outlay.SpendEntry, code, name string, amount int64) outlay.PackCharge {
		return outlay.PackCharge{SpendCharge: outlay.SpendCharge{Entry: e, Allocation: outlay.Allocation{BudgetLineCode: code, BudgetLineName: name, Amount: amount},
			CostCentre: "CC-" + code[:3], GLAccount: "6100", ContractReference: "AWS-2026"}, Counted: amount}
	}
	totals := figures.Figures{}
	for _, f := range []figures.Figures{cloud, cdn, swlic, misc} {
		totals, _ = totals.Add(f)
	}
	vendor := &outlay.Vendor{ID: 11, Name: "Amazon Web Services", Category: "cloud", Status: "active", Criticality: "high",
		ContactName: "Jo", ContactEmail: "jo@aws.example", ContactPhone: injectPhone}
	contract := &outlay.Contract{ID: 21, VendorName: "Amazon Web Services", Title: "AWS enterprise", Reference: injectReference, Kind: "subscription",
		OwnerEmail: "ann@example.com", RenewalType: "auto", NoticeValue: 30, NoticeUnit: "days", Currency: "USD", BudgetLineCode: "INF-CLOUD",
		Terms: []*outlay.Term{{StartDate: at("2026-01-01"), EndDate: at("2027-12-31"), Price: 240_000, Billing: "monthly"}}}
	contract.Derive(at("2026-10-05"), 90)
	licence := &outlay.Licence{ID: 31, Product: "Office seats", VendorName: "Microsoft", Kind: "per_user", SeatsPurchased: 50, SeatsAssigned: 40,
		UnitPrice: 1_250, Currency: "USD", Billing: "monthly", StartDate: at("2026-01-01"), ExpiryDate: at("2027-06-30"),
		OwnerEmail: "ann@example.com", BudgetLineCode: "SW-LIC"}
	return &outlay.FinancePack{
		OrgName: "Acme Corp", Base: "EUR", Basis: "cash", FY: 2027, Quarter: 2,
		From: at("2026-07-01"), To: at("2026-09-30"), YearFrom: at("2026-04-01"), YearTo: at("2027-03-31"),
		GeneratedAt: time.Date(2026, 10, 5, 9, 30, 0, 0, time.UTC), GeneratedBy: "finance@example.com",
		Rates: []*outlay.Rate{{Currency: "JPY", EffectiveFrom: at("2026-06-01"), RateMicros: 6_000},
			{Currency: "KWD", EffectiveFrom: at("2026-07-01"), RateMicros: 3_000_000}},
		Lines: []outlay.BudgetLineFigures{
			line("INF-CDN", "Content delivery", "cloud", "opex", 100_000, [4]int64{25_000, 25_000, 25_000, 25_000}, "Edge caching", cdn),
			line("INF-CLOUD", "Cloud hosting", "cloud", "opex", 1_200_000, [4]int64{300_000, 300_000, 300_000, 300_000}, "Production hosting", cloud),
			line("SW-LIC", "Software licences", "software", "capex", 400_000, [4]int64{200_000, 0, 100_000, 100_000}, injectJustify, swlic),
		},
		Unbudgeted: []outlay.LineFigures{{Code: "MISC-X", Unbudgeted: true, Figures: misc}},
		Totals:     outlay.BudgetLineTotals{Lines: 3, Planned: 1_700_000, Figures: totals, UnbudgetedCodes: 1, Unbudgeted: misc},
		Spend: []outlay.PackCharge{
			charge(aws, "INF-CLOUD", "Cloud hosting", 60_000), charge(aws, "INF-CDN", "Content delivery", 40_000),
			charge(jpy, "INF-CLOUD", "Cloud hosting", 90_000), charge(odd, "MISC-X", "", 25_000),
			charge(kwd, "SW-LIC", "Software licences", 370),
		},
		Commitments: []outlay.PackCommitment{
			{BudgetLineCode: "INF-CDN", BudgetLineName: "Content delivery", ContractID: 22, ContractTitle: "CDN", VendorName: "Fastly",
				Due: at("2026-11-01"), PeriodFrom: at("2026-11-01"), PeriodTo: at("2026-11-30"), Amount: 10_000, Currency: "USD"},
			{BudgetLineCode: "INF-CLOUD", BudgetLineName: "Cloud hosting", ContractID: 21, ContractTitle: "AWS enterprise", Reference: injectReference,
				VendorName: "Amazon Web Services", Due: at("2026-09-01"), PeriodFrom: at("2026-09-01"), PeriodTo: at("2026-09-30"),
				Amount: 50_000, Currency: "EUR", BaseAmount: 50_000, BaseKnown: true, Overdue: true},
			{BudgetLineCode: "INF-CLOUD", BudgetLineName: "Cloud hosting", ContractID: 23, ContractTitle: "Gulf hosting", VendorName: "Gulf Software",
				Due: at("2026-12-01"), PeriodFrom: at("2026-12-01"), PeriodTo: at("2026-12-31"), Amount: 10_000, Currency: "KWD", BaseAmount: 3_000, BaseKnown: true},
			{BudgetLineCode: "SW-LIC", BudgetLineName: "Software licences", ContractID: 24, ContractTitle: "Sakura support", VendorName: "Sakura Cloud",
				Due: at("2027-01-01"), PeriodFrom: at("2027-01-01"), PeriodTo: at("2027-03-31"), Amount: 10_000, Currency: "JPY", BaseAmount: 6_000, BaseKnown: true},
		},
		Vendors: []outlay.PackVendor{{Vendor: vendor, QuarterSpend: 100_000, YTDSpend: 250_000, ActiveContracts: 1,
			NextKeyDate: at("2027-12-01"), NextKeyWhat: "Cancel by: AWS enterprise"}},
		Contracts: []outlay.PackContract{{Contract: contract, AnnualValue: 110_400, AnnualKnown: true}},
		Renewals: []outlay.PackRenewal{{Date: at("2027-01-15"), What: "Licence expires", LicenceID: 31, Title: "Office seats", VendorName: "Microsoft",
			OwnerEmail: "ann@example.com", DaysLeft: 102, Status: "upcoming"}},
		Licences: []outlay.PackLicence{{Licence: licence, UnusedCostBase: 11_500, Converted: true}},
	}
}
