// Package password hashes and checks user passwords with argon2id, storing
// them as standard PHC strings:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
//
// Verify reads the parameters from the stored string rather than from the
// constants below, so the constants can be raised later without locking out
// users whose hashes were made with the old ones.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Parameters for new hashes: OWASP's minimum recommendation for argon2id
// (19 MiB, 2 passes, 1 lane), which keeps a login at a few tens of
// milliseconds on a small server while making offline guessing expensive.
const (
	Memory  = 19456 // KiB
	Time    = 2
	Threads = 1
	SaltLen = 16 // bytes
	KeyLen  = 32 // bytes
)

// Password length limits for Validate, in characters. The maximum only keeps
// absurd inputs out; argon2 itself takes any length.
const (
	MinLength = 10
	MaxLength = 256
)

// Bounds on parameters accepted by Verify. A stored hash comes from our own
// database, but a corrupted or planted row must not be able to make one
// login allocate gigabytes or spin for minutes.
const (
	maxMemory  = 1 << 20 // KiB (1 GiB)
	maxTime    = 64
	maxKeyLen  = 1024
	maxSaltLen = 1024
)

// ErrMalformed is returned by Verify when the stored string is not an
// argon2id PHC string it can check. It signals corrupt data, not a wrong
// password.
var ErrMalformed = errors.New("password: malformed argon2id hash")

var b64 = base64.RawStdEncoding // PHC strings use unpadded standard base64

// Hash derives an argon2id hash of plain with a fresh random salt and returns
// it as a PHC string. It does not apply Validate: policy belongs to the form
// that accepts a new password, not to hashing.
func Hash(plain string) (string, error) {
	salt := make([]byte, SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: reading random salt: %w", err)
	}
	key := argon2.IDKey([]byte(plain), salt, Time, Memory, Threads, KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, Memory, Time, Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether plain matches encoded, a PHC string made by Hash
// (possibly with other parameters). A wrong password is (false, nil); an
// unreadable encoded string is (false, ErrMalformed). The comparison is
// constant-time so response times do not leak how much of a guess matched.
func Verify(plain, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, ErrMalformed
	}
	var version int
	if n, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || n != 1 || parts[2] != fmt.Sprintf("v=%d", version) {
		return false, ErrMalformed
	}
	if version != argon2.Version {
		return false, fmt.Errorf("%w: unsupported version %d", ErrMalformed, version)
	}
	var memory, passes, threads uint64
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil || n != 3 ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", memory, passes, threads) {
		return false, ErrMalformed
	}
	// argon2 needs at least 8 KiB per lane; lanes are a uint8.
	if passes < 1 || passes > maxTime || threads < 1 || threads > 255 || memory < 8*threads || memory > maxMemory {
		return false, fmt.Errorf("%w: parameters out of range", ErrMalformed)
	}
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < 8 || len(salt) > maxSaltLen {
		return false, ErrMalformed
	}
	want, err := b64.Strict().DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > maxKeyLen {
		return false, ErrMalformed
	}
	got := argon2.IDKey([]byte(plain), salt, uint32(passes), uint32(memory), uint8(threads), uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// Validate checks a new password against the policy: at least MinLength and
// at most MaxLength characters (counted as Unicode characters, not bytes, so
// a passphrase in any script is measured the way its owner counts it). The
// messages are meant to be shown next to the field.
func Validate(plain string) error {
	n := utf8.RuneCountInString(plain)
	switch {
	case n < MinLength:
		return fmt.Errorf("use at least %d characters", MinLength)
	case n > MaxLength:
		return fmt.Errorf("use at most %d characters", MaxLength)
	}
	return nil
}
