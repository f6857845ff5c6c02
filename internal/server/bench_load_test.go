package server_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"outlay/internal/demo"
)

// loadClients is how many signed-in browsers the load benchmarks run at once.
const loadClients = 16

// benchLoad measures one page under load: loadClients signed-in clients, each with its own
// session cookie, request path over loopback from the real server (net/http, middleware,
// sessions, storage, templates) as fast as they can, b.N requests in all. It reports the
// throughput, the median and 99th percentile latency, and the process's peak resident
// memory during the run (the clients share the process, but hold only response buffers).
func benchLoad(b *testing.B, path string) {
	srv, _, _ := benchServer(b)
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	clients := make([]*http.Client, loadClients)
	for i := range clients {
		clients[i] = signedInClient(b, ts.URL)
	}
	get := func(c *http.Client) (time.Duration, error) {
		start := time.Now()
		res, err := c.Get(ts.URL + path)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err == nil && res.StatusCode != http.StatusOK {
			err = &statusError{path, res.StatusCode}
		}
		return time.Since(start), err
	}
	if _, err := get(clients[0]); err != nil {
		b.Fatal(err)
	}

	resetPeakRSS(b)
	latencies := make([]time.Duration, b.N)
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				d, err := get(c)
				if err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				latencies[i] = d
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	slices.Sort(latencies)
	pct := func(p int) float64 { return float64(latencies[(len(latencies)-1)*p/100].Microseconds()) / 1000 }
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(50), "p50-ms")
	b.ReportMetric(pct(99), "p99-ms")
	b.ReportMetric(procStatusMB(b, "VmHWM"), "MB-peak-RSS")
}

type statusError struct {
	path string
	code int
}

func (e *statusError) Error() string { return "GET " + e.path + ": status " + strconv.Itoa(e.code) }

// signedInClient signs in as the demo administrator through the sign-in form and returns
// a client that carries the session cookie.
func signedInClient(b *testing.B, base string) *http.Client {
	b.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	req, _ := http.NewRequest(http.MethodPost, base+"/login",
		strings.NewReader(url.Values{"email": {demo.AdminEmail}, "password": {demo.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	res, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		b.Fatalf("sign in as %s: status %d", demo.AdminEmail, res.StatusCode)
	}
	return c
}

func BenchmarkLoadDashboard(b *testing.B)      { benchLoad(b, "/") }
func BenchmarkLoadContractList(b *testing.B)   { benchLoad(b, "/contracts") }
func BenchmarkLoadSpendQuarter(b *testing.B)   { benchLoad(b, "/spend?fy=2027&quarter=2") }
func BenchmarkLoadBudgetList(b *testing.B)     { benchLoad(b, "/budget?fy=2027") }
func BenchmarkLoadBudgetLinePage(b *testing.B) { benchLoad(b, "/budget/195") }

// BenchmarkSignInStorm sends 60 sign-ins with wrong passwords at once, each for another
// account, and reports the peak resident memory: argon2id takes 19 MiB a hash, so the
// peak shows how many hashes ran at the same time.
func BenchmarkSignInStorm(b *testing.B) {
	srv, _, _ := benchServer(b)
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	resetPeakRSS(b)
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		var wg sync.WaitGroup
		codes := make([]int, 60)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				form := url.Values{"email": {"storm" + strconv.Itoa(round*100+i) + "@demo.example"}, "password": {"not the password"}}
				req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", ts.URL)
				res, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				codes[i] = res.StatusCode
			}()
		}
		wg.Wait()
		for _, code := range codes {
			if code != http.StatusUnprocessableEntity && code != http.StatusUnauthorized && code != http.StatusTooManyRequests {
				b.Fatalf("wrong sign-in answered %d", code)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(procStatusMB(b, "VmHWM"), "MB-peak-RSS")
}
