package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/outlay"
)

// pathID reads the :id URL parameter. Anything but a positive integer is "<what> not
// found", since no record can have that address, and a bad URL is not a server error.
func pathID(c *gin.Context, what string) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, outlay.Errorf(outlay.ENOTFOUND, "%s not found.", what)
	}
	return id, nil
}

// nullable is a JSON field that can be absent (Set false), null (Set, Val nil) or a
// value, so that a PATCH can clear an optional link such as contract_id.
type nullable[T any] struct {
	Set bool
	Val *T
}

// UnmarshalJSON records that the field was present.
func (n *nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Val = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.Val = &v
	return nil
}

// apiDeleteByID answers a DELETE of /…/:id: it reads the id (what names the record in
// the not-found message), calls remove (a delete or an archive) and answers 204, or the
// error's status.
func (s *Server) apiDeleteByID(c *gin.Context, what string, remove func(context.Context, int64) error) {
	id, err := pathID(c, what)
	if err == nil {
		err = remove(c.Request.Context(), id)
	}
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// optionalID is a record id from a field that passed its id rule, or nil when none was
// given (input.OptionalID).
func optionalID(s string) *int64 { return input.OptionalID(s) }

// optionalDate is a date from a field that passed its date rule, or nil when none was
// given (input.OptionalDate).
func optionalDate(s string) *time.Time { return input.OptionalDate(s) }
