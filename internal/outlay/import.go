package outlay

import (
	"context"
	"io"
)

// ImportKind is what a spreadsheet import creates.
type ImportKind string

// The kinds of records a spreadsheet can bring in, by the name the CLI, the API and the
// pages use.
const (
	ImportVendors     ImportKind = "vendors"
	ImportContracts   ImportKind = "contracts"
	ImportLicences    ImportKind = "licences"
	ImportBudgetLines ImportKind = "budget-lines"
	ImportSpend       ImportKind = "spend"
)

// ImportKinds lists the kinds in the order pages offer them.
var ImportKinds = []ImportKind{ImportVendors, ImportContracts, ImportLicences, ImportBudgetLines, ImportSpend}

// ImportFile is an uploaded spreadsheet: its name (the extension tells .xlsx from .csv)
// and its bytes, which may be read more than once.
type ImportFile struct {
	Name string
	Size int64
	Body io.ReaderAt
}

// ImportProblem is one thing wrong with a file: a row (its number in the sheet, as the
// spreadsheet program shows it; 0 for the file or its header) and a column (its header
// as the file has it; "" for the whole row).
type ImportProblem struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// ImportRecord is a record an import creates (or, in a preview, would create).
type ImportRecord struct {
	Row   int    `json:"row"` // the first row it comes from
	ID    int64  `json:"id,omitempty"`
	Label string `json:"label"`          // "Acme Cloud", "INF-CLOUD FY2027", "Acme INV-1001"
	Path  string `json:"path,omitempty"` // the record's page, "/vendors/12"; "" in a preview
}

// ImportResult is what an import did, or in a preview would do. Nothing is stored when
// Problems is not empty, whether or not it was a dry run.
type ImportResult struct {
	Kind   ImportKind `json:"kind"`
	DryRun bool       `json:"dry_run"`
	Sheet  string     `json:"sheet,omitempty"` // the sheet read, for a workbook
	Rows   int        `json:"rows"`            // data rows read (blank rows skipped)
	// Unknown are the file's column headers that the kind has no use for; they are
	// reported and ignored.
	Unknown  []string        `json:"unknown_columns,omitempty"`
	Problems []ImportProblem `json:"problems"`
	Created  []ImportRecord  `json:"created"`
}

// OK reports whether the import has no problems.
func (r *ImportResult) OK() bool { return len(r.Problems) == 0 }

// Importer brings spreadsheets in. A file that cannot be read as a table at all (not a
// spreadsheet, encrypted, too large, no header row) is an EINVALID error with a message
// that says what to do; problems with rows are the result's Problems.
type Importer interface {
	// Import reads file as kind and checks every row; unless dryRun, and only when no
	// row has a problem, it writes every record in one transaction, audited as one import
	// by the user in ctx.
	Import(ctx context.Context, kind ImportKind, file ImportFile, dryRun bool) (*ImportResult, error)
	// Template writes kind's template workbook: the header row the import accepts, an
	// example row, and drop-down lists for every column with fixed choices.
	Template(ctx context.Context, w io.Writer, kind ImportKind) error
}
