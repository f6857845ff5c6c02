package server

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// vendorTextParam is the list filter that carries a vendor's name as typed.
const vendorTextParam = "vendor_q"

// listVendorResult is a list's vendor filter once resolved.
type listVendorResult struct {
	// VendorID filters the list: nil for any vendor, a vendor's id, or 0 (matching
	// nothing) when the name typed chose no single vendor.
	VendorID *int64
	Picker   pickerField
}

// resolveListVendor reads a list's vendor filter from its URL: idParam holds an id (a
// link from a vendor's page, a bookmark, a suggestion chosen with JavaScript) and
// vendor_q the name as typed (the field without JavaScript). When the form was sent,
// the text decides: an id whose name it no longer is was left behind by a changed text.
// A name matching one vendor exactly, in any letter case, or as the only vendor holding
// it, chooses that vendor; several matches are offered as links. The list's query is
// rewritten to the outcome (the chosen id, or the text that chose none), so sorting,
// paging and the export keep the same vendor.
// The result is kept on the request: the page and the filter it builds read it once.
func (s *Server) resolveListVendor(c *gin.Context, l *List, idParam string, archived bool) (listVendorResult, error) {
	key := "list_vendor:" + idParam
	if v, ok := c.Get(key); ok {
		return v.(listVendorResult), nil
	}
	r, err := s.listVendor(c, l, idParam, archived)
	if err == nil {
		c.Set(key, r)
	}
	return r, err
}

func (s *Server) listVendor(c *gin.Context, l *List, idParam string, archived bool) (listVendorResult, error) {
	ctx := c.Request.Context()
	r := listVendorResult{Picker: pickerField{IDName: idParam, TextName: vendorTextParam, InputID: vendorTextParam,
		Archived: archived, URL: "/pickers/vendors", Label: "Vendor", Placeholder: "Any vendor"}}
	if archived {
		r.Picker.URL += "?archived=1"
	}
	text := strings.TrimSpace(l.Filter(vendorTextParam))
	_, typed := l.Query[vendorTextParam]
	choose := func(id int64, name string) {
		r.VendorID = &id
		r.Picker.ID, r.Picker.Name = strconv.FormatInt(id, 10), name
		l.Query.Set(idParam, r.Picker.ID)
		l.Query.Del(vendorTextParam) // the id says it all; the name is read again from it
	}
	nothing := func(problem string) {
		zero := int64(0)
		r.VendorID, r.Picker.Problem = &zero, problem
		l.Query.Del(idParam)
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(l.Filter(idParam)), 10, 64); err == nil && id > 0 {
		v, err := s.vendors.FindVendorByID(ctx, id)
		switch {
		case outlay.ErrorCode(err) == outlay.ENOTFOUND:
			if !typed || text == "" {
				nothing("No vendor has the number " + strconv.FormatInt(id, 10) + ".")
				return r, nil
			}
		case err != nil:
			return r, err
		case !typed || strings.EqualFold(v.Name, text):
			choose(v.ID, v.Name)
			return r, nil
		}
	}
	if text == "" {
		l.Query.Del(idParam)
		l.Query.Del(vendorTextParam)
		return r, nil
	}
	r.Picker.Name = text
	picks, err := s.vendors.PickVendors(ctx, text, archived, pickerLimit)
	if err != nil {
		return r, err
	}
	for _, p := range picks {
		if strings.EqualFold(p.Name, text) {
			choose(p.ID, p.Name)
			return r, nil
		}
	}
	switch len(picks) {
	case 0:
		nothing("No vendor’s name holds “" + text + "”.")
	case 1:
		choose(picks[0].ID, picks[0].Name)
	default:
		count := strconv.Itoa(len(picks))
		if len(picks) == pickerLimit {
			count = "At least " + count
		}
		nothing(count + " vendors match “" + text + "”: choose one.")
		for _, p := range picks {
			r.Picker.Matches = append(r.Picker.Matches, vendorMatch{Name: p.Name,
				Href: l.with(map[string]string{idParam: strconv.FormatInt(p.ID, 10), vendorTextParam: "", "page": ""})})
		}
	}
	return r, nil
}
