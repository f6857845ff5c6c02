package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// vendorArchiveConfirm asks before archiving, on a page of its own so it works without
// JavaScript.
func (s *Server) vendorArchiveConfirm(c *gin.Context) {
	v, err := s.loadVendor(c)
	if err == nil && v.ArchivedAt != nil {
		err = outlay.Errorf(outlay.ECONFLICT, "This vendor is already archived.")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	href := "/vendors/" + strconv.FormatInt(v.ID, 10)
	p := s.page(c, "Archive "+v.Name, "vendors", Crumb{"Vendors", "/vendors"}, Crumb{v.Name, href}, Crumb{"Archive", ""})
	p.Data = v
	s.render(c, http.StatusOK, "vendor_archive", p)
}

// vendorArchive archives the vendor and returns to the list.
func (s *Server) vendorArchive(c *gin.Context) {
	id, err := pathID(c, "Vendor")
	if err == nil {
		err = s.vendors.ArchiveVendor(c.Request.Context(), id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Vendor archived.")
	redirect(c, "/vendors")
}
