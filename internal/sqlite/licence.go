package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

var _ outlay.LicenceService = (*DB)(nil)

// licenceSelect reads licences with their vendor name and contract title and reference joined in, so a
// page of licences is one query.
const licenceSelect = `SELECT l.id, l.product, l.vendor_id, v.name, l.contract_id, COALESCE(c.title, ''), COALESCE(c.reference, ''), l.kind,
	l.seats_purchased, l.seats_assigned, l.unit_price, l.currency, l.billing, l.start_date, l.expiry_date,
	l.owner_email, l.budget_line_code, l.notes, l.key_cipher IS NOT NULL, l.archived_at, l.created_at, l.updated_at
	FROM licences l JOIN vendors v ON v.id = l.vendor_id LEFT JOIN contracts c ON c.id = l.contract_id`

func scanLicence(row interface{ Scan(...any) error }) (*outlay.Licence, error) {
	var l outlay.Licence
	var contractID sql.NullInt64
	var start, expiry, created, updated string
	var archived sql.NullString
	if err := row.Scan(&l.ID, &l.Product, &l.VendorID, &l.VendorName, &contractID, &l.ContractTitle, &l.ContractReference, &l.Kind,
		&l.SeatsPurchased, &l.SeatsAssigned, &l.UnitPrice, &l.Currency, &l.Billing, &start, &expiry,
		&l.OwnerEmail, &l.BudgetLineCode, &l.Notes, &l.KeySet, &archived, &created, &updated); err != nil {
		return nil, err
	}
	if contractID.Valid {
		l.ContractID = &contractID.Int64
	}
	l.StartDate, l.ExpiryDate = parseDate(start), parseDate(expiry)
	l.ArchivedAt = nullTime(archived)
	l.CreatedAt, l.UpdatedAt = parseTime(created), parseTime(updated)
	return &l, nil
}

// licenceAudit is what the audit log keeps of a licence, with the API's field names. It
// says whether a key is stored, never the key.
func licenceAudit(l *outlay.Licence) map[string]any {
	m := map[string]any{
		"product": l.Product, "vendor_id": l.VendorID, "contract_id": l.ContractID, "kind": l.Kind,
		"seats_purchased": l.SeatsPurchased, "seats_assigned": l.SeatsAssigned,
		"unit_price": money.Decimal(l.UnitPrice, l.Currency), "currency": l.Currency, "billing": l.Billing,
		"start_date": outlay.FormatDate(l.StartDate), "expiry_date": outlay.FormatDate(l.ExpiryDate),
		"owner_email": l.OwnerEmail, "budget_line_code": l.BudgetLineCode, "notes": l.Notes, "key_set": l.KeySet,
	}
	return m
}

// licenceKeyAD binds a sealed key to its licence row, so a ciphertext copied onto
// another licence does not open.
func licenceKeyAD(id int64) []byte { return []byte("outlay/licence-key/" + strconv.FormatInt(id, 10)) }

// licenceSorts maps sort keys to ORDER BY clauses; user input never reaches the SQL.
// Licences without purchased seats or without an expiry date sort last either way.
var licenceSorts = map[string]struct{ asc, desc string }{
	"product": {"l.product COLLATE NOCASE", "l.product COLLATE NOCASE DESC"},
	"vendor":  {"v.name COLLATE NOCASE, l.product COLLATE NOCASE", "v.name COLLATE NOCASE DESC, l.product COLLATE NOCASE"},
	"kind":    {"l.kind, l.product COLLATE NOCASE", "l.kind DESC, l.product COLLATE NOCASE"},
	"seats":   {"l.seats_purchased, l.product COLLATE NOCASE", "l.seats_purchased DESC, l.product COLLATE NOCASE"},
	"utilisation": {
		"CASE WHEN l.seats_purchased > 0 THEN l.seats_assigned * 1000000 / l.seats_purchased END NULLS LAST, l.product COLLATE NOCASE",
		"CASE WHEN l.seats_purchased > 0 THEN l.seats_assigned * 1000000 / l.seats_purchased END DESC NULLS LAST, l.product COLLATE NOCASE"},
	"unit_price": {"l.unit_price, l.product COLLATE NOCASE", "l.unit_price DESC, l.product COLLATE NOCASE"},
	// Across currencies this orders raw minor units: good enough to find the big ones.
	"shelfware": {"MAX(l.seats_purchased - l.seats_assigned, 0) * l.unit_price, l.product COLLATE NOCASE", "MAX(l.seats_purchased - l.seats_assigned, 0) * l.unit_price DESC, l.product COLLATE NOCASE"},
	"expiry":    {"NULLIF(l.expiry_date, '') NULLS LAST, l.product COLLATE NOCASE", "NULLIF(l.expiry_date, '') DESC NULLS LAST, l.product COLLATE NOCASE"},
}

