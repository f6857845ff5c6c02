package server

import (
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// spendRoutes lists the spend pages and API. Reading is for everyone; recording,
// changing and deleting spend is for editors.
func (s *Server) spendRoutes(g routeGroups) {
	g.view.GET("/spend", s.spendList)
	g.view.GET("/spend/export.xlsx", s.spendExport)
	g.view.GET("/spend/:id", s.spendShow)
	g.edit.GET("/spend/new", s.spendNew)
	g.edit.POST("/spend", s.spendCreate)
	g.edit.GET("/spend/:id/edit", s.spendEdit)
	g.edit.POST("/spend/:id", s.spendUpdate)
	g.edit.GET("/spend/:id/delete", s.spendDeleteConfirm)
	g.edit.POST("/spend/:id/delete", s.spendDelete)

	g.apiView.GET("/spend", s.apiSpendList)
	g.apiView.GET("/spend/:id", s.apiSpendGet)
	g.apiEdit.POST("/spend", s.apiSpendCreate)
	g.apiEdit.PATCH("/spend/:id", s.apiSpendUpdate)
	g.apiEdit.DELETE("/spend/:id", s.apiSpendDelete)
}

// spend is the spend service.
func (s *Server) spend() outlay.SpendService { return s.spendSvc }

// spendSortKeys are the sorts a spend list accepts.
var spendSortKeys = []string{"date", "amount", "vendor", "invoice"}

// spendFilterFrom reads the list filters (fy, quarter, vendor_id, budget_line_id,
// contract_id, licence_id, q) from the query string and turns the fiscal year and
// quarter into dates with the settings' calendar. A quarter without a year means the
// quarter of the current fiscal year. With strict (the API) a bad value is a field
// error; pages ignore it, as a hand-edited URL should still show a list.
func spendFilterFrom(c *gin.Context, st outlay.Settings, today time.Time, strict bool) (outlay.SpendFilter, error) {
	f := outlay.SpendFilter{Query: strings.TrimSpace(capSearch(c, c.Query("q")))}
	bad := outlay.FieldErrors{}
	ids := map[string]**int64{"vendor_id": &f.VendorID, "budget_line_id": &f.BudgetLineID, "contract_id": &f.ContractID, "licence_id": &f.LicenceID}
	for name, dst := range ids {
		v := strings.TrimSpace(c.Query(name))
		if v == "" {
			continue
		}
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			*dst = &id
		} else {
			bad.Add(name, "must be a record id, such as 12")
		}
	}
	if v := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(c.Query("fy"))), "FY"); v != "" {
		if fy, err := strconv.Atoi(v); err == nil && fy >= 1900 && fy <= 9999 {
			f.FY = fy
		} else {
			bad.Add("fy", "must be a fiscal year, such as 2027")
		}
	}
	if v := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(c.Query("quarter"))), "Q"); v != "" {
		if q, err := strconv.Atoi(v); err == nil && q >= 1 && q <= 4 {
			f.Quarter = q
		} else {
			bad.Add("quarter", "must be 1, 2, 3 or 4")
		}
	}
	if strict {
		if err := bad.Err(); err != nil {
			return f, err
		}
	}
	cal := st.Calendar()
	if f.Quarter > 0 && f.FY == 0 {
		f.FY = cal.Year(today)
	}
	var from, to time.Time
	switch {
	case f.Quarter > 0:
		from, to = cal.QuarterBounds(f.FY, f.Quarter)
	case f.FY > 0:
		from, to = cal.Bounds(f.FY)
	}
	if f.FY > 0 {
		f.From, f.To = &from, &to
	}
	return f, nil
}
