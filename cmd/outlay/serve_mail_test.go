package main

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// serveChildEnv marks the test binary run as a child that is `outlay serve`.
const serveChildEnv = "OUTLAY_TEST_SERVE_CHILD"

// TestServeChild is `outlay serve` in a process of its own, for the tests that run it as
// deployed (startServe, and Litestream's -exec in the soak tests). Run directly, it does
// nothing.
func TestServeChild(t *testing.T) {
	if os.Getenv(serveChildEnv) == "" {
		t.Skip("a child process of the tests that call startServe")
	}
	if err := run([]string{"serve", "--addr", envOr("OUTLAY_ADDR", "127.0.0.1:0")}, strings.NewReader(""), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// serveChild is one running `outlay serve` and what it logged.
type serveChild struct {
	cmd *exec.Cmd
	mu  sync.Mutex
	log bytes.Buffer
}

func (c *serveChild) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.log.Write(p)
}

func (c *serveChild) logged() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.log.String()
}

// mustNotLog fails the test for each secret (kind by secret) the child logged, without
// printing it.
func (c *serveChild) mustNotLog(t *testing.T, secrets map[string]string) {
	t.Helper()
	logged := c.logged()
	for s, kind := range secrets {
		if strings.Contains(logged, s) || strings.Contains(logged, url.QueryEscape(s)) {
			t.Errorf("outlay serve logged the %s", kind)
		}
	}
}

// startServe starts `outlay serve` on the data folder in a process of its own, with the
// mail settings of the test's environment and env (NAME=value) on top.
func startServe(t *testing.T, dir string, env ...string) *serveChild {
	t.Helper()
	return start(t, append(append(os.Environ(), serveChildEnv+"=1", "OUTLAY_DATA="+dir), env...),
		os.Args[0], "-test.run=^TestServeChild$", "-test.count=1")
}

// start runs a process whose output is kept for the failure messages. It runs in a
// process group of its own, killed whole at the end of the test if it still runs: a
// test that fails must not leave the server that Litestream started (-exec) behind,
// holding the output pipe that Wait would wait on.
func start(t *testing.T, env []string, args ...string) *serveChild {
	t.Helper()
	c := &serveChild{cmd: exec.Command(args[0], args[1:]...)}
	c.cmd.Env = env
	c.cmd.Stdout, c.cmd.Stderr = c, c
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.cmd.WaitDelay = 10 * time.Second
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
			c.cmd.Wait()
		}
	})
	return c
}

// stop sends SIGTERM and wants a clean exit.
func (c *serveChild) stop(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v\n%s", err, c.logged())
	}
}

// waitFor polls cond until it holds or the deadline passes: the children and the SMTP
// server run on their own, and only what they did can be observed.
func waitFor(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within %s", what, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// finishedRuns counts the reminder runs recorded as finished in the data folder.
func finishedRuns(t *testing.T, dir string) int {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.ReadDB().QueryRow(`SELECT count(*) FROM reminder_runs WHERE finished_at IS NOT NULL`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestServeSendsEachReminderOnce runs the product as it is deployed: two `outlay serve`
// processes on one data folder, each with its scheduler and outbox worker, pointed at a
// real SMTP server. Every owner gets their reminder once, with a link to the contract;
// after both stop on SIGTERM and one starts again, nothing is sent twice.
func TestServeSendsEachReminderOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three server processes")
	}
	const contracts = 30
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "ed@example.com", Role: outlay.RoleAdmin, Active: true})
	st, err := db.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.WeeklyDigest = false // a digest would depend on the weekday the test runs
	if err := db.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	v := &outlay.Vendor{Name: "Acme", Category: "software", Status: "active", Criticality: "medium"}
	if err := db.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	// Each term ends in 20 days: the 90-, 60- and 30-day reminders are all due, so the
	// catch-up rule sends the 30-day one and skips the others.
	today := outlay.Today()
	wantTo := map[string]int64{}
	for i := range contracts {
		owner := fmt.Sprintf("owner%02d@example.com", i)
		c := &outlay.Contract{VendorID: v.ID, Title: fmt.Sprintf("Support %02d", i), Kind: "support", OwnerEmail: owner,
			RenewalType: "manual", NoticeUnit: "days", Currency: "EUR",
			Terms: []*outlay.Term{{StartDate: today.AddDate(0, 0, -345), EndDate: today.AddDate(0, 0, 20), Price: 120000, Billing: "annual"}}}
		if err := db.CreateContract(ctx, c); err != nil {
			t.Fatal(err)
		}
		wantTo[owner] = c.ID
	}
	db.Close()

	be := &smtpBackend{}
	startSMTP(t, be)
	first, second := startServe(t, dir), startServe(t, dir)
	waitFor(t, "delivery of every reminder", 60*time.Second, func() bool { return len(be.mails()) >= contracts })
	waitFor(t, "both servers' first reminder run", 30*time.Second, func() bool {
		ran := strings.Count(first.logged()+second.logged(), `msg="reminder run"`)
		return ran >= 1 && strings.Contains(first.logged(), "Outlay is serving") && strings.Contains(second.logged(), "Outlay is serving")
	})
	first.stop(t)
	second.stop(t)

	runs := finishedRuns(t, dir)
	again := startServe(t, dir)
	waitFor(t, "the restarted server's reminder run", 30*time.Second, func() bool { return finishedRuns(t, dir) > runs })
	again.stop(t)
	if strings.Contains(again.logged(), `msg="reminder run"`) {
		t.Errorf("the restarted server planned something again:\n%s", again.logged())
	}

	got := be.mails()
	if len(got) != contracts {
		t.Fatalf("%d emails reached the server, want %d (one per owner)", len(got), contracts)
	}
	ids := map[string]bool{}
	for _, m := range got {
		msg, err := mail.ReadMessage(bytes.NewReader(m.data))
		if err != nil {
			t.Fatal(err)
		}
		id := msg.Header.Get("Message-Id")
		if ids[id] {
			t.Errorf("Message-ID %s delivered twice", id)
		}
		ids[id] = true
		if len(m.to) != 1 {
			t.Fatalf("recipients %v", m.to)
		}
		cid, ok := wantTo[m.to[0]]
		if !ok {
			t.Fatalf("an email to %s, who owns nothing", m.to[0])
		}
		delete(wantTo, m.to[0])
		var body bytes.Buffer
		body.ReadFrom(msg.Body)
		link := fmt.Sprintf("https://outlay.example.com/contracts/%d", cid)
		if subj := msg.Header.Get("Subject"); !strings.Contains(subj, "(20 days left)") || !strings.Contains(body.String(), link) {
			t.Errorf("to %s: subject %q, link %s in body: %v", m.to[0], subj, link, strings.Contains(body.String(), link))
		}
	}
	if len(wantTo) != 0 {
		t.Errorf("owners without their reminder: %v", wantTo)
	}
}
