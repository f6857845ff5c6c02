package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"outlay/internal/mail"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// The child's settings travel in the environment: the database file and the test
// server's port.
const (
	childDBEnv   = "OUTLAY_TEST_WORKER_DB"
	childSMTPEnv = "OUTLAY_TEST_WORKER_SMTP_PORT"
	childClaim   = 2 * time.Second
)

// TestWorkerChild is not a test of its own: TestWorkerKilledAndRestarted runs this test
// binary again with only it selected, as a worker process it can kill.
func TestWorkerChild(t *testing.T) {
	path := os.Getenv(childDBEnv)
	if path == "" {
		t.Skip("runs only as TestWorkerKilledAndRestarted's child")
	}
	port, err := strconv.Atoi(os.Getenv(childSMTPEnv))
	if err != nil {
		t.Fatal(err)
	}
	d, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	cfg := senderConfig(port)
	cfg.Timeout = time.Second
	sender, err := mail.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := &mail.Worker{Outbox: d, Sender: sender, Claim: childClaim, MaxIdle: 100 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	// The parent kills the child; the deadline only ends one whose parent died.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	w.Run(ctx)
}

// Issue 9, point 10: a worker process killed (SIGKILL) in the middle of a batch of 500
// and started again, twice, delivers every email, and sends again at most the one it was
// sending when it was killed. Each kill leaves a batch claimed; the claims lapse after
// childClaim and the next process sends them.
func TestWorkerKilledAndRestarted(t *testing.T) {
	d := openOutbox(t)
	box := &mailbox{}
	port, _ := serve(t, box, "127.0.0.1:0")
	const total = 500
	emails := enqueueN(t, d, "kill", total, nil)

	var stderr lockedBuffer
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWorkerChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), childDBEnv+"="+d.Path(), childSMTPEnv+"="+strconv.Itoa(port))
		cmd.Stdout, cmd.Stderr = &stderr, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	distinct := func() int { return len(box.accepted()) }
	deadline := time.Now().Add(25 * time.Second)
	wait := func(n int) {
		t.Helper()
		for distinct() < n {
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d emails arrived; children's output:\n%s", distinct(), n, stderr.String())
			}
			time.Sleep(time.Millisecond)
		}
	}

	began := time.Now()
	cmd := start()
	kills := 0
	for _, at := range []int{100, 300} {
		wait(at)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait() // "signal: killed"
		kills++
		t.Logf("killed the worker after %d deliveries (%v)", distinct(), time.Since(began).Round(time.Millisecond))
		cmd = start()
	}
	wait(total)
	// The last child records the last outcomes a moment after the server took them.
	for {
		counts, err := d.CountEmails(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if counts[outlay.EmailSent] == total {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("counts %v after every email arrived", counts)
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()

	acc := box.accepted()
	dups := 0
	for _, e := range emails {
		n := acc[e.MessageID]
		if n == 0 {
			t.Errorf("%s never arrived", e.Key)
		}
		dups += max(n-1, 0)
	}
	if dups > kills {
		t.Errorf("%d duplicates after %d kills, want at most one per kill", dups, kills)
	}
	if len(acc) != total {
		t.Errorf("%d distinct Message-IDs arrived, want %d", len(acc), total)
	}
	t.Logf("%d emails, %d kills, %d duplicates, %v", total, kills, dups, time.Since(began).Round(time.Millisecond))
}

// lockedBuffer collects the children's output, written from their copying goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
