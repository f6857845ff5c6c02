package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// exportDB makes a data folder whose database has one FY2027 line (a January year) with
// two invoices in Q2, 1,000.00 and 234.56.
func exportDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "seed@example.com", Role: outlay.RoleAdmin, Active: true})
	v := &outlay.Vendor{Name: "Acme Cloud", Category: "cloud", Status: "active", Criticality: "high"}
	if err := db.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	line := &outlay.BudgetLine{FY: 2027, Code: "INF-CLOUD", Name: "Cloud", Category: "cloud", ExpenseType: "opex", Planned: 4000000}
	if err := db.CreateBudgetLine(ctx, line); err != nil {
		t.Fatal(err)
	}
	for i, amount := range []int64{100000, 23456} {
		day := time.Date(2027, 4, 10+i, 0, 0, 0, 0, time.UTC)
		e := &outlay.SpendEntry{Date: day, VendorID: v.ID, Description: "Hosting", InvoiceNumber: "INV-" + string(rune('A'+i)),
			Amount: amount, Currency: "EUR", Allocations: []outlay.Allocation{{BudgetLineID: line.ID, Amount: amount}}}
		if err := db.CreateSpend(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// leftovers lists the files in dir other than the database's and keep.
func leftovers(t *testing.T, dir string, keep ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, "outlay.db") || name == "secret.key" || name == "sessions.db" {
			continue
		}
		if !strings.Contains(strings.Join(keep, "\n"), name) {
			out = append(out, name)
		}
	}
	return out
}

// outlay export quarterly writes the pack to -o, telling each sheet and its rows on
// stderr, and leaves nothing but the file.
func TestExportQuarterlyWritesThePack(t *testing.T) {
	dir := exportDB(t)
	out := filepath.Join(dir, "pack.xlsx")
	var stdout, stderr bytes.Buffer
	err := run([]string{"export", "quarterly", "--data", dir, "--fy", "2027", "--quarter", "2", "--basis", "cash", "-o", out}, nil, &stdout, &stderr)
	if err != nil {
		t.Fatalf("export: %v\n%s", err, stderr.String())
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	for _, want := range []string{"About", "Summary", "Spend", "Commitments", "Vendors", "Contracts", "Renewals", "Licences"} {
		if !strings.Contains(strings.Join(sheets, ","), want) {
			t.Errorf("sheets %v: no %s", sheets, want)
		}
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("progress says nothing of %s:\n%s", want, stderr.String())
		}
	}
	if !strings.Contains(stderr.String(), "wrote "+out) {
		t.Errorf("stderr: %s", stderr.String())
	}
	// The Spend sheet holds both invoices, and the quarter's actual is their sum.
	rows, err := f.GetRows("Spend")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, r := range rows {
		if strings.Contains(strings.Join(r, "|"), "INV-") {
			found++
		}
	}
	if found != 2 {
		t.Errorf("Spend sheet has %d invoice rows, want 2: %v", found, rows)
	}
	if left := leftovers(t, dir, "pack.xlsx"); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// Mistakes in the command line are usage errors (exit status 2), named; anything else
// (no database, a folder that does not exist) is an error of its own (exit status 1),
// and no file is written.
func TestExportQuarterlyRefusesMistakes(t *testing.T) {
	dir := exportDB(t)
	out := filepath.Join(dir, "pack.xlsx")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "usage: outlay export quarterly"},
		{[]string{"export", "vendors", "-o", out}, "usage: outlay export quarterly"},
		{[]string{"export", "quarterly", "--data", dir, "--fy", "2027", "--quarter", "2"}, "-o FILE is required"},
		{[]string{"export", "quarterly", "--data", dir, "--fy", "27", "--quarter", "5", "--basis", "both", "-o", out},
			"--fy must be a fiscal year, such as 2027; --quarter must be 1, 2, 3 or 4; --basis must be cash or accrual"},
		{[]string{"export", "quarterly", "--data", dir, "--fy", "2027", "--quarter", "x", "-o", out}, "invalid value"},
	} {
		var stderr bytes.Buffer
		err := run(tc.args, nil, &bytes.Buffer{}, &stderr)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want a usage error with %q", tc.args, err, tc.want)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "quarterly", "--data", filepath.Join(dir, "nothing"), "--fy", "2027", "--quarter", "2", "-o", out}, "no database at"},
		{[]string{"export", "quarterly", "--data", dir, "--fy", "2027", "--quarter", "2", "-o", filepath.Join(dir, "missing", "pack.xlsx")}, "no such file or directory"},
	} {
		err := run(tc.args, nil, &bytes.Buffer{}, &bytes.Buffer{})
		var ue usageError
		if err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want an error with %q (exit status 1)", tc.args, err, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "nothing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a database folder was created for a mistyped --data: %v", err)
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// A build that fails leaves neither a temporary file nor a harmed file at the path;
// one that works replaces it whole.
func TestWriteAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pack.xlsx")
	if err := os.WriteFile(path, []byte("last quarter's pack"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	_, err := writeAtomically(path, func(w io.Writer) error {
		w.Write([]byte("half a wor"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "last quarter's pack" {
		t.Fatalf("the old file was harmed: %q", b)
	}
	if left := leftovers(t, dir, "pack.xlsx"); len(left) > 0 {
		t.Fatalf("left behind: %v", left)
	}
	size, err := writeAtomically(path, func(w io.Writer) error { _, err := w.Write([]byte("this quarter")); return err })
	if b, _ := os.ReadFile(path); err != nil || size != 12 || string(b) != "this quarter" {
		t.Fatalf("replace: %v %d %q", err, size, b)
	}
}