// licenceWhere turns a filter into a WHERE clause over licences l and vendors v.
func licenceWhere(f outlay.LicenceFilter) (string, []any) {
	where, args := []string{"1=1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "l.id = ?"), append(args, *f.ID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
		where, args = append(where, `(l.product LIKE ? ESCAPE '\' OR v.name LIKE ? ESCAPE '\')`), append(args, like, like)
	}
	if f.VendorID != nil {
		where, args = append(where, "l.vendor_id = ?"), append(args, *f.VendorID)
	}
	if f.ContractID != nil {
		where, args = append(where, "l.contract_id = ?"), append(args, *f.ContractID)
	}
	if f.Kind != "" {
		where, args = append(where, "l.kind = ?"), append(args, f.Kind)
	}
	if f.ExpiringFrom != nil {
		where, args = append(where, "l.expiry_date <> '' AND l.expiry_date >= ?"), append(args, outlay.FormatDate(*f.ExpiringFrom))
	}
	if f.ExpiringBefore != nil {
		where, args = append(where, "l.expiry_date <> '' AND l.expiry_date < ?"), append(args, outlay.FormatDate(*f.ExpiringBefore))
	}
	if f.UncoveredOn != nil {
		// The window does not matter: ended and cancelled do not depend on it.
		status, a := statusSQL(*f.UncoveredOn, outlay.DefaultWindowDays)
		where = append(where, `NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = l.contract_id AND c.archived_at IS NULL
			AND `+status+` NOT IN ('ended', 'cancelled'))`)
		args = append(args, a...)
	}
	if !f.Archived {
		where = append(where, "l.archived_at IS NULL")
	}
	return strings.Join(where, " AND "), args
}

// FindLicenceByID returns one licence, archived or not.
func (d *DB) FindLicenceByID(ctx context.Context, id int64) (*outlay.Licence, error) {
	return findLicence(ctx, d.read, id)
}

