package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// TestDashboardShowsTheYear checks the dashboard's money half: cards, charts with a
// table of their numbers, over-budget lines and top vendors, after a USD invoice split
// across two lines.
func TestDashboardShowsTheYear(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("editor")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	vendor := seedContractVendor(t, h, "Amazon Web Services")
	cloud := &outlay.BudgetLine{FY: 2026, Code: "INF-CLOUD", Name: "Cloud hosting", Category: "cloud", ExpenseType: "opex", Planned: 1000000}
	soft := &outlay.BudgetLine{FY: 2026, Code: "SW-LIC", Name: "Software licences", Category: "software", ExpenseType: "opex", Planned: 50000}
	for _, b := range []*outlay.BudgetLine{cloud, soft} {
		if err := h.DB.CreateBudgetLine(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	day, _ := outlay.ParseDate("2026-01-01")
	if err := h.DB.CreateRate(ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: day, RateMicros: 920000}); err != nil {
		t.Fatal(err)
	}
	inv, _ := outlay.ParseDate("2026-06-10")
	// 1,250.00 USD = 1,150.00 EUR: 450.00 to cloud, the rest (700.00) to software, which
	// has a plan of 500.00 and so is 200.00 over.
	e := &outlay.SpendEntry{Date: inv, VendorID: vendor, Description: "June hosting", InvoiceNumber: "AWS-6", Amount: 125000, Currency: "USD",
		Allocations: []outlay.Allocation{{BudgetLineID: cloud.ID, Amount: 45000}, {BudgetLineID: soft.ID}}}
	if err := h.DB.CreateSpend(ctx, e); err != nil {
		t.Fatal(err)
	}
	res := c.get("/")
	if res.Code != http.StatusOK {
		t.Fatalf("dashboard: %d", res.Code)
	}
	mustContain(t, "dashboard", res.Body,
		"Plan FY2026", "10,500.00", // the year's plan
		`<div class="card-label">Actual</div>`, "1,150.00", // the converted invoice
		`aria-label="Plan, actual and forecast by category, FY2026"`, "<title>Software · Actual: 700.00 EUR</title>",
		`aria-label="Cumulative actual against plan by month, FY2026"`,
		"Over budget in FY2026", `href="/budget/`+itoa(soft.ID)+`"`, "-200.00",
		"Top vendors by spend in FY2026", "Amazon Web Services")
	if strings.Contains(res.Body, "No budget line is forecast over its plan") {
		t.Error("software is over budget but the dashboard says none is")
	}
	// The numbers behind the category chart are one click away.
	mustContain(t, "dashboard", res.Body, "Show the numbers", `<th scope="row">Software</th><td class="num">500.00</td><td class="num">700.00</td>`)

	line := c.get("/budget/" + itoa(soft.ID))
	mustContain(t, "budget line", line.Body, "Spend charged to this line", "June hosting", "700.00", "1,250.00", "over budget")
}

func TestDashboardWithoutBudgetSaysWhatToDo(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	res := c.get("/")
	mustContain(t, "dashboard", res.Body, "No budget for FY2026 yet.", `href="/budget/new?fy=2026"`)
}
