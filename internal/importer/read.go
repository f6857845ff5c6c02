package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"outlay/internal/outlay"
)

// ReadTable reads file (.xlsx or .csv, told by content first, the name second) as spec's
// table. A file that cannot be read as such a table is an outlay EINVALID error whose
// message says what is wrong and what to do. No more than lim.MaxBytes of the file is
// ever read.
func ReadTable(file outlay.ImportFile, spec *Spec, lim Limits) (*Table, error) {
	lim = lim.withDefaults()
	data, err := readBounded(file, lim.MaxBytes)
	if err != nil {
		return nil, err
	}
	switch sniff(data) {
	case formatZip:
		return readXLSX(data, spec, lim)
	case formatOLE:
		return nil, oleError(data)
	case formatText:
		if isWorkbookName(file.Name) {
			return nil, invalid("%s is named like an Excel workbook but is not one. Open it in your spreadsheet program and save it as Excel Workbook (.xlsx) or CSV UTF-8.", quoteName(file.Name))
		}
		return readCSV(data, spec, lim)
	default:
		return nil, notSpreadsheet(data)
	}
}

// readBounded reads the whole file, refusing one larger than max without reading past it.
func readBounded(file outlay.ImportFile, max int64) ([]byte, error) {
	if file.Size > max {
		return nil, tooLarge(file.Size, max)
	}
	if file.Body == nil {
		return nil, invalid("The file is empty. Choose a spreadsheet with a header row and at least one data row.")
	}
	// The size the upload declares bounds the read; an unknown size reads one byte past
	// the limit, to tell a file at the limit from a larger one.
	n := file.Size
	if n <= 0 {
		n = max + 1
	}
	data, err := io.ReadAll(io.NewSectionReader(file.Body, 0, n))
	if err != nil {
		return nil, fmt.Errorf("importer: read upload: %w", err)
	}
	if int64(len(data)) > max {
		return nil, tooLarge(int64(len(data)), max)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, invalid("The file is empty. Choose a spreadsheet with a header row and at least one data row.")
	}
	return data, nil
}

func tooLarge(size, max int64) error {
	return invalid("The file is %s; an upload may be at most %s. Split it into smaller files, or remove sheets and columns Outlay does not need.", byteSize(size), byteSize(max))
}

// byteSize writes a size as a person reads it: "20 MB", "1.5 MB", "900 KB".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

type fileFormat int

const (
	formatBinary fileFormat = iota
	formatZip
	formatOLE
	formatText
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
)

// sniff tells a file's format from its first bytes: a zip (an .xlsx), an OLE compound
// file (an old .xls or an encrypted workbook), text (a CSV) or anything else.
func sniff(data []byte) fileFormat {
	switch {
	case bytes.HasPrefix(data, zipMagic):
		return formatZip
	case bytes.HasPrefix(data, oleMagic):
		return formatOLE
	case bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE):
		return formatText
	case bytes.IndexByte(data, 0) >= 0:
		return formatBinary
	}
	if _, known := binaryKind(data); known {
		return formatBinary
	}
	return formatText
}

// binaryKind names the common files people upload by mistake.
func binaryKind(data []byte) (string, bool) {
	kinds := []struct {
		magic, name string
	}{
		{"\x89PNG\r\n\x1a\n", "a PNG image"},
		{"\xFF\xD8\xFF", "a JPEG image"},
		{"GIF8", "a GIF image"},
		{"%PDF", "a PDF document"},
		{"\x1F\x8B", "a gzip archive"},
		{"Rar!", "a RAR archive"},
		{"7z\xBC\xAF", "a 7-Zip archive"},
	}
	for _, k := range kinds {
		if bytes.HasPrefix(data, []byte(k.magic)) {
			return k.name, true
		}
	}
	return "", false
}

func notSpreadsheet(data []byte) error {
	if name, ok := binaryKind(data); ok {
		return invalid("The file is %s, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file.", name)
	}
	return invalid("The file is not a spreadsheet Outlay can read. Upload an Excel workbook (.xlsx) or a CSV file; a CSV saved as UTF-16 without a byte order mark, or as another binary format, should be saved again as CSV UTF-8.")
}

// oleError explains an OLE compound file: an encrypted workbook keeps its package in a
// stream named EncryptedPackage (its name is stored in UTF-16), anything else is an
// Excel 97-2003 workbook or another old Office file.
func oleError(data []byte) error {
	if bytes.Contains(data, utf16Name("EncryptedPackage")) || bytes.Contains(data, utf16Name("EncryptionInfo")) {
		return invalid("The workbook is protected with a password, so Outlay cannot read it. Open it, remove the password (File › Info › Protect Workbook › Encrypt with Password in Excel) and save it, or save a copy as CSV UTF-8.")
	}
	return invalid("The file is an Excel 97-2003 workbook (.xls) or another old Office file. Open it and save it as Excel Workbook (.xlsx) or CSV UTF-8.")
}

func utf16Name(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// checkZip looks inside a zip before excelize inflates it: it must be a workbook, and
// the sizes its entries declare must stay under the unzip limit. Go's zip reader fails
// on an entry that inflates past its declared size, so the declared sizes bound the work.
func checkZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return invalid("The file looks like an Excel workbook but is damaged (%s). Open it in your spreadsheet program and save it again.", zipReason(err))
	}
	var total uint64
	workbook, ods := false, false
	for _, f := range zr.File {
		total += f.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		switch {
		case name == "xl/workbook.xml":
			workbook = true
		case name == "content.xml" || name == "mimetype":
			ods = true
		}
	}
	if !workbook {
		if ods {
			return invalid("The file is an OpenDocument spreadsheet (.ods). Save it as Excel Workbook (.xlsx) or CSV UTF-8 and upload it again.")
		}
		return invalid("The file is a zip archive but not an Excel workbook. Upload an Excel workbook (.xlsx) or a CSV file.")
	}
	if total > unzipLimit {
		return invalid("The workbook would take %s once unpacked, more than Outlay reads (%s). Remove sheets and formatting it does not need, or save the rows as CSV UTF-8.", byteSize(int64(min(total, 1<<62))), byteSize(unzipLimit))
	}
	return nil
}

func zipReason(err error) string {
	if errors.Is(err, zip.ErrFormat) {
		return "its zip structure is broken"
	}
	return err.Error()
}

func isWorkbookName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".xls", ".xltx":
		return true
	}
	return false
}

func quoteName(name string) string {
	if name == "" {
		return "The file"
	}
	return "“" + clip(filepath.Base(name)) + "”"
}

// invalid is the EINVALID error a file that cannot be read comes back as.
func invalid(format string, args ...any) error {
	return outlay.Errorf(outlay.EINVALID, format, args...)
}
