package importer

import "testing"

func TestPlainDecimal(t *testing.T) {
	cases := []struct{ in, want string }{
		{"1234.5", "1234.5"},
		{"0.30000000000000004", "0.3"},
		{"1E-7", "0.0000001"},
		{"1e-7", "0.0000001"},
		{"-2.5E-3", "-0.0025"},
		{"1.5E+20", "150000000000000000000"},
		{"123456789012345678", "123456789012346000"},
		{"100", "100"},
		{"1200.10", "1200.1"},
		{"-0", "0"},
		{"0", "0"},
		{"99.999999999999999", "100"},
		{"1234567.891", "1234567.891"},
		{"+7", "7"},
	}
	for _, c := range cases {
		if !isDecimal(c.in) {
			t.Errorf("isDecimal(%q) = false", c.in)
		}
		if got := plainDecimal(c.in); got != c.want {
			t.Errorf("plainDecimal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIsDecimalRefusesWhatNoSheetStores(t *testing.T) {
	for _, s := range []string{"", "Inf", "NaN", "0x1p-2", "1_000", "1,234.50", "12 EUR", ".", "1e", "e5", "--1", "1.2.3"} {
		if isDecimal(s) {
			t.Errorf("isDecimal(%q) = true", s)
		}
	}
}

func TestWorkbookDate(t *testing.T) {
	cases := []struct {
		in       string
		date1904 bool
		want     string
	}{
		{"46402", false, "2027-01-15"},
		{"46402.75", false, "2027-01-15"},   // a time of day is dropped
		{"44940", true, "2027-01-15"},       // the 1904 system counts 1,462 days fewer
		{"61", false, "1900-03-01"},         // past Excel's phantom 1900-02-29
		{"2027-01-15", false, "2027-01-15"}, // text stays as typed
		{"15/01/2027", false, "15/01/2027"},
		{"2027-01-15T00:00:00Z", false, "2027-01-15"}, // an ISO date cell
		{"0", false, "0"},
		{"-3", false, "-3"},
		{"3000000", false, "3000000"}, // past 9999-12-31
	}
	for _, c := range cases {
		if got := workbookDate(c.in, c.date1904); got != c.want {
			t.Errorf("workbookDate(%q, 1904=%v) = %q, want %q", c.in, c.date1904, got, c.want)
		}
	}
}
