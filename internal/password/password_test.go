package password

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

var phc = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashFormat(t *testing.T) {
	h1, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	h2, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{h1, h2} {
		if !phc.MatchString(h) {
			t.Errorf("Hash = %q, not a PHC argon2id string with the expected parameters", h)
		}
	}
	if h1 == h2 {
		t.Error("two hashes of the same password are equal: salt is not random")
	}
}

func TestVerify(t *testing.T) {
	const pw = "correct horse battery staple"
	good, err := Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	unicodePW := "pässwörd-日本語-🔑"
	uni, err := Hash(unicodePW)
	if err != nil {
		t.Fatal(err)
	}
	// A hash made with other parameters must still verify: they are read
	// from the string, not taken from the constants.
	salt := []byte("0123456789abcdef")
	other := fmt.Sprintf("$argon2id$v=19$m=8192,t=1,p=2$%s$%s",
		b64.EncodeToString(salt), b64.EncodeToString(argon2.IDKey([]byte(pw), salt, 1, 8192, 2, 24)))

	tests := []struct {
		name    string
		plain   string
		encoded string
		ok      bool
		err     bool
	}{
		{"right password", pw, good, true, false},
		{"wrong password", pw + "!", good, false, false},
		{"empty password", "", good, false, false},
		{"case matters", strings.ToUpper(pw), good, false, false},
		{"unicode", unicodePW, uni, true, false},
		{"unicode wrong", "passwörd-日本語-🔑", uni, false, false},
		{"other parameters", pw, other, true, false},
		{"other parameters wrong", "nope", other, false, false},
		{"empty encoded", pw, "", false, true},
		{"argon2i", pw, strings.Replace(good, "argon2id", "argon2i", 1), false, true},
		{"bcrypt", pw, "$2a$10$abcdefghijklmnopqrstuu", false, true},
		{"bad version", pw, strings.Replace(good, "v=19", "v=16", 1), false, true},
		{"bad params", pw, strings.Replace(good, "m=19456,t=2,p=1", "m=19456,t=2", 1), false, true},
		{"trailing junk in params", pw, strings.Replace(good, "p=1", "p=1x", 1), false, true},
		{"huge memory", pw, strings.Replace(good, "m=19456", "m=99999999", 1), false, true},
		{"zero time", pw, strings.Replace(good, "t=2", "t=0", 1), false, true},
		{"zero threads", pw, strings.Replace(good, "p=1", "p=0", 1), false, true},
		{"bad salt", pw, strings.Replace(good, "$argon2id$v=19$m=19456,t=2,p=1$", "$argon2id$v=19$m=19456,t=2,p=1$!!", 1), false, true},
		{"truncated", pw, good[:len(good)-30], false, true},
		{"extra field", pw, good + "$x", false, true},
	}
	for _, tt := range tests {
		ok, err := Verify(tt.plain, tt.encoded)
		if ok != tt.ok || (err != nil) != tt.err {
			t.Errorf("%s: Verify = %v, %v; want %v, error=%v", tt.name, ok, err, tt.ok, tt.err)
		}
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: error %v is not ErrMalformed", tt.name, err)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		plain string
		msg   string // "" = valid
	}{
		{"", "use at least 10 characters"},
		{"123456789", "use at least 10 characters"},
		{"1234567890", ""},
		{"äöüäöüäöü", "use at least 10 characters"}, // 9 characters, 18 bytes
		{"äöüäöüäöüß", ""},
		{strings.Repeat("a", 256), ""},
		{strings.Repeat("a", 257), "use at most 256 characters"},
	}
	for _, tt := range tests {
		err := Validate(tt.plain)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.msg {
			t.Errorf("Validate(%d chars) = %q, want %q", len([]rune(tt.plain)), got, tt.msg)
		}
	}
}
