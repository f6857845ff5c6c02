package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

type spendShowView struct {
	E       *outlay.SpendEntry
	Base    string
	Foreign bool   // recorded in another currency than the base: show the rate used
	Period  string // "FY2027 Q2"
	// ServiceFrom and ServiceTo are the service period as written, "" when there is none.
	ServiceFrom, ServiceTo string
	Audit                  []*outlay.AuditEntry
}

// findSpend loads the entry named by the URL, answering 404 itself when there is none.
func (s *Server) findSpend(c *gin.Context) (*outlay.SpendEntry, bool) {
	id, err := pathID(c, "Spend entry")
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	e, err := s.spend().FindSpendByID(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return e, true
}

// spendTitle names an entry in headings and breadcrumbs.
func spendTitle(e *outlay.SpendEntry) string {
	if e.InvoiceNumber != "" {
		return "Invoice " + e.InvoiceNumber
	}
	return "Spend #" + strconv.FormatInt(e.ID, 10)
}

func (s *Server) spendShow(c *gin.Context) {
	e, ok := s.findSpend(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	audit, _, err := s.audit.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "spend", EntityID: &e.ID, Limit: 100})
	if err != nil {
		s.fail(c, err)
		return
	}
	cal := st.Calendar()
	fy, q := cal.Quarter(e.Date)
	p := s.page(c, spendTitle(e), "spend", Crumb{"Spend", "/spend"}, Crumb{Label: spendTitle(e)})
	p.Data = spendShowView{E: e, Base: st.BaseCurrency, Foreign: e.Currency != st.BaseCurrency,
		Period: cal.Label(fy) + " Q" + strconv.Itoa(q), Audit: audit,
		ServiceFrom: spendDateString(e.ServiceFrom), ServiceTo: spendDateString(e.ServiceTo)}
	s.render(c, http.StatusOK, "spend_show", p)
}

// spendDateString writes an optional date, "" when there is none.
func spendDateString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return outlay.FormatDate(*t)
}
