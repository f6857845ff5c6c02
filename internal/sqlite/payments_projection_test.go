package sqlite_test

import (
	"testing"
	"time"
)

// A monthly auto contract whose first term starts on 31 January renews on 28 February,
// 31 March, 30 April (DOMAIN.md): the projected payments must start on the days the roll
// job will actually create terms, not drift to the 28th.
func TestProjectedPaymentsMatchTheTermsTheRollCreates(t *testing.T) {
	d := MustOpen(t) // today 2026-11-25: horizon 2027-12-31
	v := seedVendorRow(t, d, "Acme")
	c := annualContract(v, "Monthly", "2027-01-31", "2027-02-27")
	c.Terms[0].Price, c.Terms[0].Billing = 3100, "monthly"
	c.RenewalTermMonths = 1
	mustCreateContract(t, d, c)

	var projected []string
	for _, r := range payRows(t, d, c.ID) {
		if r.projected {
			projected = append(projected, r.start)
		}
	}
	// The terms the roll job writes for this contract, by renewing it step by step.
	ctx := asUser(1, "ed@example.com")
	var rolled []string
	latest := c.CurrentTerm().StartDate
	for range 4 {
		// Renewing is for the latest term once it runs: renew on the day it starts.
		d.Now = func() time.Time { return latest }
		next, err := d.RenewContract(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		latest = next.StartDate
		rolled = append(rolled, next.StartDate.Format("2006-01-02"))
	}
	want := []string{"2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"}
	for i, w := range want {
		if rolled[i] != w {
			t.Fatalf("renewals start %v, want %v", rolled, want)
		}
	}
	// Every projected payment period of a term starts on a real term start or inside it;
	// the first payment of each renewal is due on the renewal date.
	starts := map[string]bool{}
	for _, s := range projected {
		starts[s] = true
	}
	for _, w := range want {
		if !starts[w] {
			t.Fatalf("projected payment periods start on %v; no payment due on the renewal %s", projected, w)
		}
	}
}
