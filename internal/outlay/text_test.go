package outlay

import (
	"strings"
	"testing"
)

// TestTextRuleKeepsEveryWriterOut: addresses, user names, finance emails and licence keys
// refuse NUL, control characters, direction overrides and what invalid UTF-8 became,
// whoever writes them (a form, the API, the command line), and no message echoes a
// control character back.
func TestTextRuleKeepsEveryWriterOut(t *testing.T) {
	bad := []string{"x\u202e@demo.example", "x\x00@demo.example", "x\a@demo.example", "x\ufffd@demo.example", "x\xff@demo.example"}
	for _, e := range bad {
		if ValidEmail(e) {
			t.Errorf("ValidEmail(%q) = true", e)
		}
		u := User{Email: e, Name: "Ann", Role: RoleViewer}
		if ErrorFields(u.Validate())["email"] == "" {
			t.Errorf("user email %q accepted", e)
		}
		u = User{Email: "ann@example.com", Name: "A" + e, Role: RoleViewer}
		if ErrorFields(u.Validate())["name"] == "" {
			t.Errorf("user name %q accepted", u.Name)
		}
		if ErrorFields(ValidateLicenceKey("AB" + e))["key"] == "" {
			t.Errorf("licence key with %q accepted", e)
		}
		s := DefaultSettings()
		s.FinanceEmails = []string{e}
		msg := ErrorFields(s.Validate())["finance_emails"]
		if msg == "" || !CleanText(msg, false) || !strings.Contains(msg, "is not a valid email address") {
			t.Errorf("finance email %q: message %q", e, msg)
		}
	}
	if !ValidEmail("ann@example.com") || ValidateLicenceKey("ABCD-1234") != nil {
		t.Error("clean values refused")
	}
	if _, err := ParseOffsets("30, 7\x00"); err == nil || !CleanText(ErrorFields(err)["reminder_offsets"], false) {
		t.Errorf("offsets with NUL: %v", err)
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 200_224_768: "200.2 MB", 3_400_000_000: "3.4 GB"} {
		if got := ByteSize(n); got != want {
			t.Errorf("ByteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
