package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/alexedwards/scs/v2/memstore"
)

// writeCounter is a session store that counts the writes that reach it.
type writeCounter struct {
	scs.Store
	writes int
}

func (w *writeCounter) Commit(token string, b []byte, expiry time.Time) error {
	w.writes++
	return w.Store.Commit(token, b, expiry)
}

// The store wrapper writes a session when its values change or its expiry moves by a
// minute or more, and skips every other commit scs makes.
func TestSessionStoreWritesOnlyChanges(t *testing.T) {
	inner := &writeCounter{Store: memstore.NewWithCleanupInterval(0)}
	codec := scs.GobCodec{}
	st := newSessionStore(inner, codec)
	deadline := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	expiry := time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC)
	encode := func(values map[string]any) []byte {
		b, err := codec.Encode(deadline, values)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	signedIn := map[string]any{"user_id": int64(7), "theme": "dark", "lang": "en"}

	steps := []struct {
		what   string
		token  string
		values map[string]any
		expiry time.Time
		writes int // total writes that reached the store after the step
	}{
		{"first commit of a token", "a", signedIn, expiry, 1},
		// scs re-commits on every request to push the idle expiry on; with gob the map's
		// keys come out in another order each time, which must not count as a change.
		{"same values, expiry 59s on", "a", map[string]any{"lang": "en", "theme": "dark", "user_id": int64(7)}, expiry.Add(59 * time.Second), 1},
		{"same values, expiry 61s on", "a", signedIn, expiry.Add(61 * time.Second), 2},
		{"same values, expiry 30s after that", "a", signedIn, expiry.Add(91 * time.Second), 2},
		{"a flash is put", "a", map[string]any{"user_id": int64(7), "theme": "dark", "lang": "en", "flash": "Saved."}, expiry.Add(92 * time.Second), 3},
		{"the flash is popped", "a", signedIn, expiry.Add(93 * time.Second), 4},
		{"another token", "b", signedIn, expiry, 5},
	}
	for _, s := range steps {
		if err := st.Commit(s.token, encode(s.values), s.expiry); err != nil {
			t.Fatal(err)
		}
		if inner.writes != s.writes {
			t.Fatalf("%s: %d writes, want %d", s.what, inner.writes, s.writes)
		}
	}
	// A deleted session is forgotten: the same token committed again is written.
	if err := st.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := inner.Find("a"); found {
		t.Fatal("Delete left the session in the store")
	}
	if err := st.Commit("a", encode(signedIn), expiry.Add(93*time.Second)); err != nil || inner.writes != 6 {
		t.Fatalf("commit after delete: %d writes (%v), want 6", inner.writes, err)
	}
	// The memo does not outgrow the live sessions: expired ones are swept.
	for i := range 3 * minSessionSweep {
		if err := st.Commit(fmt.Sprintf("old%d", i), encode(signedIn), time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(st.last); n > minSessionSweep {
		t.Fatalf("memo holds %d sessions after expired ones were committed, want at most %d", n, minSessionSweep)
	}
}

// The wrapper keeps the store iterable, so scs can end every session of a user (after a
// password change), and a session destroyed that way is forgotten by the memo.
func TestSessionStoreIterable(t *testing.T) {
	m := scs.New()
	st := newSessionStore(memstore.NewWithCleanupInterval(0), m.Codec)
	m.Store = st
	expiry := time.Now().Add(time.Hour)
	for _, token := range []string{"a", "b"} {
		b, err := m.Codec.Encode(expiry, map[string]any{"user_id": int64(7)})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Commit(token, b, expiry); err != nil {
			t.Fatal(err)
		}
	}
	ended := 0
	err := m.Iterate(t.Context(), func(ctx context.Context) error {
		if m.GetInt64(ctx, "user_id") == 7 {
			ended++
			return m.Destroy(ctx)
		}
		return nil
	})
	if err != nil || ended != 2 {
		t.Fatalf("Iterate ended %d sessions (%v), want 2", ended, err)
	}
	if len(st.last) != 0 {
		t.Fatalf("destroyed sessions still remembered: %v", st.last)
	}
}

// A session record that no longer decodes reads as no session (and is removed), and does
// not stop the iteration that ends a user's sessions.
func TestSessionStoreDropsUndecodableRecords(t *testing.T) {
	m := scs.New()
	inner := memstore.NewWithCleanupInterval(0)
	st := newSessionStore(inner, m.Codec)
	m.Store = st
	expiry := time.Now().Add(time.Hour)
	good, err := m.Codec.Encode(expiry, map[string]any{"user_id": int64(7)})
	if err != nil {
		t.Fatal(err)
	}
	if err := inner.Commit("good", good, expiry); err != nil {
		t.Fatal(err)
	}
	if err := inner.Commit("bad", []byte("not a gob"), expiry); err != nil {
		t.Fatal(err)
	}
	if b, found, err := st.Find("bad"); err != nil || found || b != nil {
		t.Fatalf("Find of an undecodable record = %q, %v, %v; want none", b, found, err)
	}
	if _, found, _ := inner.Find("bad"); found {
		t.Fatal("the undecodable record was kept")
	}
	inner.Commit("bad2", []byte("not a gob either"), expiry)
	ended := 0
	err = m.Iterate(t.Context(), func(ctx context.Context) error {
		ended++
		return m.Destroy(ctx)
	})
	if err != nil || ended != 1 {
		t.Fatalf("Iterate ended %d sessions (%v), want the one good one", ended, err)
	}
	if _, found, _ := inner.Find("good"); found {
		t.Fatal("the good session was not ended")
	}
}
