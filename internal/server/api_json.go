package server

import (
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// readJSON reads the body of an API write into v. Only a body declared as
// application/json is read: a form post or text/plain is what a browser sends across
// origins without asking, so taking it as JSON would let another site write with the
// user's session. On failure it answers (415, or 400 with the field at fault) and
// returns false.
func (s *Server) readJSON(c *gin.Context, v any) bool {
	if !isJSONBody(c.GetHeader("Content-Type")) {
		c.JSON(http.StatusUnsupportedMediaType, APIError{Error: "Send the request body as JSON, with Content-Type: application/json."})
		return false
	}
	if err := decodeJSON(c, v); err != nil {
		if e, ok := err.(*outlay.Error); ok && len(e.Fields) > 0 {
			fields := map[string]string{}
			for k, msg := range e.Fields {
				k = jsonPath(reflect.TypeOf(v), k)
				if utf8.RuneCountInString(k) > maxEchoedName {
					k = string([]rune(k)[:maxEchoedName]) + "…" // an unknown name as sent, cut
				}
				fields[k] = msg
			}
			err = &outlay.Error{Code: e.Code, Message: e.Message, Fields: fields}
		}
		s.apiFail(c, err)
		return false
	}
	return true
}

// maxEchoedName bounds a field name the answer repeats from the request (an unknown
// field is named as the client sent it).
const maxEchoedName = 64

// jsonPath turns the field path of a JSON decoding error, which Go writes with the Go
// names of embedded structs ("contractInput.title"), into JSON names alone ("title"),
// so a client never sees a name of ours that it did not send.
func jsonPath(t reflect.Type, path string) string {
	var out []string
	for _, seg := range strings.Split(path, ".") {
		for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice) {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct {
			out = append(out, seg)
			t = nil
			continue
		}
		if f, ok := t.FieldByName(seg); ok && f.Anonymous {
			t = f.Type
			continue
		}
		out = append(out, seg)
		t = jsonFieldType(t, seg)
	}
	return strings.Join(out, ".")
}

// jsonFieldType is the type of the field with JSON name name, embedded structs searched
// too, or nil.
func jsonFieldType(t reflect.Type, name string) reflect.Type {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			if ft := jsonFieldType(f.Type, name); ft != nil {
				return ft
			}
			continue
		}
		if n, _, _ := strings.Cut(f.Tag.Get("json"), ","); n == name {
			return f.Type
		}
	}
	return nil
}

// isJSONBody reports whether a Content-Type header names JSON (parameters such as
// charset=utf-8 are fine).
func isJSONBody(contentType string) bool {
	t, _, err := mime.ParseMediaType(contentType)
	return err == nil && t == "application/json"
}

// apiInvalid answers 400 with every field problem at once, or returns false when there
// are none.
func (s *Server) apiInvalid(c *gin.Context, bad outlay.FieldErrors) bool {
	if err := bad.Err(); err != nil {
		s.apiFail(c, err)
		return true
	}
	return false
}
