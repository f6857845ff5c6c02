package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"outlay/internal/importer"
	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

const importUsage = "usage: outlay import vendors|contracts|licences|budget-lines|spend FILE [--dry-run] [--as EMAIL] [--data DIR]"

// importRun is `outlay import KIND FILE`: the same import as the pages and the API,
// audited as the user named by --as (an active editor or administrator). Without --as
// the import runs as the only active administrator, and is refused when there is more
// than one, so the audit log never guesses who it was. Progress goes to stderr; the
// records created (or, with --dry-run, that would be) and the problems go to stdout.
// Any row with a problem: nothing is stored and the exit status is 1.
func importRun(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{importUsage}
	}
	kind := outlay.ImportKind(args[0])
	if !knownKind(kind) {
		return usageError{fmt.Sprintf("%q is not a kind of import; %s", args[0], importUsage)}
	}
	var cfg Config
	fs := newFlags("import", &cfg, stderr)
	dryRun := fs.Bool("dry-run", false, "check every row and show what would be created, storing nothing")
	as := fs.String("as", "", "email of the active editor or administrator the import is audited as (default: the only administrator)")
	// The file may come before or after the flags: parse, take the file, parse the rest.
	var files []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		return usageError{importUsage}
	}
	path := files[0]
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.IsDir() {
		return usageError{path + " is a folder, not a spreadsheet"}
	}

	db, err := sqlite.Open(cfg.DBPath())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	user, err := importUser(ctx, db, *as)
	if err != nil {
		return err
	}
	ctx = outlay.NewContextWithUser(ctx, user)

	name := filepath.Base(path)
	verb := "importing"
	if *dryRun {
		verb = "checking"
	}
	fmt.Fprintf(stderr, "%s %s (%s) as %s, as %s\n", verb, name, sizeWords(info.Size()), kind, user.Email)
	im := importer.Capped{Work: db.Work(), Settings: db, Progress: progressPrinter(stderr)}
	res, err := im.Import(ctx, kind, outlay.ImportFile{Name: name, Size: info.Size(), Body: f}, *dryRun)
	if err != nil {
		return cliError(err)
	}
	printImport(stdout, res, name)
	if !res.OK() {
		rows := map[int]bool{}
		for _, p := range res.Problems {
			rows[p.Row] = true
		}
		return fmt.Errorf("%s in %s; nothing was imported", countWords(len(res.Problems), "problem", "problems"), countWords(len(rows), "row", "rows"))
	}
	return nil
}

// knownKind reports whether kind is one the importer takes.
func knownKind(kind outlay.ImportKind) bool {
	for _, k := range outlay.ImportKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// importUser is the user the import is audited as: the one --as names, who must be an
// active editor or administrator, or else the only active administrator.
func importUser(ctx context.Context, users outlay.UserService, email string) (*outlay.User, error) {
	if email != "" {
		u, err := users.FindUserByEmail(ctx, email)
		if outlay.ErrorCode(err) == outlay.ENOTFOUND {
			return nil, usageError{fmt.Sprintf("--as %s: there is no user with this email", email)}
		} else if err != nil {
			return nil, err
		}
		if !u.Active {
			return nil, usageError{fmt.Sprintf("--as %s: this user is deactivated", u.Email)}
		}
		if !u.CanEdit() {
			return nil, usageError{fmt.Sprintf("--as %s: a %s cannot import; name an editor or an administrator", u.Email, u.Role)}
		}
		return u, nil
	}
	all, _, err := users.FindUsers(ctx, outlay.UserFilter{})
	if err != nil {
		return nil, err
	}
	var admins []*outlay.User
	for _, u := range all {
		if u.Active && u.IsAdmin() {
			admins = append(admins, u)
		}
	}
	switch len(admins) {
	case 1:
		return admins[0], nil
	case 0:
		return nil, usageError{"there is no active administrator to audit the import as: name an editor with --as EMAIL"}
	}
	return nil, usageError{fmt.Sprintf("there are %d administrators: say who imports with --as EMAIL, for the audit log", len(admins))}
}

// printImport writes what the import created (or would), then the ignored columns and
// the problems, one line each: "row 7, Amount: …".
func printImport(w io.Writer, res *outlay.ImportResult, name string) {
	from := name
	if res.Sheet != "" {
		from += ", sheet " + res.Sheet
	}
	verb := "created"
	switch {
	case !res.OK():
		verb = "would be created once the problems are fixed"
	case res.DryRun:
		verb = "would be created (dry run: nothing was stored)"
	}
	fmt.Fprintf(w, "%s: %s read; %s %s\n", from, countWords(res.Rows, "row", "rows"), kindCount(res.Kind, len(res.Created)), verb)
	for _, r := range res.Created {
		line := fmt.Sprintf("  row %d  %s", r.Row, r.Label)
		if r.Path != "" {
			line += "  " + r.Path
		}
		fmt.Fprintln(w, line)
	}
	if len(res.Unknown) > 0 {
		fmt.Fprintf(w, "ignored columns: %s\n", strings.Join(res.Unknown, ", "))
	}
	if len(res.Problems) > 0 {
		fmt.Fprintf(w, "%s:\n", countWords(len(res.Problems), "problem", "problems"))
		for _, p := range res.Problems {
			where := "file"
			if p.Row > 0 {
				where = fmt.Sprintf("row %d", p.Row)
			}
			if p.Column != "" {
				where += ", " + p.Column
			}
			fmt.Fprintf(w, "  %s: %s\n", where, p.Message)
		}
	}
}

// progressPrinter writes the rows done to w at every tenth of the file and at its end,
// so a long import shows it is moving without flooding a terminal or a log.
func progressPrinter(w io.Writer) func(done, total int) {
	last := -1
	return func(done, total int) {
		if total <= 0 {
			return
		}
		step := done * 10 / total
		if step == last && done != total {
			return
		}
		last = step
		fmt.Fprintf(w, "  %s of %s rows checked\n", thousandsInt(done), thousandsInt(total))
	}
}

// kindNouns are each kind's record in the singular and the plural.
var kindNouns = map[outlay.ImportKind][2]string{
	outlay.ImportVendors:     {"vendor", "vendors"},
	outlay.ImportContracts:   {"contract", "contracts"},
	outlay.ImportLicences:    {"licence", "licences"},
	outlay.ImportBudgetLines: {"budget line", "budget lines"},
	outlay.ImportSpend:       {"spend entry", "spend entries"},
}

// kindCount writes n records of kind: "1 vendor", "2 spend entries".
func kindCount(kind outlay.ImportKind, n int) string {
	nouns, ok := kindNouns[kind]
	if !ok {
		nouns = [2]string{"record", "records"}
	}
	return countWords(n, nouns[0], nouns[1])
}

// countWords writes n with the noun's singular or plural.
func countWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousandsInt(n) + " " + many
}

func thousandsInt(n int) string { return money.Format(int64(n), "JPY") }

// sizeWords writes a file size as people read it: "812 bytes", "1.4 MB".
func sizeWords(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return money.FormatFixed(n*10>>20, 1) + " MB"
}
