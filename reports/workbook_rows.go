package reports

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// rowFile holds a sheet's data rows, from its first data row on, as worksheet XML in a
// temporary file, written as they come through a small buffer. excelize's StreamWriter
// keeps up to 16 MB of every sheet in memory until the whole file is written, and the
// buffer of a sheet it spilled to disk stays allocated as large: a pack with three
// large sheets and a few middling ones held more than 80 MB of them at the end. The
// rows go into the sheet's part when the archive is written (spliceZip), just before
// its </sheetData>, where the StreamWriter would have put them.
//
// Cells are encoded as the StreamWriter encodes them (excelize v2.11's SetRow and
// writeCell), so a sheet reads back the same either way; the tests compare the two.
type rowFile struct {
	f    *os.File
	w    *bufio.Writer
	b    []byte   // the row being encoded, reused
	cols []string // column letters by index, made as needed
	// dateStyle is the style of a date cell given without one (excelize's NumFmt 22),
	// made once when needed.
	dateStyle int
	wb        *excelize.File
}

func newRowFile(wb *excelize.File) (*rowFile, error) {
	f, err := os.CreateTemp("", "outlay-rows-")
	if err != nil {
		return nil, err
	}
	return &rowFile{f: f, w: bufio.NewWriterSize(f, 64<<10), wb: wb}, nil
}

// close removes the temporary file.
func (r *rowFile) close() {
	if r.f != nil {
		r.f.Close()
		os.Remove(r.f.Name())
		r.f = nil
	}
}

// col is the letter of column i (1-based).
func (r *rowFile) col(i int) (string, error) {
	for len(r.cols) < i {
		name, err := excelize.ColumnNumberToName(len(r.cols) + 1)
		if err != nil {
			return "", err
		}
		r.cols = append(r.cols, name)
	}
	return r.cols[i-1], nil
}

// row writes row n of cells from column A: each nil or an excelize.Cell (or *Cell); a
// nil cell is left out, as SetRow leaves it.
func (r *rowFile) row(n int, cells []any) error {
	b := append(r.b[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, `">`...)
	for i, v := range cells {
		var c excelize.Cell
		switch v := v.(type) {
		case nil:
			continue
		case excelize.Cell:
			c = v
		case *excelize.Cell:
			if v == nil {
				c.Value = "<nil>" // as SetRow writes it: fmt.Sprint of the value
				break
			}
			c = *v
		default:
			c.Value = v
		}
		col, err := r.col(i + 1)
		if err != nil {
			return err
		}
		if b, err = r.cell(b, col, n, c); err != nil {
			return err
		}
	}
	b = append(b, `</row>`...)
	r.b = b
	_, err := r.w.Write(b)
	return err
}

// xc is a cell as writeCell writes it.
type xc struct {
	s        int
	t        string
	f        string // formula, "" for none
	v        string
	isVal    string // inline string, already escaped; set with isText
	isText   bool
	isSpace  bool // xml:space="preserve" on the inline string's <t>
	xmlSpace bool // xml:space="preserve" on the cell (a formula's text result)
}

// cell appends one cell at col, row to b, its value typed as SetRow types it.
func (r *rowFile) cell(b []byte, col string, row int, c excelize.Cell) ([]byte, error) {
	x := xc{s: c.StyleID}
	if c.Formula != "" {
		x.t, x.f = "str", c.Formula
	}
	switch v := c.Value.(type) {
	case int:
		x.t, x.v = "", strconv.FormatInt(int64(v), 10)
	case int8:
		x.t, x.v = "", strconv.FormatInt(int64(v), 10)
	case int16:
		x.t, x.v = "", strconv.FormatInt(int64(v), 10)
	case int32:
		x.t, x.v = "", strconv.FormatInt(int64(v), 10)
	case int64:
		x.t, x.v = "", strconv.FormatInt(v, 10)
	case uint:
		x.t, x.v = "", strconv.FormatUint(uint64(v), 10)
	case uint8:
		x.t, x.v = "", strconv.FormatUint(uint64(v), 10)
	case uint16:
		x.t, x.v = "", strconv.FormatUint(uint64(v), 10)
	case uint32:
		x.t, x.v = "", strconv.FormatUint(uint64(v), 10)
	case uint64:
		x.t, x.v = "", strconv.FormatUint(v, 10)
	case float32:
		x.setFloat(float64(v), 32)
	case float64:
		x.setFloat(v, 64)
	case string:
		x.setValue(v)
	case []byte:
		x.setValue(string(v))
	case time.Time:
		if err := r.setTime(&x, v); err != nil {
			return b, err
		}
	case bool:
		x.t, x.v = "b", "0"
		if v {
			x.v = "1"
		}
	case nil:
	case time.Duration, []excelize.RichTextRun:
		return b, fmt.Errorf("reports: a %T cell is not written by rows", v)
	default:
		x.setValue(fmt.Sprint(v))
	}
	return x.append(b, col, row), nil
}

// setFloat is setCellFloat with automatic precision.
func (x *xc) setFloat(v float64, bits int) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		x.setInline(fmt.Sprint(v))
		return
	}
	x.t, x.v, x.isText = "", formatCellFloat(v, bits), false
}

// setValue is setCellValue: a formula's text result, or an inline string.
func (x *xc) setValue(s string) {
	if x.f != "" {
		x.t, x.isText = "str", false
		x.v, x.xmlSpace = trimCellValue(s, false)
		return
	}
	x.setInline(s)
}

// setInline is setInlineStr.
func (x *xc) setInline(s string) {
	x.t, x.v, x.isText = "inlineStr", "", true
	x.isVal, x.isSpace = trimCellValue(s, true)
}

