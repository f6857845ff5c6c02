package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/alexedwards/scs/sqlite3store"

	"outlay/internal/outlay"
	"outlay/internal/server"
	"outlay/internal/sqlite"
	"outlay/internal/sqlite/sqlitetest"
)

// The page benchmarks run against a large data set: `make bench` loads the demo's large
// set (2,000 vendors, 20,000 contracts, 10,000 licences, 300 budget lines, 250,000 spend
// entries) into ./data-bench once and points OUTLAY_BENCH_DATA at it. Each run works on
// a copy, so the benchmarks never change the loaded data.

// benchServer opens a copy of the benchmark database and returns the server and an admin
// API token whose user every request acts as.
func benchServer(b *testing.B) (*server.Server, string, *sqlite.DB) {
	b.Helper()
	db := sqlitetest.BenchDB(b)
	users, _, err := db.FindUsers(context.Background(), outlay.UserFilter{Limit: 1})
	if err != nil || len(users) == 0 {
		b.Fatalf("no user in the benchmark data: %v", err)
	}
	token, _, err := db.CreateToken(context.Background(), users[0].ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	sessionDB, err := sqlite.OpenSessions(filepath.Join(b.TempDir(), "sessions.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sessionDB.Close() })
	sessions := sqlite3store.NewWithCleanupInterval(sessionDB, 0)
	srv, err := server.New(server.Config{}, dbServices(db), sessions, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	return srv, token, db
}

// benchGet measures one page: every iteration is a whole request through the router,
// middleware, storage and template, as a browser would make it.
func benchGet(b *testing.B, path string) {
	srv, token, _ := benchServer(b)
	do := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	if rec := do(); rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String()[:min(300, rec.Body.Len())])
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		do()
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/page")
}

func BenchmarkDashboard(b *testing.B) { benchGet(b, "/") }
func BenchmarkSpendList(b *testing.B) { benchGet(b, "/spend") }
func BenchmarkSpendListFiltered(b *testing.B) {
	benchGet(b, "/spend?fy=2027&quarter=1&budget_line_id=195")
}
func BenchmarkSpendListLastPage(b *testing.B) { benchGet(b, "/spend?page=2000") }
func BenchmarkBudgetList(b *testing.B)        { benchGet(b, "/budget?fy=2027") }
func BenchmarkBudgetLinePage(b *testing.B)    { benchGet(b, "/budget/195") }
func BenchmarkContractList(b *testing.B)      { benchGet(b, "/contracts") }
func BenchmarkContractsInNotice(b *testing.B) { benchGet(b, "/contracts?status=notice&sort=title") }

// BenchmarkRenewals is the Renewals page: a year of key dates of every contract and
// uncovered licence, a page of them grouped by month.
func BenchmarkRenewals(b *testing.B) { benchGet(b, "/renewals") }

// BenchmarkRenewalsManual is the Renewals page filtered to manual renewals: the filter
// narrows the queries, not only the rows.
func BenchmarkRenewalsManual(b *testing.B) { benchGet(b, "/renewals?renewal_type=manual") }

func BenchmarkVendorList(b *testing.B)  { benchGet(b, "/vendors?q=micro") }
func BenchmarkLicenceList(b *testing.B) { benchGet(b, "/licences") }
func BenchmarkAPIBudgetLines(b *testing.B) {
	benchGet(b, "/api/v1/budget-lines?fy=2027&quarter=2&per_page=200")
}
func BenchmarkContractExport(b *testing.B) { benchGet(b, "/contracts/export.xlsx") }
