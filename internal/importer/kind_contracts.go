package importer

import (
	"cmp"
	"strconv"
	"strings"

	"outlay/internal/input"
	"outlay/internal/outlay"
)

// contractRename puts the messages about a contract's first term and its vendor under
// the columns they come from.
var contractRename = map[string]string{
	"vendor_id": "Vendor", "notice_unit": "Notice", "first_term": "Term start",
}

// runContracts makes one contract per row, with the row's term as its first term. The
// vendor is found by name; the budget line code must be one a line carries once there
// are budget lines (storage's rule, as on the form). Kind, renewal and billing left
// blank are what the new contract form starts with (subscription, auto, annual).
//
// A contract is a duplicate when its vendor has it already, in the file or among the
// contracts not archived: the same reference (in any letter case), which is the
// vendor's own number for the document; or, for a row without a reference, the same
// title. One vendor's contracts with different references may share a title.
func runContracts(b *batch) error {
	seen := map[contractKey]int{}
	for _, r := range b.t.Rows {
		b.tick(1)
		in := input.Contract{Title: b.field(r, "title"), Reference: b.field(r, "reference"), Kind: lower(b.field(r, "kind")),
			OwnerEmail: b.field(r, "owner_email"), BackupOwnerEmail: b.field(r, "backup_owner_email"),
			RenewalType: lower(b.field(r, "renewal_type")), RenewalTermMonths: input.Number(b.field(r, "renewal_term_months")),
			UpliftPercent: input.Number(strings.TrimSuffix(strings.TrimSpace(b.field(r, "uplift_percent")), "%")),
			Currency:      b.currency(b.field(r, "currency")), BudgetLineCode: strings.ToUpper(b.field(r, "budget_line_code")),
			Notes: b.field(r, "notes"), Justification: b.field(r, "justification"),
			ReminderOffsets: input.Offsets(b.field(r, "reminder_offsets"))}
		value, unit, ok := parseNotice(b.field(r, "notice_value"))
		if !ok {
			b.problem(r.Line, "Notice", "give a number of days or months, such as 3 months or 30 days")
			value = "0"
		}
		in.NoticeValue, in.NoticeUnit = input.Number(value), unit
		if in.Kind == "" {
			in.Kind = "subscription"
		}
		if in.RenewalType == "" {
			in.RenewalType = "auto"
		}
		term := input.Term{StartDate: b.field(r, "first_term.start_date"), EndDate: b.field(r, "first_term.end_date"),
			Price: b.field(r, "first_term.price"), Billing: lower(b.field(r, "first_term.billing"))}
		if term.Billing == "" {
			term.Billing = "annual"
		}
		v := b.vendor(r.Line, "Vendor", b.get(r, "Vendor"))
		if v != nil {
			in.VendorID = input.Number(strconv.FormatInt(v.ID, 10))
		}
		ct := &outlay.Contract{}
		bad := input.CheckContract(b.im.rules, &in, &term, b.st.BaseCurrency, ct)
		if v == nil {
			delete(bad, "vendor_id") // reported at the vendor's name already
		}
		dup := false
		if v != nil {
			var err error
			if dup, err = contractDuplicate(b, seen, r.Line, v, ct.Reference, ct.Title); err != nil {
				return err
			}
		}
		dec, decOK := contractDecision(b, r)
		if len(ct.Terms) == 1 {
			ct.Terms[0].Decision = dec
		}
		if len(bad) > 0 || v == nil || !ok || dup || !decOK {
			b.fieldProblems(r.Line, bad, contractRename)
			continue
		}
		if err := b.stored(r.Line, b.tx.CreateContract(b.ctx, ct), contractRename); err != nil {
			return err
		}
		if ct.ID != 0 {
			b.created(r.Line, ct.ID, v.Name+": "+ct.Title, "/contracts/")
		}
	}
	return nil
}

// contractDecision reads the renewal decision recorded on a row's term: its kind, note,
// who recorded it (an email; blank is the person importing) and on which day (blank is
// today). It goes onto the term before the contract is stored, so an auto contract
// whose term is over and that someone decided to cancel is not rolled into a new term
// by the import, as it was not where it came from. A note, a person or a day without a
// decision, or a decision outside the list, is a problem; ok is false after one.
func contractDecision(b *batch, r Row) (_ *outlay.Decision, ok bool) {
	in := input.Decision{Decision: lower(b.field(r, "decision")), Note: b.field(r, "note")}
	by, on := strings.TrimSpace(b.get(r, "Decided by")), b.get(r, "Decided on")
	ok = true
	if bad := b.im.rules.Check(&in); len(bad) > 0 {
		b.fieldProblems(r.Line, bad, nil)
		ok = false
	}
	if in.Decision == "" {
		if in.Note != "" || by != "" || on != "" {
			b.problem(r.Line, "Decision", "give the decision (renew, renegotiate or cancel) that the note, person or day is about")
			return nil, false
		}
		return nil, ok
	}
	d := &outlay.Decision{Kind: in.Decision, Note: in.Note, By: by}
	if err := d.Validate(); err != nil {
		b.fieldProblems(r.Line, outlay.ErrorFields(err), nil)
		ok = false
	}
	if by != "" && !outlay.ValidEmail(by) {
		b.problem(r.Line, "Decided by", "an email address, such as it.manager@example.org")
		ok = false
	}
	if on != "" {
		day, err := input.Date(on)
		if err != nil {
			b.problem(r.Line, "Decided on", input.DateProblem(err))
			ok = false
		}
		d.At = day
	}
	return d, ok
}

// contractDuplicate reports a row whose contract the file has on an earlier row or the
// vendor has already (see runContracts), at the Reference column, or at the Title
// column for a row without a reference.
func contractDuplicate(b *batch, seen map[contractKey]int, row int, v *outlay.Vendor, ref, title string) (bool, error) {
	header, key, what := "Reference", "r\x00"+strings.ToLower(ref), "reference "+ref
	if ref == "" {
		header, key, what = "Title", "t\x00"+strings.ToLower(title), "“"+title+"”, without a reference,"
		if title == "" {
			return false, nil // reported as required
		}
	}
	k := contractKey{v.ID, key}
	if first, dup := seen[k]; dup {
		b.problem(row, header, v.Name+"'s contract "+what+" is on row "+itoa(first)+" already")
		return true, nil
	}
	seen[k] = row
	c, err := b.tx.FindContractByReference(b.ctx, v.ID, cmp.Or(ref, title))
	switch {
	case outlay.ErrorCode(err) == outlay.ENOTFOUND:
		return false, nil
	case err != nil:
		return false, err
	case c.Archived() || ref != "" && !strings.EqualFold(c.Reference, ref) || ref == "" && !strings.EqualFold(c.Title, title):
		return false, nil
	}
	b.problem(row, header, v.Name+" has the contract "+what+" already (“"+c.Title+"”)")
	return true, nil
}

// parseNotice reads a notice period as the export writes it ("3 months", "30 days");
// blank is none. A bare number is months, as the new contract form starts.
func parseNotice(s string) (value, unit string, ok bool) {
	f := strings.Fields(strings.ToLower(s))
	switch len(f) {
	case 0:
		return "0", "months", true
	case 1:
		f = append(f, "months")
	case 2:
	default:
		return s, "months", false
	}
	switch f[1] {
	case "day", "days", "d":
		unit = "days"
	case "month", "months", "m", "mo":
		unit = "months"
	default:
		return f[0], "months", false
	}
	if _, err := strconv.Atoi(f[0]); err != nil {
		return f[0], unit, false
	}
	return f[0], unit, true
}
