package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"outlay/internal/outlay"
)

// Ensure DB implements the vendor service.
var _ outlay.VendorService = (*DB)(nil)

// vendorColumns are read by scanVendor, in this order. The contract count is a correlated
// subquery so a page of vendors costs one query however many rows it has; it uses the
// contracts (vendor_id, key_date) index.
const vendorColumns = `v.id, v.name, v.category, v.status, v.criticality, v.website,
	v.contact_name, v.contact_email, v.contact_phone, v.support_contact, v.notes,
	v.archived_at, v.created_at, v.updated_at,
	(SELECT count(*) FROM contracts c WHERE c.vendor_id = v.id AND c.archived_at IS NULL) AS contract_count`

func scanVendor(row interface{ Scan(...any) error }) (*outlay.Vendor, error) {
	var v outlay.Vendor
	var archived sql.NullString
	var created, updated string
	if err := row.Scan(&v.ID, &v.Name, &v.Category, &v.Status, &v.Criticality, &v.Website,
		&v.ContactName, &v.ContactEmail, &v.ContactPhone, &v.SupportContact, &v.Notes,
		&archived, &created, &updated, &v.ContractCount); err != nil {
		return nil, err
	}
	v.ArchivedAt = nullTime(archived)
	v.CreatedAt = parseTime(created)
	v.UpdatedAt = parseTime(updated)
	return &v, nil
}

// vendorAudit is what the audit log keeps of a vendor, under the API's field names.
func vendorAudit(v *outlay.Vendor) map[string]any {
	m := map[string]any{
		"name":            v.Name,
		"category":        v.Category,
		"status":          v.Status,
		"criticality":     v.Criticality,
		"website":         v.Website,
		"contact_name":    v.ContactName,
		"contact_email":   v.ContactEmail,
		"contact_phone":   v.ContactPhone,
		"support_contact": v.SupportContact,
		"notes":           v.Notes,
		"archived":        v.ArchivedAt != nil,
	}
	if v.ArchivedAt != nil {
		m["archived_at"] = formatTime(*v.ArchivedAt)
	}
	return m
}

// vendorSorts maps the sort keys a caller may ask for to ORDER BY expressions. User input
// only ever selects a key here; it is never written into SQL. Criticality sorts by rank,
// not alphabetically, so "critical" comes after "high".
var vendorSorts = map[string]string{
	"name":        "v.name_key",
	"category":    "v.category",
	"status":      "v.status",
	"criticality": "CASE v.criticality WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4 ELSE 5 END",
	"contracts":   "contract_count",
	"updated":     "v.updated_at",
}

// likeEscaper makes a search string match literally inside LIKE ... ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// vendorWhere turns a filter into a WHERE clause and its arguments.
func vendorWhere(f outlay.VendorFilter) (string, []any) {
	where, args := []string{"1=1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "v.id = ?"), append(args, *f.ID)
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		where, args = append(where, `v.name_key LIKE ? ESCAPE '\'`), append(args, "%"+likeEscaper.Replace(q)+"%")
	}
	if f.Status != "" {
		where, args = append(where, "v.status = ?"), append(args, f.Status)
	}
	if f.Category != "" {
		where, args = append(where, "v.category = ?"), append(args, f.Category)
	}
	if f.Criticality != "" {
		where, args = append(where, "v.criticality = ?"), append(args, f.Criticality)
	}
	if !f.Archived {
		where = append(where, "v.archived_at IS NULL")
	}
	return strings.Join(where, " AND "), args
}

// vendorOrder renders the ORDER BY clause: the chosen column, then name and id so that
// pages are stable when many rows share a value.
func vendorOrder(f outlay.VendorFilter) string {
	expr, ok := vendorSorts[f.Sort]
	if !ok {
		expr = vendorSorts["name"]
	}
	dir := ""
	if f.Desc {
		dir = " DESC"
	}
	return " ORDER BY " + expr + dir + ", v.name_key, v.id"
}

// FindVendorByID returns one vendor, archived or not, or ENOTFOUND.
func (d *DB) FindVendorByID(ctx context.Context, id int64) (*outlay.Vendor, error) {
	return findVendorByID(ctx, d.read, id)
}

