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
