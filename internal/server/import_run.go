package server

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// errImportsBusy is the answer when every import slot stays taken: an import reads a
// whole workbook and checks every row, and a few at a time keep the CPUs and the
// database writer for everyone else.
var errImportsBusy = outlay.Errorf(outlay.ETHROTTLED,
	"Outlay is importing other files right now. Please try again in a few seconds.")

// runImport runs one import (a preview when dryRun) under the import gate. A request
// that finds every slot taken gets errImportsBusy, with Retry-After set.
func (s *Server) runImport(c *gin.Context, kind outlay.ImportKind, file outlay.ImportFile, dryRun bool) (*outlay.ImportResult, error) {
	ctx := c.Request.Context()
	leave, ok := s.importGate.enter(ctx)
	if !ok {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c.Header("Retry-After", strconv.Itoa(exportRetryAfter))
		return nil, errImportsBusy
	}
	defer leave()
	started := time.Now()
	res, err := s.importer.Import(ctx, kind, file, dryRun)
	s.health.metrics.observeImport(kind, dryRun, res, err, time.Since(started))
	if err == nil && res == nil {
		err = errors.New("importer returned no result")
	}
	return res, err
}

// importCap is the upload cap from the settings, in bytes.
func (s *Server) importCap(c *gin.Context) (int64, error) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		return 0, err
	}
	return st.ImportMaxBytes(), nil
}

// sortedProblems is the result's problems by row, the file's own (row 0) first, in
// the order the importer found them within a row.
func sortedProblems(res *outlay.ImportResult) []outlay.ImportProblem {
	out := slices.Clone(res.Problems)
	slices.SortStableFunc(out, func(a, b outlay.ImportProblem) int { return cmp.Compare(a.Row, b.Row) })
	return out
}

// importStatus is the status of an answer about an import that failed: the page's or
// the API's for a domain error, 413 for an upload over the cap.
func importStatus(err error, api bool) int {
	if errors.Is(err, errTooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	return statusOf(outlay.ErrorCode(err), api)
}
