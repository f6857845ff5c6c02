package server

import (
	"errors"
	"reflect"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionExpirySlack is how far a session's expiry may move before it is written again.
// The stored expiry lags the real idle deadline by at most this much, which ends an idle
// session up to a minute early: nobody notices that on an eight-hour idle timeout.
const sessionExpirySlack = time.Minute

// sessionStore wraps the session store so that a session is written only when it
// changed. scs marks every loaded session modified when an idle timeout is set, to push
// its expiry on, and so commits it on every request: a REPLACE and an fsync per page and
// per API call. The wrapper remembers what it last wrote for each token and skips a
// commit that carries the same values and moves the expiry by less than a minute.
//
// It compares decoded values, not bytes: scs's gob codec writes a map's keys in random
// order, so the same session encodes differently from one request to the next.
type sessionStore struct {
	scs.Store
	codec scs.Codec

	mu      sync.Mutex
	last    map[string]sessionWrite
	sweepAt int // sweep expired entries out of last once it holds this many
}

// sessionWrite is what was last written for a token.
type sessionWrite struct {
	deadline time.Time
	values   map[string]any
	expiry   time.Time
}

// minSessionSweep is the size of the memo below which expired entries are left in it.
const minSessionSweep = 1024

func newSessionStore(inner scs.Store, codec scs.Codec) *sessionStore {
	return &sessionStore{Store: inner, codec: codec, last: map[string]sessionWrite{}, sweepAt: minSessionSweep}
}

// Commit writes the session unless the last write for the token already holds the same
// values and an expiry within a minute of this one.
func (st *sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	deadline, values, err := st.codec.Decode(b)
	if err != nil {
		return err
	}
	st.mu.Lock()
	prev, ok := st.last[token]
	st.mu.Unlock()
	if ok && prev.deadline.Equal(deadline) && reflect.DeepEqual(prev.values, values) &&
		expiry.Sub(prev.expiry).Abs() < sessionExpirySlack {
		return nil
	}
	if err := st.Store.Commit(token, b, expiry); err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.last[token] = sessionWrite{deadline: deadline, values: values, expiry: expiry}
	if len(st.last) >= st.sweepAt {
		st.sweep(time.Now())
	}
	return nil
}

// sweep forgets sessions that have expired, so the memo holds no more than the live
// sessions; it then waits for the memo to double before sweeping again, which keeps the
// cost per commit constant however many sessions are live. Called with mu held.
func (st *sessionStore) sweep(now time.Time) {
	for token, w := range st.last {
		if w.expiry.Before(now) {
			delete(st.last, token)
		}
	}
	st.sweepAt = max(minSessionSweep, 2*len(st.last))
}

// Find reads a session. A record that does not decode (damaged, or written by a version
// that encoded it otherwise) is removed and read as no session: that browser signs in
// again, where it would otherwise be answered with an error on every request, the
// sign-in page included, until its cookie was cleared.
func (st *sessionStore) Find(token string) ([]byte, bool, error) {
	b, found, err := st.Store.Find(token)
	if err != nil || !found {
		return b, found, err
	}
	if _, _, err := st.codec.Decode(b); err != nil {
		return nil, false, st.Delete(token)
	}
	return b, true, nil
}

// Delete removes the session and forgets it.
func (st *sessionStore) Delete(token string) error {
	st.mu.Lock()
	delete(st.last, token)
	st.mu.Unlock()
	return st.Store.Delete(token)
}

// All passes scs's Iterate through to the store when it can list its sessions (the
// sqlite3store can), so that all of a user's sessions can be ended.
func (st *sessionStore) All() (map[string][]byte, error) {
	it, ok := st.Store.(scs.IterableStore)
	if !ok {
		return nil, errors.New("session store cannot list its sessions")
	}
	all, err := it.All()
	if err != nil {
		return nil, err
	}
	for token, b := range all {
		// One record that does not decode must not stop the others from being ended.
		if _, _, err := st.codec.Decode(b); err != nil {
			delete(all, token)
		}
	}
	return all, nil
}
