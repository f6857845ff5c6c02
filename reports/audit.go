package reports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

// AuditLog writes the audit entries each hands over (newest first, from a cursor, so the
// log is never held whole) as a workbook with one "Audit
// log" sheet: one row per changed field (outlay.AuditDiff, as the audit page lists them),
// or one row with no field for an entry that changed none. When is a date-time cell
// (UTC); every text cell is written safely (safeText), since before and after values are
// whatever users typed.
func AuditLog(w io.Writer, meta Meta, each func(func(*outlay.AuditEntry) error) error) error {
	if meta.Title == "" {
		meta.Title = "Audit log"
	}
	r, err := newRegister("Audit log", meta, []column{
		{"When (UTC)", colText, 19}, {"User", colText, 28}, {"Action", colText, 16}, {"Entity", colText, 14},
		{"Entity ID", colInt, 10}, {"Field", colText, 30}, {"Before", colText, 36}, {"After", colText, 36},
	})
	if err != nil {
		return err
	}
	defer r.close()
	// The register's date style drops the time of day; the log needs the instant.
	dtFmt := "yyyy-mm-dd hh:mm:ss"
	when, err := r.f.NewStyle(&excelize.Style{CustomNumFmt: &dtFmt, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	err = each(func(e *outlay.AuditEntry) error {
		user := e.UserEmail
		if user == "" {
			user = "system"
		}
		action := outlay.AuditLabel(outlay.AuditActions, e.Action)
		entity := outlay.AuditLabel(outlay.AuditEntities, e.Entity)
		changes := e.Changes()
		if len(changes) == 0 {
			changes = []outlay.FieldChange{{}}
		}
		for _, ch := range changes {
			r.row++
			cells := []any{
				excelize.Cell{StyleID: when, Value: e.At.UTC()},
				r.cell(colText, user), r.cell(colText, action), r.cell(colText, entity),
				r.cell(colInt, e.EntityID), r.cell(colText, ch.Field),
				r.cell(colText, ch.Before), r.cell(colText, ch.After),
			}
			if err := r.sw.SetRow(fmt.Sprintf("A%d", r.row), cells); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return r.finish(w)
}
