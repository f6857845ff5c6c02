package server

import (
	"testing"

	"outlay/internal/outlay"
)

func TestContractTermRowsPriceChange(t *testing.T) {
	prices := []int64{1000000, 1035000, 1035000, 1000000, 0, 500, 333}
	terms := make([]*outlay.Term, len(prices))
	for i, p := range prices {
		terms[i] = &outlay.Term{Price: p}
	}
	want := []string{"", "+3.50 %", "0.00 %", "−3.38 %", "−100.00 %", "", "−33.40 %"}
	for i, r := range contractTermRows(terms) {
		if r.Change != want[i] || r.Current != (i == len(prices)-1) {
			t.Errorf("term %d: change %q current %v, want %q", i, r.Change, r.Current, want[i])
		}
	}
	// Half a basis point rounds away from zero; less than half rounds to zero.
	for _, tt := range []struct{ prev, cur, want int64 }{
		{20000, 20001, 1}, {20000, 19999, -1}, {20001, 20002, 0}, {20001, 20000, 0},
	} {
		if bp := contractPriceChange(tt.prev, tt.cur); bp != tt.want {
			t.Errorf("%d → %d: %d bp, want %d", tt.prev, tt.cur, bp, tt.want)
		}
	}
}
