package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// importCommit imports a previewed upload for real: every record in one transaction, or
// nothing. The kept file is claimed first, so a second click does not import it twice;
// once imported, its bytes are removed and the summary is shown (303, then GET).
func (s *Server) importCommit(c *gin.Context) {
	meta, k, ok := s.openStash(c)
	if !ok {
		return
	}
	summary := "/imports/" + meta.Token
	if meta.Committed() {
		redirect(c, summary)
		return
	}
	f, release, ok := s.stash.claim(meta.Token)
	if !ok { // the other click's commit holds it: its summary follows
		redirect(c, summary)
		return
	}
	res, err := s.runImport(c, k.Kind, outlay.ImportFile{Name: meta.Name, Size: meta.Size, Body: f}, false)
	if err != nil {
		release()
		if outlay.ErrorCode(err) == outlay.ETHROTTLED {
			s.fail(c, err) // the upload stays: the same button works in a moment
			return
		}
		s.stash.drop(meta.Token)
		maxBytes, _ := s.importCap(c)
		s.importUploadFailed(c, k, err, maxBytes)
		return
	}
	if !res.OK() {
		// The database changed since the preview (someone recorded the same invoice, a
		// rate was removed): nothing was written, and the file needs fixing first.
		release()
		s.stash.drop(meta.Token)
		s.renderImportPreview(c, k, meta, res, "Nothing was imported: since the preview, Outlay's records changed, and the rows below no longer go in. Fix the file and upload it again.")
		return
	}
	f.Close()
	s.flash(c, "success", "Imported "+k.Count(len(res.Created))+" from "+meta.Name+".")
	if err := s.stash.committed(meta, res); err != nil {
		// The records are in; only the summary could not be kept. Show it now.
		s.log.Error("keep import summary", "err", err, "request_id", c.GetString(ctxRequestID))
		meta.Result = res
		s.renderImportSummary(c, k, meta)
		return
	}
	redirect(c, summary)
}

// renderImportSummary shows what a commit created, each with a link to its page.
func (s *Server) renderImportSummary(c *gin.Context, k importKind, meta *stashed) {
	v, err := s.newImportPreview(c, k, meta, meta.Result)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.page(c, "Imported "+lower(k.Label), "imports",
		Crumb{Label: "Import", Href: "/imports"}, Crumb{Label: k.Label, Href: k.UploadHref()}, Crumb{Label: "Summary"})
	p.Data = v
	s.render(c, http.StatusOK, "import_summary", p)
}
