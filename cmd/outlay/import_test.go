package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// importData makes a data folder with the users given (email → role) and a vendor.
func importData(t *testing.T, users map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for email, role := range users {
		if err := db.CreateUser(ctx, &outlay.User{Email: email, Name: role, Role: role, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// writeFile writes a file in the test's folder and returns its path.
func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// countVendors counts the vendors in the data folder's database.
func countVendors(t *testing.T, dir string) int {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, n, err := db.FindVendors(context.Background(), outlay.VendorFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

const vendorsCSV = "Name,Category,Status,Criticality\nAcme Cloud,cloud,active,high\nBeta Telecom,telecom,active,low\n"

func TestImportCommandDryRunThenImport(t *testing.T) {
	dir := importData(t, map[string]string{"admin@example.com": outlay.RoleAdmin, "ed@example.com": outlay.RoleEditor})
	file := writeFile(t, "vendors.csv", vendorsCSV)

	var out, errOut bytes.Buffer
	// Flags after the file work as well as before it.
	if err := run([]string{"import", "vendors", file, "--dry-run", "--as", "ed@example.com", "--data", dir}, nil, &out, &errOut); err != nil {
		t.Fatalf("dry run: %v\n%s", err, errOut.String())
	}
	mustHave(t, "dry run stdout", out.String(), "vendors.csv: 2 rows read; 2 vendors would be created (dry run: nothing was stored)",
		"  row 2  Acme Cloud", "  row 3  Beta Telecom")
	mustHave(t, "dry run stderr", errOut.String(), "checking vendors.csv (", "as ed@example.com", "2 of 2 rows checked")
	if n := countVendors(t, dir); n != 0 {
		t.Fatalf("the dry run stored %d vendors", n)
	}

	out.Reset()
	errOut.Reset()
	if err := run([]string{"import", "--data", dir, "--as", "ed@example.com", "vendors", file}, nil, &out, &errOut); err == nil ||
		!errors.As(err, new(usageError)) {
		t.Fatalf("flags before the kind: %v, want a usage error", err)
	}
	if err := run([]string{"import", "vendors", "--data", dir, "--as", "ed@example.com", file}, nil, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	mustHave(t, "import stdout", out.String(), "2 vendors created", "  row 2  Acme Cloud  /vendors/")
	if n := countVendors(t, dir); n != 2 {
		t.Fatalf("the import stored %d vendors, want 2", n)
	}
}

func TestImportCommandRowProblems(t *testing.T) {
	dir := importData(t, map[string]string{"admin@example.com": outlay.RoleAdmin})
	file := writeFile(t, "vendors.csv", vendorsCSV+"Gamma,spaceships,active,low\n")
	var out, errOut bytes.Buffer
	// Without --as the only administrator imports.
	err := run([]string{"import", "vendors", file, "--data", dir}, nil, &out, &errOut)
	if err == nil || errors.As(err, new(usageError)) || err.Error() != "1 problem in 1 row; nothing was imported" {
		t.Fatalf("bad row: %v, want exit status 1 with the problems", err)
	}
	mustHave(t, "problems", out.String(), "1 problem:", "  row 4, Category: ")
	mustHave(t, "stderr", errOut.String(), "as admin@example.com")
	if n := countVendors(t, dir); n != 0 {
		t.Fatalf("a file with a bad row stored %d vendors", n)
	}
}

func TestImportCommandUsage(t *testing.T) {
	dir := importData(t, map[string]string{"a1@example.com": outlay.RoleAdmin, "a2@example.com": outlay.RoleAdmin,
		"viewer@example.com": outlay.RoleViewer})
	file := writeFile(t, "vendors.csv", vendorsCSV)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "usage: outlay import"},
		{[]string{"import", "invoices", file}, `"invoices" is not a kind of import`},
		{[]string{"import", "vendors"}, "usage: outlay import"},
		{[]string{"import", "vendors", file, file}, "usage: outlay import"},
		{[]string{"import", "vendors", file, "--data", dir}, "there are 2 administrators: say who imports with --as EMAIL"},
		{[]string{"import", "vendors", file, "--data", dir, "--as", "viewer@example.com"}, "a viewer cannot import"},
		{[]string{"import", "vendors", file, "--data", dir, "--as", "nobody@example.com"}, "no user with this email"},
		{[]string{"import", "vendors", file, "--colour", "red"}, "flag provided but not defined"},
	} {
		var out, errOut bytes.Buffer
		err := run(tc.args, nil, &out, &errOut)
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want a usage error (exit 2) saying %q", tc.args[1:], err, tc.want)
		}
	}
	if n := countVendors(t, dir); n != 0 {
		t.Fatalf("refused commands stored %d vendors", n)
	}
}

// mustHave fails the test for each wanted text missing from got.
func mustHave(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: missing %q in:\n%s", what, w, got)
		}
	}
}
