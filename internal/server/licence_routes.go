package server

import (
	"strconv"
	"strings"

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

// licenceTyped is a licence as typed, with the field rules: the form's inputs, or the
// API's fields with the record's own values where a field was not sent. Ids and money
// the API sends as JSON values are not in it; the price needs the currency (read by
// parseLicenceUnitPrice); choices, the currency and the bounds are the domain's
// (Licence.Validate).
type licenceTyped struct {
	Product        string `form:"product" json:"product" validate:"required,max=200,text"`
	VendorID       string `form:"vendor_id" json:"vendor_id" validate:"id"`
	ContractID     string `form:"contract_id" json:"contract_id" validate:"id"`
	SeatsPurchased string `form:"seats_purchased" json:"seats_purchased" validate:"required,count=0 10000000"`
	SeatsAssigned  string `form:"seats_assigned" json:"seats_assigned" validate:"required,count=0 10000000"`
	StartDate      string `form:"start_date" json:"start_date" validate:"date"`
	ExpiryDate     string `form:"expiry_date" json:"expiry_date" validate:"date"`
	OwnerEmail     string `form:"owner_email" json:"owner_email" validate:"max=254,omitempty,email"`
	BudgetLineCode string `form:"budget_line_code" json:"budget_line_code" validate:"max=32,budgetcode"`
	Notes          string `form:"notes" json:"notes" validate:"max=10000,multiline"`
}

// licenceSeatsTyped drops the thousands separators people type into a seat count
// ("1,000"), so the count rule reads the number they meant.
func licenceSeatsTyped(v string) string { return strings.NewReplacer(",", "", " ", "").Replace(v) }

// check applies the field rules and copies what was typed onto l. A field that broke
// its rule reads as zero there: its message is reported and the record is not stored.
func (t *licenceTyped) check(rules *input.Rules, bad outlay.FieldErrors, l *outlay.Licence) {
	for k, v := range rules.Check(t) {
		bad.Add(k, v)
	}
	l.Product, l.OwnerEmail, l.BudgetLineCode, l.Notes = t.Product, t.OwnerEmail, t.BudgetLineCode, t.Notes
	if t.VendorID != "" {
		l.VendorID = input.ID(t.VendorID)
	}
	if t.ContractID != "" {
		id := input.ID(t.ContractID)
		l.ContractID = &id
	}
	l.SeatsPurchased, l.SeatsAssigned = int64(input.Int(t.SeatsPurchased)), int64(input.Int(t.SeatsAssigned))
	l.StartDate, _ = input.Date(t.StartDate)
	l.ExpiryDate, _ = input.Date(t.ExpiryDate)
}

// licenceErrors adds the domain's own messages, and the key's, to the field and parse
// errors, so a refused form or request lists every problem at once instead of one round
// per kind of mistake. It returns nil when nothing is wrong so far (storage validates
// then).
func licenceErrors(bad outlay.FieldErrors, l *outlay.Licence, key *string) error {
	if key != nil {
		// The key's rule is the domain's (storage checks it too), reported with the rest.
		for k, v := range outlay.ErrorFields(outlay.ValidateLicenceKey(strings.TrimSpace(*key))) {
			bad.Add(k, v)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	l.Normalize()
	for k, v := range outlay.ErrorFields(l.Validate()) {
		bad.Add(k, v)
	}
	return bad.Err()
}
