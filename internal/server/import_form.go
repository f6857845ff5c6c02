package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// importUploadView is the upload page: the kinds to choose from and, once one is
// chosen, the form that sends a file of it.
type importUploadView struct {
	Kinds  []importKind
	Kind   importKind
	Chosen bool
	Form   *Form // the file field's message
	MaxMB  int64
}

// importForm shows the upload page; ?kind= chooses the kind, as the lists' Import
// links do.
func (s *Server) importForm(c *gin.Context) {
	k, ok := findImportKind(c.Query("kind"))
	s.renderImportUpload(c, http.StatusOK, k, ok, nil)
}

// renderImportUpload renders the upload page with status; f carries the file field's
// message when an upload was refused.
func (s *Server) renderImportUpload(c *gin.Context, status int, k importKind, chosen bool, f *Form) {
	if f == nil {
		f = &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: []string{"file"}}
	}
	maxBytes, err := s.importCap(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	title := "Import"
	crumbs := []Crumb{{Label: "Import"}}
	if chosen {
		title = "Import " + lower(k.Label)
		crumbs = []Crumb{{Label: "Import", Href: "/imports"}, {Label: k.Label}}
	}
	p := s.page(c, title, "imports", crumbs...)
	p.Data = importUploadView{Kinds: importKinds, Kind: k, Chosen: chosen, Form: f, MaxMB: maxBytes >> 20}
	s.render(c, status, "import", p)
}

// importUploadFailed answers an upload that could not be previewed or committed: the
// upload page again, the kind still chosen and the message beside the file field, for
// a file that is too large or cannot be read; an error page otherwise.
func (s *Server) importUploadFailed(c *gin.Context, k importKind, err error, maxBytes int64) {
	if clientGone(c) {
		s.cancelled(c, err)
		return
	}
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: []string{"file"}}
	switch {
	case errors.Is(err, errTooLarge):
		f.Errors["file"] = tooLargeMessage(maxBytes)
	case outlay.ErrorCode(err) == outlay.EINVALID:
		f.Errors["file"] = outlay.ErrorMessage(err)
	default:
		s.fail(c, err)
		return
	}
	s.renderImportUpload(c, importStatus(err, false), k, true, f)
}

// lower lower-cases the first letter: "Budget lines" -> "budget lines".
func lower(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}