func findLicence(ctx context.Context, q queryer, id int64) (*outlay.Licence, error) {
	l, err := scanLicence(q.QueryRowContext(ctx, licenceSelect+` WHERE l.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Licence not found.")
	}
	return l, err
}

// FindLicences returns one page of licences and the total that match.
func (d *DB) FindLicences(ctx context.Context, f outlay.LicenceFilter) ([]*outlay.Licence, int, error) {
	return findLicences(ctx, d.read, f)
}

func findLicences(ctx context.Context, q queryer, f outlay.LicenceFilter) ([]*outlay.Licence, int, error) {
	where, args := licenceWhere(f)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM licences l JOIN vendors v ON v.id = l.vendor_id WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	sort, ok := licenceSorts[f.Sort]
	if !ok {
		sort = licenceSorts["product"]
	}
	order := sort.asc
	if f.Desc {
		order = sort.desc
	}
	rows, err := q.QueryContext(ctx, licenceSelect+` WHERE `+where+` ORDER BY `+order+`, l.id`+limitOffset(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := collect(rows, scanLicence)
	return out, total, err
}

// LicenceShelfware groups the matching licences' shelfware cost by currency and cost.
// Licences without shelfware are left out.
func (d *DB) LicenceShelfware(ctx context.Context, f outlay.LicenceFilter) ([]outlay.ShelfwareGroup, error) {
	where, args := licenceWhere(f)
	rows, err := d.read.QueryContext(ctx, `SELECT l.currency, MAX(l.seats_purchased - l.seats_assigned, 0) * l.unit_price AS cost, count(*)
		FROM licences l JOIN vendors v ON v.id = l.vendor_id WHERE `+where+` GROUP BY l.currency, cost HAVING cost > 0
		ORDER BY l.currency, cost`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanShelfware)
}

// ShelfwareTotals groups the shelfware of the licences in use: not archived and not
// expired as of today. An expired licence is no longer paid for, so its idle seats cost
// nothing.
func (d *DB) ShelfwareTotals(ctx context.Context) ([]outlay.ShelfwareGroup, error) {
	today := outlay.FormatDate(d.now())
	rows, err := d.read.QueryContext(ctx, `SELECT currency, MAX(seats_purchased - seats_assigned, 0) * unit_price AS cost, count(*)
		FROM licences WHERE archived_at IS NULL AND (expiry_date = '' OR expiry_date >= ?)
		GROUP BY currency, cost HAVING cost > 0 ORDER BY currency, cost`, today)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanShelfware)
}

// scanShelfware reads a (currency, cost, licences) row.
func scanShelfware(row interface{ Scan(...any) error }) (outlay.ShelfwareGroup, error) {
	var g outlay.ShelfwareGroup
	err := row.Scan(&g.Currency, &g.Cost, &g.Licences)
	return g, err
}

// checkLicenceLinks makes sure the vendor exists and the contract, if any, belongs to it.
// An archived vendor or contract is accepted only when the licence already had it, so
// editing an old licence does not force relinking it.
func checkLicenceLinks(ctx context.Context, tx *Tx, l, before *outlay.Licence) error {
	f := outlay.FieldErrors{}
	var vendorArchived sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT archived_at FROM vendors WHERE id = ?`, l.VendorID).Scan(&vendorArchived)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		f.Add("vendor_id", "no such vendor")
	case err != nil:
		return err
	case vendorArchived.Valid && (before == nil || before.VendorID != l.VendorID):
		f.Add("vendor_id", "this vendor is archived")
	}
	if l.ContractID != nil {
		var vendorID int64
		var contractArchived sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT vendor_id, archived_at FROM contracts WHERE id = ?`, *l.ContractID).Scan(&vendorID, &contractArchived)
		sameAsBefore := before != nil && before.ContractID != nil && *before.ContractID == *l.ContractID
		switch {
		case errors.Is(err, sql.ErrNoRows):
			f.Add("contract_id", "no such contract")
		case err != nil:
			return err
		case vendorID != l.VendorID:
			f.Add("contract_id", "this contract belongs to another vendor")
		case contractArchived.Valid && !sameAsBefore:
			f.Add("contract_id", "this contract is archived")
		}
	}
	return f.Err()
}

// normalizeKey trims what a paste adds around a key and checks its length.
func normalizeKey(key *string) (*string, error) {
	if key == nil {
		return nil, nil
	}
	k := strings.TrimSpace(*key)
	if err := outlay.ValidateLicenceKey(k); err != nil {
		return nil, err
	}
	return &k, nil
}

// storeKey encrypts key under the licence's id and writes it; "" clears it.
func storeKey(ctx context.Context, tx *Tx, id int64, key string) error {
	if key == "" {
		_, err := tx.ExecContext(ctx, `UPDATE licences SET key_cipher = NULL WHERE id = ?`, id)
		return err
	}
	sealed, err := tx.db.box.Seal([]byte(key), licenceKeyAD(id))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE licences SET key_cipher = ? WHERE id = ?`, sealed, id)
	return err
}

