package books_test

import (
	"slices"
	"testing"

	"outlay/internal/books"
	"outlay/internal/outlay"
)

// TestRenewalFilterMatch: each filter field keeps and drops contracts and licences by
// the rule its doc comment states.
func TestRenewalFilterMatch(t *testing.T) {
	acme, other := int64(7), int64(8)
	contract := func(owner, backup, renewalType, decision string) books.KeyDate {
		c := &outlay.Contract{VendorID: acme, OwnerEmail: owner, BackupOwnerEmail: backup, RenewalType: renewalType,
			Terms: []*outlay.Term{{}}}
		if decision != "" {
			c.Terms[0].Decision = &outlay.Decision{Kind: decision}
		}
		return books.KeyDate{Contract: c}
	}
	licence := books.KeyDate{Licence: &outlay.Licence{VendorID: acme, OwnerEmail: "lic@example.com"}}
	plain := contract("ann@example.com", "bob@example.com", "auto", "")
	tests := []struct {
		name string
		f    books.RenewalFilter
		k    books.KeyDate
		want bool
	}{
		{"no filter keeps a contract", books.RenewalFilter{}, plain, true},
		{"no filter keeps a licence", books.RenewalFilter{}, licence, true},
		{"owner", books.RenewalFilter{OwnerEmail: "ann@example.com"}, plain, true},
		{"owner in another letter case", books.RenewalFilter{OwnerEmail: " Ann@Example.com "}, plain, true},
		{"backup owner", books.RenewalFilter{OwnerEmail: "bob@example.com"}, plain, true},
		{"someone else", books.RenewalFilter{OwnerEmail: "cy@example.com"}, plain, false},
		{"licence owner", books.RenewalFilter{OwnerEmail: "lic@example.com"}, licence, true},
		{"licence of someone else", books.RenewalFilter{OwnerEmail: "ann@example.com"}, licence, false},
		{"vendor", books.RenewalFilter{VendorID: &acme}, plain, true},
		{"other vendor", books.RenewalFilter{VendorID: &other}, plain, false},
		{"licence vendor", books.RenewalFilter{VendorID: &acme}, licence, true},
		{"licence other vendor", books.RenewalFilter{VendorID: &other}, licence, false},
		{"renewal type", books.RenewalFilter{RenewalType: "auto"}, plain, true},
		{"other renewal type", books.RenewalFilter{RenewalType: "manual"}, plain, false},
		{"a licence has no renewal type", books.RenewalFilter{RenewalType: "none"}, licence, false},
		{"no decision yet", books.RenewalFilter{Decision: "none"}, plain, true},
		{"no decision is not renew", books.RenewalFilter{Decision: "renew"}, plain, false},
		{"cancel decided", books.RenewalFilter{Decision: "cancel"}, contract("a@example.com", "", "auto", "cancel"), true},
		{"cancel is not none", books.RenewalFilter{Decision: "none"}, contract("a@example.com", "", "auto", "cancel"), false},
		{"renegotiate", books.RenewalFilter{Decision: "renegotiate"}, contract("a@example.com", "", "manual", "renegotiate"), true},
		{"a licence is undecided", books.RenewalFilter{Decision: "none"}, licence, true},
		{"a licence has no cancel", books.RenewalFilter{Decision: "cancel"}, licence, false},
		{"every field at once", books.RenewalFilter{OwnerEmail: "bob@example.com", VendorID: &acme, RenewalType: "auto", Decision: "none"}, plain, true},
		{"one field off of four", books.RenewalFilter{OwnerEmail: "bob@example.com", VendorID: &acme, RenewalType: "none", Decision: "none"}, plain, false},
		{"an empty row", books.RenewalFilter{}, books.KeyDate{}, false},
	}
	for _, tt := range tests {
		if got := tt.f.Match(tt.k); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRenewalKeyDates on 2026-11-25 with a 365-day horizon: the missed cancel-by date
// leads and is counted missed, a date eleven months away is there and one beyond the
// year is not, the dashboard's limit does not cut the rows, and a filter keeps only
// what it matches.
func TestRenewalKeyDates(t *testing.T) {
	b := newBook(t)
	b.contract("Missed", "auto", "2026-01-01", "2026-12-31", "")           // cancel by 2026-10-01
	b.contract("Cancelling", "auto", "2026-04-01", "2027-03-31", "cancel") // cancel by 2027-01-01
	b.contract("Far", "manual", "2026-11-01", "2027-10-31", "")            // ends 2027-10-31
	b.contract("Too far", "manual", "2026-12-01", "2027-11-30", "")        // ends after 2027-11-25
	b.licence("Orphan", "2027-06-01", 0)
	names := func(r *books.Renewals) []string {
		var out []string
		for _, k := range r.Rows {
			if k.Contract != nil {
				out = append(out, k.Contract.Title)
			} else {
				out = append(out, k.Licence.Product)
			}
		}
		return out
	}
	q := books.KeyDateQuery{Today: today, WindowDays: 90, HorizonDays: books.RenewalHorizonDays, Limit: 1}
	all, err := books.RenewalKeyDates(b.ctx, b.db, b.db, q, books.RenewalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(all), []string{"Missed", "Cancelling", "Orphan", "Far"}; !slices.Equal(got, want) || all.Missed != 1 {
		t.Fatalf("rows %v, %d missed; want %v, 1 missed", got, all.Missed, want)
	}
	manual, err := books.RenewalKeyDates(b.ctx, b.db, b.db, q, books.RenewalFilter{RenewalType: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(manual); !slices.Equal(got, []string{"Far"}) || manual.Missed != 0 {
		t.Errorf("manual rows %v, %d missed; want [Far], 0 missed", got, manual.Missed)
	}
	cancel, err := books.RenewalKeyDates(b.ctx, b.db, b.db, q, books.RenewalFilter{Decision: "cancel"})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(cancel); !slices.Equal(got, []string{"Cancelling"}) {
		t.Errorf("cancel rows %v, want [Cancelling]", got)
	}
}
