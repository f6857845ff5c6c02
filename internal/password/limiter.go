package password

import (
	"context"
	"errors"
	"sync"
)

// ErrBusy is returned by a Limiter when more callers wait than it admits. The caller
// should answer "try again in a moment" (HTTP 429 with Retry-After) rather than queue
// without bound.
var ErrBusy = errors.New("password: too many passwords being checked at once")

// Limiter runs Hash and Verify under a concurrency limit. Each argon2id run holds Memory
// KiB (19 MiB) for its duration, so without a limit memory grows with the number of
// sign-ins that arrive together: 60 of them took the server from 260 MB to 1.2 GB. Callers
// beyond the limit wait their turn, up to a bound on how many may wait; a cancelled caller
// leaves the queue at once.
type Limiter struct {
	slots    chan struct{} // one token per hash that may run
	admitted chan struct{} // one token per caller running or waiting

	mu      sync.Mutex
	running int
	peak    int
	runs    int
}

// NewLimiter returns a Limiter that runs at most concurrent hashes at once and lets at
// most waiting more callers queue behind them. Both are at least 1 and 0.
func NewLimiter(concurrent, waiting int) *Limiter {
	concurrent, waiting = max(concurrent, 1), max(waiting, 0)
	return &Limiter{slots: make(chan struct{}, concurrent), admitted: make(chan struct{}, concurrent+waiting)}
}

// Hash is Hash under the limit.
func (l *Limiter) Hash(ctx context.Context, plain string) (string, error) {
	var hash string
	err := l.do(ctx, func() error {
		var err error
		hash, err = Hash(plain)
		return err
	})
	return hash, err
}

// Verify is Verify under the limit.
func (l *Limiter) Verify(ctx context.Context, plain, encoded string) (bool, error) {
	var ok bool
	err := l.do(ctx, func() error {
		var err error
		ok, err = Verify(plain, encoded)
		return err
	})
	return ok, err
}

// Stats returns the most hashes that ever ran at once and how many ran in all, so that
// tests and diagnostics can see that the limit holds.
func (l *Limiter) Stats() (peak, runs int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.peak, l.runs
}

// do runs fn once a slot is free, or returns ErrBusy or the context's error without
// running it.
func (l *Limiter) do(ctx context.Context, fn func() error) error {
	select {
	case l.admitted <- struct{}{}:
	default:
		return ErrBusy
	}
	defer func() { <-l.admitted }()
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.slots }()

	l.mu.Lock()
	l.running++
	l.runs++
	l.peak = max(l.peak, l.running)
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.running--
		l.mu.Unlock()
	}()
	return fn()
}
