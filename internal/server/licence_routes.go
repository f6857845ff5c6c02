package server

import (
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// licenceRoutes lists the licence pages and API. Revealing a key needs an administrator;
// the page route sits in the viewer group (the /admin group would change its address)
// with the admin check added in front of the handler.
func (s *Server) licenceRoutes(g routeGroups) {
	g.view.GET("/licences", s.licenceList)
	g.view.GET("/licences/export.xlsx", s.licenceExport)
	g.view.GET("/licences/:id", s.licenceShow)
	g.view.POST("/licences/:id/reveal", s.requirePage(outlay.RoleAdmin), s.licenceReveal)

	g.edit.GET("/licences/new", s.licenceNew)
	g.edit.POST("/licences", s.licenceCreate)
	g.edit.GET("/licences/:id/edit", s.licenceEdit)
	g.edit.POST("/licences/:id", s.licenceUpdate)
	g.edit.GET("/licences/:id/archive", s.licenceArchiveConfirm)
	g.edit.POST("/licences/:id/archive", s.licenceArchive)

	g.apiView.GET("/licences", s.apiLicenceList)
	g.apiView.GET("/licences/:id", s.apiLicenceGet)
	g.apiEdit.POST("/licences", s.apiLicenceCreate)
	g.apiEdit.PATCH("/licences/:id", s.apiLicenceUpdate)
	g.apiEdit.DELETE("/licences/:id", s.apiLicenceArchive)
	g.apiAdmin.POST("/licences/:id/reveal", s.apiLicenceReveal)
}

// licences is the licence service.
func (s *Server) licences() outlay.LicenceService { return s.licenceSvc }

// loadLicence reads the licence named by the :id parameter.
func (s *Server) loadLicence(c *gin.Context) (*outlay.Licence, error) {
	id, err := pathID(c, "Licence")
	if err != nil {
		return nil, err
	}
	return s.licences().FindLicenceByID(c.Request.Context(), id)
}

// licencePath is the address of a licence's page.
func licencePath(id int64) string { return "/licences/" + strconv.FormatInt(id, 10) }

// licenceNoStore keeps a response that may hold a secret out of every cache.
func licenceNoStore(c *gin.Context) { c.Header("Cache-Control", "no-store") }

// parseLicenceSeats reads a seat count typed by a person: a whole number, thousands
// separators allowed. Blank is refused rather than read as zero, which is rarely meant.
func parseLicenceSeats(f outlay.FieldErrors, field, v string) int64 {
	v = strings.NewReplacer(",", "", " ", "").Replace(v)
	if v == "" {
		f.Add(field, "required (0 if none)")
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		f.Add(field, "enter a whole number of seats, such as 25")
	}
	return n
}

// parseLicenceDate reads a YYYY-MM-DD date; blank is "no date".
func parseLicenceDate(f outlay.FieldErrors, field, v string) time.Time {
	if strings.TrimSpace(v) == "" {
		return time.Time{}
	}
	d, err := outlay.ParseDate(v)
	if err != nil {
		f.Add(field, input.DateProblem(err))
	}
	return d
}

// parseLicenceUnitPrice reads a price in the licence's currency; an unknown currency is left to
// the currency field's own message.
func parseLicenceUnitPrice(f outlay.FieldErrors, v, currency string) int64 {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if !money.ValidCurrency(currency) {
		return 0
	}
	n, err := money.Parse(v, currency, false)
	if err != nil {
		f.Add("unit_price", err.Error())
	}
	return n
}

// licenceText is a licence's typed-in text, with the field rules. Ids, seats, the price
// and dates are read by the form and the API (parse errors); choices, the currency and
// the bounds are the domain's (Licence.Validate).
type licenceText struct {
	Product        string `form:"product" json:"product" validate:"required,max=200,text"`
	OwnerEmail     string `form:"owner_email" json:"owner_email" validate:"max=254,omitempty,email"`
	BudgetLineCode string `form:"budget_line_code" json:"budget_line_code" validate:"max=32,budgetcode"`
	Notes          string `form:"notes" json:"notes" validate:"max=10000,multiline"`
}

// licenceErrors checks the licence's text with rules and adds the domain's own messages
// to them and to the parse errors, so a refused form or request lists every problem at
// once instead of one round per kind of mistake. It returns nil when nothing is wrong
// so far (storage validates then).
func licenceErrors(rules *input.Rules, parse outlay.FieldErrors, l *outlay.Licence, key *string) error {
	text := licenceText{Product: l.Product, OwnerEmail: l.OwnerEmail, BudgetLineCode: l.BudgetLineCode, Notes: l.Notes}
	for k, v := range rules.Check(&text) {
		parse.Add(k, v)
	}
	if key != nil {
		// The key's rule is the domain's (storage checks it too), reported with the rest.
		for k, v := range outlay.ErrorFields(outlay.ValidateLicenceKey(strings.TrimSpace(*key))) {
			parse.Add(k, v)
		}
	}
	if len(parse) == 0 {
		return nil
	}
	l.Normalize()
	for k, v := range outlay.ErrorFields(l.Validate()) {
		parse.Add(k, v)
	}
	return parse.Err()
}
