package server

import (
	"context"
	"slices"
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

// parseLicenceUnitPrice reads a price in the licence's currency. While the currency is
// unknown (reported on its own field) the price is read in the base currency, which most
// licences are in, so that its problems show on the same submit.
func parseLicenceUnitPrice(f outlay.FieldErrors, v, currency, base string) int64 {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	assumed := !money.ValidCurrency(currency)
	if assumed {
		currency = base
	}
	if !money.ValidCurrency(currency) {
		return 0
	}
	n, err := money.Parse(v, currency, false)
	if err != nil {
		msg := err.Error()
		if assumed {
			msg = "read in " + currency + " until the currency is fixed: " + msg
		}
		f.Add("unit_price", msg)
	}
	return n
}

// licenceReferences adds to a refused licence's problems those of its references that
// can be checked cheaply (the vendor, the contract, the budget line code), so the answer
// lists them with every other problem instead of storage's in a later round. A licence
// whose fields are all right goes to storage, which checks them in its transaction;
// before is the stored licence on an update (nil on create). It returns err unchanged
// unless it is a refusal with field messages.
func (s *Server) licenceReferences(ctx context.Context, err error, l, before *outlay.Licence) error {
	bad := outlay.FieldErrors(outlay.ErrorFields(err))
	if outlay.ErrorCode(err) != outlay.EINVALID || len(bad) == 0 {
		return err
	}
	if _, ok := bad["vendor_id"]; !ok && l.VendorID > 0 {
		v, err := s.vendors.FindVendorByID(ctx, l.VendorID)
		switch {
		case outlay.ErrorCode(err) == outlay.ENOTFOUND:
			bad.Add("vendor_id", "no such vendor")
		case err != nil:
			return err
		case v.ArchivedAt != nil && (before == nil || before.VendorID != l.VendorID):
			bad.Add("vendor_id", "this vendor is archived")
		}
	}
	if _, ok := bad["contract_id"]; !ok && l.ContractID != nil && *l.ContractID > 0 {
		ct, err := s.contracts.FindContractByID(ctx, *l.ContractID)
		sameAsBefore := before != nil && before.ContractID != nil && *before.ContractID == *l.ContractID
		switch {
		case outlay.ErrorCode(err) == outlay.ENOTFOUND:
			bad.Add("contract_id", "no such contract")
		case err != nil:
			return err
		case l.VendorID > 0 && ct.VendorID != l.VendorID:
			bad.Add("contract_id", "this contract belongs to another vendor")
		case ct.ArchivedAt != nil && !sameAsBefore:
			bad.Add("contract_id", "this contract is archived")
		}
	}
	if err := s.budgetCodeProblem(ctx, bad, l.BudgetLineCode); err != nil {
		return err
	}
	return bad.Err()
}

// budgetCodeProblem adds a message at budget_line_code when no budget line carries the
// code (storage's rule: once there are budget lines, a code must be one of theirs),
// unless the field has a message already.
func (s *Server) budgetCodeProblem(ctx context.Context, bad outlay.FieldErrors, code string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	if _, ok := bad["budget_line_code"]; ok || code == "" {
		return nil
	}
	codes, err := s.budgetSvc.BudgetCodes(ctx)
	if err != nil {
		return err
	}
	if len(codes) > 0 && !slices.Contains(codes, code) {
		bad.Add("budget_line_code", "no budget line has the code "+code+"; add it under Budget first")
	}
	return nil
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
