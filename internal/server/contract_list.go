package server

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// contractSortKeys are the sortable columns of the contract list.
var contractSortKeys = []string{"key_date", "title", "vendor", "owner", "renews_on", "price"}

type contractListView struct {
	List         *List
	Contracts    []contractView
	Vendor       pickerField
	Statuses     []Option
	RenewalTypes []Option
	Filtered     bool
	Count        string // "1,284 contracts"
	ExportURL    string
}

// contractList shows contracts, soonest key date first, with filters in the URL.
func (s *Server) contractList(c *gin.Context) {
	l := newList(c, "key_date", false, contractSortKeys...)
	f, err := s.contractFilterFromList(c, l)
	if err != nil {
		s.fail(c, err)
		return
	}
	vendor, _ := s.resolveListVendor(c, l, "vendor", false) // resolved, and kept, by the filter
	f.Offset, f.Limit = l.Offset(), l.PerPage
	cs, total, err := s.contracts.FindContracts(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	l.Total = total
	export := "/contracts/export.xlsx"
	if q := l.Query.Encode(); q != "" {
		export += "?" + q
	}
	p := s.page(c, "Contracts", "contracts")
	p.Data = contractListView{
		List:         l,
		Contracts:    contractViews(cs, f.WindowDays),
		Vendor:       vendor.Picker,
		Statuses:     contractOptions(contractStatuses, "Any status"),
		RenewalTypes: contractOptions(outlay.RenewalTypes, "Any renewal"),
		Filtered:     f.Query != "" || f.OwnerEmail != "" || f.Status != "" || f.RenewalType != "" || f.VendorID != nil,
		Count:        contractCountLabel(total, "contract", "contracts"),
		ExportURL:    export,
	}
	s.render(c, http.StatusOK, "contract_list", p)
}

// contractFilterFromList reads the list filters from the URL, for the page and its export.
// Unknown filter values are ignored rather than refused: a page should still open from an
// old bookmark. The vendor is an id (vendor) or a name as typed (vendor_q).
func (s *Server) contractFilterFromList(c *gin.Context, l *List) (outlay.ContractFilter, error) {
	f := outlay.ContractFilter{
		Query:      l.Filter("q"),
		OwnerEmail: l.Filter("owner"),
		Today:      s.today(),
		WindowDays: s.windowDays(c),
		Sort:       l.Sort, Desc: l.Desc,
	}
	if v := l.Filter("status"); slices.Contains(contractStatuses, v) {
		f.Status = v
	}
	if v := l.Filter("renewal_type"); slices.Contains(outlay.RenewalTypes, v) {
		f.RenewalType = v
	}
	vendor, err := s.resolveListVendor(c, l, "vendor", false)
	f.VendorID = vendor.VendorID
	return f, err
}
