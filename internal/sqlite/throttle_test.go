package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

var testPolicy = outlay.LoginPolicy{Window: 15 * time.Minute, PerAccountAddress: 3, PerAddress: 5}

// reserve makes one attempt and returns when it may be retried (zero: it was recorded).
func reserve(t *testing.T, d *sqlite.DB, email, addr string, at time.Time) time.Time {
	t.Helper()
	retry, err := d.ReserveLoginAttempt(context.Background(), email, addr, at, testPolicy)
	if err != nil {
		t.Fatal(err)
	}
	return retry
}

func TestLoginThrottleByAccountAndAddressTogether(t *testing.T) {
	d := MustOpen(t)
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if r := reserve(t, d, "Ann@Example.com", "10.0.0.1", t0.Add(time.Duration(i)*time.Minute)); !r.IsZero() {
			t.Fatalf("attempt %d refused until %v", i+1, r)
		}
	}
	// The fourth for ann from there waits until the oldest of the three leaves the window.
	if r := reserve(t, d, "ann@example.com", "10.0.0.1", t0.Add(5*time.Minute)); !r.Equal(t0.Add(15 * time.Minute)) {
		t.Fatalf("fourth attempt: retry at %v, want %v", r, t0.Add(15*time.Minute))
	}
	// Ann from elsewhere, and others from the same address, are not held back by them.
	if r := reserve(t, d, "ann@example.com", "10.0.0.2", t0.Add(5*time.Minute)); !r.IsZero() {
		t.Fatalf("ann from another address refused until %v", r)
	}
	if r := reserve(t, d, "bob@example.com", "10.0.0.1", t0.Add(5*time.Minute)); !r.IsZero() {
		t.Fatalf("bob from the same address refused until %v", r)
	}
	// Once the oldest has left the window, ann may try once more from there.
	if r := reserve(t, d, "ann@example.com", "10.0.0.1", t0.Add(15*time.Minute+time.Second)); !r.IsZero() {
		t.Fatalf("after the window: refused until %v", r)
	}
}

func TestLoginThrottleByAddressAlone(t *testing.T) {
	d := MustOpen(t)
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for i, email := range []string{"a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com"} {
		if r := reserve(t, d, email, "10.0.0.1", t0.Add(time.Duration(i)*time.Second)); !r.IsZero() {
			t.Fatalf("%s refused", email)
		}
	}
	// Five failures from the address over five accounts: a sixth account is refused too.
	if r := reserve(t, d, "f@x.com", "10.0.0.1", t0.Add(time.Minute)); !r.Equal(t0.Add(15 * time.Minute)) {
		t.Fatalf("sixth account from the address: retry at %v", r)
	}
	if r := reserve(t, d, "f@x.com", "10.0.0.9", t0.Add(time.Minute)); !r.IsZero() {
		t.Fatalf("another address refused until %v", r)
	}
}

func TestLoginThrottleNormalisesAddresses(t *testing.T) {
	d := MustOpen(t)
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	// Three addresses of one IPv6 /64 are one address; an IPv4-mapped address is the IPv4 one.
	reserve(t, d, "ann@example.com", "2001:db8:1:2::1", t0)
	reserve(t, d, "ann@example.com", "2001:db8:1:2::ffff", t0)
	reserve(t, d, "ann@example.com", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", t0)
	if r := reserve(t, d, "ANN@example.com", "2001:db8:1:2::77", t0); r.IsZero() {
		t.Fatal("a fourth address of the same /64 was let through")
	}
	if r := reserve(t, d, "ann@example.com", "2001:db8:1:3::1", t0); !r.IsZero() {
		t.Fatal("another /64 was refused")
	}
	reserve(t, d, "bob@example.com", "192.0.2.7", t0)
	reserve(t, d, "bob@example.com", "::ffff:192.0.2.7", t0)
	reserve(t, d, "bob@example.com", "192.0.2.7", t0)
	if r := reserve(t, d, "bob@example.com", "::ffff:192.0.2.7", t0); r.IsZero() {
		t.Fatal("an IPv4-mapped address counted apart from its IPv4 address")
	}
}

func TestLoginThrottleClearForgetsThePairOnly(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		reserve(t, d, "ann@example.com", "10.0.0.1", t0)
		reserve(t, d, "ann@example.com", "10.0.0.2", t0)
	}
	reserve(t, d, "bob@example.com", "10.0.0.1", t0)
	if err := d.ClearLoginFailures(ctx, "ANN@example.com", "10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if r := reserve(t, d, "ann@example.com", "10.0.0.1", t0); !r.IsZero() {
		t.Fatal("cleared pair still refused")
	}
	if r := reserve(t, d, "ann@example.com", "10.0.0.2", t0); r.IsZero() {
		t.Fatal("clearing one address forgot ann's failures from another")
	}
	var n int
	if err := d.ReadDB().QueryRow(`SELECT count(*) FROM login_failures`).Scan(&n); err != nil || n != 5 {
		t.Fatalf("%d rows (%v), want 5: ann@2 ×3, bob@1, the new ann@1", n, err)
	}
}

