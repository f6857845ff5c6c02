package importer

import (
	"context"
	"errors"
	"io"
	"slices"

	"outlay/internal/input"
	"outlay/internal/outlay"
)

// Importer brings spreadsheets in through the domain's unit of work: every record of a
// file is checked and written by the Tx's create methods (the helpers the forms use, each
// checking and auditing its record) in one transaction, or nothing is.
type Importer struct {
	work  outlay.UnitOfWork
	lim   Limits
	rules *input.Rules
	// Progress, when set, is told how many of the file's rows have been checked and
	// written so far (done of total), every few hundred rows and once at the end, so a
	// command can show a long import moving. It is called from the importing goroutine.
	Progress func(done, total int)
}

var _ outlay.Importer = (*Importer)(nil)

// New makes an importer writing through work, reading files within lim.
func New(work outlay.UnitOfWork, lim Limits) *Importer {
	return &Importer{work: work, lim: lim, rules: rowRules}
}

// rowRules are the field rules rows are checked with, built once: Capped makes an
// Importer for every import, and validator caches each struct's parsed tags in its
// instance. Messages are keyed by the JSON names that Column.Field holds.
var rowRules = input.New("json")

// errProblems rolls an import with problems back; it never leaves Import.
var errProblems = errors.New("importer: the file has problems")

// Import reads file as kind and checks every row; unless dryRun, and only when no row
// has a problem, it writes every record in one transaction, audited as one import by
// the user in ctx. A file that cannot be read as a table is an EINVALID error; problems
// with rows are the result's Problems, and then nothing is stored.
func (im *Importer) Import(ctx context.Context, kind outlay.ImportKind, file outlay.ImportFile, dryRun bool) (*outlay.ImportResult, error) {
	spec, ok := SpecFor(kind)
	if !ok {
		return nil, unknownKind(kind)
	}
	t, err := ReadTable(file, spec, im.lim)
	if err != nil {
		return nil, err
	}
	return im.importTable(ctx, spec, file.Name, t, dryRun)
}

// Template writes kind's template workbook.
func (im *Importer) Template(_ context.Context, w io.Writer, kind outlay.ImportKind) error {
	spec, ok := SpecFor(kind)
	if !ok {
		return unknownKind(kind)
	}
	return WriteTemplate(w, spec)
}

func unknownKind(kind outlay.ImportKind) error {
	return outlay.Errorf(outlay.EINVALID, "Outlay imports vendors, contracts, licences, budget-lines and spend, not %q.", string(kind))
}

// importTable runs a table's rows through one unit of work: a dry run for a preview, an
// update otherwise, rolled back when any row has a problem.
func (im *Importer) importTable(ctx context.Context, spec *Spec, fileName string, t *Table, dryRun bool) (*outlay.ImportResult, error) {
	res := &outlay.ImportResult{Kind: spec.Kind, DryRun: dryRun, Sheet: t.Sheet, Rows: len(t.Rows), Unknown: t.Unknown,
		Problems: []outlay.ImportProblem{}, Created: []outlay.ImportRecord{}}
	run := func(tx outlay.Tx) error {
		res.Problems, res.Created = res.Problems[:0], res.Created[:0]
		b, err := newBatch(ctx, tx, im, spec, t, res)
		if err != nil {
			return err
		}
		if err := kindRunners[spec.Kind](b); err != nil {
			return err
		}
		im.progress(len(t.Rows), len(t.Rows))
		if len(res.Problems) > 0 {
			return errProblems
		}
		if dryRun {
			return nil
		}
		return tx.Audit("import", "import", 0, nil, importSummary(spec.Kind, fileName, res))
	}
	var err error
	if dryRun {
		err = im.work.DryRun(ctx, run)
	} else {
		err = im.work.Update(ctx, run)
	}
	if err != nil && !errors.Is(err, errProblems) {
		return nil, err
	}
	sortProblems(spec, t, res.Problems)
	if dryRun || len(res.Problems) > 0 {
		// Nothing was kept: the ids were the rolled-back transaction's.
		for i := range res.Created {
			res.Created[i].ID, res.Created[i].Path = 0, ""
		}
	}
	return res, nil
}

func (im *Importer) progress(done, total int) {
	if im.Progress != nil {
		im.Progress(done, total)
	}
}

// importSummary is the import's own audit entry: what came in from which file, and the
// ids of the records made (each has its own audit entry too).
func importSummary(kind outlay.ImportKind, fileName string, res *outlay.ImportResult) map[string]any {
	ids := make([]int64, len(res.Created))
	for i, r := range res.Created {
		ids[i] = r.ID
	}
	return map[string]any{"kind": string(kind), "file": fileName, "rows": res.Rows, "created": len(ids), "ids": ids}
}

// sortProblems orders problems by row, then by the column's place in the spec, so a
// person reads them down and across the sheet.
func sortProblems(spec *Spec, t *Table, ps []outlay.ImportProblem) {
	place := map[string]int{}
	for i, c := range spec.Columns {
		place[c.Header] = i + 1
		if h, ok := t.Columns[c.Header]; ok {
			place[h] = i + 1
		}
	}
	slices.SortStableFunc(ps, func(a, b outlay.ImportProblem) int {
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return place[a.Column] - place[b.Column]
	})
}
