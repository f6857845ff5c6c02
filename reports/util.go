package reports

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// civil drops the time of day: registers show dates, not instants.
func civil(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func boolPtr(b bool) *bool { return &b }

// cellName is the A1 name of a cell; col and row come from the sheet's own layout, so
// they are always in range.
func cellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err)
	}
	return name
}

// columnIndex is the index of the column with this header, -1 if there is none.
func columnIndex(cols []column, header string) int {
	return slices.IndexFunc(cols, func(c column) bool { return c.Header == header })
}

// columnLetter is the letter of the column with this header.
func columnLetter(cols []column, header string) (string, error) {
	i := columnIndex(cols, header)
	if i < 0 {
		return "", fmt.Errorf("reports: no column %q", header)
	}
	return excelize.ColumnNumberToName(i + 1)
}

// quoteSheet is a sheet's name as formulas write it.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// tableName is the name of a sheet's table: Excel's names allow letters, digits and
// underscores, and may not look like a cell reference, hence the suffix.
func tableName(sheet string) string {
	var b strings.Builder
	for _, r := range sheet {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	return b.String() + "_table"
}

// statusWords writes a derived status as words: "notice_missed" is "notice missed".
func statusWords(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", " ") }
