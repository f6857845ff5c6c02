package sqlite_test

import (
	"context"
	"testing"

	"outlay/internal/outlay"
)

func TestSettingsDefaultsAndUpdate(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	s, err := d.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.BaseCurrency != "EUR" || s.FYStartMonth != 1 || s.Basis != "cash" || len(s.ReminderOffsets) != 6 || s.WindowDays() != 90 {
		t.Fatalf("defaults = %+v", s)
	}
	s.OrgName, s.FYStartMonth, s.Basis = "Acme", 7, "accrual"
	s.ReminderOffsets = []int{30, 120, 30, 7}
	s.FinanceEmails = []string{"Finance@Example.com"}
	if err := d.UpdateSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, _ := d.GetSettings(ctx)
	if got.OrgName != "Acme" || got.FYStartMonth != 7 || got.Basis != "accrual" || got.WindowDays() != 120 ||
		len(got.ReminderOffsets) != 3 || got.ReminderOffsets[0] != 120 || got.FinanceEmails[0] != "finance@example.com" {
		t.Fatalf("after update = %+v", got)
	}
	entries, _, _ := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "settings"})
	if len(entries) != 1 || entries[0].UserEmail != "ann@example.com" {
		t.Fatalf("audit = %+v", entries)
	}
	bad := got
	bad.FYStartMonth, bad.Basis = 13, "cashflow"
	err = d.UpdateSettings(ctx, bad)
	if f := outlay.ErrorFields(err); f["fy_start_month"] == "" || f["basis"] == "" {
		t.Fatalf("bad settings: %v", err)
	}
}

func TestBaseCurrencyLockedOnceMoneyRecorded(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	s, _ := d.GetSettings(ctx)
	s.BaseCurrency = "USD"
	if err := d.UpdateSettings(ctx, s); err != nil {
		t.Fatalf("change before money: %v", err)
	}
	if _, err := d.WriteDB().Exec(`INSERT INTO budget_lines (fy, code, name, category, expense_type, planned, q1, q2, q3, q4, created_at, updated_at)
		VALUES (2027, 'INF', 'Infra', 'cloud', 'opex', 400, 100, 100, 100, 100, 'x', 'x')`); err != nil {
		t.Fatal(err)
	}
	s.BaseCurrency = "EUR"
	err := d.UpdateSettings(ctx, s)
	if outlay.ErrorCode(err) != outlay.ECONFLICT || outlay.ErrorFields(err)["base_currency"] == "" {
		t.Fatalf("change after money: %v", err)
	}
}

func TestRatesEffectiveOnADate(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	add := func(cur, from string, micros int64) error {
		day, _ := outlay.ParseDate(from)
		return d.CreateRate(ctx, &outlay.Rate{Currency: cur, EffectiveFrom: day, RateMicros: micros})
	}
	if err := add("usd", "2026-01-01", 900000); err != nil {
		t.Fatal(err)
	}
	if err := add("USD", "2026-07-01", 920000); err != nil {
		t.Fatal(err)
	}
	if err := add("USD", "2026-07-01", 930000); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Fatalf("same day twice: %v", err)
	}
	if err := add("EUR", "2026-07-01", 1000000); outlay.ErrorFields(err)["currency"] == "" {
		t.Fatalf("base currency rate: %v", err)
	}
	for on, want := range map[string]int64{"2026-03-15": 900000, "2026-07-01": 920000, "2027-01-01": 920000} {
		day, _ := outlay.ParseDate(on)
		r, err := d.RateOn(ctx, "USD", day)
		if err != nil || r.RateMicros != want {
			t.Errorf("RateOn(%s) = %v, %v; want %d", on, r, err, want)
		}
	}
	day, _ := outlay.ParseDate("2025-12-31")
	if _, err := d.RateOn(ctx, "USD", day); outlay.ErrorCode(err) != outlay.ENOTFOUND || outlay.ErrorMessage(err) == "" {
		t.Fatalf("before any rate: %v", err)
	}
	rates, total, _ := d.FindRates(ctx, outlay.RateFilter{Currency: "USD"})
	if total != 2 || rates[0].RateMicros != 920000 {
		t.Fatalf("FindRates = %d %+v", total, rates)
	}
	if err := d.DeleteRate(ctx, rates[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := d.FindRates(ctx, outlay.RateFilter{}); total != 1 {
		t.Fatalf("after delete: %d", total)
	}
}
