package books

import (
	"testing"

	"outlay/internal/outlay"
)

// The Renewals sheet runs to the end of the second fiscal quarter after the pack's, across
// the fiscal year's end too.
func TestRenewalWindowEnd(t *testing.T) {
	july := outlay.Settings{FYStartMonth: 7}
	jan := outlay.Settings{FYStartMonth: 1}
	for _, c := range []struct {
		st      outlay.Settings
		fy, q   int
		wantEnd string
	}{
		{july, 2027, 2, "2027-06-30"}, // Oct–Dec 2026: Q3 and Q4 follow
		{july, 2027, 3, "2027-09-30"}, // into FY2028 Q1
		{july, 2027, 4, "2027-12-31"},
		{jan, 2026, 4, "2027-06-30"},
		{jan, 2027, 1, "2027-09-30"},
	} {
		if got := outlay.FormatDate(renewalWindowEnd(c.st, c.fy, c.q)); got != c.wantEnd {
			t.Errorf("FY%d Q%d (start month %d): %s, want %s", c.fy, c.q, c.st.FYStartMonth, got, c.wantEnd)
		}
	}
}
