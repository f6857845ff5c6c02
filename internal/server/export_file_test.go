package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

// seedSpend records n EUR entries of one vendor, charged to one FY2026 line, through
// the spend service, and returns the API client of a viewer.
func seedSpend(t *testing.T, h *harness, n int) *client {
	t.Helper()
	api, u := h.apiClient("viewer")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	vendor := seedContractVendor(t, h, "Amazon Web Services")
	line := &outlay.BudgetLine{FY: 2026, Code: "INF-CLOUD", Name: "Cloud", Category: "cloud", ExpenseType: "opex", Planned: 100000000}
	if err := h.DB.CreateBudgetLine(ctx, line); err != nil {
		t.Fatal(err)
	}
	day, _ := outlay.ParseDate("2026-01-01")
	for i := range n {
		e := &outlay.SpendEntry{Date: day.AddDate(0, 0, i%360), VendorID: vendor, Description: "Hosting",
			InvoiceNumber: "INV-" + strconv.Itoa(i), Amount: int64(1000 + i), Currency: "EUR",
			Allocations: []outlay.Allocation{{BudgetLineID: line.ID}}}
		if err := h.DB.CreateSpend(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	return api
}

// fetched is what a concurrent request got; requests in goroutines report instead of
// failing the test themselves.
type fetched struct {
	status int
	header http.Header
	body   []byte
	err    error
}

func fetch(hc *http.Client, url, token string) fetched {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return fetched{err: err}
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := hc.Do(req)
	if err != nil {
		return fetched{err: err}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return fetched{status: res.StatusCode, header: res.Header, body: body, err: err}
}

// More spend exports at once than the read pool has connections, on a 3,000-entry book:
// each finishes or is told to come back later, and the API keeps answering while they
// run. Before, each export held a read connection while it waited for a second one, so
// eight of them took the whole pool and nothing answered until the clients gave up.
func TestConcurrentExportsNeverJamTheAPI(t *testing.T) {
	h := newHarness(t)
	api := seedSpend(t, h, 3000)
	exports := h.DB.ReadDB().Stats().MaxOpenConnections + 4
	// A jam shows as a timeout, not as a test that never ends.
	hc := &http.Client{Timeout: 2 * time.Minute}

	results := make(chan fetched, exports)
	var wg sync.WaitGroup
	for range exports {
		wg.Go(func() { results <- fetch(hc, h.URL+"/spend/export.xlsx?fy=2026", api.token) })
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	// The API, asked again and again while the exports run, answers every time.
	answered, duringExports := 0, 0
	apiClient := &http.Client{Timeout: 30 * time.Second}
	for running := true; running; {
		for _, path := range []string{"/api/v1/vendors", "/api/v1/spend?per_page=5", "/api/v1/settings"} {
			r := fetch(apiClient, h.URL+path, api.token)
			if r.err != nil || r.status != http.StatusOK {
				t.Fatalf("GET %s while exports run: %d %v %s", path, r.status, r.err, r.body)
			}
			answered++
			select {
			case <-done:
				running = false
			default:
				duringExports++
			}
		}
	}
	if duringExports == 0 {
		t.Fatal("no API answer came while the exports ran: the test proves nothing")
	}

	close(results)
	ok, busy := 0, 0
	for r := range results {
		switch {
		case r.err != nil:
			t.Errorf("export: %v", r.err)
		case r.status == http.StatusOK:
			ok++
			if cl := r.header.Get("Content-Length"); cl != strconv.Itoa(len(r.body)) {
				t.Errorf("Content-Length %q, body %d bytes", cl, len(r.body))
			}
			f, err := excelize.OpenReader(bytes.NewReader(r.body))
			if err != nil {
				t.Errorf("export does not open: %v", err)
				continue
			}
			rows, _ := f.GetRows("Spend")
			f.Close()
			if len(rows) != 5+3000+1 {
				t.Errorf("export has %d rows, want the header block, 3,000 entries and a total", len(rows))
			}
		case r.status == http.StatusTooManyRequests:
			busy++
			if r.header.Get("Retry-After") == "" || !strings.Contains(string(r.body), "try again in a few seconds") {
				t.Errorf("busy answer without Retry-After or message: %v %s", r.header, r.body)
			}
		default:
			t.Errorf("export: status %d: %.300s", r.status, r.body)
		}
	}
	if ok == 0 {
		t.Fatalf("no export finished (%d busy)", busy)
	}
	t.Logf("%d exports finished, %d told to retry; the API answered %d times, %d of them during the exports", ok, busy, answered, duringExports)
}

// With every export slot taken, an export waits a little, then answers 429 with
// Retry-After and says what to do; once a slot is free, the same export works.
func TestExportBusyAnswersRetryAfter(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	release := h.Srv.HoldExportSlots(time.Millisecond)
	res := c.get("/vendors/export.xlsx")
	if res.Code != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("busy export: %d, Retry-After %q", res.Code, res.Header.Get("Retry-After"))
	}
	mustContain(t, "busy page", res.Body, "preparing other exports right now", "try again in a few seconds")
	release()
	if res := c.get("/vendors/export.xlsx"); res.Code != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("export once a slot is free: %d %v", res.Code, res.Header)
	}
}

// An export's workbook goes through a temporary file, which is gone once the answer is
// sent or cut short by the client (export_file_internal_test.go covers failed builds).
func TestExportLeavesNoTemporaryFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	h := newHarness(t)
	api := seedSpend(t, h, 600)
	left := func(when string) {
		t.Helper()
		names, err := os.ReadDir(tmp)
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 0 {
			t.Fatalf("%s: %d files left in the temporary folder, first %s", when, len(names), names[0].Name())
		}
	}

	if r := fetch(http.DefaultClient, h.URL+"/spend/export.xlsx", api.token); r.status != http.StatusOK || len(r.body) == 0 {
		t.Fatalf("export: %d %v", r.status, r.err)
	}
	left("after a download")

	// A client that reads the headers and a little of the body, then goes away.
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, h.URL+"/spend/export.xlsx", nil)
	req.Header.Set("Authorization", "Bearer "+api.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || res.ContentLength <= 0 {
		t.Fatalf("export: %d, Content-Length %d", res.StatusCode, res.ContentLength)
	}
	if _, err := io.ReadFull(res.Body, make([]byte, 100)); err != nil {
		t.Fatal(err)
	}
	cancel()
	res.Body.Close()
	left("after a download cut short")

}

// The budget list, its export and the dashboard read their figures from one function:
// the totals of the year agree to the cent, and so does each line.
func TestBudgetPageExportAndDashboardShowTheSameFigures(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("viewer")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	vendor := seedContractVendor(t, h, "Dell")
	var lines []*outlay.BudgetLine
	for i, code := range []string{"HW-LAPTOP", "INF-CLOUD", "SW-OFFICE"} {
		b := &outlay.BudgetLine{FY: 2026, Code: code, Name: "Line " + code, Category: []string{"hardware", "cloud", "software"}[i],
			ExpenseType: "opex", Planned: int64(1000000 * (i + 1))}
		if err := h.DB.CreateBudgetLine(ctx, b); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, b)
	}
	for i, amount := range []int64{123456, 250001, 77} {
		day, _ := outlay.ParseDate(fmt.Sprintf("2026-0%d-10", i+2))
		if err := h.DB.CreateSpend(ctx, &outlay.SpendEntry{Date: day, VendorID: vendor, Description: "Invoice", InvoiceNumber: "D-" + strconv.Itoa(i),
			Amount: amount, Currency: "EUR", Allocations: []outlay.Allocation{{BudgetLineID: lines[i%2].ID}}}); err != nil {
			t.Fatal(err)
		}
	}
	const actual, planned = "3,735.34", "60,000.00" // 1,234.56 + 2,500.01 + 0.77; 10k + 20k + 30k

	page := c.get("/budget?fy=2026")
	mustContain(t, "budget list", page.Body, `data-total="planned">`+planned, `data-total="actual">`+actual)
	home := c.get("/")
	mustContain(t, "dashboard", home.Body, planned, actual)

	res := c.get("/budget/export.xlsx?fy=2026")
	if res.Code != http.StatusOK {
		t.Fatalf("export: %d", res.Code)
	}
	f := openWorkbook(t, res.Body)
	for cell, want := range map[string]string{"A9": "Total", "H9": planned, "M9": actual, "M6": "1,235.33", "M7": "2,500.01"} {
		if v, _ := f.GetCellValue("Budget", cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
}
