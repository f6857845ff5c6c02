package sqlite_test

import (
	"testing"

	"outlay/internal/outlay"
)

// An amount beyond what Outlay holds (outlay.MaxAmount, as for contract prices) is refused
// at its field. Before, it was stored, and the next entry on the same line or vendor
// failed with SQLite's "integer overflow" while rebuilding the monthly summaries: an
// internal error instead of a message, and sums no report could add up.
func TestSpendAmountBeyondMaxAmountIsRefused(t *testing.T) {
	f := newSpendFixture(t)
	for _, amount := range []int64{outlay.MaxAmount + 1, -outlay.MaxAmount - 1, 5_000_000_000_000_000_000} {
		e := f.entry("BIG", amount)
		err := f.d.CreateSpend(f.ctx, e)
		if outlay.ErrorCode(err) != outlay.EINVALID || outlay.ErrorFields(err)["amount"] == "" {
			t.Fatalf("amount %d: err = %v, want EINVALID at amount", amount, err)
		}
	}
	// A foreign amount within bounds whose conversion lands beyond them is refused too.
	f.rate("JPY", "2026-01-01", 1_000_000_000) // 1 JPY = 1000 EUR (a typo'd rate)
	e := f.entry("JPY-1", outlay.MaxAmount/10)
	e.Currency = "JPY"
	if err := f.d.CreateSpend(f.ctx, e); outlay.ErrorCode(err) != outlay.EINVALID || outlay.ErrorFields(err)["amount"] == "" {
		t.Fatalf("converted beyond bounds: err = %v", err)
	}
	if n := f.count("spend_entries"); n != 0 {
		t.Fatalf("%d entries stored", n)
	}
	// The bound itself is accepted.
	if err := f.d.CreateSpend(f.ctx, f.entry("MAX", outlay.MaxAmount)); err != nil {
		t.Fatal(err)
	}
}
