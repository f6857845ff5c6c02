package sqlite_test

import (
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// Rates are stored as base-currency units per foreign unit ("1 GBP = 1.17 EUR"). Changing
// the base currency while rates exist would silently relabel them ("1 GBP = 1.17 USD")
// and convert contract payments with them; it is refused like a change once money is
// recorded.
func TestBaseCurrencyLockedOnceRatesRecorded(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "admin@example.com")
	if err := d.CreateRate(ctx, &outlay.Rate{Currency: "GBP", EffectiveFrom: civilDay("2026-01-01"), RateMicros: 1_170_000}); err != nil {
		t.Fatal(err)
	}
	s, _ := d.GetSettings(ctx)
	s.BaseCurrency = "USD"
	err := d.UpdateSettings(ctx, s)
	if outlay.ErrorCode(err) != outlay.ECONFLICT || outlay.ErrorFields(err)["base_currency"] == "" {
		t.Fatalf("base currency change with a GBP→EUR rate recorded: %v", err)
	}
	if got, _ := d.GetSettings(ctx); got.BaseCurrency != "EUR" {
		t.Fatalf("base currency is now %s", got.BaseCurrency)
	}
}

// The fiscal year's first month files every budget line and every invoice under a fiscal
// year; moving it once either exists would leave them in years they do not belong to (every
// line's actual dropped to zero), so it is refused like a base currency change.
func TestFiscalCalendarLockedOnceLinesOrSpendRecorded(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "admin@example.com")
	s, _ := d.GetSettings(ctx)
	s.FYStartMonth = 4
	if err := d.UpdateSettings(ctx, s); err != nil {
		t.Fatalf("moving the calendar of an empty database: %v", err)
	}
	line := blCreate(t, d, blFixture("INF-CLOUD", 4000000, func(b *outlay.BudgetLine) { b.FY = 2027 }))
	s.FYStartMonth = 7
	err := d.UpdateSettings(ctx, s)
	if outlay.ErrorCode(err) != outlay.ECONFLICT || outlay.ErrorFields(err)["fy_start_month"] == "" ||
		!strings.Contains(outlay.ErrorMessage(err), "budget lines or spend") {
		t.Fatalf("calendar change with a budget line: %v", err)
	}
	if got, _ := d.GetSettings(ctx); got.FYStartMonth != 4 {
		t.Fatalf("the fiscal year now starts in month %d", got.FYStartMonth)
	}
	// Other settings still change while the calendar stays.
	s.FYStartMonth, s.OrgName = 4, "Acme Ltd"
	if err := d.UpdateSettings(ctx, s); err != nil {
		t.Fatalf("changing the name with the calendar kept: %v", err)
	}
	if err := d.DeleteBudgetLine(ctx, line.ID); err != nil {
		t.Fatal(err)
	}
	s.FYStartMonth = 7
	if err := d.UpdateSettings(ctx, s); err != nil {
		t.Fatalf("calendar change once the only line is gone: %v", err)
	}
}
