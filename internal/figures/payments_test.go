package figures

import (
	"fmt"
	"reflect"
	"testing"
)

// pays renders payments compactly: "due..periodEnd amount", with a "*" for
// projected ones and "#id" for the contract when it is not 1.
func pays(ps []ScheduledPayment) []string {
	out := []string{}
	for _, p := range ps {
		s := fmt.Sprintf("%s..%s %d", p.PeriodStart.Format("2006-01-02"), p.PeriodEnd.Format("2006-01-02"), p.Amount)
		if !p.Due.Equal(p.PeriodStart) {
			s += " due " + p.Due.Format("2006-01-02")
		}
		if p.Projected {
			s += " *"
		}
		if p.ContractID != 1 {
			s += fmt.Sprintf(" #%d", p.ContractID)
		}
		out = append(out, s)
	}
	return out
}

func TestProjectPayments(t *testing.T) {
	year := TermInput{Start: d("2027-01-01"), End: d("2027-12-31"), Price: 1200000, Billing: "monthly"}
	half := TermInput{Start: d("2027-01-01"), End: d("2027-06-30"), Price: 600000, Billing: "monthly"}
	tests := []struct {
		name  string
		c     ContractInput
		until string
		want  []string
	}{
		{
			name: "monthly billing through year end", until: "2027-12-31",
			c: ContractInput{ID: 1, RenewalType: "manual", Terms: []TermInput{year}},
			want: []string{
				"2027-01-01..2027-01-31 100000", "2027-02-01..2027-02-28 100000", "2027-03-01..2027-03-31 100000",
				"2027-04-01..2027-04-30 100000", "2027-05-01..2027-05-31 100000", "2027-06-01..2027-06-30 100000",
				"2027-07-01..2027-07-31 100000", "2027-08-01..2027-08-31 100000", "2027-09-01..2027-09-30 100000",
				"2027-10-01..2027-10-31 100000", "2027-11-01..2027-11-30 100000", "2027-12-01..2027-12-31 100000",
			},
		},
		{
			name: "only payments due on or before until", until: "2027-03-01",
			c: ContractInput{ID: 1, RenewalType: "manual", Terms: []TermInput{year}},
			want: []string{
				"2027-01-01..2027-01-31 100000", "2027-02-01..2027-02-28 100000", "2027-03-01..2027-03-31 100000",
			},
		},
		{
			name: "quarterly, odd cent to the first quarter", until: "2027-12-31",
			c: ContractInput{ID: 1, RenewalType: "none", Terms: []TermInput{{Start: d("2027-01-01"), End: d("2027-12-31"), Price: 1000001, Billing: "quarterly"}}},
			want: []string{
				"2027-01-01..2027-03-31 250001", "2027-04-01..2027-06-30 250000",
				"2027-07-01..2027-09-30 250000", "2027-10-01..2027-12-31 250000",
			},
		},
		{
			name: "annual over three years", until: "2027-12-31",
			c:    ContractInput{ID: 1, RenewalType: "manual", Terms: []TermInput{{Start: d("2026-07-01"), End: d("2029-06-30"), Price: 3600000, Billing: "annual"}}},
			want: []string{"2026-07-01..2027-06-30 1200000", "2027-07-01..2028-06-30 1200000"},
		},
		{
			name: "upfront", until: "2027-12-31",
			c:    ContractInput{ID: 1, RenewalType: "none", Terms: []TermInput{{Start: d("2026-01-01"), End: d("2028-12-31"), Price: 3600000, Billing: "upfront"}}},
			want: []string{"2026-01-01..2028-12-31 3600000"},
		},
		{
			name: "term history: every recorded term's schedule", until: "2027-12-31",
			c: ContractInput{ID: 7, RenewalType: "manual", Terms: []TermInput{
				{Start: d("2026-01-01"), End: d("2026-12-31"), Price: 1000000, Billing: "annual"},
				{Start: d("2027-01-01"), End: d("2027-12-31"), Price: 1100000, Billing: "annual"},
			}},
			want: []string{"2026-01-01..2026-12-31 1000000 #7", "2027-01-01..2027-12-31 1100000 #7"},
		},
		{
			name: "auto rolls into a new term before year end with 3% uplift", until: "2027-12-31",
			c: ContractInput{ID: 1, RenewalType: "auto", RenewalTermMonths: 12, UpliftBasisPoints: 300,
				Terms: []TermInput{{Start: d("2026-10-01"), End: d("2027-09-30"), Price: 1200000, Billing: "annual"}}},
			want: []string{"2026-10-01..2027-09-30 1200000", "2027-10-01..2028-09-30 1236000 *"},
		},
		{
			name: "auto with no renewal length takes the term's length", until: "2027-12-31",
			c: ContractInput{ID: 1, RenewalType: "auto", UpliftBasisPoints: 300, Terms: []TermInput{half}},
			want: []string{
				"2027-01-01..2027-01-31 100000", "2027-02-01..2027-02-28 100000", "2027-03-01..2027-03-31 100000",
				"2027-04-01..2027-04-30 100000", "2027-05-01..2027-05-31 100000", "2027-06-01..2027-06-30 100000",
				"2027-07-01..2027-07-31 103000 *", "2027-08-01..2027-08-31 103000 *", "2027-09-01..2027-09-30 103000 *",
				"2027-10-01..2027-10-31 103000 *", "2027-11-01..2027-11-30 103000 *", "2027-12-01..2027-12-31 103000 *",
			},
		},
		{
			// 600000 → 618000 → 636540 → 655636.2, rounded at each roll, then
			// split over six months (the first four take the odd cents).
			name: "uplift compounds per roll", until: "2028-07-01",
			c: ContractInput{ID: 1, RenewalType: "auto", RenewalTermMonths: 6, UpliftBasisPoints: 300, Terms: []TermInput{half}},
			want: []string{
				"2027-01-01..2027-01-31 100000", "2027-02-01..2027-02-28 100000", "2027-03-01..2027-03-31 100000",
				"2027-04-01..2027-04-30 100000", "2027-05-01..2027-05-31 100000", "2027-06-01..2027-06-30 100000",
				"2027-07-01..2027-07-31 103000 *", "2027-08-01..2027-08-31 103000 *", "2027-09-01..2027-09-30 103000 *",
				"2027-10-01..2027-10-31 103000 *", "2027-11-01..2027-11-30 103000 *", "2027-12-01..2027-12-31 103000 *",
				"2028-01-01..2028-01-31 106090 *", "2028-02-01..2028-02-29 106090 *", "2028-03-01..2028-03-31 106090 *",
				"2028-04-01..2028-04-30 106090 *", "2028-05-01..2028-05-31 106090 *", "2028-06-01..2028-06-30 106090 *",
				"2028-07-01..2028-07-31 109273 *",
			},
		},
		{
			name: "cancelled auto does not roll", until: "2027-12-31",
			c: ContractInput{ID: 1, RenewalType: "auto", RenewalTermMonths: 12, UpliftBasisPoints: 300, Cancelled: true,
				Terms: []TermInput{{Start: d("2026-10-01"), End: d("2027-09-30"), Price: 1200000, Billing: "annual"}}},
			want: []string{"2026-10-01..2027-09-30 1200000"},
		},
		{
			name: "manual never rolls", until: "2027-12-31",
			c: ContractInput{ID: 1, RenewalType: "manual", RenewalTermMonths: 12,
				Terms: []TermInput{{Start: d("2026-10-01"), End: d("2027-09-30"), Price: 1200000, Billing: "annual"}}},
			want: []string{"2026-10-01..2027-09-30 1200000"},
		},
		{
			name: "none never rolls", until: "2027-12-31",
			c: ContractInput{ID: 1, RenewalType: "none", RenewalTermMonths: 12,
				Terms: []TermInput{{Start: d("2026-10-01"), End: d("2027-09-30"), Price: 1200000, Billing: "annual"}}},
			want: []string{"2026-10-01..2027-09-30 1200000"},
		},
		{
			// As the roll does (renewal.Following): a term that is no whole number
			// of months renews for as many days.
			name: "a term that is not whole months renews for as many days", until: "2027-12-31",
			c: ContractInput{ID: 1, RenewalType: "auto",
				Terms: []TermInput{{Start: d("2027-01-01"), End: d("2027-02-14"), Price: 4500, Billing: "upfront"}}},
			want: []string{"2027-01-01..2027-02-14 4500", "2027-02-15..2027-03-31 4500 *", "2027-04-01..2027-05-15 4500 *",
				"2027-05-16..2027-06-29 4500 *", "2027-06-30..2027-08-13 4500 *", "2027-08-14..2027-09-27 4500 *",
				"2027-09-28..2027-11-11 4500 *", "2027-11-12..2027-12-26 4500 *", "2027-12-27..2028-02-09 4500 *"},
		},
		{
			name: "projection stops at until", until: "2027-09-30",
			c: ContractInput{ID: 1, RenewalType: "auto", RenewalTermMonths: 12,
				Terms: []TermInput{{Start: d("2026-10-01"), End: d("2027-09-30"), Price: 1200000, Billing: "annual"}}},
			want: []string{"2026-10-01..2027-09-30 1200000"},
		},
		{
			// The first term ends on 30 January, so renewals are anchored on
			// the 31st: terms start 31 January, 28 February, 31 March,
			// 30 April, 31 May — no drift to the 28th. renewal.Schedule steps the
			// billing periods of the terms starting on the 28th and 30th by the
			// anchor day, so each renewal month is one period of the full price.
			name: "31 January monthly anchor without drift", until: "2027-05-31",
			c: ContractInput{ID: 1, RenewalType: "auto", RenewalTermMonths: 1,
				Terms: []TermInput{{Start: d("2027-01-01"), End: d("2027-01-30"), Price: 3100, Billing: "monthly"}}},
			want: []string{
				"2027-01-01..2027-01-30 3100",
				"2027-01-31..2027-02-27 3100 *",
				"2027-02-28..2027-03-30 3100 *",
				"2027-03-31..2027-04-29 3100 *",
				"2027-04-30..2027-05-30 3100 *",
				"2027-05-31..2027-06-29 3100 *",
			},
		},
		{
			// The roll job has already written the February term; the next
			// renewal is still counted from 31 January, not from 28 February.
			name: "already rolled terms keep the series anchor", until: "2027-05-31",
			c: ContractInput{ID: 1, RenewalType: "auto", Terms: []TermInput{
				{Start: d("2027-01-01"), End: d("2027-01-30"), Price: 3100, Billing: "monthly"},
				{Start: d("2027-01-31"), End: d("2027-02-27"), Price: 3100, Billing: "monthly"},
			}},
			want: []string{
				"2027-01-01..2027-01-30 3100", "2027-01-31..2027-02-27 3100",
				"2027-02-28..2027-03-30 3100 *",
				"2027-03-31..2027-04-29 3100 *",
				"2027-04-30..2027-05-30 3100 *",
				"2027-05-31..2027-06-29 3100 *",
			},
		},
		{
			name: "no terms, nothing to pay", until: "2027-12-31",
			c:    ContractInput{ID: 1, RenewalType: "auto", RenewalTermMonths: 12},
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pays(ProjectPayments(tt.c, d(tt.until)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ProjectPayments =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestUninvoiced(t *testing.T) {
	monthly := ProjectPayments(ContractInput{ID: 1, RenewalType: "manual",
		Terms: []TermInput{{Start: d("2027-01-01"), End: d("2027-06-30"), Price: 600000, Billing: "monthly"}}}, d("2027-12-31"))
	quarterly := ProjectPayments(ContractInput{ID: 2, RenewalType: "manual",
		Terms: []TermInput{{Start: d("2027-01-01"), End: d("2027-12-31"), Price: 400000, Billing: "quarterly"}}}, d("2027-12-31"))
	all := append(append([]ScheduledPayment{}, monthly...), quarterly...)

	tests := []struct {
		name     string
		invoices []InvoicedPeriod
		want     []string
	}{
		{
			name: "nothing invoiced",
			want: []string{
				"2027-01-01..2027-01-31 100000", "2027-02-01..2027-02-28 100000", "2027-03-01..2027-03-31 100000",
				"2027-04-01..2027-04-30 100000", "2027-05-01..2027-05-31 100000", "2027-06-01..2027-06-30 100000",
				"2027-01-01..2027-03-31 100000 #2", "2027-04-01..2027-06-30 100000 #2",
				"2027-07-01..2027-09-30 100000 #2", "2027-10-01..2027-12-31 100000 #2",
			},
		},
		{
			name: "invoices within periods, including their first and last days",
			invoices: []InvoicedPeriod{
				{ContractID: 1, Date: d("2027-01-20")}, // two January invoices: still one period
				{ContractID: 1, Date: d("2027-01-05")},
				{ContractID: 1, Date: d("2027-02-28")}, // last day of February's period
				{ContractID: 1, Date: d("2027-03-01")}, // first day of March's period
				{ContractID: 1, Date: d("2027-04-15")},
				{ContractID: 1, Date: d("2027-05-31")},
				{ContractID: 1, Date: d("2027-06-01")},
				{ContractID: 1, Date: d("2027-07-02")}, // after the last term: matches nothing
				{ContractID: 2, Date: d("2026-12-31")}, // before the first term: matches nothing
				{ContractID: 2, Date: d("2027-12-31")}, // out of order on purpose
				{ContractID: 2, Date: d("2027-04-01")}, // first day of Q2
				{ContractID: 2, Date: d("2027-08-15")},
				{ContractID: 2, Date: d("2027-03-31")}, // last day of Q1
				{ContractID: 9, Date: d("2027-04-30")}, // a contract without payments
			},
			want: []string{},
		},
		{
			name: "some periods invoiced",
			invoices: []InvoicedPeriod{
				{ContractID: 1, Date: d("2027-01-05")},
				{ContractID: 1, Date: d("2027-03-31")},
				{ContractID: 2, Date: d("2027-04-01")},
				{ContractID: 3, Date: d("2027-02-10")},
			},
			want: []string{
				"2027-02-01..2027-02-28 100000",
				"2027-04-01..2027-04-30 100000", "2027-05-01..2027-05-31 100000", "2027-06-01..2027-06-30 100000",
				"2027-01-01..2027-03-31 100000 #2",
				"2027-07-01..2027-09-30 100000 #2", "2027-10-01..2027-12-31 100000 #2",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pays(Uninvoiced(all, tt.invoices))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Uninvoiced =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestUninvoicedScales checks the sort-and-search approach on a realistic
// volume: 2,000 contracts with monthly payments over three years against
// 60,000 invoices finishes instantly and matches each period exactly once.
func TestUninvoicedScales(t *testing.T) {
	var payments []ScheduledPayment
	var invoices []InvoicedPeriod
	for id := int64(1); id <= 2000; id++ {
		ps := ProjectPayments(ContractInput{ID: id, RenewalType: "none",
			Terms: []TermInput{{Start: d("2025-01-01"), End: d("2027-12-31"), Price: 3600000, Billing: "monthly"}}}, d("2027-12-31"))
		payments = append(payments, ps...)
		for i, p := range ps {
			if i%6 != 0 { // every sixth month is still uninvoiced
				invoices = append(invoices, InvoicedPeriod{ContractID: id, Date: p.PeriodStart.AddDate(0, 0, 9)})
			}
		}
	}
	got := Uninvoiced(payments, invoices)
	if want := 2000 * 6; len(got) != want {
		t.Errorf("%d uninvoiced, want %d", len(got), want)
	}
}
