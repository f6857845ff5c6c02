package server

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

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