// excelMinTime1900 and excelBuggyPeriodStart are excelize's bounds of the 1900 date
// system.
var (
	excelMinTime1900      = time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
	excelBuggyPeriodStart = time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
)

const (
	dayNanoseconds = 24 * time.Hour
	maxDuration    = 290 * 364 * dayNanoseconds
)

// setTime is the StreamWriter's setCellTime: a serial number in the 1900 date system
// (excelize's new files use it), or the time as text before it; a date without a
// style gets excelize's date format.
func (r *rowFile) setTime(x *xc, t time.Time) error {
	_, offset := t.In(t.Location()).Zone()
	t = t.Add(time.Duration(offset) * time.Second)
	serial := excelTime(t)
	if serial <= 0 {
		x.setDefault(t.Format(time.RFC3339Nano))
		return nil
	}
	x.setDefault(strconv.FormatFloat(serial, 'f', -1, 64))
	if x.s == 0 {
		if r.dateStyle == 0 {
			id, err := r.wb.NewStyle(&excelize.Style{NumFmt: 22})
			if err != nil {
				return err
			}
			r.dateStyle = id
		}
		x.s = r.dateStyle
	}
	return nil
}

// setDefault is setCellDefault: a number as it is, other text as an inline string.
func (x *xc) setDefault(s string) {
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		if s != "" {
			x.setInline(s)
			x.isVal = s
			return
		}
		x.t, x.v, x.isText = s, s, false
		return
	}
	x.t, x.v, x.isText = "", s, false
}

// excelTime is timeToExcelTime in the 1900 date system.
func excelTime(t time.Time) float64 {
	date := excelMinTime1900
	if t.Before(date) {
		return 0
	}
	tt, diff, result := t, t.Sub(date), 0.0
	for diff >= maxDuration {
		result += float64(maxDuration / dayNanoseconds)
		tt = tt.Add(-maxDuration)
		diff = tt.Sub(date)
	}
	rem := diff % dayNanoseconds
	result += float64(diff-rem)/float64(dayNanoseconds) + float64(rem)/float64(dayNanoseconds)
	if t.After(excelBuggyPeriodStart) {
		result++
	}
	return result
}

// append writes the cell as writeCell does.
func (x *xc) append(b []byte, col string, row int) []byte {
	b = append(b, `<c`...)
	if x.xmlSpace {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, ` r="`...)
	b = append(b, col...)
	b = strconv.AppendInt(b, int64(row), 10)
	b = append(b, '"')
	if x.s != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(x.s), 10)
		b = append(b, '"')
	}
	if x.t != "" {
		b = append(b, ` t="`...)
		b = append(b, x.t...)
		b = append(b, '"')
	}
	b = append(b, '>')
	if x.f != "" {
		b = append(b, `<f>`...)
		b = appendEscaped(b, x.f)
		b = append(b, `</f>`...)
	}
	if x.v != "" {
		b = append(b, `<v>`...)
		b = appendEscaped(b, x.v)
		b = append(b, `</v>`...)
	}
	if x.isText {
		b = append(b, `<is><t`...)
		if x.isSpace {
			b = append(b, ` xml:space="preserve"`...)
		}
		b = append(b, '>')
		b = append(b, x.isVal...)
		b = append(b, `</t></is>`...)
	}
	return append(b, `</c>`...)
}

// byteWriter lets xml.EscapeText append to a byte slice.
type byteWriter struct{ b []byte }

func (w *byteWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

// appendEscaped appends s escaped as xml.EscapeText escapes it; plain text, the most of
// it, is copied as it is.
func appendEscaped(b []byte, s string) []byte {
	if plainXML(s) {
		return append(b, s...)
	}
	w := byteWriter{b}
	_ = xml.EscapeText(&w, []byte(s))
	return w.b
}

// plainXML reports whether xml.EscapeText leaves s as it is: printable ASCII without
// the characters it escapes.
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '"', c == '\'', c == '&', c == '<', c == '>':
			return false
		}
	}
	return true
}

// totalCellChars is the most UTF-16 units a cell holds (excelize.TotalCellChars).
const totalCellChars = excelize.TotalCellChars

// trimCellValue is excelize's: the text cut to what a cell holds, whether it needs
// xml:space="preserve", and (escape) escaped, with the escape of a line feed undone,
// and its _xHHHH_ literals escaped.
func trimCellValue(value string, escape bool) (string, bool) {
	if len(value) > totalCellChars && countUTF16(value) > totalCellChars {
		value = truncateUTF16(value, totalCellChars)
	}
	space := false
	if value != "" {
		prefix, suffix := value[0], value[len(value)-1]
		for _, c := range []byte{9, 10, 13, 32} {
			if prefix == c || suffix == c {
				space = true
				break
			}
		}
		if escape && !plainXML(value) {
			var buf strings.Builder
			_ = xml.EscapeText(&buf, []byte(value))
			value = strings.ReplaceAll(buf.String(), "&#xA;", "\n")
		}
	}
	return bstrMarshal(value), space
}

func countUTF16(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func truncateUTF16(s string, length int) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > length {
			return s[:i]
		}
	}
	return s
}

// bstrExp and bstrEscapeExp are excelize's patterns of the _xHHHH_ literals.
var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal is excelize's: a literal _xHHHH_ in text is written _x005F_xHHHH_, so
// that it reads back as typed and not as the character it would name.
func bstrMarshal(s string) (result string) {
	if !strings.Contains(s, "_x") {
		return s
	}
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}

// formatCellFloat is excelize's automatic precision: at most Excel's 15 significant
// digits.
func formatCellFloat(value float64, bitSize int) string {
	str := strconv.FormatFloat(value, 'f', -1, bitSize)
	if math.Abs(value) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}
