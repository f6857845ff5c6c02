package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// licenceRow is one licence as a list or detail page shows it, with the distance to its
// expiry worked out for today.
type licenceRow struct {
	*outlay.Licence
	HasExpiry bool
	DaysLeft  int // days from today to the expiry date; negative once expired
	Expired   bool
}

func (s *Server) licenceRow(l *outlay.Licence) licenceRow {
	r := licenceRow{Licence: l, HasExpiry: !l.ExpiryDate.IsZero()}
	if r.HasExpiry {
		today := s.today()
		r.DaysLeft = renewal.DaysBetween(today, l.ExpiryDate)
		r.Expired = l.Expired(today)
	}
	return r
}

type licenceListView struct {
	List       *List
	Rows       []licenceRow
	Shelfware  books.Shelfware
	Base       string // the base currency
	Vendor     pickerField
	Kinds      []Option
	WindowDays int
	Filtered   bool
	ExportURL  string
}

// licenceFilter reads the list filters from the URL. windowDays is the span of the
// "expiring soon" checkbox. The vendor is an id (vendor) or a name as typed (vendor_q),
// archived vendors included: their licences can be listed too.
func (s *Server) licenceFilter(c *gin.Context, l *List, windowDays int) (outlay.LicenceFilter, bool, error) {
	f := outlay.LicenceFilter{Query: l.Filter("q"), Kind: c.Query("kind"), Archived: c.Query("archived") == "1",
		Sort: l.Sort, Desc: l.Desc, Offset: l.Offset(), Limit: l.PerPage}
	vendor, err := s.resolveListVendor(c, l, "vendor", true)
	if err != nil {
		return f, false, err
	}
	f.VendorID = vendor.VendorID
	if c.Query("expiring") == "1" {
		from := s.today()
		before := from.AddDate(0, 0, windowDays+1)
		f.ExpiringFrom, f.ExpiringBefore = &from, &before
	}
	filtered := f.Query != "" || f.Kind != "" || f.Archived || f.VendorID != nil || f.ExpiringBefore != nil
	return f, filtered, nil
}

func (s *Server) licenceList(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := newList(c, "product", false, outlay.LicenceSorts...)
	f, filtered, err := s.licenceFilter(c, l, st.WindowDays())
	if err != nil {
		s.fail(c, err)
		return
	}
	vendor, _ := s.resolveListVendor(c, l, "vendor", true) // resolved, and kept, by the filter
	licences, total, err := s.licences().FindLicences(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	l.Total = total
	groups, err := s.licences().LicenceShelfware(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	shelf, err := s.books().ConvertShelfware(ctx, groups, st.BaseCurrency, s.today())
	if err != nil {
		s.fail(c, err)
		return
	}
	v := licenceListView{List: l, Shelfware: shelf, Base: st.BaseCurrency, Vendor: vendor.Picker,
		Kinds: options(outlay.LicenceKinds, "All kinds"), WindowDays: st.WindowDays(), Filtered: filtered,
		ExportURL: l.ExportURL("/licences/export.xlsx")}
	for _, lic := range licences {
		v.Rows = append(v.Rows, s.licenceRow(lic))
	}
	p := s.page(c, "Licences", "licences", Crumb{Label: "Licences"})
	p.Data = v
	s.render(c, http.StatusOK, "licence_list", p)
}
