package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// importShown is how many records a preview or a summary lists, and importProblemsShown
// how many problems a preview lists; the rest are counted. A file with a bad column can
// have a problem on each of 100,000 rows, and nobody reads past the first few hundred
// before fixing the column.
const (
	importShown         = 200
	importProblemsShown = 1000
)

// importPreviewView is a preview (the dry run) or, once committed, the summary.
type importPreviewView struct {
	Kind importKind
	// Token is the upload to commit; "" when there is nothing to commit (problems).
	Token    string
	Name     string
	Result   *outlay.ImportResult
	Problems []outlay.ImportProblem // the first importProblemsShown, by row
	// ProblemsTotal counts every problem, MoreProblems those not listed.
	ProblemsTotal, MoreProblems int
	Records                     []outlay.ImportRecord // the first importShown
	More                        int                   // the records not listed
	// Message says why a commit wrote nothing, above the problems.
	Message string
	Upload  importUploadView // to send a fixed file again
}

func (s *Server) newImportPreview(c *gin.Context, k importKind, meta *stashed, res *outlay.ImportResult) (importPreviewView, error) {
	maxBytes, err := s.importCap(c)
	if err != nil {
		return importPreviewView{}, err
	}
	v := importPreviewView{Kind: k, Name: meta.Name, Result: res, Problems: sortedProblems(res), Records: res.Created,
		Upload: importUploadView{Kinds: importKinds, Kind: k, Chosen: true, MaxMB: maxBytes >> 20,
			Form: &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: []string{"file"}}}}
	v.ProblemsTotal = len(v.Problems)
	if len(v.Problems) > importProblemsShown {
		v.MoreProblems = len(v.Problems) - importProblemsShown
		v.Problems = v.Problems[:importProblemsShown]
	}
	if len(v.Records) > importShown {
		v.More = len(v.Records) - importShown
		v.Records = v.Records[:importShown]
	}
	if res.OK() && !meta.Committed() {
		v.Token = meta.Token
	}
	return v, nil
}

// renderImportPreview renders the preview: 200 when the file can be imported as it
// is, 422 when rows have problems.
func (s *Server) renderImportPreview(c *gin.Context, k importKind, meta *stashed, res *outlay.ImportResult, message string) {
	v, err := s.newImportPreview(c, k, meta, res)
	if err != nil {
		s.fail(c, err)
		return
	}
	v.Message = message
	status := http.StatusOK
	if !res.OK() {
		status = http.StatusUnprocessableEntity
	}
	p := s.page(c, "Preview: import "+lower(k.Label), "imports",
		Crumb{Label: "Import", Href: "/imports"}, Crumb{Label: k.Label, Href: k.UploadHref()}, Crumb{Label: "Preview"})
	p.Data = v
	s.render(c, status, "import_preview", p)
}

// importPreview takes an uploaded file, keeps it in the stash and shows the dry run:
// what would be created, or every problem by row and column. A file with problems
// cannot be committed, so it is not kept.
func (s *Server) importPreview(c *gin.Context) {
	k, ok := findImportKind(c.Param("ref"))
	if !ok {
		s.fail(c, errNoSuchImport)
		return
	}
	maxBytes, err := s.importCap(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.stash.sweep(s.Now())
	up, err := s.readUpload(c, maxBytes)
	if err != nil {
		s.importUploadFailed(c, k, err, maxBytes)
		return
	}
	defer up.File.Close()
	meta := &stashed{Token: up.Token, Owner: currentUser(c).ID, Kind: k.Kind, Name: up.Name, Size: up.Size, Created: s.Now()}
	if err := s.stash.keep(meta); err != nil {
		s.stash.drop(up.Token)
		s.fail(c, err)
		return
	}
	res, err := s.runImport(c, k.Kind, up.ImportFile(), true)
	if err != nil || !res.OK() {
		s.stash.drop(up.Token)
	}
	if err != nil {
		s.importUploadFailed(c, k, err, maxBytes)
		return
	}
	s.renderImportPreview(c, k, meta, res, "")
}

// importShow shows an upload again: its preview, run again on the kept file (a reload,
// the way back from another page), or once committed the summary of what was created.
func (s *Server) importShow(c *gin.Context) {
	meta, k, ok := s.openStash(c)
	if !ok {
		return
	}
	if meta.Committed() {
		s.renderImportSummary(c, k, meta)
		return
	}
	f, err := s.stash.body(meta.Token)
	if err != nil {
		s.importBusyPage(c, k)
		return
	}
	defer f.Close()
	res, err := s.runImport(c, k.Kind, outlay.ImportFile{Name: meta.Name, Size: meta.Size, Body: f}, true)
	if err != nil {
		maxBytes, _ := s.importCap(c)
		s.importUploadFailed(c, k, err, maxBytes)
		return
	}
	s.renderImportPreview(c, k, meta, res, "")
}

// openStash finds the upload named by the address for the signed-in user, answering
// 404 for a token that is not theirs (or none) and 410 for one past its hour.
func (s *Server) openStash(c *gin.Context) (*stashed, importKind, bool) {
	meta, err := s.stash.open(c.Param("ref"), currentUser(c).ID, s.Now())
	if err == errStashExpired {
		p := s.page(c, "This upload has expired", "imports")
		p.Data = errorView{Heading: "This upload has expired",
			Message: "An uploaded file waits an hour for its import, and this one waited longer, so it was removed. Nothing was imported from it. Upload the file again.",
			Back:    "/imports", BackLabel: "Upload a file"}
		s.render(c, http.StatusGone, "error", p)
		return nil, importKind{}, false
	}
	var k importKind
	ok := false
	if err == nil {
		k, ok = findImportKind(string(meta.Kind))
	}
	if !ok {
		p := s.page(c, "Not found", "imports")
		p.Data = errorView{Heading: "Not found", Message: outlay.ErrorMessage(errStashGone), Back: "/imports", BackLabel: "Upload a file"}
		s.render(c, http.StatusNotFound, "error", p)
		return nil, importKind{}, false
	}
	return meta, k, true
}

// importBusyPage answers for an upload whose commit is running right now.
func (s *Server) importBusyPage(c *gin.Context, k importKind) {
	p := s.page(c, "Importing", "imports")
	p.Data = errorView{Heading: "This file is being imported",
		Message: "The import of this file is running right now. Reload this page in a moment to see what was created.",
		Back:    k.ListHref, BackLabel: "Go to " + lower(k.Label)}
	s.render(c, http.StatusConflict, "error", p)
}
