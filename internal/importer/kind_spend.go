package importer

import (
	"strings"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// spendRename puts the messages of an entry's references and allocations under the
// columns they come from.
var spendRename = map[string]string{"vendor_id": "Vendor", "contract_id": "Contract reference",
	"allocations": "Charged to line", "licence_id": ""}

// spendEntryHeaders are the columns that describe the entry rather than one of its
// allocations: every row of an entry must agree on them.
var spendEntryHeaders = []string{"Date", "Vendor", "Description", "Invoice", "PO", "Contract reference", "Amount",
	"Currency", "Service from", "Service to"}

// spendGroup is the rows of one entry, in file order.
type spendGroup struct{ rows []Row }

// groupSpend groups rows into entries: by vendor and invoice number, or by the Entry
// column for rows without an invoice number; a row with neither is an entry of its own.
// The totals row of an export is not an entry.
func groupSpend(b *batch) []*spendGroup {
	var out []*spendGroup
	byKey := map[string]*spendGroup{}
	for _, r := range b.t.Rows {
		if isTotals(r, "Entry", "Date", "Vendor", "Description") {
			continue
		}
		key := ""
		if inv := b.get(r, "Invoice"); inv != "" {
			key = "i\x00" + strings.ToLower(b.get(r, "Vendor")) + "\x00" + strings.ToLower(inv)
		} else if n := b.get(r, "Entry"); n != "" {
			key = "e\x00" + n
		}
		if g := byKey[key]; key != "" && g != nil {
			g.rows = append(g.rows, r)
			continue
		}
		g := &spendGroup{rows: []Row{r}}
		out = append(out, g)
		if key != "" {
			byKey[key] = g
		}
	}
	return out
}

// runSpend makes one spend entry per group of rows, each row one allocation: "Budget
// line" is the code of a line of the entry's fiscal year, "Charged to line" its part in
// the base currency (blank on an entry of one row: all of it).
func runSpend(b *batch) error {
	for _, g := range groupSpend(b) {
		b.tick(len(g.rows))
		if err := spendEntry(b, g); err != nil {
			return err
		}
	}
	return nil
}

func spendEntry(b *batch, g *spendGroup) error {
	first := g.rows[0]
	before := len(b.res.Problems)
	spendAgree(b, g)
	bad := outlay.FieldErrors{}
	e := &outlay.SpendEntry{Currency: b.currency(b.field(first, "currency"))}
	typed := input.Spend{Date: b.field(first, "date"), Description: b.field(first, "description"),
		InvoiceNumber: b.field(first, "invoice_number"), PONumber: b.field(first, "po_number"),
		ServiceFrom: b.field(first, "service_from"), ServiceTo: b.field(first, "service_to")}
	typed.Check(b.im.rules, bad, e)
	if !money.ValidCurrency(e.Currency) {
		bad.Add("currency", "not a known ISO 4217 currency code, such as EUR or USD")
	}
	if b.field(first, "amount") == "" {
		bad.Add("amount", "required")
	} else {
		e.Amount = input.SpendAmount(bad, b.field(first, "amount"), e.Currency, b.st.BaseCurrency)
	}
	v := b.vendor(first.Line, "Vendor", b.get(first, "Vendor"))
	if v != nil {
		e.VendorID, e.VendorName = v.ID, v.Name
		if ref := b.get(first, "Contract reference"); ref != "" {
			id, err := b.contract(v.ID, ref)
			if err != nil {
				return err
			}
			if id == 0 {
				b.problem(first.Line, "Contract reference", v.Name+" has no contract “"+ref+"”")
			} else {
				e.ContractID = &id
			}
		}
	}
	if err := spendAllocations(b, g, e, bad); err != nil {
		return err
	}
	if len(bad) > 0 {
		e.Normalize()
		for k, msg := range outlay.ErrorFields(e.Validate()) {
			if k != "allocations" && k != "vendor_id" {
				bad.Add(k, msg)
			}
		}
	}
	b.fieldProblems(first.Line, bad, spendRename)
	if len(b.res.Problems) > before {
		return nil
	}
	if err := b.stored(first.Line, b.tx.CreateSpend(b.ctx, e), spendRename); err != nil {
		return err
	}
	if e.ID != 0 {
		label := v.Name + " " + e.InvoiceNumber
		if e.InvoiceNumber == "" {
			label = v.Name + " " + outlay.FormatDate(e.Date) + " " + e.Description
		}
		b.created(first.Line, e.ID, label, "/spend/")
	}
	return nil
}

// spendAgree reports each later row of an entry that says something else about the
// entry than its first row, at the first cell that differs; and, for an invoice, rows
// that the Entry column puts in another entry (the same invoice twice in the file).
func spendAgree(b *batch, g *spendGroup) {
	first := g.rows[0]
	for _, r := range g.rows[1:] {
		if n, m := b.get(first, "Entry"), b.get(r, "Entry"); b.get(first, "Invoice") != "" && n != "" && m != "" && n != m {
			b.problem(r.Line, "Invoice", "invoice "+b.get(r, "Invoice")+" from "+b.get(r, "Vendor")+" is on row "+itoa(first.Line)+
				" already, as another entry: an invoice number is recorded once per vendor")
			continue
		}
		for _, h := range spendEntryHeaders {
			x, y := b.get(first, h), b.get(r, h)
			if x == y || (h == "Vendor" || h == "Invoice") && strings.EqualFold(x, y) || h == "Currency" && b.currency(x) == b.currency(y) {
				continue
			}
			b.problem(r.Line, h, "differs from row "+itoa(first.Line)+", the first row of this entry: every row of an entry gives the same "+
				strings.ToLower(h))
			break
		}
	}
}

// spendAllocations reads each row's budget line and charged amount into e's
// allocations.
func spendAllocations(b *batch, g *spendGroup, e *outlay.SpendEntry, bad outlay.FieldErrors) error {
	fy := 0
	if !e.Date.IsZero() {
		fy = b.st.Calendar().Year(e.Date)
	}
	for _, r := range g.rows {
		a := outlay.Allocation{}
		code := strings.ToUpper(b.get(r, "Budget line"))
		switch {
		case code == "":
			b.problem(r.Line, "Budget line", "required: the code of the budget line this is charged to")
		case fy != 0:
			id, err := b.line(fy, code)
			if err != nil {
				return err
			}
			if id == 0 {
				b.problem(r.Line, "Budget line", b.st.Calendar().Label(fy)+" has no budget line "+code)
			}
			a.BudgetLineID, a.BudgetLineCode = id, code
		}
		charged := b.field(r, "allocations")
		switch {
		case charged == "" && len(g.rows) > 1:
			b.problem(r.Line, "Charged to line", "give the part of the entry charged to "+code+" (in "+b.st.BaseCurrency+")")
		case charged != "":
			v, err := money.Parse(charged, b.st.BaseCurrency, true)
			if err != nil {
				b.problem(r.Line, "Charged to line", err.Error())
			}
			a.Amount = v
		}
		e.Allocations = append(e.Allocations, a)
	}
	return nil
}
