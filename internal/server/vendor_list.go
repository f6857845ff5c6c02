package server

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// vendorSortKeys are the columns a vendor list may be sorted by, pages and API alike.
var vendorSortKeys = []string{"name", "category", "status", "criticality", "contracts", "updated"}

// vendorListView is the data of the vendor list page.
type vendorListView struct {
	List     *List
	Vendors  []*outlay.Vendor
	Q        string
	Status   string
	Category string
	Crit     string
	Archived bool
	// Filtered tells the empty state apart: nothing recorded yet, or nothing matching.
	Filtered bool
	// AllArchived is set when the unfiltered list is empty only because every vendor is
	// archived, so the page does not claim that none were ever recorded.
	AllArchived bool
	Count       string // "1,284 vendors"
	ExportURL   string
	Statuses    []Option
	Categories  []Option
	Criticality []Option
}

// vendorFilterFromQuery reads the list filters shared by the page and the API. Values
// that are not one of the known choices are reported in the returned FieldErrors and
// left out of the filter: the page ignores them, the API refuses them.
func vendorFilterFromQuery(q url.Values) (outlay.VendorFilter, outlay.FieldErrors) {
	bad := outlay.FieldErrors{}
	f := outlay.VendorFilter{Query: q.Get("q")}
	pick := func(name string, allowed []string) string {
		v := q.Get(name)
		if v == "" || slices.Contains(allowed, v) {
			return v
		}
		bad.Add(name, "must be one of the listed values")
		return ""
	}
	f.Status = pick("status", outlay.VendorStatuses)
	f.Category = pick("category", outlay.VendorCategories)
	f.Criticality = pick("criticality", outlay.VendorCriticalities)
	switch q.Get("archived") {
	case "", "0", "false":
	case "1", "true", "on":
		f.Archived = true
	default:
		bad.Add("archived", "must be true or false")
	}
	return f, bad
}

// vendorList shows the vendors, filtered, sorted and paged from the URL.
func (s *Server) vendorList(c *gin.Context) {
	l := newList(c, "name", false, vendorSortKeys...)
	f, _ := vendorFilterFromQuery(l.Query)
	f.Sort, f.Desc, f.Offset, f.Limit = l.Sort, l.Desc, l.Offset(), l.PerPage
	vendors, total, err := s.vendors.FindVendors(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	l.Total = total
	view := vendorListView{
		List: l, Vendors: vendors,
		Q: f.Query, Status: f.Status, Category: f.Category, Crit: f.Criticality, Archived: f.Archived,
		Filtered:    f.Query != "" || f.Status != "" || f.Category != "" || f.Criticality != "" || f.Archived,
		Count:       vendorCount(total),
		ExportURL:   vendorExportURL(l.Query),
		Statuses:    options(outlay.VendorStatuses, "Any status"),
		Categories:  options(outlay.VendorCategories, "Any category"),
		Criticality: options(outlay.VendorCriticalities, "Any criticality"),
	}
	if total == 0 && !view.Filtered {
		_, archived, err := s.vendors.FindVendors(c.Request.Context(), outlay.VendorFilter{Archived: true, Limit: 1})
		if err != nil {
			s.fail(c, err)
			return
		}
		view.AllArchived = archived > 0
	}
	p := s.page(c, "Vendors", "vendors")
	p.Data = view
	s.render(c, http.StatusOK, "vendor_list", p)
}

// vendorExportURL is the Excel export of the list as filtered and sorted on screen; the
// page number is dropped because the export holds every matching row.
func vendorExportURL(q url.Values) string {
	e := url.Values{}
	for k, v := range q {
		if k != "page" {
			e[k] = v
		}
	}
	if len(e) == 0 {
		return "/vendors/export.xlsx"
	}
	return "/vendors/export.xlsx?" + e.Encode()
}

// vendorCount writes the count line: "1 vendor", "1,284 vendors".
func vendorCount(n int) string {
	if n == 1 {
		return "1 vendor"
	}
	return thousands(int64(n)) + " vendors"
}
