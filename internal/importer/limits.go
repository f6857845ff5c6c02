package importer

// Limits bound what one file may hold; the zero value means DefaultLimits. Each field
// left at zero takes its default, so a caller can set only the upload size.
type Limits struct {
	MaxBytes     int64 // the file (default 20 MB; the upload setting sets it)
	MaxRows      int   // data rows, blank rows not counted (default 100,000)
	MaxColumns   int   // default 200
	MaxCellChars int   // default 32,767 (Excel's own limit)
}

// DefaultLimits are the limits of an upload when nothing else is set.
var DefaultLimits = Limits{
	MaxBytes:     20 << 20,
	MaxRows:      100_000,
	MaxColumns:   200,
	MaxCellChars: 32_767,
}

// headerSearchRows is how far down a sheet the header row is looked for: the exports put
// a four-row title block above it, and people add a few lines of their own.
const headerSearchRows = 20

// unzipLimit bounds what a workbook may inflate to in all: ten times a 20 MB upload,
// which is as far as sheet XML usually compresses, and room for 100,000 rows of 20
// columns. A zip bomb is refused before it is inflated, because the sizes its entries
// declare are checked first and Go's zip reader reads no entry past its declared size.
const unzipLimit = 200 << 20

// unzipXMLLimit is the part of a workbook excelize keeps in memory; larger worksheets
// go to a temporary directory of the read's own, removed when the read ends.
const unzipXMLLimit = 16 << 20

// withDefaults fills every zero field from DefaultLimits.
func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultLimits.MaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = DefaultLimits.MaxColumns
	}
	if l.MaxCellChars <= 0 {
		l.MaxCellChars = DefaultLimits.MaxCellChars
	}
	return l
}
