package outlay

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseOffsets: offsets that parse write back, joined, as offsets that parse the
// same; a refusal is an EINVALID error at reminder_offsets whose message stays short
// however long the input; nothing panics.
func FuzzParseOffsets(f *testing.F) {
	for _, s := range []string{"90, 60, 30, 14, 7, 1", "", "90;60 30", "sixty", "1,,2", "-5", "99999999999999999999", "7\n1", strings.Repeat("x", 1000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		offs, err := ParseOffsets(s)
		if err != nil {
			msg := ErrorFields(err)["reminder_offsets"]
			if ErrorCode(err) != EINVALID || msg == "" || utf8.RuneCountInString(msg) > 80 {
				t.Fatalf("ParseOffsets(%q) = %v", s, err)
			}
			return
		}
		parts := make([]string, len(offs))
		for i, o := range offs {
			parts[i] = strconv.Itoa(o)
		}
		again, err := ParseOffsets(strings.Join(parts, ", "))
		if err != nil || len(again) != len(offs) {
			t.Fatalf("ParseOffsets(%q) = %v; again %v, %v", s, offs, again, err)
		}
		for i := range offs {
			if again[i] != offs[i] {
				t.Fatalf("ParseOffsets(%q) = %v; again %v", s, offs, again)
			}
		}
	})
}
