package server

import (
	"io"
	"outlay/internal/outlay"

	"github.com/gin-gonic/gin"
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
	s.sendWorkbookFile(c, "outlay-import-"+string(k.Kind)+".xlsx", f, size)
}

// errNoSuchImport is an address that names no import kind.
var errNoSuchImport = outlay.Errorf(outlay.ENOTFOUND,
	"There is no import of that kind. The kinds are vendors, contracts, licences, budget-lines and spend.")
