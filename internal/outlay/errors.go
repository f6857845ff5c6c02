// Package outlay is the domain: the types Outlay keeps, the services that store them, the
// errors every layer agrees on, and the validation rules that do not need a database.
// It imports nothing of ours but the other pure packages.
package outlay

import (
	"errors"
	"fmt"
	"sort"
)

// Error codes shared by storage, HTTP and CLI. The HTTP layer maps each to one status code.
const (
	ECONFLICT     = "conflict"     // 409: duplicate name, invoice number …
	EINVALID      = "invalid"      // 400 / 422: bad input, with per-field messages
	ENOTFOUND     = "not_found"    // 404
	EUNAUTHORIZED = "unauthorized" // 401: not signed in
	EFORBIDDEN    = "forbidden"    // 403: signed in, but the role does not allow it
	ETHROTTLED    = "throttled"    // 429: too many sign-in failures
	EINTERNAL     = "internal"     // 500: a bug or a broken dependency; message never shown
)

// Error is the one error type the application returns on purpose. Message is written for
// the person using Outlay; Fields holds per-field messages keyed by the API field name.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("outlay: %s: %s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := fmt.Sprintf("outlay: %s: %s", e.Code, e.Message)
	for _, k := range keys {
		s += fmt.Sprintf("; %s: %s", k, e.Fields[k])
	}
	return s
}

// Errorf returns an *Error with the code and a formatted user message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an application error, or EINTERNAL for anything else, so
// that unexpected errors are never shown to users as if they were their fault.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of an application error, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side."
}

// ErrorFields returns the per-field messages of an application error (nil if none).
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// FieldErrors collects per-field messages while a value is validated; Err turns them into
// one EINVALID error, or nil when every field is fine.
type FieldErrors map[string]string

// Add records msg for field unless the field already has a message (the first one wins,
// because it is usually the most basic problem: "required" before "too long").
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns an EINVALID *Error holding the messages, or nil when there are none.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Please correct the highlighted fields.", Fields: f}
}