// CreateLicence validates and stores a new licence and, when given, its key encrypted,
// with one audit entry that says only whether a key was set.
func (d *DB) CreateLicence(ctx context.Context, l *outlay.Licence, key *string) error {
	return d.inTx(ctx, func(tx *Tx) error { return createLicence(ctx, tx, l, key) })
}

func createLicence(ctx context.Context, tx *Tx, l *outlay.Licence, key *string) error {
	l.Normalize()
	verr := l.Validate()
	key, kerr := normalizeKey(key)
	if err := joinFieldErrors(verr, kerr); err != nil {
		return err
	}
	if err := joinFieldErrors(checkLicenceLinks(ctx, tx, l, nil), checkBudgetLineCode(ctx, tx, l.BudgetLineCode)); err != nil {
		return err
	}
	l.CreatedAt, l.UpdatedAt, l.ArchivedAt = tx.now, tx.now, nil
	res, err := tx.ExecContext(ctx, `INSERT INTO licences (product, vendor_id, contract_id, kind, seats_purchased, seats_assigned,
		unit_price, currency, billing, start_date, expiry_date, owner_email, budget_line_code, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.Product, l.VendorID, l.ContractID, l.Kind, l.SeatsPurchased, l.SeatsAssigned, l.UnitPrice, l.Currency,
		l.Billing, outlay.FormatDate(l.StartDate), outlay.FormatDate(l.ExpiryDate), l.OwnerEmail, l.BudgetLineCode,
		l.Notes, formatTime(tx.now), formatTime(tx.now))
	if err != nil {
		return err
	}
	if l.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	after := licenceAudit(l)
	if key != nil && *key != "" {
		if err := storeKey(ctx, tx, l.ID, *key); err != nil {
			return err
		}
		l.KeySet = true
		after["key_set"], after["key"] = true, "set"
	}
	if err := fillLicenceNames(ctx, tx, l); err != nil {
		return err
	}
	return tx.audit(outlay.ActionCreate, "licence", l.ID, nil, after)
}

// UpdateLicence saves a licence's fields and applies the key change: nil keeps the
// stored key, "" removes it, anything else replaces it.
func (d *DB) UpdateLicence(ctx context.Context, l *outlay.Licence, key *string) error {
	return d.inTx(ctx, func(tx *Tx) error { return updateLicence(ctx, tx, l, key) })
}

func updateLicence(ctx context.Context, tx *Tx, l *outlay.Licence, key *string) error {
	l.Normalize()
	verr := l.Validate()
	key, kerr := normalizeKey(key)
	if err := joinFieldErrors(verr, kerr); err != nil {
		return err
	}
	before, err := findLicence(ctx, tx, l.ID)
	if err != nil {
		return err
	}
	if err := joinFieldErrors(checkLicenceLinks(ctx, tx, l, before), checkBudgetLineCode(ctx, tx, l.BudgetLineCode)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE licences SET product = ?, vendor_id = ?, contract_id = ?, kind = ?, seats_purchased = ?,
		seats_assigned = ?, unit_price = ?, currency = ?, billing = ?, start_date = ?, expiry_date = ?, owner_email = ?,
		budget_line_code = ?, notes = ?, updated_at = ? WHERE id = ?`,
		l.Product, l.VendorID, l.ContractID, l.Kind, l.SeatsPurchased, l.SeatsAssigned, l.UnitPrice, l.Currency,
		l.Billing, outlay.FormatDate(l.StartDate), outlay.FormatDate(l.ExpiryDate), l.OwnerEmail, l.BudgetLineCode,
		l.Notes, formatTime(tx.now), l.ID)
	if err != nil {
		return err
	}
	l.CreatedAt, l.UpdatedAt, l.ArchivedAt, l.KeySet = before.CreatedAt, tx.now, before.ArchivedAt, before.KeySet
	after := licenceAudit(l)
	switch {
	case key == nil:
	case *key == "" && before.KeySet:
		l.KeySet = false
		after["key"] = "removed"
	case *key != "":
		l.KeySet = true
		after["key"] = "set"
		if before.KeySet {
			after["key"] = "changed"
		}
	}
	after["key_set"] = l.KeySet
	if key != nil && (*key != "" || before.KeySet) {
		if err := storeKey(ctx, tx, l.ID, *key); err != nil {
			return err
		}
	}
	if err := fillLicenceNames(ctx, tx, l); err != nil {
		return err
	}
	return tx.audit(outlay.ActionUpdate, "licence", l.ID, licenceAudit(before), after)
}

