package password

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
)

// holder is a stand-in for a hash that runs until the test releases it, so that the
// limiter's behaviour is observed without timing anything.
type holder struct {
	started chan struct{}
	release chan struct{}
}

func newHolder() *holder {
	return &holder{started: make(chan struct{}, 100), release: make(chan struct{})}
}

func (h *holder) fn() error {
	h.started <- struct{}{}
	<-h.release
	return nil
}

// waitAdmitted yields until n callers are inside the limiter (running or queued).
func waitAdmitted(l *Limiter, n int) {
	for len(l.admitted) != n {
		runtime.Gosched()
	}
}

func TestLimiterRunsAtMostItsLimit(t *testing.T) {
	l := NewLimiter(2, 10)
	h := newHolder()
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := 0; i < 12; i++ {
		wg.Go(func() { errs <- l.do(context.Background(), h.fn) })
	}
	<-h.started
	<-h.started
	waitAdmitted(l, 12)
	// Two hold the slots and ten wait on them: no third can have started.
	select {
	case <-h.started:
		t.Fatal("a third hash started while two ran")
	default:
	}
	close(h.release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a queued caller failed: %v", err)
		}
	}
	if peak, runs := l.Stats(); peak != 2 || runs != 12 {
		t.Fatalf("peak %d, runs %d; want 2, 12", peak, runs)
	}
}

func TestLimiterRefusesBeyondItsQueue(t *testing.T) {
	l := NewLimiter(1, 1)
	h := newHolder()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Go(func() { errs <- l.do(context.Background(), h.fn) })
	<-h.started
	wg.Go(func() { errs <- l.do(context.Background(), h.fn) })
	waitAdmitted(l, 2)
	ran := false
	if err := l.do(context.Background(), func() error { ran = true; return nil }); !errors.Is(err, ErrBusy) || ran {
		t.Fatalf("third caller: %v (ran %v), want ErrBusy without running", err, ran)
	}
	close(h.release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("an admitted caller failed: %v", err)
		}
	}
}

func TestLimiterCancelledCallerLeavesTheQueue(t *testing.T) {
	l := NewLimiter(1, 1)
	h := newHolder()
	done := make(chan error)
	go func() { done <- l.do(context.Background(), h.fn) }()
	<-h.started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := l.do(ctx, func() error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Fatalf("cancelled caller: %v (ran %v)", err, ran)
	}
	if n := len(l.admitted); n != 1 {
		t.Fatalf("%d callers admitted after the cancelled one left, want 1", n)
	}
	close(h.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestLimiterHashAndVerify(t *testing.T) {
	l := NewLimiter(2, 4)
	ctx := context.Background()
	hash, err := l.Hash(ctx, "correct horse battery")
	if err != nil || !phc.MatchString(hash) {
		t.Fatalf("hash %q: %v", hash, err)
	}
	if ok, err := l.Verify(ctx, "correct horse battery", hash); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, err := l.Verify(ctx, "wrong horse battery", hash); ok || err != nil {
		t.Fatalf("wrong password: %v %v", ok, err)
	}
	if _, err := l.Verify(ctx, "x", "not a hash"); !errors.Is(err, ErrMalformed) {
		t.Fatalf("malformed hash: %v", err)
	}
	if _, runs := l.Stats(); runs != 4 {
		t.Fatalf("runs %d, want 4", runs)
	}
}
