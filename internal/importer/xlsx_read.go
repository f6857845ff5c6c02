package importer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads a workbook as spec's table: from the sheet named spec.Sheet when there
// is one, else from the first sheet whose first rows hold the header row.
func readXLSX(data []byte, spec *Spec, lim Limits) (*Table, error) {
	if err := checkZip(data); err != nil {
		return nil, err
	}
	// excelize unpacks large sheets into temporary files; a directory of the read's own
	// is removed whatever happens, even when opening fails half-way.
	tmp, err := os.MkdirTemp("", "outlay-import-")
	if err != nil {
		return nil, fmt.Errorf("importer: temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    unzipLimit,
		UnzipXMLSizeLimit: unzipXMLLimit,
		TmpDir:            tmp,
	})
	if err != nil {
		return nil, openError(err)
	}
	defer f.Close()
	props, err := f.GetWorkbookProps()
	if err != nil {
		return nil, damaged()
	}
	date1904 := props.Date1904 != nil && *props.Date1904
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, invalid("The workbook has no sheets. Upload the workbook with the rows to import.")
	}
	order := sheetOrder(sheets, spec.Sheet)
	var near *headerSearch
	nearSheet := ""
	for _, sheet := range order {
		t, search, err := readSheet(f, sheet, spec, lim, date1904)
		if err != nil || t != nil {
			return t, err
		}
		if search.best != nil && (near == nil || search.best.match.matched > near.best.match.matched) {
			near, nearSheet = search, sheet
		}
	}
	if near != nil {
		return nil, missingHeader(spec, near, " of sheet “"+clip(nearSheet)+"”")
	}
	if len(sheets) == 1 {
		return nil, missingHeader(spec, &headerSearch{}, " of sheet “"+clip(sheets[0])+"”")
	}
	return nil, invalid("The file's sheets are %s; none has the header row of %s (%s) in its first %d rows. Upload the workbook with the rows to import, or start from the template.", strings.Join(clipAll(sheets, 10), ", "), fileLabel(spec), headerHint(spec), headerSearchRows)
}

// sheetOrder puts the spec's sheet first when the workbook has it; the other sheets
// follow in workbook order.
func sheetOrder(sheets []string, want string) []string {
	out := make([]string, 0, len(sheets))
	for _, s := range sheets {
		if strings.EqualFold(s, want) {
			out = append(out, s)
		}
	}
	for _, s := range sheets {
		if !strings.EqualFold(s, want) {
			out = append(out, s)
		}
	}
	return out
}

// readSheet reads one sheet. It returns a nil table and the header search when the
// sheet has no header row in its first rows.
func readSheet(f *excelize.File, sheet string, spec *Spec, lim Limits, date1904 bool) (*Table, *headerSearch, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, damaged()
	}
	defer rows.Close()
	where := " of sheet “" + clip(sheet) + "”"
	search := &headerSearch{ix: newHeaderIndex(spec)}
	var b *tableBuilder
	line := 0
	for rows.Next() {
		line++
		if b == nil && line > headerSearchRows {
			return nil, search, nil
		}
		cells, err := rows.Columns()
		if err != nil {
			return nil, nil, damaged()
		}
		if len(cells) == 0 {
			continue
		}
		if b != nil {
			if err := b.add(line, cells); err != nil {
				return nil, nil, err
			}
			continue
		}
		if err := checkCells(lim, line, where, cells, excelColumn); err != nil {
			return nil, nil, err
		}
		if c := search.try(line, cells); c != nil {
			if b, err = newTableBuilder(spec, lim, sheet, c, workbookCells(date1904)); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := rows.Error(); err != nil {
		if errors.Is(err, excelize.ErrMaxRows) {
			return nil, nil, invalid("Sheet “%s” has rows past Excel's last row (1,048,576), so the workbook is damaged. Open it in your spreadsheet program and save it again.", clip(sheet))
		}
		return nil, nil, damaged()
	}
	if b == nil {
		return nil, search, nil
	}
	t, err := b.done()
	return t, nil, err
}

// openError explains why excelize could not open a workbook that passed checkZip.
func openError(err error) error {
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return invalid("The workbook is protected with a password, so Outlay cannot read it. Open it, remove the password and save it, or save a copy as CSV UTF-8.")
	case strings.Contains(err.Error(), "unzip size"):
		return invalid("The workbook would take more than %s once unpacked, more than Outlay reads. Remove sheets and formatting it does not need, or save the rows as CSV UTF-8.", byteSize(unzipLimit))
	}
	return damaged()
}

func damaged() error {
	return invalid("The workbook is damaged and cannot be read. Open it in your spreadsheet program and save it again as Excel Workbook (.xlsx), or as CSV UTF-8.")
}

func clipAll(ss []string, most int) []string {
	out := make([]string, 0, min(len(ss), most+1))
	for i, s := range ss {
		if i == most {
			out = append(out, "…")
			break
		}
		out = append(out, clip(s))
	}
	return out
}
