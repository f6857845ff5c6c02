package books

import (
	"math"
	"testing"

	"outlay/internal/figures"
	"outlay/internal/outlay"
)

func TestSumsReportAnOverflowInsteadOfWrapping(t *testing.T) {
	var s sums
	var total int64
	s.add(&total, math.MaxInt64-1)
	s.add(&total, 1)
	if err := s.err(); err != nil || total != math.MaxInt64 {
		t.Fatalf("at the limit: %d, %v", total, err)
	}
	s.add(&total, 1)
	if outlay.ErrorCode(s.err()) != outlay.EINVALID || total != math.MaxInt64 {
		t.Fatalf("past the limit: %d, %v; want EINVALID and the total unchanged", total, s.err())
	}

	var neg sums
	var f figures.Figures
	neg.addFigures(&f, figures.Figures{Variance: math.MinInt64})
	neg.addFigures(&f, figures.Figures{Variance: -1})
	if outlay.ErrorCode(neg.err()) != outlay.EINVALID {
		t.Fatal("a negative overflow must be reported too")
	}
}

func TestPage(t *testing.T) {
	rows := []int{1, 2, 3, 4, 5}
	for _, tc := range []struct {
		offset, limit int
		want          int // length
		first         int
	}{{0, 0, 5, 1}, {0, 2, 2, 1}, {4, 2, 1, 5}, {5, 2, 0, 0}, {99, 0, 0, 0}, {-1, 3, 3, 1}} {
		got := page(rows, tc.offset, tc.limit)
		if len(got) != tc.want || (len(got) > 0 && got[0] != tc.first) {
			t.Errorf("page(%d, %d) = %v", tc.offset, tc.limit, got)
		}
	}
}
