package importer

import (
	"reflect"
	"testing"
)

func TestNormalizeHeader(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Charged to line", "charged to line"},
		{"  CHARGED   to_line ", "charged to line"},
		{"charged-to\u00a0line", "charged to line"},
		{"Charged to line (EUR)", "charged to line"},
		{"Charged to line\u00a0(USD)", "charged to line"},
		{"Seats (max)", "seats (max)"},
		{"Amount (EURO)", "amount (euro)"},
		{"\uFEFFDate", "date"},
		{"__", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := NormalizeHeader(c.in); got != c.want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHeadersMatchWhateverCaseSpacingOrderAndAlias(t *testing.T) {
	csv := "amount (EUR);INVOICE_NUMBER;  vendor ;Notes;date;Owner\n" +
		"12.50;INV-7;Acme;first;2027-02-01;Kim\n"
	tab := mustRead(t, "x.csv", []byte(csv))
	wantCols := map[string]string{"Amount": "amount (EUR)", "Invoice": "INVOICE_NUMBER", "Vendor": "vendor", "Date": "date"}
	if !reflect.DeepEqual(tab.Columns, wantCols) {
		t.Errorf("Columns = %v, want %v", tab.Columns, wantCols)
	}
	if !reflect.DeepEqual(tab.Unknown, []string{"Notes", "Owner"}) {
		t.Errorf("Unknown = %v, want [Notes Owner] in file order", tab.Unknown)
	}
	if !reflect.DeepEqual(tab.Headers, []string{"amount (EUR)", "INVOICE_NUMBER", "vendor", "Notes", "date", "Owner"}) {
		t.Errorf("Headers = %q", tab.Headers)
	}
	want := []Row{{Line: 2, Values: map[string]string{"Amount": "12.50", "Invoice": "INV-7", "Vendor": "Acme", "Date": "2027-02-01"}}}
	if !reflect.DeepEqual(tab.Rows, want) {
		t.Errorf("Rows = %+v, want %+v", tab.Rows, want)
	}
}

func TestHeaderRowBelowATitleBlock(t *testing.T) {
	csv := "Outlay — spend\nExported 2027-03-01 by Kim\n\nDate,Vendor,Amount\n2027-01-02,Acme,5\n"
	tab := mustRead(t, "x.csv", []byte(csv))
	if tab.HeaderRow != 4 || len(tab.Rows) != 1 || tab.Rows[0].Line != 5 {
		t.Fatalf("HeaderRow %d, rows %+v; want header 4 and one row on line 5", tab.HeaderRow, tab.Rows)
	}
}

func TestHeaderMissingRequiredColumnsNamed(t *testing.T) {
	_, err := ReadTable(fileOf("x.csv", []byte("Date,Invoice\n2027-01-02,I-1\n")), testSpec(), Limits{})
	wantInvalid(t, err, "Row 1", "lacks the columns “Vendor” and “Amount”", "a spend file")
}

func TestHeaderDuplicated(t *testing.T) {
	_, err := ReadTable(fileOf("x.csv", []byte("Date,Vendor,Amount,Invoice,Invoice number\n")), testSpec(), Limits{})
	wantInvalid(t, err, "twice", "“Invoice”", "“Invoice number”")
	_, err = ReadTable(fileOf("x.csv", []byte("Date,Vendor,Amount,Notes,notes\n")), testSpec(), Limits{})
	wantInvalid(t, err, "twice", "“notes”")
}

func TestHeaderBeyondSearchRowsIsNotFound(t *testing.T) {
	csv := ""
	for i := 0; i < headerSearchRows; i++ {
		csv += "title\n"
	}
	csv += "Date,Vendor,Amount\n2027-01-01,A,1\n"
	_, err := ReadTable(fileOf("x.csv", []byte(csv)), testSpec(), Limits{})
	wantInvalid(t, err, "no header row of a spend file in the first 20 rows", "Date, Vendor, Amount")
}
