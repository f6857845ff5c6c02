package importer

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// win1252Notice tells the person that their CSV was not UTF-8 and how Outlay read it.
const win1252Notice = "The file is not in UTF-8, so Outlay read it as Windows-1252 (Western European), the encoding Excel uses for “CSV (Comma delimited)”. Check that accented letters look right below; if they do not, save the file as CSV UTF-8 and upload it again."

// decodeText turns a CSV's bytes into UTF-8 text.
//
// UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark are read as
// they are. Other bytes are read as Windows-1252, what Excel writes for a plain "CSV"
// on Western European systems, when every byte is one that code page defines and no
// control character other than tab and line breaks appears; the table then carries a
// notice saying so, because another single-byte code page would give wrong letters
// without any error. Anything else is refused with "save it as CSV UTF-8".
func decodeText(data []byte) (text, notice string, err error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeUTF16(data, unicode.LittleEndian)
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeUTF16(data, unicode.BigEndian)
	}
	if utf8.Valid(data) {
		return string(data), "", nil
	}
	if !plausibleWindows1252(data) {
		return "", "", notUTF8()
	}
	out, derr := charmap.Windows1252.NewDecoder().Bytes(data)
	if derr != nil {
		return "", "", notUTF8()
	}
	return string(out), win1252Notice, nil
}

func decodeUTF16(data []byte, order unicode.Endianness) (string, string, error) {
	out, err := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil || bytes.IndexByte(out, 0) >= 0 {
		return "", "", notUTF8()
	}
	return string(out), "", nil
}

// plausibleWindows1252 reports whether data reads as Windows-1252 text: no byte the code
// page leaves undefined and no control character but tab, CR and LF.
func plausibleWindows1252(data []byte) bool {
	for _, c := range data {
		switch {
		case c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D:
			return false
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return false
		case c == 0x7F:
			return false
		}
	}
	return true
}

func notUTF8() error {
	return invalid("The file's text is in an encoding Outlay cannot tell. Open it in your spreadsheet program and save it as CSV UTF-8 (File › Save As › CSV UTF-8), then upload it again.")
}
