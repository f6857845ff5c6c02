package server

import (
	"mime"
	"net/http"

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
		s.apiFail(c, err)
		return false
	}
	return true
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
