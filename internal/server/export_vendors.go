package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/reports"
)

// vendorExport downloads the vendor list, with the page's filters and sort but without
// pagination, as an Excel workbook.
func (s *Server) vendorExport(c *gin.Context) {
	l := newList(c, "name", false, vendorSortKeys...)
	f, _ := vendorFilterFromQuery(l.Query)
	f.Sort, f.Desc = l.Sort, l.Desc
	vendors, _, err := s.vendors.FindVendors(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	meta, err := s.exportMeta(c, "Vendor register", l.Query)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := reports.VendorRegister(&buf, meta, vendors); err != nil {
		s.fail(c, err)
		return
	}
	sendWorkbook(c, "vendors", meta, buf.Bytes())
}

// exportMeta describes an export: the organisation, who asked, when, and the filter in
// words (sort and page left out: they do not change what the file contains).
func (s *Server) exportMeta(c *gin.Context, title string, q url.Values) (reports.Meta, error) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		return reports.Meta{}, err
	}
	var parts []string
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "sort" || k == "dir" || k == "page" || q.Get(k) == "" {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s", humanize(k), q.Get(k)))
	}
	meta := reports.Meta{OrgName: st.OrgName, Title: title, GeneratedAt: s.Now(), Filter: strings.Join(parts, "; ")}
	if u := currentUser(c); u != nil {
		meta.GeneratedBy = u.Email
	}
	return meta, nil
}

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendWorkbook answers with a workbook as a download named after the export and day.
func sendWorkbook(c *gin.Context, name string, meta reports.Meta, body []byte) {
	file := fmt.Sprintf("outlay-%s-%s.xlsx", name, meta.GeneratedAt.UTC().Format("2006-01-02"))
	c.Header("Content-Disposition", `attachment; filename="`+file+`"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, xlsxType, body)
}
