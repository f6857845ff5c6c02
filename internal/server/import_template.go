package server

import (
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// importTemplate sends a kind's template workbook: the header row the import takes, an
// example row and the drop-down lists.
func (s *Server) importTemplate(c *gin.Context) { s.sendImportTemplate(c, c.Param("ref")) }

// apiImportTemplate is importTemplate for the API.
func (s *Server) apiImportTemplate(c *gin.Context) { s.sendImportTemplate(c, c.Param("kind")) }

// sendImportTemplate writes the template into a temporary file first, so a failure is
// a clean error answer and the download has its Content-Length.
func (s *Server) sendImportTemplate(c *gin.Context, kind string) {
	k, ok := findImportKind(kind)
	if !ok {
		s.fail(c, errNoSuchImport)
		return
	}
	ctx := c.Request.Context()
	f, size, err := buildExportFile(func(w io.Writer) error { return s.importer.Template(ctx, w, k.Kind) })
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	h := c.Writer.Header()
	h.Set("Content-Type", xlsxType)
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Content-Disposition", `attachment; filename="outlay-import-`+string(k.Kind)+`.xlsx"`)
	h.Set("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, f); err != nil {
		s.log.Info("template download cut short", "request_id", c.GetString(ctxRequestID), "err", err)
	}
}

// errNoSuchImport is an address that names no import kind.
var errNoSuchImport = outlay.Errorf(outlay.ENOTFOUND,
	"There is no import of that kind. The kinds are vendors, contracts, licences, budget-lines and spend.")
