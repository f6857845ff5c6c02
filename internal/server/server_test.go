package server_test

import (
	"path/filepath"
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
