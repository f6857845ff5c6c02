package server_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/alexedwards/scs/v2/memstore"

	"outlay/internal/server"
	"outlay/internal/sqlite"
)

// A wiring mistake fails at start, naming what is missing, not on the first request.
func TestNewRefusesMissingServices(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := dbServices(db)
	svc.Budget, svc.Tokens = nil, nil
	_, err = server.New(server.Config{}, svc, memstore.NewWithCleanupInterval(0), nil)
	if err == nil || !strings.Contains(err.Error(), "Budget") || !strings.Contains(err.Error(), "Tokens") {
		t.Fatalf("New with services missing: %v", err)
	}
	if _, err := server.New(server.Config{}, dbServices(db), nil, nil); err == nil {
		t.Fatal("New without a session store succeeded")
	}
	if _, err := server.New(server.Config{}, dbServices(db), memstore.NewWithCleanupInterval(0), nil); err != nil {
		t.Fatal(err)
	}
}

// Only cmd/outlay knows the storage: the server's code works on the domain's interfaces.
func TestServerDoesNotImportStorage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no source files: %v", err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "outlay/internal/sqlite" {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
