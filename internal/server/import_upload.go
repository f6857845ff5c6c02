package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// Beside the file, a multipart body holds part headers, boundaries and a few small
// fields; this much on top of the file's cap is plenty for them.
const (
	uploadOverhead  = 64 << 10
	uploadFieldMax  = 1 << 10 // a small field (dry_run)
	uploadPartsMax  = 8
	uploadNameChars = 200
)

// takesUpload reports whether the request is an upload that its handler reads itself:
// limitBody lets it through unread, so the route's role is checked before a byte of the
// body is read, and the cap is the one in the settings.
func takesUpload(c *gin.Context) bool {
	if c.Request.Method != http.MethodPost {
		return false
	}
	switch c.FullPath() {
	case "/imports/:ref", "/api/v1/imports/:kind":
		return true
	}
	return false
}

// upload is a spreadsheet that came in with a request, kept in the stash under Token.
type upload struct {
	Token  string
	File   *os.File // open on the stashed bytes
	Name   string
	Size   int64
	Fields map[string]string
}

// ImportFile is the upload as the importer takes it.
func (u *upload) ImportFile() outlay.ImportFile {
	return outlay.ImportFile{Name: u.Name, Size: u.Size, Body: u.File}
}

// errNoFile is an upload without a file.
var errNoFile = &outlay.Error{Code: outlay.EINVALID, Message: "Choose a file to import.",
	Fields: map[string]string{"file": "choose a .xlsx or .csv file"}}

// readUpload reads a multipart body as it arrives: the part "file" straight into a new
// file in the stash (never into memory, never past maxBytes), the small fields into
// Fields. A body over maxBytes and its overhead is errTooLarge, told by its
// Content-Length before anything is read when it has one. On error nothing is left in
// the stash.
func (s *Server) readUpload(c *gin.Context, maxBytes int64) (*upload, error) {
	r := c.Request
	if r.ContentLength > maxBytes+uploadOverhead {
		return nil, errTooLarge
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		return nil, &outlay.Error{Code: outlay.EINVALID, Message: "Send the file as multipart/form-data, in the field “file”.",
			Fields: map[string]string{"file": "send the file as multipart/form-data"}}
	}
	r.Body = http.MaxBytesReader(c.Writer, r.Body, maxBytes+uploadOverhead)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errBrokenUpload
	}
	up := &upload{Fields: map[string]string{}}
	fail := func(err error) (*upload, error) {
		if up.File != nil {
			up.File.Close()
			s.stash.drop(up.Token)
		}
		return nil, uploadError(err)
	}
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail(err)
		}
		if parts >= uploadPartsMax {
			part.Close()
			return fail(errBrokenUpload)
		}
		name := part.FormName()
		switch {
		case name == "file" && up.File == nil:
			up.Name = uploadName(part.FileName())
			up.Token, up.File, err = s.stash.create()
			if err != nil {
				part.Close()
				return fail(err)
			}
			up.Size, err = copyCapped(up.File, part, maxBytes)
		case name != "file":
			var b strings.Builder
			_, err = copyCapped(&b, part, uploadFieldMax)
			if errors.Is(err, errTooLarge) {
				err = errBrokenUpload
			}
			up.Fields[name] = strings.TrimSpace(b.String())
		default:
			err = &outlay.Error{Code: outlay.EINVALID, Message: "Send one file at a time.",
				Fields: map[string]string{"file": "one file at a time"}}
		}
		part.Close()
		if err != nil {
			return fail(err)
		}
	}
	if up.File == nil || up.Size == 0 && up.Name == "" {
		return fail(errNoFile)
	}
	if up.Size == 0 {
		return fail(&outlay.Error{Code: outlay.EINVALID, Message: "The file " + up.Name + " is empty.",
			Fields: map[string]string{"file": "the file is empty: choose a spreadsheet with a header row and rows"}})
	}
	if _, err := up.File.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	return up, nil
}

// errBrokenUpload is a body that is not the multipart form it says it is.
var errBrokenUpload = &outlay.Error{Code: outlay.EINVALID, Message: "The upload could not be read: send the file as a multipart form.",
	Fields: map[string]string{"file": "the upload could not be read; try again"}}

// uploadError turns what reading the body failed with into an answer: a body over the
// limit is errTooLarge however it was found, a domain error stays one, and anything
// else the client sent wrong is errBrokenUpload. Disk failures stay internal.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	var pathErr *os.PathError
	switch {
	case errors.Is(err, errTooLarge), errors.As(err, &tooBig):
		return errTooLarge
	case outlay.ErrorCode(err) != outlay.EINTERNAL:
		return err
	case errors.As(err, &pathErr):
		return err
	}
	return errBrokenUpload
}

// uploadName is the file name a browser sent, without any folder, cleaned to text that
// can be shown, and not too long.
func uploadName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/") // a Windows path from an old browser
	name = filepath.Base(name)
	if name == "." || name == "/" {
		name = ""
	}
	name = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > uploadNameChars {
		name = string([]rune(name)[:uploadNameChars])
	}
	return strings.TrimSpace(name)
}

// tooLargeMessage says what the cap is and how to get past it.
func tooLargeMessage(maxBytes int64) string {
	return fmt.Sprintf("The file is larger than the largest import file Outlay takes (%d MB). Split it into smaller files, or ask an administrator to raise “Largest import file” in Settings. Nothing was imported.", maxBytes>>20)
}