// fillLicenceNames reads the vendor name and contract title for the saved licence.
func fillLicenceNames(ctx context.Context, tx *Tx, l *outlay.Licence) error {
	return tx.QueryRowContext(ctx, `SELECT v.name, COALESCE((SELECT title FROM contracts WHERE id = ?), '') FROM vendors v WHERE v.id = ?`,
		l.ContractID, l.VendorID).Scan(&l.VendorName, &l.ContractTitle)
}

// ArchiveLicence hides a licence from lists and shelfware totals. Archiving an archived
// licence changes nothing and writes no audit entry.
func (d *DB) ArchiveLicence(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error { return archiveLicence(ctx, tx, id) })
}

func archiveLicence(ctx context.Context, tx *Tx, id int64) error {
	l, err := findLicence(ctx, tx, id)
	if err != nil {
		return err
	}
	if l.ArchivedAt != nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE licences SET archived_at = ?, updated_at = ? WHERE id = ?`, formatTime(tx.now), formatTime(tx.now), id); err != nil {
		return err
	}
	return tx.audit(outlay.ActionArchive, "licence", id, map[string]any{"product": l.Product, "archived": false},
		map[string]any{"product": l.Product, "archived": true})
}

// RevealLicenceKey decrypts a licence key for an administrator. The reveal is audited
// (who, when, which licence; never the key) in the transaction that reads the key, and
// the key is returned only once that entry is committed: no reveal goes unrecorded.
func (d *DB) RevealLicenceKey(ctx context.Context, id int64) (string, error) {
	if u := outlay.UserFromContext(ctx); !u.IsAdmin() {
		return "", outlay.Errorf(outlay.EFORBIDDEN, "Only an administrator can reveal a licence key.")
	}
	var key string
	err := d.inTx(ctx, func(tx *Tx) (err error) {
		key, err = revealLicenceKey(ctx, tx, id)
		return err
	})
	if err != nil {
		return "", err
	}
	return key, nil
}

// revealLicenceKey decrypts a licence's key and audits the reveal. The entry is written
// even in a bulk load: a reveal is never left out of the log.
func revealLicenceKey(ctx context.Context, tx *Tx, id int64) (string, error) {
	var product string
	var sealed []byte
	err := tx.QueryRowContext(ctx, `SELECT product, key_cipher FROM licences WHERE id = ?`, id).Scan(&product, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", outlay.Errorf(outlay.ENOTFOUND, "Licence not found.")
	} else if err != nil {
		return "", err
	}
	if sealed == nil {
		return "", outlay.Errorf(outlay.ENOTFOUND, "This licence has no key stored.")
	}
	key, err := tx.db.box.OpenSealed(sealed, licenceKeyAD(id))
	if err != nil {
		return "", outlay.Errorf(outlay.EINTERNAL, "licence %d: key cannot be decrypted (was the key file replaced?): %v", id, err)
	}
	if err := tx.Audit(outlay.ActionReveal, "licence", id, nil, map[string]any{"product": product, "key": "revealed"}); err != nil {
		return "", err
	}
	return string(key), nil
}

// joinFieldErrors merges the field messages of validation errors into one EINVALID
// error, so a form shows every problem at once.
func joinFieldErrors(errs ...error) error {
	f := outlay.FieldErrors{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		fields := outlay.ErrorFields(err)
		if fields == nil {
			return err
		}
		for k, v := range fields {
			f.Add(k, v)
		}
	}
	return f.Err()
}
