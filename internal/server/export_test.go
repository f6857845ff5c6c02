package server_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

func TestVendorExportFollowsTheFilter(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("viewer")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	for _, v := range []*outlay.Vendor{
		{Name: "Amazon Web Services", Category: "cloud", Status: "active", Criticality: "critical"},
		{Name: "Dell", Category: "hardware", Status: "active", Criticality: "medium"},
		{Name: "=cmd|' /C calc'!A0", Category: "cloud", Status: "prospect", Criticality: "low"},
	} {
		if err := h.DB.CreateVendor(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	res := c.get("/vendors/export.xlsx?category=cloud&sort=name")
	if res.Code != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "outlay-vendors-2026-11-25.xlsx") {
		t.Fatalf("export: %d %v", res.Code, res.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Vendors")
	if len(rows) != 7 { // title block (4) + header + 2 cloud vendors
		t.Fatalf("rows = %d: %v", len(rows), rows)
	}
	names := rows[5][1] + "|" + rows[6][1]
	if names != "'=cmd|' /C calc'!A0|Amazon Web Services" {
		t.Fatalf("names = %q", names)
	}
	if rows[2][0] != "Filter: Category: cloud" || !strings.Contains(rows[1][0], "viewer@example.com") {
		t.Fatalf("meta rows = %v", rows[:3])
	}
}

func TestLicenceExportNeverHoldsTheKey(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("admin")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	v := &outlay.Vendor{Name: "Adobe", Category: "software"}
	if err := h.DB.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	key := "SECRET-KEY-1234-5678"
	lic := &outlay.Licence{Product: "Acrobat Pro", VendorID: v.ID, Kind: "per_user", SeatsPurchased: 10, SeatsAssigned: 6,
		UnitPrice: 1500, Currency: "EUR", Billing: "annual"}
	if err := h.DB.CreateLicence(ctx, lic, &key); err != nil {
		t.Fatal(err)
	}
	list := c.get("/licences?kind=per_user")
	mustContain(t, "licence list", list.Body, `href="/licences/export.xlsx?kind=per_user"`)
	res := c.get("/licences/export.xlsx?kind=per_user")
	if res.Code != http.StatusOK || strings.Contains(res.Body, key) {
		t.Fatalf("export: %d (key present: %v)", res.Code, strings.Contains(res.Body, key))
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Licences")
	if len(rows) != 6 || rows[5][1] != "Acrobat Pro" || rows[5][7] != "60.0" || rows[5][9] != "60.00" {
		t.Fatalf("rows = %v", rows)
	}
	for _, row := range rows {
		for _, cell := range row {
			if strings.Contains(cell, key) {
				t.Fatal("the licence key is in the export")
			}
		}
	}
}
