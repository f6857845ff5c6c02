package server

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// pickerLimit bounds the suggestions of a searchable field: enough to find any name
// after a few letters, few enough that each keystroke's answer is a few hundred bytes.
const pickerLimit = 20

// vendorPickJSON is one suggestion of a vendor field.
type vendorPickJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Archived bool   `json:"archived,omitempty"`
}

// pickVendors answers GET /pickers/vendors?q=acm (archived=1 for the filters of old
// records) with at most pickerLimit vendors as a JSON list, names starting with q
// first. outlay.js calls it as the user types into a vendor field.
func (s *Server) pickVendors(c *gin.Context) {
	q := c.Query("q")
	if utf8.RuneCountInString(q) > maxSearch {
		bad := outlay.FieldErrors{}
		bad.Add("q", "too long (at most "+strconv.Itoa(maxSearch)+" characters)")
		s.apiFail(c, bad.Err())
		return
	}
	ps, err := s.vendors.PickVendors(c.Request.Context(), q, c.Query("archived") == "1", pickerLimit)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	out := make([]vendorPickJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, vendorPickJSON{ID: p.ID, Name: p.Name, Archived: p.Archived})
	}
	c.JSON(http.StatusOK, out)
}
