package outlay

import (
	"strconv"
	"unicode/utf8"
)

// TextProblem says what is wrong with s as text a person could have typed, or "": it
// must be valid UTF-8 without NUL or other control characters, and without the
// invisible direction overrides that make a name read differently from what it is.
// Multi-line text may hold tabs and line breaks. U+FFFD is refused too: it is what
// encoding/json makes of invalid bytes and lone surrogates, so it stands for invalid
// UTF-8 that was sent, not for anything typed.
func TextProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "is not valid text (invalid UTF-8)"
	}
	for _, r := range s {
		switch {
		case multiline && (r == '\n' || r == '\r' || r == '\t'):
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			if multiline {
				return "must not contain control characters (tabs and line breaks are fine)"
			}
			return "must not contain control characters, tabs or line breaks"
		case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			return "must not contain text direction overrides"
		case r == utf8.RuneError:
			return "is not valid text (invalid UTF-8)"
		}
	}
	return ""
}

// CleanText reports whether s passes TextProblem.
func CleanText(s string, multiline bool) bool { return TextProblem(s, multiline) == "" }

// shownTyped is a typed value as a message may quote it: as typed when it is clean
// text, otherwise Go-quoted, so no NUL or control character is ever echoed back.
func shownTyped(s string) string {
	if CleanText(s, false) {
		return s
	}
	return strconv.QuoteToASCII(s)
}

func checkText(f FieldErrors, field, v string, multiline bool) {
	if p := TextProblem(v, multiline); p != "" {
		f.Add(field, p)
	}
}

// ByteSize writes a file size as people read it, in powers of 1000: "812 B", "3.4 MB".
// The backup command and the pages both say how big a backup is.
func ByteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return strconv.FormatFloat(float64(n)/float64(div), 'f', 1, 64) + " " + string("kMGTPE"[exp]) + "B"
}