func findVendorByID(ctx context.Context, q queryer, id int64) (*outlay.Vendor, error) {
	vs, _, err := findVendors(ctx, q, outlay.VendorFilter{ID: &id, Archived: true}, false)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Vendor not found.")
	}
	return vs[0], nil
}

// FindVendors returns one page of vendors and the number that match the filter.
func (d *DB) FindVendors(ctx context.Context, f outlay.VendorFilter) ([]*outlay.Vendor, int, error) {
	return findVendors(ctx, d.read, f, true)
}

// findVendors runs the page query, and the count query when count is set (a lookup by id
// needs no total).
func findVendors(ctx context.Context, q queryer, f outlay.VendorFilter, count bool) ([]*outlay.Vendor, int, error) {
	where, args := vendorWhere(f)
	total := 0
	if count {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM vendors v WHERE `+where, args...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT `+vendorColumns+` FROM vendors v WHERE `+where+
		vendorOrder(f)+limitOffset(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*outlay.Vendor
	for rows.Next() {
		v, err := scanVendor(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	if !count {
		total = len(out)
	}
	return out, total, rows.Err()
}

// CreateVendor stores a new vendor. A name already taken, in any letter case, is
// ECONFLICT with a message at the name field.
func (d *DB) CreateVendor(ctx context.Context, v *outlay.Vendor) error {
	return d.inTx(ctx, func(tx *Tx) error { return createVendor(ctx, tx, v) })
}

func createVendor(ctx context.Context, tx *Tx, v *outlay.Vendor) error {
	v.Normalize()
	if err := v.Validate(); err != nil {
		return err
	}
	v.CreatedAt, v.UpdatedAt, v.ArchivedAt, v.ContractCount = tx.now, tx.now, nil, 0
	res, err := tx.ExecContext(ctx, `INSERT INTO vendors (name, name_key, category, status, criticality, website,
		contact_name, contact_email, contact_phone, support_contact, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.Name, vendorNameKey(v.Name), v.Category, v.Status, v.Criticality, v.Website,
		v.ContactName, v.ContactEmail, v.ContactPhone, v.SupportContact, v.Notes,
		formatTime(v.CreatedAt), formatTime(v.UpdatedAt))
	if isUniqueViolation(err) {
		return vendorNameTaken(tx, v.Name)
	} else if err != nil {
		return err
	}
	if v.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit(outlay.ActionCreate, "vendor", v.ID, nil, vendorAudit(v))
}

// UpdateVendor changes a vendor's fields. An archived vendor is not changed: it is kept
// as it was when it was put away.
func (d *DB) UpdateVendor(ctx context.Context, v *outlay.Vendor) error {
	return d.inTx(ctx, func(tx *Tx) error { return updateVendor(ctx, tx, v) })
}

func updateVendor(ctx context.Context, tx *Tx, v *outlay.Vendor) error {
	v.Normalize()
	if err := v.Validate(); err != nil {
		return err
	}
	before, err := findVendorByID(ctx, tx, v.ID)
	if err != nil {
		return err
	}
	if before.ArchivedAt != nil {
		return outlay.Errorf(outlay.ECONFLICT, "This vendor is archived and can no longer be changed.")
	}
	_, err = tx.ExecContext(ctx, `UPDATE vendors SET name = ?, name_key = ?, category = ?, status = ?, criticality = ?,
		website = ?, contact_name = ?, contact_email = ?, contact_phone = ?, support_contact = ?, notes = ?,
		updated_at = ? WHERE id = ?`,
		v.Name, vendorNameKey(v.Name), v.Category, v.Status, v.Criticality, v.Website,
		v.ContactName, v.ContactEmail, v.ContactPhone, v.SupportContact, v.Notes, formatTime(tx.now), v.ID)
	if isUniqueViolation(err) {
		return vendorNameTaken(tx, v.Name)
	} else if err != nil {
		return err
	}
	v.CreatedAt, v.UpdatedAt, v.ArchivedAt, v.ContractCount = before.CreatedAt, tx.now, nil, before.ContractCount
	return tx.audit(outlay.ActionUpdate, "vendor", v.ID, vendorAudit(before), vendorAudit(v))
}

// ArchiveVendor hides a vendor from lists and pickers; its contracts and history stay.
// Archiving an archived vendor is ECONFLICT, so a second click does not write a second
// audit entry that claims a change.
func (d *DB) ArchiveVendor(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error { return archiveVendor(ctx, tx, id) })
}

func archiveVendor(ctx context.Context, tx *Tx, id int64) error {
	before, err := findVendorByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if before.ArchivedAt != nil {
		return outlay.Errorf(outlay.ECONFLICT, "This vendor is already archived.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE vendors SET archived_at = ?, updated_at = ? WHERE id = ?`,
		formatTime(tx.now), formatTime(tx.now), id); err != nil {
		return err
	}
	after := *before
	at := tx.now
	after.ArchivedAt, after.UpdatedAt = &at, tx.now
	return tx.audit(outlay.ActionArchive, "vendor", id, vendorAudit(before), vendorAudit(&after))
}

// findVendorByName returns the vendor with a name, in any letter case, archived or not,
// or ENOTFOUND: how an import matches a vendor column to the vendors already stored.
func findVendorByName(ctx context.Context, q queryer, name string) (*outlay.Vendor, error) {
	row := q.QueryRowContext(ctx, `SELECT `+vendorColumns+` FROM vendors v WHERE v.name_key = ?`,
		vendorNameKey(strings.TrimSpace(name)))
	v, err := scanVendor(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Vendor not found.")
	}
	return v, err
}

// vendorNameKey is the value the unique index compares: names differing only in letter
// case are the same vendor.
func vendorNameKey(name string) string { return strings.ToLower(name) }

// vendorNameTaken builds the conflict error for a duplicate name, saying when the vendor
// holding it is archived, since an archived one does not show in the list by default.
func vendorNameTaken(tx *Tx, name string) error {
	msg := "a vendor with this name already exists"
	var archived sql.NullString
	if err := tx.QueryRow(`SELECT archived_at FROM vendors WHERE name_key = ?`, vendorNameKey(name)).Scan(&archived); err == nil && archived.Valid {
		msg = "an archived vendor with this name already exists"
	}
	return &outlay.Error{Code: outlay.ECONFLICT, Message: "A vendor with this name already exists.",
		Fields: map[string]string{"name": msg}}
}

// PickVendors finds the vendors a searchable vendor field offers for q. The names that
// start with q come from a range of the unique name_key index, so they cost the same
// with two thousand vendors as with twenty; only when they do not fill the list are
// the names that hold q elsewhere looked for.
func (d *DB) PickVendors(ctx context.Context, q string, archived bool, limit int) ([]outlay.VendorPick, error) {
	if limit <= 0 {
		return nil, nil
	}
	key := vendorNameKey(strings.TrimSpace(q))
	live := ""
	if !archived {
		live = " AND archived_at IS NULL"
	}
	// Every name_key with the prefix sorts at or after it and before prefix+U+10FFFF,
	// the highest code point, under SQLite's byte-wise comparison of UTF-8.
	out, err := vendorPicks(ctx, d.read, `SELECT id, name, archived_at IS NOT NULL FROM vendors
		WHERE name_key >= ? AND name_key < ?`+live+` ORDER BY name_key LIMIT ?`, key, key+"\U0010FFFF", limit)
	if err != nil || len(out) >= limit || key == "" {
		return out, err
	}
	more, err := vendorPicks(ctx, d.read, `SELECT id, name, archived_at IS NOT NULL FROM vendors
		WHERE name_key LIKE ? ESCAPE '\' AND NOT (name_key >= ? AND name_key < ?)`+live+` ORDER BY name_key LIMIT ?`,
		"%"+likeEscaper.Replace(key)+"%", key, key+"\U0010FFFF", limit-len(out))
	return append(out, more...), err
}

func vendorPicks(ctx context.Context, q queryer, query string, args ...any) ([]outlay.VendorPick, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []outlay.VendorPick
	for rows.Next() {
		var p outlay.VendorPick
		if err := rows.Scan(&p.ID, &p.Name, &p.Archived); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
