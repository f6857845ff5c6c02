package importer

import (
	"strings"

	"outlay/internal/input"
	"outlay/internal/outlay"
)

// runVendors makes one vendor per row. A name may appear once in the file, and not be
// taken already in any letter case (storage's own check).
func runVendors(b *batch) error {
	seen := map[string]int{}
	for _, r := range b.t.Rows {
		b.tick(1)
		in := input.Vendor{Name: b.field(r, "name"), Category: b.field(r, "category"), Status: b.field(r, "status"),
			Criticality: b.field(r, "criticality"), Website: b.field(r, "website"), ContactName: b.field(r, "contact_name"),
			ContactEmail: b.field(r, "contact_email"), ContactPhone: b.field(r, "contact_phone"),
			SupportContact: b.field(r, "support_contact"), Notes: b.field(r, "notes")}
		// What the new vendor form starts with, for the cells left blank.
		if in.Status == "" {
			in.Status = "active"
		}
		if in.Criticality == "" {
			in.Criticality = "medium"
		}
		in.Category, in.Status, in.Criticality = lower(in.Category), lower(in.Status), lower(in.Criticality)
		v := &outlay.Vendor{}
		if err := input.CheckVendor(b.im.rules, &in, v); err != nil {
			b.fieldProblems(r.Line, outlay.ErrorFields(err), nil)
			continue
		}
		key := strings.ToLower(v.Name)
		if first, dup := seen[key]; dup {
			b.problem(r.Line, "Name", "“"+v.Name+"” is on row "+itoa(first)+" already")
			continue
		}
		seen[key] = r.Line
		if err := b.stored(r.Line, b.tx.CreateVendor(b.ctx, v), nil); err != nil {
			return err
		}
		if v.ID != 0 {
			b.created(r.Line, v.ID, v.Name, "/vendors/")
		}
	}
	return nil
}

// lower is a choice as the domain lists it: people type "Cloud" for "cloud".
func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
