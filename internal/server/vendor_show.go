package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// vendorContractsShown is how many of a vendor's contracts its page lists; more are a
// link away on the contract list.
const vendorContractsShown = 50

// vendorShowView is the data of a vendor's page.
type vendorShowView struct {
	Vendor *outlay.Vendor
	// NotesLines keeps the line breaks people type into notes without inline styles,
	// which the Content-Security-Policy forbids.
	NotesLines []string
	// ContractsLoaded is false when the contracts could not be read: the page still
	// shows the vendor rather than failing as a whole.
	ContractsLoaded bool
	Contracts       []*outlay.Contract
	ContractTotal   int
	ContractsURL    string
	WindowDays      int
	Audit           []*outlay.AuditEntry

	// The vendor's licences and its spend of the current fiscal year, each bounded with a
	// link to the filtered list; Loaded is false when the list could not be read.
	LicencesLoaded bool
	Licences       []*outlay.Licence
	LicenceTotal   int
	LicencesURL    string
	SpendLoaded    bool
	Spend          []*outlay.SpendEntry
	SpendTotal     int
	SpendSum       int64 // base currency, all the year's entries
	SpendURL       string
	FYLabel        string
	BaseCurrency   string
}

// vendorShow shows a vendor with its contracts and its history.
func (s *Server) vendorShow(c *gin.Context) {
	ctx := c.Request.Context()
	v, err := s.loadVendor(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	view := vendorShowView{Vendor: v, WindowDays: s.windowDays(c), NotesLines: notesLines(v.Notes),
		ContractsURL: "/contracts?" + url.Values{"q": {v.Name}}.Encode()}
	contracts, total, err := s.contracts.FindContracts(ctx, outlay.ContractFilter{
		VendorID: &v.ID, Today: s.today(), WindowDays: s.windowDays(c), Limit: vendorContractsShown})
	if err == nil {
		view.ContractsLoaded, view.Contracts, view.ContractTotal = true, contracts, total
	} else {
		s.logIfInternal(c, err)
	}
	s.vendorRelated(c, v, &view)
	view.Audit, _, err = s.audit.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "vendor", EntityID: &v.ID, Limit: 100})
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.page(c, v.Name, "vendors", Crumb{"Vendors", "/vendors"}, Crumb{v.Name, ""})
	p.Data = view
	s.render(c, http.StatusOK, "vendor_show", p)
}

// vendorRelated reads the vendor's licences and its spend of the current fiscal year,
// one query each (and one for the settings that name the year). A list that cannot be
// read is left out, logged, and the page still shows the vendor.
func (s *Server) vendorRelated(c *gin.Context, v *outlay.Vendor, view *vendorShowView) {
	ctx := c.Request.Context()
	id := strconv.FormatInt(v.ID, 10)
	view.LicencesURL = "/licences?" + url.Values{"vendor": {id}}.Encode()
	licences, total, err := s.licenceSvc.FindLicences(ctx, outlay.LicenceFilter{VendorID: &v.ID, Limit: contractListShown})
	if err == nil {
		view.LicencesLoaded, view.Licences, view.LicenceTotal = true, licences, total
	} else {
		s.logIfInternal(c, err)
	}
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.logIfInternal(c, err)
		return
	}
	cal := st.Calendar()
	fy := cal.Year(s.today())
	from, to := cal.Bounds(fy)
	view.FYLabel, view.BaseCurrency = cal.Label(fy), st.BaseCurrency
	view.SpendURL = "/spend?" + url.Values{"vendor_id": {id}, "fy": {strconv.Itoa(fy)}}.Encode()
	spend, n, sum, err := s.spend().FindSpend(ctx, outlay.SpendFilter{VendorID: &v.ID, FY: fy, From: &from, To: &to,
		Sort: "date", Desc: true, Limit: contractListShown})
	if err == nil {
		view.SpendLoaded, view.Spend, view.SpendTotal, view.SpendSum = true, spend, n, sum
	} else {
		s.logIfInternal(c, err)
	}
}

// notesLines splits notes into lines, or nil for empty notes.
func notesLines(notes string) []string {
	notes = strings.TrimSpace(strings.ReplaceAll(notes, "\r\n", "\n"))
	if notes == "" {
		return nil
	}
	return strings.Split(notes, "\n")
}
