package server

import (
	"net/http"
	"net/url"
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
	view.Audit, _, err = s.audit.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "vendor", EntityID: &v.ID, Limit: 100})
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.page(c, v.Name, "vendors", Crumb{"Vendors", "/vendors"}, Crumb{v.Name, ""})
	p.Data = view
	s.render(c, http.StatusOK, "vendor_show", p)
}

// notesLines splits notes into lines, or nil for empty notes.
func notesLines(notes string) []string {
	notes = strings.TrimSpace(strings.ReplaceAll(notes, "\r\n", "\n"))
	if notes == "" {
		return nil
	}
	return strings.Split(notes, "\n")
}
