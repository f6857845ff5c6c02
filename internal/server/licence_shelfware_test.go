package server_test

import (
	"context"
	"regexp"
	"testing"

	"outlay/internal/outlay"
)

// Shelfware in the base currency converts each licence's unused cost, then adds (DOMAIN:
// totals are sums of converted lines). Three USD licences at 0.50: two with one unused
// seat at 0.01 USD (0.005 EUR each, rounded half away from zero to 0.01) and one with one
// unused seat at 0.03 USD (0.015, to 0.02) make 0.04 EUR; converting their 0.05 USD sum
// would give 0.03. A GBP licence without a rate is named apart, never counted as zero.
func TestShelfwareConvertsEachLicenceThenAdds(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("admin")
	ctx := outlay.NewContextWithUser(context.Background(), u)
	v := &outlay.Vendor{Name: "Adobe", Category: "software"}
	if err := h.DB.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	day, _ := outlay.ParseDate("2026-01-01")
	if err := h.DB.CreateRate(ctx, &outlay.Rate{Currency: "USD", EffectiveFrom: day, RateMicros: 500000}); err != nil {
		t.Fatal(err)
	}
	for i, l := range []struct {
		product  string
		price    int64
		currency string
	}{{"Fonts A", 1, "USD"}, {"Fonts B", 1, "USD"}, {"Stock", 3, "USD"}, {"Type UK", 700, "GBP"}} {
		lic := &outlay.Licence{Product: l.product, VendorID: v.ID, Kind: "per_user", SeatsPurchased: 2, SeatsAssigned: 1,
			UnitPrice: l.price, Currency: l.currency, Billing: "annual"}
		if err := h.DB.CreateLicence(ctx, lic, nil); err != nil {
			t.Fatalf("licence %d: %v", i, err)
		}
	}
	page := c.get("/licences")
	got := regexp.MustCompile(`id="shelfware-base">([^<]*)<`).FindStringSubmatch(page.Body)
	if got == nil || got[1] != "0.04 EUR" {
		t.Fatalf("shelfware in EUR: %v, want 0.04 EUR", got)
	}
	mustContain(t, "unconverted GBP", page.Body, "+ 7.00 GBP <span class=\"muted\">(no rate)</span>")
	mustContain(t, "per currency", page.Body, "0.05 USD")

	home := c.get("/")
	mustContain(t, "dashboard shelfware", home.Body, "0.04 <span class=\"cur\">EUR</span>")
}
