package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// servingAddr is the listening address in serve's "Outlay is serving" line.
var servingAddr = regexp.MustCompile(`msg="Outlay is serving" addr=(\S+)`)

// addr waits for the child to listen and returns the address it logged: the real one,
// since the child listens on port 0.
func (c *serveChild) addr(t *testing.T) string {
	t.Helper()
	var addr string
	waitFor(t, "the server listening", 60*time.Second, func() bool {
		if m := servingAddr.FindStringSubmatch(c.logged()); m != nil {
			addr = m[1]
		}
		return addr != ""
	})
	return addr
}

// exitCode waits for the child to exit and returns its status.
func (c *serveChild) exitCode(t *testing.T, within time.Duration) int {
	t.Helper()
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(within):
		t.Fatalf("serve did not exit within %s\n%s", within, c.logged())
	}
	return c.cmd.ProcessState.ExitCode()
}

// signal sends sig to the child.
func (c *serveChild) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// setupForm is a first-run form that fails validation (the email is not one), so the
// route answers 422 after reading all of it, and never creates an administrator.
const setupForm = "name=Ed+Admin&email=not-an-email&password=correct+horse+battery&password_confirm=correct+horse+battery"

// slowRequest is a POST /setup whose body the test sends when it chooses, over a
// connection of its own.
type slowRequest struct {
	conn net.Conn
	r    *bufio.Reader
}

// startSlowRequest sends the request's head and waits for the server's 100 Continue,
// which net/http sends only when the handler first reads the body: from then on the
// request is in flight, inside the handler, for as long as the body is unfinished.
func startSlowRequest(t *testing.T, addr string) *slowRequest {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(2 * time.Minute)) // a hung server fails the test, not the run
	fmt.Fprintf(conn, "POST /setup HTTP/1.1\r\nHost: %s\r\nOrigin: http://%s\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n",
		addr, addr, len(setupForm))
	s := &slowRequest{conn: conn, r: bufio.NewReader(conn)}
	resp, err := http.ReadResponse(s.r, nil)
	if err != nil {
		t.Fatalf("waiting for 100 Continue: %v", err)
	}
	if resp.StatusCode != http.StatusContinue {
		t.Fatalf("status %d before the body was sent, want 100 Continue", resp.StatusCode)
	}
	s.send(t, setupForm[:10])
	return s
}

func (s *slowRequest) send(t *testing.T, part string) {
	t.Helper()
	if _, err := io.WriteString(s.conn, part); err != nil {
		t.Fatal(err)
	}
}

// response reads the final response, body and all.
func (s *slowRequest) response() (*http.Response, string, error) {
	resp, err := http.ReadResponse(s.r, nil)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

// refused reports whether a new connection to addr is refused.
func refused(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err == nil {
		c.Close()
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// TestServeShutdownFinishesRequest: SIGTERM while a request is in flight closes the port
// at once, lets the request finish with its whole response, then exits 0.
func TestServeShutdownFinishesRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	dir := t.TempDir()
	// A deadline far beyond the test's waits: only the request's end can stop the server.
	c := startServe(t, dir, "OUTLAY_SHUTDOWN_TIMEOUT=10m")
	addr := c.addr(t)
	req := startSlowRequest(t, addr)

	c.signal(t, syscall.SIGTERM)
	waitFor(t, "the shutting-down line", 30*time.Second, func() bool { return strings.Contains(c.logged(), `msg="shutting down"`) })
	if !strings.Contains(c.logged(), "timeout=10m0s") {
		t.Errorf("the shutting-down line does not give the timeout:\n%s", c.logged())
	}
	waitFor(t, "new connections refused", 30*time.Second, func() bool { return refused(addr) })
	if c.cmd.ProcessState != nil {
		t.Fatalf("serve exited with a request in flight:\n%s", c.logged())
	}
	// The rest of the body, in pieces, as a slow client sends it.
	rest := setupForm[10:]
	for len(rest) > 0 {
		n := min(len(rest), 20)
		req.send(t, rest[:n])
		rest = rest[n:]
		time.Sleep(100 * time.Millisecond) // pacing the client, not waiting for a result
	}
	resp, body, err := req.response()
	if err != nil {
		t.Fatalf("the request in flight did not get its response: %v\n%s", err, c.logged())
	}
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "</html>") {
		t.Errorf("status %d, complete page %v; want the set-up form again with 422", resp.StatusCode, strings.Contains(body, "</html>"))
	}
	if code := c.exitCode(t, 60*time.Second); code != 0 {
		t.Fatalf("exit status %d, want 0\n%s", code, c.logged())
	}
	if !strings.Contains(c.logged(), `msg=stopped`) {
		t.Errorf("no stopped line:\n%s", c.logged())
	}
	if _, err := os.Stat(filepath.Join(dir, "outlay.db")); err != nil {
		t.Fatal(err)
	}
}

// TestServeSecondSignalExitsAtOnce: a second SIGTERM does not wait for the request in
// flight nor for the deadline.
func TestServeSecondSignalExitsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	c := startServe(t, t.TempDir(), "OUTLAY_SHUTDOWN_TIMEOUT=10m")
	req := startSlowRequest(t, c.addr(t))

	c.signal(t, syscall.SIGTERM)
	waitFor(t, "the shutting-down line", 30*time.Second, func() bool { return strings.Contains(c.logged(), `msg="shutting down"`) })
	c.signal(t, syscall.SIGTERM)
	if code := c.exitCode(t, 60*time.Second); code == 0 {
		t.Fatalf("exit status 0 after a second signal, want non-zero\n%s", c.logged())
	}
	if !strings.Contains(c.logged(), `msg="second signal: exiting now"`) {
		t.Errorf("the second signal was not logged:\n%s", c.logged())
	}
	if resp, _, err := req.response(); err == nil {
		t.Errorf("the unfinished request got a response (%d): serve waited for it", resp.StatusCode)
	}
}

