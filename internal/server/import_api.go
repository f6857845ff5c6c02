package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// apiImportProblems is the answer to an import whose rows have problems: nothing was
// stored, and every problem is listed by row and column beside the whole result.
type apiImportProblems struct {
	Error    string                 `json:"error"`
	Problems []outlay.ImportProblem `json:"problems"`
	Result   *outlay.ImportResult   `json:"result"`
}

// apiImport imports a spreadsheet sent as the multipart field "file". dry_run (a form
// field, or the query) is true unless it says false: a client that forgets it gets a
// preview, never an import it did not mean. 200 with the result when no row has a
// problem; 400 with the problems when rows have them, or with fields.file when the file
// cannot be read; 413 over the cap; 429 while other imports run.
func (s *Server) apiImport(c *gin.Context) {
	k, ok := findImportKind(c.Param("kind"))
	if !ok {
		s.apiFail(c, errNoSuchImport)
		return
	}
	maxBytes, err := s.importCap(c)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	up, err := s.readUpload(c, maxBytes)
	if err != nil {
		s.apiImportFailed(c, err, maxBytes)
		return
	}
	defer func() { up.File.Close(); s.stash.drop(up.Token) }()
	raw, given := up.Fields["dry_run"]
	if !given {
		raw = c.Query("dry_run")
	}
	dryRun, ok := parseDryRun(raw)
	if !ok {
		s.apiFail(c, &outlay.Error{Code: outlay.EINVALID, Message: "dry_run must be true or false.",
			Fields: map[string]string{"dry_run": "must be true or false"}})
		return
	}
	res, err := s.runImport(c, k.Kind, up.ImportFile(), dryRun)
	if err != nil {
		s.apiImportFailed(c, err, maxBytes)
		return
	}
	if !res.OK() {
		rows := map[int]bool{}
		for _, p := range res.Problems {
			rows[p.Row] = true
		}
		c.JSON(http.StatusBadRequest, apiImportProblems{Result: res, Problems: sortedProblems(res),
			Error: fmt.Sprintf("%s in %s; nothing was imported.", plural(len(res.Problems), "problem", "problems"), plural(len(rows), "row", "rows"))})
		return
	}
	c.JSON(http.StatusOK, res)
}

// apiImportFailed answers an upload that could not be imported at all.
func (s *Server) apiImportFailed(c *gin.Context, err error, maxBytes int64) {
	if clientGone(c) {
		s.cancelled(c, err)
		return
	}
	if errors.Is(err, errTooLarge) {
		msg := tooLargeMessage(maxBytes)
		c.JSON(http.StatusRequestEntityTooLarge, APIError{Error: msg, Fields: map[string]string{"file": msg}})
		return
	}
	if outlay.ErrorCode(err) == outlay.EINVALID {
		fields := outlay.ErrorFields(err)
		if _, ok := fields["file"]; !ok {
			fields = map[string]string{"file": outlay.ErrorMessage(err)}
		}
		c.JSON(http.StatusBadRequest, APIError{Error: outlay.ErrorMessage(err), Fields: fields})
		return
	}
	s.apiFail(c, err)
}

// parseDryRun reads dry_run: blank is true.
func parseDryRun(s string) (dryRun, ok bool) {
	switch s {
	case "", "true", "1", "yes":
		return true, true
	case "false", "0", "no":
		return false, true
	}
	return false, false
}

// plural writes n with the noun's singular or plural: "1 row", "3 rows".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(int64(n)) + " " + many
}