// Concurrent guesses from one address: exactly as many as the limit are recorded (and
// would be checked), because each is counted in the same write that records it.
func TestLoginThrottleReservesAtomically(t *testing.T) {
	d := MustOpen(t)
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	allowed := make(chan bool, 40)
	for i := 0; i < 40; i++ {
		wg.Go(func() {
			r, err := d.ReserveLoginAttempt(context.Background(), "admin@example.com", "10.0.0.1", t0, testPolicy)
			if err != nil {
				t.Error(err)
			}
			allowed <- r.IsZero()
		})
	}
	wg.Wait()
	close(allowed)
	n := 0
	for ok := range allowed {
		if ok {
			n++
		}
	}
	if n != testPolicy.PerAccountAddress {
		t.Fatalf("%d of 40 concurrent attempts let through, want %d", n, testPolicy.PerAccountAddress)
	}
}

// Whatever is typed as the email, of whatever size, is not stored: a row holds two
// 32-byte hashes and a time.
func TestLoginThrottleStoresNoTypedText(t *testing.T) {
	d := MustOpen(t)
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	const typedPassword = "Tr0ub4dor&3-my-real-password"
	huge := strings.Repeat("hunter2!", 1<<17) // 1 MiB
	reserve(t, d, typedPassword, "10.0.0.1", t0)
	reserve(t, d, huge, "10.0.0.1", t0)

	rows, err := d.ReadDB().Query(`SELECT account, address, at, length(account) + length(address) + length(at) FROM login_failures`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var account, address []byte
		var at string
		var size int
		if err := rows.Scan(&account, &address, &at, &size); err != nil {
			t.Fatal(err)
		}
		n++
		row := string(account) + string(address) + at
		if len(account) != 32 || len(address) != 32 || size > 100 {
			t.Errorf("row of %d bytes: account %d, address %d", size, len(account), len(address))
		}
		for _, typed := range []string{typedPassword, strings.ToLower(typedPassword), "hunter2", "10.0.0.1"} {
			if strings.Contains(row, typed) {
				t.Errorf("row holds %q", typed)
			}
		}
	}
	if err := rows.Err(); err != nil || n != 2 {
		t.Fatalf("%d rows (%v), want 2", n, err)
	}
}

// The hashing key is made once and kept in the database: failures recorded before a
// restart still count after it.
func TestLoginThrottleKeySurvivesReopening(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outlay.db")
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		d, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		reserve(t, d, "ann@example.com", "10.0.0.1", t0)
		d.Close()
	}
	d, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if r := reserve(t, d, "ann@example.com", "10.0.0.1", t0); r.IsZero() {
		t.Fatal("failures before the restarts were forgotten")
	}
}

func TestLoginThrottleDropsOldFailures(t *testing.T) {
	d := MustOpen(t)
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	reserve(t, d, "ann@example.com", "10.0.0.1", t0)
	reserve(t, d, "ann@example.com", "10.0.0.1", t0.Add(25*time.Hour))
	var n int
	if err := d.ReadDB().QueryRow(`SELECT count(*) FROM login_failures`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows after a day: %d (%v), want 1", n, err)
	}
}
