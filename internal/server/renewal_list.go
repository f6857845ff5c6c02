package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// renewalListView is the Renewals page: its filters and the key dates by month.
type renewalListView struct {
	List         *List
	Vendor       pickerField
	RenewalTypes []Option
	Decisions    []Option
	Errors       map[string]string // filter name -> what is wrong with its value
	Groups       []renewalGroup
	Count        string // "23 key dates in the next 12 months, 2 missed"
	Filtered     bool
}

// renewalGroup is one heading of the page and its rows: the missed and overdue dates, or
// one calendar month.
type renewalGroup struct {
	ID      string // the heading's id: "missed", or "2027-01"
	Heading string // "January 2027 · 4 key dates"
	Missed  bool
	Rows    []renewalRow
}

// renewalList shows the key dates of the next twelve months that need a person, grouped
// by month, with the missed and overdue ones first in their own group. The filters live
// in the URL; a value that cannot be a filter answers 400 with the message at its field,
// since the dates shown would not be the ones asked for.
func (s *Server) renewalList(c *gin.Context) {
	l := newList(c, "", false)
	f, bad := renewalFilterFromList(l)
	vendor, err := s.resolveListVendor(c, l, "vendor", false)
	if err != nil {
		s.fail(c, err)
		return
	}
	f.VendorID = vendor.VendorID
	if vendor.Picker.Problem != "" && len(vendor.Picker.Matches) == 0 {
		// A vendor number or name that chose no vendor: not a filter the dates can meet.
		bad[vendorTextParam] = vendor.Picker.Problem
	}
	window := s.windowDays(c)
	today := s.today()
	keys, err := books.RenewalKeyDates(c.Request.Context(), s.contracts, s.licences(), books.KeyDateQuery{
		Today: today, WindowDays: window, HorizonDays: books.RenewalHorizonDays,
	}, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	// A page of rows, like every list: the large set has thousands of key dates a year.
	l.Total = len(keys.Rows)
	start := min(l.Offset(), len(keys.Rows))
	end := min(start+l.PerPage, len(keys.Rows))
	count := contractCountLabel(len(keys.Rows), "key date", "key dates") + " in the next 12 months"
	if keys.Missed > 0 {
		count += ", " + thousands(int64(keys.Missed)) + " missed"
	}
	p := s.page(c, "Renewals", "renewals")
	p.Data = renewalListView{
		List:         l,
		Vendor:       vendor.Picker,
		RenewalTypes: contractOptions(outlay.RenewalTypes, "Any renewal"),
		Decisions:    renewalDecisionOptions(),
		Errors:       bad,
		Groups:       renewalGroups(keys.Rows, start, end, window),
		Count:        count,
		Filtered:     f != (books.RenewalFilter{}),
	}
	status := http.StatusOK
	if len(bad) > 0 {
		status = http.StatusBadRequest
	}
	s.render(c, status, "renewal_list", p)
}

// renewalFilterFromList reads the filters from the URL, with a message for each value
// that is not one the filter takes; such a filter is left out of the query.
func renewalFilterFromList(l *List) (books.RenewalFilter, map[string]string) {
	var f books.RenewalFilter
	bad := map[string]string{}
	if v := strings.TrimSpace(l.Filter("owner")); v != "" {
		if outlay.ValidEmail(v) {
			f.OwnerEmail = v
		} else {
			bad["owner"] = "Enter the owner’s email address, like ann@example.com."
		}
	}
	if v := l.Filter("renewal_type"); v != "" {
		if slices.Contains(outlay.RenewalTypes, v) {
			f.RenewalType = v
		} else {
			bad["renewal_type"] = "Choose auto, manual or none."
		}
	}
	if v := l.Filter("decision"); v != "" {
		if slices.Contains(books.DecisionFilters, v) {
			f.Decision = v
		} else {
			bad["decision"] = "Choose none yet, renew, renegotiate or cancel."
		}
	}
	return f, bad
}

// renewalDecisionOptions are the decision filter's choices.
func renewalDecisionOptions() []Option {
	out := []Option{{"", "Any decision"}}
	for _, v := range books.DecisionFilters {
		label := humanize(v)
		if v == books.DecisionFilterNone {
			label = "None yet"
		}
		out = append(out, Option{v, label})
	}
	return out
}

// renewalGroups puts the page's rows (rows[start:end], soonest first) under their
// headings: the dates already passed first, in a group of their own, then one group per
// calendar month. A heading counts its group's rows on every page, so a month that runs
// over two pages says how many it has in all.
func renewalGroups(rows []books.KeyDate, start, end, window int) []renewalGroup {
	total := map[string]int{}
	for _, k := range rows {
		total[renewalGroupID(k)]++
	}
	var out []renewalGroup
	for _, k := range rows[start:end] {
		r := newRenewalRow(k, window)
		missed := k.DaysLeft < 0
		id := renewalGroupID(k)
		if n := len(out); n == 0 || out[n-1].ID != id {
			out = append(out, renewalGroup{ID: id, Missed: missed})
		}
		g := &out[len(out)-1]
		g.Rows = append(g.Rows, r)
	}
	for i := range out {
		g := &out[i]
		name := "Missed and overdue"
		if !g.Missed {
			name = g.Rows[0].Date.Format("January 2006")
		}
		g.Heading = name + " · " + contractCountLabel(total[g.ID], "key date", "key dates")
	}
	return out
}

// renewalGroupID is the group a key date goes under: "missed" once it has passed, else
// its month ("2027-01").
func renewalGroupID(k books.KeyDate) string {
	if k.DaysLeft < 0 {
		return "missed"
	}
	return k.Date.Format("2006-01")
}

// renewalRow is one key date of the page with the wording its cells need.
type renewalRow struct {
	books.KeyDate
	View     contractView // the contract's wording, when Contract is set
	DueClass string
}

func newRenewalRow(k books.KeyDate, window int) renewalRow {
	r := renewalRow{KeyDate: k, DueClass: dueClass(k.DaysLeft, window)}
	if k.Contract != nil {
		r.View = contractView{Contract: k.Contract, Window: window}
		r.DueClass = r.View.DueClass()
	}
	return r
}

// What says what falls due on the date.
func (r renewalRow) What() string {
	switch {
	case r.Contract == nil:
		return "Licence expires"
	case r.View.IsAuto():
		return "Cancel by"
	}
	return "Term ends"
}

// Late is the red badge of a date that passed: a cancel-by date missed (the contract
// will renew by itself), or any other date overdue. "" while the date is ahead.
func (r renewalRow) Late() string {
	switch {
	case r.DaysLeft >= 0:
		return ""
	case r.Contract != nil && r.View.IsAuto():
		return "notice missed"
	}
	return "overdue"
}

// Href is the link of the contract or licence.
func (r renewalRow) Href() string {
	if r.Contract != nil {
		return "/contracts/" + strconv.FormatInt(r.Contract.ID, 10)
	}
	return "/licences/" + strconv.FormatInt(r.Licence.ID, 10)
}

// Name is the contract's title or the licence's product.
func (r renewalRow) Name() string {
	if r.Contract != nil {
		return r.Contract.Title
	}
	return r.Licence.Product
}

// VendorID is the vendor of the contract or licence.
func (r renewalRow) VendorID() int64 {
	if r.Contract != nil {
		return r.Contract.VendorID
	}
	return r.Licence.VendorID
}

// VendorName is the vendor's name.
func (r renewalRow) VendorName() string {
	if r.Contract != nil {
		return r.Contract.VendorName
	}
	return r.Licence.VendorName
}

// RenewalType is the contract's renewal type in words; a licence has none.
func (r renewalRow) RenewalType() string {
	if r.Contract != nil {
		return r.View.RenewalTypeLabel()
	}
	return ""
}

// Owner is who answers for the date.
func (r renewalRow) Owner() string {
	if r.Contract != nil {
		return r.Contract.OwnerEmail
	}
	return r.Licence.OwnerEmail
}

// Price is the current term's price of a contract, or what a licence's seats cost a
// billing period (seats purchased × unit price).
func (r renewalRow) Price() int64 {
	if r.Contract != nil {
		return r.View.Price()
	}
	return r.Licence.SeatsPurchased * r.Licence.UnitPrice
}

// Currency is the price's currency.
func (r renewalRow) Currency() string {
	if r.Contract != nil {
		return r.Contract.Currency
	}
	return r.Licence.Currency
}

// PriceNote says what the price covers when it is not a contract term's.
func (r renewalRow) PriceNote() string {
	if r.Contract != nil {
		return ""
	}
	if w, ok := licenceBillingWords[r.Licence.Billing]; ok {
		return w
	}
	return r.Licence.Billing
}

// licenceBillingWords say how long a licence's price buys its seats for.
var licenceBillingWords = map[string]string{
	"monthly": "a month", "quarterly": "a quarter", "annual": "a year", "upfront": "for the whole term",
}

// Decision is the decision recorded on the contract's current term, "" when none.
func (r renewalRow) Decision() string {
	if r.Contract != nil {
		return r.Contract.Decision()
	}
	return renewal.DecisionNone
}

// DecisionBadge is the badge class of the decision: renewing green; cancelling grey, as
// the contract is to end and needs nothing more; renegotiating amber, since its
// reminders still run.
func (r renewalRow) DecisionBadge() string {
	switch r.Decision() {
	case renewal.DecisionCancel:
		return "badge badge-grey"
	case renewal.DecisionRenew:
		return "badge badge-green"
	}
	return "badge badge-amber"
}
