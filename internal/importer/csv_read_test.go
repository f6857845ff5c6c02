package importer

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func TestCSVSeparators(t *testing.T) {
	for name, sep := range map[string]string{"comma": ",", "semicolon": ";", "tab": "\t"} {
		t.Run(name, func(t *testing.T) {
			csv := strings.Join([]string{"Date", "Vendor", "Amount", "Notes"}, sep) + "\r\n" +
				strings.Join([]string{"2027-01-02", `"Acme, Inc; ""EU"""`, "1234.50", "a\tb"}, sep) + "\r\n"
			if sep == "\t" {
				csv = strings.Replace(csv, "a\tb", `"a	b"`, 1)
			}
			tab := mustRead(t, "x.csv", []byte(csv))
			want := map[string]string{"Date": "2027-01-02", "Vendor": `Acme, Inc; "EU"`, "Amount": "1234.50"}
			if len(tab.Rows) != 1 || !reflect.DeepEqual(tab.Rows[0].Values, want) {
				t.Errorf("rows %+v, want one row %v", tab.Rows, want)
			}
		})
	}
}

func TestCSVSeparatorAmbiguous(t *testing.T) {
	_, err := ReadTable(fileOf("x.csv", []byte("Date,Vendor;Amount\n2027-01-01,A;1\n")), testSpec(), Limits{})
	wantInvalid(t, err, "The first line has commas and semicolons outside quotes")
}

func TestCSVTitleLineAboveHeaderDoesNotDecideTheSeparator(t *testing.T) {
	tab := mustRead(t, "x.csv", []byte("Spend, as of March\nDate;Vendor;Amount\n2027-01-01;A;1,5\n"))
	if tab.HeaderRow != 2 || tab.Rows[0].Values["Amount"] != "1,5" {
		t.Errorf("header %d rows %+v", tab.HeaderRow, tab.Rows)
	}
}

func TestCSVEncodings(t *testing.T) {
	text := "Date,Vendor,Amount\n2027-01-02,Café Müller – Zürich,5\n"
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	cp, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		data   []byte
		notice bool
	}{
		"utf-8":        {[]byte(text), false},
		"utf-8 bom":    {append([]byte("\xEF\xBB\xBF"), text...), false},
		"utf-16le":     {le, false},
		"utf-16be":     {be, false},
		"windows-1252": {cp, true},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			tab := mustRead(t, "x.csv", c.data)
			if got := tab.Rows[0].Values["Vendor"]; got != "Café Müller – Zürich" {
				t.Errorf("Vendor = %q", got)
			}
			if tab.Columns["Date"] != "Date" {
				t.Errorf("the BOM stuck to the first header: %q", tab.Headers)
			}
			if (tab.Notice != "") != c.notice || c.notice && !strings.Contains(tab.Notice, "Windows-1252") {
				t.Errorf("Notice = %q", tab.Notice)
			}
		})
	}
}

func TestCSVUnknownEncodingRefused(t *testing.T) {
	// 0x81 is not a Windows-1252 character, so these bytes are no text Outlay can tell.
	_, err := ReadTable(fileOf("x.csv", []byte("Date,Vendor,Amount\n2027-01-02,\x81\x8D,5\n")), testSpec(), Limits{})
	wantInvalid(t, err, "save it as CSV UTF-8")
}

func TestCSVQuotedLineBreaksAndRowNumbers(t *testing.T) {
	csv := "Date,Vendor,Amount\n" +
		"2027-01-02,\"Acme\nCloud\",1\n" + // row 2, spans two lines
		"\n" + // row 3, blank
		",,\n" + // row 4, blank
		"2027-01-03,Beta,2\n" // row 5
	tab := mustRead(t, "x.csv", []byte(csv))
	if len(tab.Rows) != 2 || tab.Rows[0].Line != 2 || tab.Rows[1].Line != 5 {
		t.Fatalf("rows %+v, want lines 2 and 5", tab.Rows)
	}
	if tab.Rows[0].Values["Vendor"] != "Acme\nCloud" {
		t.Errorf("Vendor = %q", tab.Rows[0].Values["Vendor"])
	}
}

func TestCSVRaggedRows(t *testing.T) {
	tab := mustRead(t, "x.csv", []byte("Date,Vendor,Amount,Invoice\n2027-01-02,A\n2027-01-03,B,2,I-2,,\n"))
	if got := tab.Rows[0].Values; got["Amount"] != "" || got["Invoice"] != "" || got["Vendor"] != "A" {
		t.Errorf("short row = %v", got)
	}
	if len(tab.Rows) != 2 {
		t.Errorf("trailing empty cells made the row fail: %+v", tab.Rows)
	}
	_, err := ReadTable(fileOf("x.csv", []byte("Date,Vendor,Amount\n2027-01-02,A,1\n2027-01-02,B,1,extra\n2027-01-02,C,1,more\n")), testSpec(), Limits{})
	wantInvalid(t, err, "Row 3 has a value in column D, which has no header")
}

func TestCSVBadQuote(t *testing.T) {
	_, err := ReadTable(fileOf("x.csv", []byte("Date,Vendor,Amount\n2027-01-02,\"Acme,1\n2027-01-03,B,2\n")), testSpec(), Limits{})
	wantInvalid(t, err, "Line 2", "quote")
}

func TestCSVNamedXLSXIsRefused(t *testing.T) {
	_, err := ReadTable(fileOf("spend.xlsx", []byte("Date,Vendor,Amount\n2027-01-02,A,1\n")), testSpec(), Limits{})
	wantInvalid(t, err, "“spend.xlsx” is named like an Excel workbook but is not one")
}

func TestCSVCellsKeptAsTyped(t *testing.T) {
	tab := mustRead(t, "x.txt", []byte("Date,Vendor,Amount\n  15/01/2027 , =cmd() ,\" 1e-7 \"\n"))
	want := map[string]string{"Date": "15/01/2027", "Vendor": "=cmd()", "Amount": "1e-7"}
	if !reflect.DeepEqual(tab.Rows[0].Values, want) {
		t.Errorf("values %v, want %v", tab.Rows[0].Values, want)
	}
}
