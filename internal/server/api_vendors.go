package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/outlay"
)

// APIVendor is a vendor as the JSON API writes it.
type APIVendor struct {
	ID             int64      `json:"id"`
	Name           string     `json:"name"`
	Category       string     `json:"category"`
	Status         string     `json:"status"`
	Criticality    string     `json:"criticality"`
	Website        string     `json:"website"`
	Notes          string     `json:"notes"`
	ContactName    string     `json:"contact_name"`
	ContactEmail   string     `json:"contact_email"`
	ContactPhone   string     `json:"contact_phone"`
	SupportContact string     `json:"support_contact"`
	Archived       bool       `json:"archived"`
	ArchivedAt     *time.Time `json:"archived_at"` // null unless archived
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	ContractCount  int        `json:"contract_count"`
}

// newAPIVendor converts a stored vendor for the API.
func newAPIVendor(v *outlay.Vendor) APIVendor {
	return APIVendor{
		ID: v.ID, Name: v.Name, Category: v.Category, Status: v.Status, Criticality: v.Criticality,
		Website: v.Website, Notes: v.Notes, ContactName: v.ContactName, ContactEmail: v.ContactEmail,
		ContactPhone: v.ContactPhone, SupportContact: v.SupportContact,
		Archived: v.ArchivedAt != nil, ArchivedAt: v.ArchivedAt,
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt, ContractCount: v.ContractCount,
	}
}

// apiVendorList answers GET /api/v1/vendors: filters q, status, category, criticality
// and archived=true, sort and dir, page and per_page. An unknown filter value is a 400,
// not an empty list, so a typo does not look like "no such vendors".
func (s *Server) apiVendorList(c *gin.Context) {
	l, err := newAPIList(c, "name", false, vendorSortKeys...)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	f, bad := vendorFilterFromQuery(l.Query)
	if err := bad.Err(); err != nil {
		s.apiFail(c, err)
		return
	}
	f.Sort, f.Desc, f.Offset, f.Limit = l.Sort, l.Desc, l.Offset(), l.PerPage
	vendors, total, err := s.vendors.FindVendors(c.Request.Context(), f)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l.Total = total
	items := make([]APIVendor, 0, len(vendors))
	for _, v := range vendors {
		items = append(items, newAPIVendor(v))
	}
	c.JSON(http.StatusOK, newListResponse(items, l))
}

// apiVendorGet answers GET /api/v1/vendors/:id, archived vendors included.
func (s *Server) apiVendorGet(c *gin.Context) {
	v, err := s.loadVendor(c)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusOK, newAPIVendor(v))
}

// apiVendorCreate answers POST /api/v1/vendors with 201 and the stored vendor.
func (s *Server) apiVendorCreate(c *gin.Context) {
	var in input.Vendor
	if !s.readJSON(c, &in) {
		return
	}
	v := &outlay.Vendor{}
	if err := input.CheckVendor(apiRules, &in, v); err != nil {
		s.apiFail(c, err)
		return
	}
	if err := s.vendors.CreateVendor(c.Request.Context(), v); err != nil {
		s.apiFail(c, err)
		return
	}
	s.apiVendorReply(c, http.StatusCreated, v.ID)
}

// apiVendorUpdate answers PATCH /api/v1/vendors/:id: only the fields sent change.
func (s *Server) apiVendorUpdate(c *gin.Context) {
	v, err := s.loadVendor(c)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	// The body is read over the stored vendor: a PATCH changes exactly the fields it
	// names, and the rules see the vendor as it would be stored.
	in := input.VendorOf(v)
	if !s.readJSON(c, &in) {
		return
	}
	if err := input.CheckVendor(apiRules, &in, v); err != nil {
		s.apiFail(c, err)
		return
	}
	if err := s.vendors.UpdateVendor(c.Request.Context(), v); err != nil {
		s.apiFail(c, err)
		return
	}
	s.apiVendorReply(c, http.StatusOK, v.ID)
}

// apiVendorArchive answers DELETE /api/v1/vendors/:id by archiving the vendor: 204 with
// no body. Vendors are never deleted, because contracts and spend refer to them.
func (s *Server) apiVendorArchive(c *gin.Context) {
	s.apiDeleteByID(c, "Vendor", s.vendors.ArchiveVendor)
}

// apiVendorReply answers with the vendor as stored, so derived values such as the
// contract count are the ones a GET would show.
func (s *Server) apiVendorReply(c *gin.Context, status int, id int64) {
	v, err := s.vendors.FindVendorByID(c.Request.Context(), id)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(status, newAPIVendor(v))
}
