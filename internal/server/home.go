package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/outlay"
)

// homeHorizonDays is how far ahead the dashboard lists key dates.
const homeHorizonDays = 90

// homeRowLimit keeps the key-date table short, as a dashboard table should; the contract
// list, sorted by key date, has the rest.
const homeRowLimit = 15

type homeView struct {
	Contracts  int64 // not archived; zero shows the "add the first one" state
	Active     int64
	Notice     int64 // in the notice window
	Missed     int64 // notice missed
	Due        int64 // decision due: Notice + Missed
	Due30      int64
	Vendors    int64
	HasVendors bool // false when vendors cannot be counted: the card is left out
	Rows       []homeKeyDate
	Total      int // key dates in the table's range, shown or not
	Licences   int // of Total, licence expiries
	Horizon    int

	Budget homeBudget
	// Backup is the state of the backups, for admins only (nil for the others).
	Backup *backupStatus
}

// home is the dashboard: counts that need attention, then the key dates of the next
// 90 days, soonest first, with the passed ones nobody decided on still at the top.
func (s *Server) home(c *gin.Context) {
	ctx := c.Request.Context()
	today := s.today()
	var v homeView
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	window := st.WindowDays()
	counts, err := s.contracts.CountContracts(ctx, today, window, 30)
	if err != nil {
		s.fail(c, err)
		return
	}
	v.Contracts, v.Active, v.Due30 = int64(counts.All), int64(counts.Active), int64(counts.Soon)
	v.Notice, v.Missed, v.Due = int64(counts.Notice), int64(counts.NoticeMissed), int64(counts.DecisionDue())
	if _, n, err := s.vendors.FindVendors(ctx, outlay.VendorFilter{Limit: 1}); err == nil {
		v.Vendors, v.HasVendors = int64(n), true
	}
	keys, err := books.NeedingAPerson(ctx, s.contracts, s.licences(), books.KeyDateQuery{
		Today: today, WindowDays: window, HorizonDays: homeHorizonDays, Limit: homeRowLimit,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	v.Rows, v.Total, v.Licences, v.Horizon = homeKeyDates(keys.Rows, window), keys.Total(), keys.Licences, homeHorizonDays
	if v.Budget, err = s.homeBudget(ctx, st, today); err != nil {
		s.fail(c, err)
		return
	}
	if currentUser(c).IsAdmin() {
		st, _, err := s.findBackupStatus(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		v.Backup = &st
	}
	p := s.page(c, "Dashboard", "home")
	p.Data = v
	s.render(c, http.StatusOK, "home", p)
}

// homeKeyDate is one row of the dashboard's key-date table: a contract's key date or
// the expiry of a licence no contract covers.
type homeKeyDate struct {
	books.KeyDate
	View contractView // the contract's wording, when Contract is set
	// DueClass colours the date: late, today, soon.
	DueClass string
}

func homeKeyDates(rows []books.KeyDate, window int) []homeKeyDate {
	out := make([]homeKeyDate, len(rows))
	for i, r := range rows {
		out[i] = homeKeyDate{KeyDate: r, DueClass: dueClass(r.DaysLeft, window)}
		if r.Contract != nil {
			out[i].View = contractView{Contract: r.Contract, Window: window}
			out[i].DueClass = out[i].View.DueClass()
		}
	}
	return out
}

// books is what spans entities, on the server's services: the dashboard's and the budget
// list's figures, which exports read from the same functions.
func (s *Server) books() *books.Books {
	return &books.Books{Budget: s.budgetService(), Figures: s.numbers, Licences: s.licences(), Rates: s.rates}
}
