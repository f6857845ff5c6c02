package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// statusOf maps a domain error code to an HTTP status. Invalid input is 422 for pages
// (the form comes back) and 400 for the API.
func statusOf(code string, api bool) int {
	switch code {
	case outlay.EINVALID:
		if api {
			return http.StatusBadRequest
		}
		return http.StatusUnprocessableEntity
	case outlay.ECONFLICT:
		return http.StatusConflict
	case outlay.ENOTFOUND:
		return http.StatusNotFound
	case outlay.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case outlay.EFORBIDDEN:
		return http.StatusForbidden
	case outlay.ETHROTTLED:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// internalMessage is all a user learns of an internal error; the detail is in the log,
// under the request id shown beside it.
const internalMessage = "Something went wrong on our side."

// statusClientClosed marks, in the request log, a request the client abandoned (nginx's
// "client closed request"). Nobody receives it.
const statusClientClosed = 499

// clientGone reports whether the client abandoned the request. Only cancellation counts:
// a deadline of our own that passes is a failure on our side.
func clientGone(c *gin.Context) bool {
	return errors.Is(c.Request.Context().Err(), context.Canceled)
}

// cancelled ends a request the client abandoned: logged as such, not as an internal
// error, and answered with nothing, since nobody is waiting.
func (s *Server) cancelled(c *gin.Context, err error) {
	s.log.Info("request cancelled", "request_id", c.GetString(ctxRequestID), "method", c.Request.Method,
		"path", loggedPath(c.Request), "err", err)
	c.AbortWithStatus(statusClientClosed)
}

// logIfInternal logs errors that are not the user's doing, with the request id that the
// error page shows. Application errors are expected answers and are not logged.
func (s *Server) logIfInternal(c *gin.Context, err error) {
	if outlay.ErrorCode(err) == outlay.EINTERNAL {
		s.log.Error("internal error", "request_id", c.GetString(ctxRequestID), "method", c.Request.Method,
			"path", loggedPath(c.Request), "err", err)
	}
}

// publicMessage is what a user may read of err: a domain error's own message, and for
// anything internal (a storage failure, a key that cannot be decrypted, even an
// outlay.Error with the code EINTERNAL, whose message is written for the log) only the
// generic one.
func publicMessage(err error) string {
	if outlay.ErrorCode(err) == outlay.EINTERNAL {
		return internalMessage
	}
	return outlay.ErrorMessage(err)
}

// fail answers a page request with an error page. Internal errors show only a generic
// message and the request id; the detail goes to the log. A request the client gave up
// on is only logged.
func (s *Server) fail(c *gin.Context, err error) {
	if isAPI(c) {
		s.apiFail(c, err)
		return
	}
	code := outlay.ErrorCode(err)
	if code == outlay.EINTERNAL && clientGone(c) {
		s.cancelled(c, err)
		return
	}
	s.logIfInternal(c, err)
	status := statusOf(code, false)
	heading := map[int]string{
		http.StatusNotFound:            "Not found",
		http.StatusForbidden:           "Not allowed",
		http.StatusConflict:            "That clashes with something already recorded",
		http.StatusUnauthorized:        "Please sign in",
		http.StatusTooManyRequests:     "Too many tries",
		http.StatusUnprocessableEntity: "Please check what you entered",
	}[status]
	if heading == "" {
		heading = "Something went wrong"
	}
	s.errorPage(c, status, heading, publicMessage(err))
}

// errorPage renders the error page with a heading and a message.
func (s *Server) errorPage(c *gin.Context, status int, heading, message string) {
	p := s.page(c, heading, "")
	p.Data = errorView{Heading: heading, Message: message, Back: "/", BackLabel: "Back to the dashboard"}
	s.render(c, status, "error", p)
}

// refuse answers a request refused before any handler ran (too large, a kind of body
// the route does not take) with the status and a message: a page, or JSON for the API.
// It aborts the request.
func (s *Server) refuse(c *gin.Context, status int, heading, message string) {
	if isAPI(c) {
		c.AbortWithStatusJSON(status, APIError{Error: message})
		return
	}
	s.errorPage(c, status, heading, message)
	c.Abort()
}

// sessionFailed answers a request whose session could not be read or written, before
// the router (and its error pages) are reached; the detail goes to the log.
func (s *Server) sessionFailed(w http.ResponseWriter, r *http.Request, err error) {
	id := requestIDOf(r)
	s.log.Error("session", "request_id", id, "method", r.Method, "path", loggedPath(r), "err", err)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		json.NewEncoder(w).Encode(APIError{Error: internalMessage, RequestID: id})
		return
	}
	http.Error(w, internalMessage+" Request id: "+id, http.StatusInternalServerError)
}

// notFound is the page for unknown URLs.
func (s *Server) notFound(c *gin.Context) {
	s.fail(c, outlay.Errorf(outlay.ENOTFOUND, "There is no page at this address. It may have been moved, or the link is mistyped."))
}

type errorView struct {
	Heading, Message, Back, BackLabel string
}

// APIError is the body of every API error answer.
type APIError struct {
	Error     string            `json:"error"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// apiFail answers an API request with the error's status and a JSON body. An internal
// error's answer says only that it is one, with the request id the log line carries.
func (s *Server) apiFail(c *gin.Context, err error) {
	code := outlay.ErrorCode(err)
	if code == outlay.EINTERNAL && clientGone(c) {
		s.cancelled(c, err)
		return
	}
	s.logIfInternal(c, err)
	body := APIError{Error: publicMessage(err), Fields: outlay.ErrorFields(err)}
	if code == outlay.EINTERNAL {
		body.Fields = nil
		body.RequestID = c.GetString(ctxRequestID)
	}
	c.JSON(statusOf(code, true), body)
}

// decodeJSON reads a JSON request body into v, refusing unknown fields and trailing data
// so a typo in a field name is an answer, not a silently ignored value. Failures are
// EINVALID with a readable message.
func decodeJSON(c *gin.Context, v any) error {
	// The body was read within the route's limit by limitBody before any handler ran.
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return outlay.Errorf(outlay.EINVALID, "The request body is empty; send a JSON object.")
		case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
			return outlay.Errorf(outlay.EINVALID, "The request body is not valid JSON.")
		case errors.As(err, &typ):
			if typ.Field != "" {
				return &outlay.Error{Code: outlay.EINVALID, Message: "A field has the wrong type.",
					Fields: map[string]string{typ.Field: "must be a " + jsonKind(typ.Type.Kind().String())}}
			}
			return outlay.Errorf(outlay.EINVALID, "The request body must be a JSON object.")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &outlay.Error{Code: outlay.EINVALID, Message: "The request has an unknown field.",
				Fields: map[string]string{name: "unknown field"}}
		}
		return outlay.Errorf(outlay.EINVALID, "The request body could not be read as JSON.")
	}
	if dec.More() {
		return outlay.Errorf(outlay.EINVALID, "The request body must hold one JSON object.")
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "list"
	case "struct", "map", "ptr":
		return "object"
	}
	return "number"
}
