package importer

import (
	"strings"

	"outlay/internal/input"
	"outlay/internal/outlay"
)

// licenceRename puts the messages about a licence's links under their columns.
var licenceRename = map[string]string{"vendor_id": "Vendor", "contract_id": "Contract", "currency": "Currency"}

// runLicences makes one licence per row. The vendor is found by name, the contract by
// its reference ("Contract reference") or else its title ("Contract") among the
// vendor's contracts. Keys are never in a file: a licence's key is typed on its page.
// Kind, billing and currency left blank are what the new licence form starts with (its
// first kind, annual, the base currency).
//
// A licence is a duplicate when it repeats one on an earlier row or one of the vendor's
// licences not archived: the same product (in any letter case) under the same contract
// (or none), of the same kind, at the same unit price and currency, from the same start
// to the same expiry. Only the seat counts may differ, and they are the licence's to
// change. Bought in another batch (other dates), at another price, of another kind or
// under another contract, the same product is another licence.
func runLicences(b *batch) error {
	seen := map[licenceKey]int{}
	for _, r := range b.t.Rows {
		b.tick(1)
		bad := outlay.FieldErrors{}
		typed := input.Licence{Product: b.field(r, "product"), SeatsPurchased: input.Seats(b.field(r, "seats_purchased")),
			SeatsAssigned: input.Seats(b.field(r, "seats_assigned")), StartDate: b.field(r, "start_date"),
			ExpiryDate: b.field(r, "expiry_date"), OwnerEmail: b.field(r, "owner_email"),
			BudgetLineCode: strings.ToUpper(b.field(r, "budget_line_code")), Notes: b.field(r, "notes")}
		l := &outlay.Licence{}
		typed.Check(b.im.rules, bad, l)
		l.Kind, l.Billing, l.Currency = lower(b.field(r, "kind")), lower(b.field(r, "billing")), b.currency(b.field(r, "currency"))
		if l.Kind == "" {
			l.Kind = outlay.LicenceKinds[0]
		}
		if l.Billing == "" {
			l.Billing = "annual" // what the new licence form starts with
		}
		if b.field(r, "unit_price") == "" {
			bad.Add("unit_price", "required")
		} else {
			l.UnitPrice = input.LicenceUnitPrice(bad, b.field(r, "unit_price"), l.Currency, b.st.BaseCurrency)
		}
		v := b.vendor(r.Line, "Vendor", b.get(r, "Vendor"))
		if v != nil {
			l.VendorID = v.ID
			header, ref := "Contract reference", b.get(r, "Contract reference")
			if ref == "" {
				header, ref = "Contract", b.get(r, "Contract")
			}
			if ref != "" {
				id, err := b.contract(v.ID, ref)
				if err != nil {
					return err
				}
				if id == 0 {
					b.problem(r.Line, header, v.Name+" has no contract “"+ref+"”")
					bad.Add("contract_id", "") // counted, reported above
				}
				l.ContractID = &id
			}
			if len(bad) == 0 { // a licence with a problem is not compared with others
				dup, err := licenceDuplicate(b, seen, r.Line, v, l)
				if err != nil {
					return err
				}
				if dup {
					bad.Add("product", "") // counted, reported by licenceDuplicate
				}
			}
		}
		err := input.LicenceErrors(bad, l, nil)
		if err != nil || v == nil {
			fields := outlay.ErrorFields(err)
			for k, msg := range fields {
				if msg == "" || v == nil && k == "vendor_id" {
					delete(fields, k)
				}
			}
			b.fieldProblems(r.Line, fields, licenceRename)
			continue
		}
		if err := b.stored(r.Line, b.tx.CreateLicence(b.ctx, l, nil), licenceRename); err != nil {
			return err
		}
		if l.ID != 0 {
			b.created(r.Line, l.ID, l.Product+" ("+v.Name+")", "/licences/")
		}
	}
	return nil
}

// licenceKey is what makes a licence the same as another (see runLicences); contract
// 0 is none.
type licenceKey struct {
	vendor, contract, price int64
	product, kind, currency string
	start, expiry           string
}

// licenceDuplicate reports, at the Product column, a row whose licence the file has on
// an earlier row or the vendor has already (see runLicences).
func licenceDuplicate(b *batch, seen map[licenceKey]int, row int, v *outlay.Vendor, l *outlay.Licence) (bool, error) {
	k := licenceKey{vendor: v.ID, price: l.UnitPrice, product: strings.ToLower(strings.TrimSpace(l.Product)), kind: l.Kind,
		currency: l.Currency, start: outlay.FormatDate(l.StartDate), expiry: outlay.FormatDate(l.ExpiryDate)}
	under := ""
	if l.ContractID != nil {
		k.contract = *l.ContractID
		under = " under the same contract"
	}
	if first, dup := seen[k]; dup {
		b.problem(row, "Product", v.Name+"'s licence of “"+l.Product+"”"+under+", at the same price and dates, is on row "+itoa(first)+" already")
		return true, nil
	}
	seen[k] = row
	found, err := b.tx.FindSameLicence(b.ctx, l)
	switch {
	case outlay.ErrorCode(err) == outlay.ENOTFOUND:
		return false, nil
	case err != nil:
		return false, err
	}
	b.problem(row, "Product", v.Name+" has a licence of “"+found.Product+"”"+under+", at the same price and dates, already: change its seats instead")
	return true, nil
}
