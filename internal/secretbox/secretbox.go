// Package secretbox encrypts the few secrets Outlay keeps (licence keys) so that a copy of
// the database file alone does not give them away. The key lives in its own file beside
// the database, created once with mode 0600; a backup that leaves it out holds only
// ciphertext.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// KeyFile is the name of the key file inside the data folder.
const KeyFile = "secret.key"

// keySize is the AES-256 key length in bytes.
const keySize = 32

// ErrDecrypt means a sealed value could not be opened: it was changed, belongs to another
// record (wrong associated data), or was sealed under another key file.
var ErrDecrypt = errors.New("secretbox: the value cannot be decrypted with this key")

// Box seals and opens values with AES-256-GCM under the key read from the key file.
// It is safe for concurrent use.
type Box struct {
	aead cipher.AEAD
}

// Open loads dir/secret.key, creating it with 32 random bytes and mode 0600 when it does
// not exist yet (the first start).
//
// The key is written to a temporary file and then hard-linked to its final name, which
// fails if the name exists: two processes starting at once cannot end up with two keys,
// and neither can read a half-written one. Open refuses a key file that group or others
// may read or write (mode wider than 0600) rather than use a secret that may already have
// leaked; fix it with `chmod 600`. The mode check is skipped on Windows, where Unix modes
// mean nothing.
func Open(dir string) (*Box, error) {
	path := filepath.Join(dir, KeyFile)
	key, err := readKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createKey(dir, path); err != nil {
			return nil, err
		}
		key, err = readKey(path)
	}
	if err != nil {
		return nil, err
	}
	return newBox(key)
}

func newBox(key []byte) (*Box, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

func readKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("secretbox: %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return nil, fmt.Errorf("secretbox: %s has mode %#o, which lets other users read it; run `chmod 600 %s`", path, perm, path)
	}
	key, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(key) != keySize {
		return nil, fmt.Errorf("secretbox: %s holds %d bytes, want %d; restore it from a backup", path, len(key), keySize)
	}
	return key, nil
}

// createKey writes a new random key to path unless another process got there first, in
// which case its key is kept.
func createKey(dir, path string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("secretbox: create data folder: %w", err)
	}
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".secret.key.*") // CreateTemp uses mode 0600
	if err != nil {
		return fmt.Errorf("secretbox: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(key); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Link, unlike rename, never replaces an existing file: it is O_EXCL for a whole file.
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("secretbox: create %s: %w", path, err)
	}
	return nil
}

// Seal encrypts plaintext and binds it to associated (such as "licence-key/42"), so the
// result opens only with the same associated data. The random 12-byte nonce is
// prepended to the ciphertext.
func (b *Box) Seal(plaintext, associated []byte) ([]byte, error) {
	nonce := make([]byte, b.aead.NonceSize(), b.aead.NonceSize()+len(plaintext)+b.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return b.aead.Seal(nonce, nonce, plaintext, associated), nil
}

// OpenSealed decrypts what Seal produced with the same associated data. Any change to
// the ciphertext, or other associated data, is ErrDecrypt.
func (b *Box) OpenSealed(ciphertext, associated []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(ciphertext) < n+b.aead.Overhead() {
		return nil, ErrDecrypt
	}
	out, err := b.aead.Open(nil, ciphertext[:n], ciphertext[n:], associated)
	if err != nil {
		return nil, ErrDecrypt
	}
	return out, nil
}
