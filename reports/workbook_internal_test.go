package reports

import "testing"

func TestWrappedLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		want  int
	}{
		{"Code", 14, 1},
		{"Quarter variance", 14, 2},               // 11 characters fit a line of 14
		{"Of which overdue, not invoiced", 15, 3}, // "Of which", "overdue, not", "invoiced"
		{"Counted in quarter (EUR)", 18, 2},
		{"Supercalifragilistic", 8, 4}, // a long word breaks anywhere, 6 characters a line
		{"", 10, 1},
	} {
		if got := wrappedLines(c.text, c.width); got != c.want {
			t.Errorf("wrappedLines(%q, %v) = %d, want %d", c.text, c.width, got, c.want)
		}
	}
}
