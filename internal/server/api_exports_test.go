package server_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

// workbookRows reads every sheet of a workbook, by sheet name.
func workbookRows(t *testing.T, f *excelize.File) map[string][][]string {
	t.Helper()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = rows
	}
	return out
}

// Each API export is the page's export link's workbook for the same query string: the
// same sheets, rows and cells, under the same file name; the filter is applied (the
// rows differ from the unfiltered export).
func TestAPIExportsAreThePagesWorkbooks(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("viewer")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	seedReconcileData(t, h, ctx)
	other := seedContractVendor(t, h, "Dell")
	seedContract(t, h, other, "Laptops", "2026-01-01", "2026-12-31", func(ct *outlay.Contract) { ct.RenewalType = "manual" })
	seedLicence(t, h, other, "Office", "2027-01-31", 0)
	seedLicence(t, h, other, "Visio", "2027-06-30", 0)

	for _, tc := range []struct{ page, api, filter, file string }{
		{"/vendors/export.xlsx", "/api/v1/exports/vendors", "q=dell&sort=name&dir=desc", "outlay-vendors-2026-11-25.xlsx"},
		{"/contracts/export.xlsx", "/api/v1/exports/contracts", "renewal_type=manual&sort=title", "outlay-contracts-2026-11-25.xlsx"},
		{"/licences/export.xlsx", "/api/v1/exports/licences", "q=visio", "outlay-licences-2026-11-25.xlsx"},
		{"/budget/export.xlsx", "/api/v1/exports/budget", "fy=2027&quarter=2&code=SW-LIC", "outlay-budget-fy2027-2026-11-25.xlsx"},
		{"/spend/export.xlsx", "/api/v1/exports/spend", "fy=2027&quarter=2&sort=amount", "outlay-spend-2026-11-25.xlsx"},
		{"/admin/audit/export.xlsx", "/api/v1/exports/audit", "entity=contract", "outlay-audit-2026-11-25.xlsx"},
	} {
		t.Run(tc.api, func(t *testing.T) {
			page := c.get(tc.page + "?" + tc.filter)
			api := c.get(tc.api + "?" + tc.filter)
			all := c.get(tc.api)
			for _, r := range []response{page, api, all} {
				if r.Code != http.StatusOK || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
					t.Fatalf("status %d %v: %.300s", r.Code, r.Header, r.Body)
				}
			}
			if got := api.Header.Get("Content-Disposition"); got != `attachment; filename="`+tc.file+`"` {
				t.Errorf("file name: %s", got)
			}
			want, got := workbookRows(t, openWorkbook(t, page.Body)), workbookRows(t, openWorkbook(t, api.Body))
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("API workbook differs from the page's:\npage %v\napi  %v", want, got)
			}
			if reflect.DeepEqual(got, workbookRows(t, openWorkbook(t, all.Body))) {
				t.Fatalf("the filter %q changed nothing: %v", tc.filter, got)
			}
		})
	}
}

// A filter the page would quietly ignore is a 400 naming every bad field, not an
// empty register; a viewer's token is enough; without one it is 401.
func TestAPIExportsRefuseBadFilters(t *testing.T) {
	h := newHarness(t)
	api, _ := h.apiClient("viewer")
	for _, tc := range []struct {
		path   string
		fields []string
	}{
		{"/api/v1/exports/vendors?status=gone&archived=maybe&sort=colour", []string{"status", "archived", "sort"}},
		{"/api/v1/exports/contracts?status=bogus&renewal_type=x&vendor=abc", []string{"status", "renewal_type", "vendor"}},
		{"/api/v1/exports/licences?kind=x&expiring=yes&vendor=-3", []string{"kind", "expiring", "vendor"}},
		{"/api/v1/exports/budget?fy=27&quarter=5&category=food", []string{"fy", "quarter", "category"}},
		{"/api/v1/exports/spend?fy=x&quarter=Q9&vendor_id=a&dir=up", []string{"fy", "quarter", "vendor_id", "dir"}},
		{"/api/v1/exports/audit?from=yesterday&sort=when", []string{"from", "sort"}},
	} {
		res := api.get(tc.path)
		var body struct {
			Error  string            `json:"error"`
			Fields map[string]string `json:"fields"`
		}
		res.JSON(t, &body)
		if res.Code != http.StatusBadRequest || len(body.Fields) != len(tc.fields) {
			t.Errorf("%s: %d %v", tc.path, res.Code, body)
			continue
		}
		for _, f := range tc.fields {
			if body.Fields[f] == "" {
				t.Errorf("%s: no message for %s: %v", tc.path, f, body.Fields)
			}
		}
	}
	if res := h.client().get("/api/v1/exports/vendors"); res.Code != http.StatusUnauthorized {
		t.Errorf("without a token: %d", res.Code)
	}
}

// With every export slot taken, an API export answers 429 with Retry-After in JSON,
// as a page export answers with its page; once a slot is free it works.
func TestAPIExportBusyAnswers429(t *testing.T) {
	h := newHarness(t)
	api, _ := h.apiClient("viewer")
	release := h.Srv.HoldExportSlots(time.Millisecond)
	res := api.get("/api/v1/exports/spend")
	if res.Code != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(res.Header.Get("Content-Type"), "json") {
		t.Fatalf("busy: %d %v %s", res.Code, res.Header, res.Body)
	}
	mustContain(t, "busy answer", res.Body, `"error":"Outlay is preparing other exports right now.`)
	release()
	if res := api.get("/api/v1/exports/spend"); res.Code != http.StatusOK {
		t.Fatalf("once free: %d %s", res.Code, res.Body)
	}
}
