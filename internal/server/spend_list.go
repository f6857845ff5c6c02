package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

type spendListView struct {
	List    *List
	Entries []*outlay.SpendEntry
	SumBase int64
	Base    string
	// LineCode is the budget line filtered on: the total is then what was charged to it.
	LineCode string
	Filtered bool

	Vendor pickerField

	FYs, Quarters, Lines, Contracts []Option
}

// spendChoiceOptions turns picker choices into select options, with a first blank choice.
func spendChoiceOptions(cs []outlay.Choice, blank string) []Option {
	out := []Option{{"", blank}}
	for _, c := range cs {
		out = append(out, Option{strconv.FormatInt(c.ID, 10), c.Label})
	}
	return out
}

// spendFYOptions offers the fiscal years around the current one, newest first, plus the one
// asked for when it is outside that range.
func spendFYOptions(current, chosen int, blank string) []Option {
	out := []Option{{"", blank}}
	if chosen > current+1 {
		out = append(out, Option{strconv.Itoa(chosen), "FY" + strconv.Itoa(chosen)})
	}
	for fy := current + 1; fy >= current-4; fy-- {
		out = append(out, Option{strconv.Itoa(fy), "FY" + strconv.Itoa(fy)})
	}
	if chosen != 0 && chosen < current-4 {
		out = append(out, Option{strconv.Itoa(chosen), "FY" + strconv.Itoa(chosen)})
	}
	return out
}

func (s *Server) spendList(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := newList(c, "date", true, spendSortKeys...)
	f, _ := spendFilterFrom(c, st, s.today(), false)
	vendor, err := s.spendListVendor(c, l, &f)
	if err != nil {
		s.fail(c, err)
		return
	}
	f.Sort, f.Desc, f.Offset, f.Limit = l.Sort, l.Desc, l.Offset(), l.PerPage
	entries, total, sum, err := s.spend().FindSpend(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	l.Total = total
	// The selects show what the filter used, also when it was implied (a quarter alone
	// means the current year) or dropped (a malformed value).
	for name, v := range map[string]string{"fy": spendItoa(f.FY), "quarter": spendItoa(f.Quarter),
		"vendor_id": vendor.Picker.ID, "budget_line_id": spendID(f.BudgetLineID), "contract_id": spendID(f.ContractID)} {
		if v == "" {
			l.Query.Del(name)
		} else {
			l.Query.Set(name, v)
		}
	}
	current := st.Calendar().Year(s.today())
	// The budget line select offers the chosen year's lines, or those of the years the
	// year select offers.
	fys := []int{f.FY}
	if f.FY == 0 {
		fys = fys[:0]
		for fy := current + 1; fy >= current-4; fy-- {
			fys = append(fys, fy)
		}
	}
	lines, contracts, err := s.spend().SpendPickers(ctx, f.VendorID, fys...)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := spendListView{List: l, Entries: entries, SumBase: sum, Base: st.BaseCurrency,
		Filtered: f.FY != 0 || f.VendorID != nil || f.BudgetLineID != nil || f.ContractID != nil || f.LicenceID != nil || f.Query != "",
		FYs:      spendFYOptions(current, f.FY, "Any year"),
		Quarters: []Option{{"", "Whole year"}, {"1", "Q1"}, {"2", "Q2"}, {"3", "Q3"}, {"4", "Q4"}},
		Vendor:   vendor.Picker, Lines: spendChoiceOptions(lines, "Any budget line"),
		Contracts: spendChoiceOptions(contracts, "Any contract")}
	if vendor.Picker.ID == "" {
		v.Contracts = nil // the contract select appears once a vendor is chosen
	}
	if f.BudgetLineID != nil {
		v.LineCode = "budget line #" + spendID(f.BudgetLineID)
		for _, ln := range lines {
			if ln.ID == *f.BudgetLineID {
				v.LineCode, _, _ = strings.Cut(ln.Label, " — ")
			}
		}
	}
	p := s.page(c, "Spend", "spend", Crumb{Label: "Spend"})
	p.Data = v
	s.render(c, http.StatusOK, "spend_list", p)
}

// spendListVendor resolves the vendor filter of the spend list and its export (an id
// in vendor_id, or a name as typed in vendor_q; archived vendors included, since their
// invoices stay) into f.
func (s *Server) spendListVendor(c *gin.Context, l *List, f *outlay.SpendFilter) (listVendorResult, error) {
	vendor, err := s.resolveListVendor(c, l, "vendor_id", true)
	f.VendorID = vendor.VendorID
	return vendor, err
}

func spendItoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func spendID(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}
