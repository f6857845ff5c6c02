package importer

import (
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Excel's date serials: 1 is the first day of the calendar, 2,958,465 is 9999-12-31.
const (
	firstSerial = 1
	lastSerial  = 2958465
)

// workbookCells reads a workbook's raw cell values as a person would have typed them.
// The row iterator gives raw values without their cells' types or styles, so a cell is
// read by its column's type: in a date column any date serial (a date cell, or a number
// stored as text) is a date; in a number column any decimal is a number; everything else,
// and every text column, stays exactly as stored.
func workbookCells(date1904 bool) cellReader {
	return func(col *Column, v string) string {
		switch col.Type {
		case DateColumn:
			return workbookDate(v, date1904)
		case NumberColumn:
			if isDecimal(v) {
				return plainDecimal(v)
			}
		}
		return v
	}
}

// workbookDate turns a date serial into YYYY-MM-DD under the workbook's date system, and
// an ISO 8601 date cell (t="d") into its date; other text stays as typed.
func workbookDate(v string, date1904 bool) string {
	if isDecimal(v) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < firstSerial || f >= lastSerial+1 {
			return v
		}
		// A date typed with a time of day keeps only its day: the serial's fraction.
		t, err := excelize.ExcelDateToTime(math.Floor(f), date1904)
		if err != nil {
			return v
		}
		return t.Format("2006-01-02")
	}
	if len(v) > 10 && v[10] == 'T' && isISODate(v[:10]) {
		return v[:10]
	}
	return v
}

func isISODate(s string) bool {
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) == 10
}

// isDecimal reports whether v is written as a workbook writes a number: an optional sign,
// digits with an optional fraction, an optional exponent. Go's ParseFloat would also take
// "Inf", "NaN", hex floats and underscores, which no spreadsheet stores as a number.
func isDecimal(v string) bool {
	i, n := 0, len(v)
	if i < n && (v[i] == '-' || v[i] == '+') {
		i++
	}
	digits := 0
	for i < n && v[i] >= '0' && v[i] <= '9' {
		i++
		digits++
	}
	if i < n && v[i] == '.' {
		i++
		for i < n && v[i] >= '0' && v[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < n && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < n && (v[i] == '-' || v[i] == '+') {
			i++
		}
		exp := 0
		for i < n && v[i] >= '0' && v[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == n
}

// plainDecimal writes a stored number as Excel displays it in a General cell widened to
// fit: rounded to 15 significant digits, without exponent or trailing zeros
// ("0.30000000000000004" → "0.3", "1E-7" → "0.0000001", "1.5E+20" → "150000000000000000000").
// v must satisfy isDecimal.
func plainDecimal(v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return v
	}
	if f == 0 {
		return "0"
	}
	// "-d.ddddddddddddddde±x": 15 significant digits and a decimal exponent.
	s := strconv.FormatFloat(f, 'e', 14, 64)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	e := strings.IndexByte(s, 'e')
	exp, _ := strconv.Atoi(s[e+1:])
	digits := strings.TrimRight(s[:1]+s[2:e], "0")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case exp < 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -exp-1))
		b.WriteString(digits)
	case exp+1 >= len(digits):
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", exp+1-len(digits)))
	default:
		b.WriteString(digits[:exp+1])
		b.WriteByte('.')
		b.WriteString(digits[exp+1:])
	}
	return b.String()
}
