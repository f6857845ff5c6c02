package sqlite_test

import (
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