// TestServeShutdownDeadline: with OUTLAY_SHUTDOWN_TIMEOUT=1s, a request whose body never
// ends cannot hold the process: it exits 1 and says what was left.
func TestServeShutdownDeadline(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	c := startServe(t, t.TempDir(), "OUTLAY_SHUTDOWN_TIMEOUT=1s")
	startSlowRequest(t, c.addr(t))

	c.signal(t, syscall.SIGTERM)
	// The request could hold the server for its 60 s ReadTimeout; the deadline is 1 s.
	if code := c.exitCode(t, 30*time.Second); code != 1 {
		t.Fatalf("exit status %d, want 1\n%s", code, c.logged())
	}
	log := c.logged()
	if !strings.Contains(log, `msg="shutdown timed out: exiting with work unfinished"`) || !strings.Contains(log, "requests=1") {
		t.Errorf("the log does not say that one request was still running:\n%s", log)
	}
}

// TestServeRefusesBadShutdownTimeout: a bad OUTLAY_SHUTDOWN_TIMEOUT stops serve before
// it opens anything, and the message names the variable.
func TestServeRefusesBadShutdownTimeout(t *testing.T) {
	for _, v := range []string{"soon", "30", "0s", "-5s"} {
		dir := t.TempDir()
		t.Setenv("OUTLAY_SHUTDOWN_TIMEOUT", v)
		err := run([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "OUTLAY_SHUTDOWN_TIMEOUT") {
			t.Errorf("%q: err %v, want one naming OUTLAY_SHUTDOWN_TIMEOUT", v, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "outlay.db")); err == nil {
			t.Errorf("%q: the database was created before the setting was checked", v)
		}
	}
}

func TestShutdownTimeout(t *testing.T) {
	for v, want := range map[string]time.Duration{"": 30 * time.Second, " 45s ": 45 * time.Second, "2m": 2 * time.Minute, "1.5s": 1500 * time.Millisecond} {
		got, err := shutdownTimeout(func(string) string { return v })
		if err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", v, got, err, want)
		}
	}
}

func TestLocalURL(t *testing.T) {
	for addr, want := range map[string]string{
		"[::]:8080":      "http://localhost:8080",
		"0.0.0.0:8080":   "http://localhost:8080",
		":8080":          "http://localhost:8080",
		"127.0.0.1:4321": "http://127.0.0.1:4321",
		"[::1]:8080":     "http://[::1]:8080",
	} {
		if got := localURL(addr); got != want {
			t.Errorf("localURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

// stopFixture is a real HTTP server on a loopback port and the background tasks of a
// stopping test, in this process, so that the test can hold a task as long as it likes.
func stopFixture(t *testing.T) (*http.Server, *inflight) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	requests := &inflight{h: http.NotFoundHandler()}
	hs := &http.Server{Handler: requests}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return hs, requests
}

// TestStoppingNamesBackgroundLeft: past the deadline, stop fails and names the
// background work that has not returned, and only that.
func TestStoppingNamesBackgroundLeft(t *testing.T) {
	hs, requests := stopFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	var background tasks
	background.Go("reminders", func() { <-ctx.Done() })
	background.Go("backup", func() { <-release }) // a backup that outlives the deadline
	var log bytes.Buffer
	st := stopping{timeout: 2 * time.Second, log: slog.New(slog.NewTextHandler(&log, nil)),
		exit: func(int) { t.Error("exit called without a second signal") }}
	err := st.stop(make(chan os.Signal), hs, cancel, &background, requests)
	if err == nil || !strings.Contains(err.Error(), "[backup]") || strings.Contains(err.Error(), "reminders") {
		t.Errorf("err %v, want the backup named as still running, and only it", err)
	}
	if !strings.Contains(log.String(), "background=[backup]") {
		t.Errorf("log:\n%s", log.String())
	}
}

// TestStoppingSecondSignal: a second signal calls exit with 1, however long the
// deadline and whatever is still running.
func TestStoppingSecondSignal(t *testing.T) {
	hs, requests := stopFixture(t)
	_, cancel := context.WithCancel(context.Background())
	gone, code := make(chan struct{}), -1
	var background tasks
	// Work that ends only when the process would have: only exit can end the shutdown.
	background.Go("backup", func() { <-gone })
	sigs := make(chan os.Signal, 1)
	sigs <- syscall.SIGINT
	var log bytes.Buffer
	// Without the exit, the deadline ends stop a minute later, with an error.
	st := stopping{timeout: time.Minute, log: slog.New(slog.NewTextHandler(&log, nil)),
		exit: func(c int) { code = c; close(gone) }}
	if err := st.stop(sigs, hs, cancel, &background, requests); err != nil {
		t.Fatal(err)
	}
	if code != 1 {
		t.Errorf("exit(%d), want exit(1)", code)
	}
	if !strings.Contains(log.String(), `msg="second signal: exiting now" signal=interrupt`) {
		t.Errorf("log:\n%s", log.String())
	}
}
