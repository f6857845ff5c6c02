package server_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The export benchmarks download whole workbooks from the large demo set (see
// bench_test.go) through a real server over loopback, reading the body into io.Discard so
// the client holds none of it, and report the process's peak resident memory during the
// downloads: a workbook that is built whole in memory shows here, not in ns/op.

// benchExport downloads path b.N times and reports ms per download, the file's size and
// the peak RSS of the process over the downloads.
func benchExport(b *testing.B, path string) {
	srv, token, _ := benchServer(b)
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	download := func() int64 {
		req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := ts.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			body, _ := io.ReadAll(io.LimitReader(res.Body, 300))
			b.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
		}
		n, err := io.Copy(io.Discard, res.Body)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	resetPeakRSS(b)
	before := procStatusMB(b, "VmRSS")
	var size int64
	start := time.Now()
	for b.Loop() {
		size = download()
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/export")
	b.ReportMetric(float64(size)/(1<<20), "MB/file")
	peak := procStatusMB(b, "VmHWM")
	b.ReportMetric(peak, "MB-peak-RSS")
	b.ReportMetric(peak-before, "MB-peak-RSS-growth")
}

// resetPeakRSS returns freed memory to the system and resets the kernel's high-water mark
// of the process's resident memory, so the peak measured afterwards belongs to the
// exports and not to the set-up or an earlier benchmark.
func resetPeakRSS(b *testing.B) {
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset the peak RSS (%v): it includes the set-up", err)
	}
}

// procStatusMB reads a memory figure of the process, VmRSS (now) or VmHWM (the peak), in
// MiB.
func procStatusMB(b *testing.B, field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc/self/status: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err != nil {
				b.Fatalf("%s: %q", field, v)
			}
			return kb / 1024
		}
	}
	b.Fatalf("no %s in /proc/self/status", field)
	return 0
}

func BenchmarkSpendExportAll(b *testing.B) { benchExport(b, "/spend/export.xlsx") }
func BenchmarkSpendExportQuarter(b *testing.B) {
	benchExport(b, "/spend/export.xlsx?fy=2027&quarter=1")
}
func BenchmarkContractExportFile(b *testing.B) { benchExport(b, "/contracts/export.xlsx") }
