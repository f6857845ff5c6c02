package secretbox_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"outlay/internal/secretbox"
)

func TestRoundTripAndAssociatedData(t *testing.T) {
	b, err := secretbox.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("ABCD-EFGH-IJKL-MNOP")
	sealed, err := b.Seal(msg, []byte("licence-key/1"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, msg) {
		t.Fatal("sealed value contains the plaintext")
	}
	again, _ := b.Seal(msg, []byte("licence-key/1"))
	if bytes.Equal(sealed, again) {
		t.Fatal("two seals of the same value are equal: nonce not random")
	}
	got, err := b.OpenSealed(sealed, []byte("licence-key/1"))
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("OpenSealed = %q, %v", got, err)
	}
	if _, err := b.OpenSealed(sealed, []byte("licence-key/2")); !errors.Is(err, secretbox.ErrDecrypt) {
		t.Fatalf("other associated data: %v", err)
	}
}

func TestTamperDetected(t *testing.T) {
	b, err := secretbox.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := b.Seal([]byte("secret"), nil)
	for i := range sealed {
		bad := append([]byte(nil), sealed...)
		bad[i] ^= 0x01
		if _, err := b.OpenSealed(bad, nil); !errors.Is(err, secretbox.ErrDecrypt) {
			t.Fatalf("flipping byte %d: %v", i, err)
		}
	}
	for _, short := range [][]byte{nil, sealed[:5], sealed[:len(sealed)-1]} {
		if _, err := b.OpenSealed(short, nil); !errors.Is(err, secretbox.ErrDecrypt) {
			t.Fatalf("short input (%d bytes): %v", len(short), err)
		}
	}
}

func TestKeyFileCreatedOnceWithMode0600(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	b1, err := secretbox.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, secretbox.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %#o, want 0600", fi.Mode().Perm())
	}
	if fi.Size() != 32 {
		t.Fatalf("key file size %d", fi.Size())
	}
	sealed, _ := b1.Seal([]byte("kept across restarts"), []byte("ad"))
	b2, err := secretbox.Open(dir) // a restart reuses the key
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b2.OpenSealed(sealed, []byte("ad")); err != nil || string(got) != "kept across restarts" {
		t.Fatalf("second Open cannot read the first's value: %q %v", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("data folder holds %d files, want only the key", len(entries))
	}
}

func TestConcurrentFirstStartsAgreeOnOneKey(t *testing.T) {
	dir := t.TempDir()
	boxes := make([]*secretbox.Box, 8)
	var wg sync.WaitGroup
	for i := range boxes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := secretbox.Open(dir)
			if err != nil {
				t.Error(err)
			}
			boxes[i] = b
		}()
	}
	wg.Wait()
	sealed, _ := boxes[0].Seal([]byte("x"), nil)
	for i, b := range boxes {
		if _, err := b.OpenSealed(sealed, nil); err != nil {
			t.Fatalf("box %d uses another key", i)
		}
	}
}

func TestKeyFileReadableByOthersRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	dir := t.TempDir()
	if _, err := secretbox.Open(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, secretbox.KeyFile)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := secretbox.Open(dir); err == nil {
		t.Fatal("a world-readable key file was accepted")
	}
	os.Chmod(path, 0o600)
	os.WriteFile(path, []byte("short"), 0o600)
	if _, err := secretbox.Open(dir); err == nil {
		t.Fatal("a truncated key file was accepted")
	}
}
