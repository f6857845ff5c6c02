package server

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// The API's list exports answer GET /api/v1/exports/<list> with the very workbook the
// list page's "Export to Excel" link downloads for the same query string: each checks
// the page's filters strictly (a value the page would quietly ignore is a 400 with a
// message per field, so a typo never looks like an empty register), then hands the
// request to the page's export handler, which reads the filters and builds the file
// through the export gate (429 with Retry-After when it is full, as for pages).

// apiExport answers with export's workbook when check finds the request's sort and
// filters readable, and with 400 and the fields otherwise.
func (s *Server) apiExport(check func(c *gin.Context) error, export gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := check(c); err != nil {
			s.apiFail(c, err)
			return
		}
		export(c)
	}
}

// apiExportRoutes lists the API exports, each with the checks of its list.
func (s *Server) apiExportRoutes(api *gin.RouterGroup) {
	api.GET("/exports/vendors", s.apiExport(checkVendorExport, s.vendorExport))
	api.GET("/exports/contracts", s.apiExport(checkContractExport, s.contractExport))
	api.GET("/exports/licences", s.apiExport(checkLicenceExport, s.licenceExport))
	api.GET("/exports/budget", s.apiExport(checkBudgetExport, s.budgetExport))
	api.GET("/exports/spend", s.apiExport(s.checkSpendExport, s.spendExport))
	api.GET("/exports/audit", s.apiExport(checkAuditExport, s.auditExport))
	api.GET("/exports/quarterly", s.apiPackDownload)
}

// checkSort reports a sort or direction the list does not have, and a search too long.
func checkSort(c *gin.Context, allowed ...string) outlay.FieldErrors {
	bad := outlay.FieldErrors{}
	if _, err := newAPIList(c, "", false, allowed...); err != nil {
		for k, v := range outlay.ErrorFields(err) {
			bad.Add(k, v)
		}
	}
	return bad
}

// merge adds the messages of err, a field error, to bad; any other error is returned.
func merge(bad outlay.FieldErrors, err error) error {
	if err == nil {
		return nil
	}
	fields := outlay.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	for k, v := range fields {
		bad.Add(k, v)
	}
	return nil
}

// checkVendorExport reads the vendor list's filters: q, status, category,
// criticality, archived.
func checkVendorExport(c *gin.Context) error {
	bad := checkSort(c, vendorSortKeys...)
	_, more := vendorFilterFromQuery(c.Request.URL.Query())
	for k, v := range more {
		bad.Add(k, v)
	}
	return bad.Err()
}

// checkContractExport reads the contract list's filters: q, owner, status,
// renewal_type, vendor (an id) or vendor_q (a name).
func checkContractExport(c *gin.Context) error {
	bad := checkSort(c, contractSortKeys...)
	q := c.Request.URL.Query()
	checkOneOf(bad, q, "status", contractStatuses)
	checkOneOf(bad, q, "renewal_type", outlay.RenewalTypes)
	checkID(bad, q, "vendor")
	return bad.Err()
}

// checkLicenceExport reads the licence list's filters: q, kind, archived=1,
// expiring=1, vendor (an id) or vendor_q (a name).
func checkLicenceExport(c *gin.Context) error {
	bad := checkSort(c, outlay.LicenceSorts...)
	q := c.Request.URL.Query()
	checkOneOf(bad, q, "kind", outlay.LicenceKinds)
	checkOneOf(bad, q, "archived", []string{"0", "1"})
	checkOneOf(bad, q, "expiring", []string{"0", "1"})
	checkID(bad, q, "vendor")
	return bad.Err()
}

// checkBudgetExport reads the budget list's filters: fy (the current year when left
// out), quarter, q, code, category, expense_type.
func checkBudgetExport(c *gin.Context) error {
	bad := checkSort(c, outlay.BudgetLineSortKeys...)
	q := c.Request.URL.Query()
	_, more := budgetFilterFromQuery(q)
	for k, v := range more {
		bad.Add(k, v)
	}
	if v := q.Get("fy"); v != "" {
		if _, ok := budgetParseFY(v); !ok {
			bad.Add("fy", "must be a fiscal year, such as 2027")
		}
	}
	if _, err := budgetPeriod(c); err != nil {
		bad.Add("quarter", outlay.ErrorFields(err)["quarter"])
	}
	return bad.Err()
}

// checkSpendExport reads the spend list's filters as the spend API does: fy, quarter,
// vendor_id, budget_line_id, contract_id, licence_id, q.
func (s *Server) checkSpendExport(c *gin.Context) error {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		return err
	}
	bad := checkSort(c, spendSortKeys...)
	_, err = spendFilterFrom(c, st, s.today(), true)
	if err := merge(bad, err); err != nil {
		return err
	}
	return bad.Err()
}

// checkAuditExport reads the audit log's filters: entity, id, action, user_id, from,
// to. The log has one order, newest first.
func checkAuditExport(c *gin.Context) error {
	bad := checkSort(c)
	_, err := auditFilterFrom(c)
	if err := merge(bad, err); err != nil {
		return err
	}
	return bad.Err()
}

// checkOneOf adds a message when q's name is set to none of allowed.
func checkOneOf(bad outlay.FieldErrors, q url.Values, name string, allowed []string) {
	if v := q.Get(name); v != "" && !slices.Contains(allowed, v) {
		bad.Add(name, "must be one of: "+strings.Join(allowed, ", "))
	}
}

// checkID adds a message when q's name is set to anything but a record id.
func checkID(bad outlay.FieldErrors, q url.Values, name string) {
	if v := strings.TrimSpace(q.Get(name)); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
			bad.Add(name, "must be a record id, such as 12")
		}
	}
}
