package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"outlay/internal/figures"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

var _ outlay.SpendService = (*DB)(nil)

const spendColumns = `e.id, e.date, e.vendor_id, v.name, e.description, e.invoice_number, e.po_number,
	e.amount, e.currency, e.fx_rate_micros, e.base_amount, e.contract_id, coalesce(c.title, ''),
	e.licence_id, e.service_from, e.service_to, e.created_at, e.updated_at`

const spendFrom = ` FROM spend_entries e JOIN vendors v ON v.id = e.vendor_id LEFT JOIN contracts c ON c.id = e.contract_id`

func scanSpend(row interface{ Scan(...any) error }) (*outlay.SpendEntry, error) {
	var e outlay.SpendEntry
	var date, created, updated string
	var contract, licence sql.NullInt64
	var from, to sql.NullString
	if err := row.Scan(&e.ID, &date, &e.VendorID, &e.VendorName, &e.Description, &e.InvoiceNumber, &e.PONumber,
		&e.Amount, &e.Currency, &e.FXRateMicros, &e.BaseAmount, &contract, &e.ContractTitle,
		&licence, &from, &to, &created, &updated); err != nil {
		return nil, err
	}
	e.Date, e.CreatedAt, e.UpdatedAt = parseDate(date), parseTime(created), parseTime(updated)
	if contract.Valid {
		e.ContractID = &contract.Int64
	}
	if licence.Valid {
		e.LicenceID = &licence.Int64
	}
	e.ServiceFrom, e.ServiceTo = spendNullDate(from), spendNullDate(to)
	return &e, nil
}

// spendNullDate reads an optional civil date column.
func spendNullDate(ns sql.NullString) *time.Time {
	if !ns.Valid || ns.String == "" {
		return nil
	}
	t := parseDate(ns.String)
	return &t
}

// spendDateArg writes an optional civil date for a nullable column.
func spendDateArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return outlay.FormatDate(*t)
}

// spendAudit is what the audit log keeps of an entry, with the API's field names.
func spendAudit(e *outlay.SpendEntry, base string) map[string]any {
	allocs := make([]map[string]any, len(e.Allocations))
	for i, a := range e.Allocations {
		allocs[i] = map[string]any{"budget_line_id": a.BudgetLineID, "budget_line_code": a.BudgetLineCode,
			"amount": money.Decimal(a.Amount, base)}
	}
	m := map[string]any{
		"date": outlay.FormatDate(e.Date), "vendor_id": e.VendorID, "description": e.Description,
		"invoice_number": e.InvoiceNumber, "po_number": e.PONumber,
		"amount": money.Decimal(e.Amount, e.Currency), "currency": e.Currency,
		"fx_rate":     money.FormatFixed(e.FXRateMicros, outlay.RateDigits),
		"base_amount": money.Decimal(e.BaseAmount, base), "base_currency": base,
		"contract_id": e.ContractID, "licence_id": e.LicenceID,
		"service_from": spendDateArg(e.ServiceFrom), "service_to": spendDateArg(e.ServiceTo),
		"allocations": allocs,
	}
	return m
}

// FindSpendByID returns one entry with its allocations.
func (d *DB) FindSpendByID(ctx context.Context, id int64) (*outlay.SpendEntry, error) {
	return findSpendByID(ctx, d.read, id)
}

func findSpendByID(ctx context.Context, q queryer, id int64) (*outlay.SpendEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+spendColumns+spendFrom+` WHERE e.id = ?`, id)
	if err != nil {
		return nil, err
	}
	entries, err := collectSpend(rows)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Spend entry not found.")
	}
	if err := loadSpendAllocations(ctx, q, entries); err != nil {
		return nil, err
	}
	return entries[0], nil
}

func collectSpend(rows *sql.Rows) ([]*outlay.SpendEntry, error) {
	out, err := collect(rows, scanSpend)
	return out, err
}

// spendExportBatch is how many entries EachSpend reads before loading their allocations
// with one query and handing them on.
const spendExportBatch = 500

// EachSpend calls fn for every entry that matches the filter (paging ignored), in the
// filter's order, with its allocations. Entries stream in batches: an export of 250,000
// invoices never holds them all in memory. The cursor and the allocation reads share one
// read transaction, so an export holds one pooled connection and never waits for a
// second one while holding it (eight exports waiting so on an eight-connection pool
// jammed every request), and every batch comes from the same snapshot. fn must not use
// the database: it runs while the cursor is open.
func (d *DB) EachSpend(ctx context.Context, f outlay.SpendFilter, fn func(*outlay.SpendEntry) error) error {
	tx, err := d.read.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // read-only: nothing to commit
	return eachSpend(ctx, tx, f, fn)
}

// eachSpend streams the entries through q, which must be one connection (a transaction):
// the cursor stays open while each batch's allocations are read through q as well.

func eachSpend(ctx context.Context, q queryer, f outlay.SpendFilter, fn func(*outlay.SpendEntry) error) error {
	where, args := spendWhere(f)
	if f.BudgetLineID != nil {
		where = append(where, "e.id IN (SELECT spend_id FROM spend_allocations WHERE budget_line_id = ?)")
		args = append(args, *f.BudgetLineID)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+spendColumns+spendFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+spendOrder(f), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	batch := make([]*outlay.SpendEntry, 0, spendExportBatch)
	flush := func() error {
		if err := loadSpendAllocations(ctx, q, batch); err != nil {
			return err
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	for rows.Next() {
		e, err := scanSpend(rows)
		if err != nil {
			return err
		}
		if batch = append(batch, e); len(batch) == spendExportBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// loadSpendAllocations fills the allocations of a page of entries with one query.
func loadSpendAllocations(ctx context.Context, q queryer, entries []*outlay.SpendEntry) error {
	if len(entries) == 0 {
		return nil
	}
	byID := make(map[int64]*outlay.SpendEntry, len(entries))
	marks := make([]string, len(entries))
	args := make([]any, len(entries))
	for i, e := range entries {
		byID[e.ID] = e
		marks[i], args[i] = "?", e.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT a.spend_id, a.budget_line_id, b.code, b.name, a.amount
		FROM spend_allocations a JOIN budget_lines b ON b.id = a.budget_line_id
		WHERE a.spend_id IN (`+strings.Join(marks, ",")+`) ORDER BY a.spend_id, a.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a outlay.Allocation
		if err := rows.Scan(&id, &a.BudgetLineID, &a.BudgetLineCode, &a.BudgetLineName, &a.Amount); err != nil {
			return err
		}
		if e := byID[id]; e != nil {
			e.Allocations = append(e.Allocations, a)
		}
	}
	return rows.Err()
}

// spendSorts maps the sort keys a list may ask for to ORDER BY clauses; user input never
// reaches the SQL text. The id breaks ties so pages never overlap.
var spendSorts = map[string]string{
	"date":    "e.date %[1]s, e.id %[1]s",
	"amount":  "e.base_amount %[1]s, e.id %[1]s",
	"vendor":  "v.name_key %[1]s, e.date DESC, e.id DESC",
	"invoice": "e.invoice_number COLLATE NOCASE %[1]s, e.id %[1]s",
}

// lineChargeWhere is the condition on allocations a of a budget line filter: the line's
// allocations within the period, by the allocation's own date (its index holds it), so
// the list's "Charged to" total and the export's charges are the same rows. Call it
// only when f.BudgetLineID is set.
func lineChargeWhere(f outlay.SpendFilter) ([]string, []any) {
	where, args := []string{"a.budget_line_id = ?"}, []any{*f.BudgetLineID}
	if f.From != nil {
		where, args = append(where, "a.date >= ?"), append(args, outlay.FormatDate(*f.From))
	}
	if f.To != nil {
		where, args = append(where, "a.date <= ?"), append(args, outlay.FormatDate(*f.To))
	}
	return where, args
}

// spendOrder is the ORDER BY clause of f's sort: newest first when the sort is not one
// a list offers.
func spendOrder(f outlay.SpendFilter) string {
	order, ok := spendSorts[f.Sort]
	desc := f.Desc
	if !ok {
		order, desc = spendSorts["date"], true
	}
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	return fmt.Sprintf(order, dir)
}

// spendLikeEscape makes s match literally inside a LIKE pattern with ESCAPE '\'.
func spendLikeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// spendWhere builds the conditions on spend_entries e shared by the count and the page.
// The budget line condition is left out: callers put it where the query shape needs it.
func spendWhere(f outlay.SpendFilter) ([]string, []any) {
	where, args := []string{"1=1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "e.id = ?"), append(args, *f.ID)
	}
	if f.From != nil {
		where, args = append(where, "e.date >= ?"), append(args, outlay.FormatDate(*f.From))
	}
	if f.To != nil {
		where, args = append(where, "e.date <= ?"), append(args, outlay.FormatDate(*f.To))
	}
	if f.VendorID != nil {
		where, args = append(where, "e.vendor_id = ?"), append(args, *f.VendorID)
	}
	if f.ContractID != nil {
		where, args = append(where, "e.contract_id = ?"), append(args, *f.ContractID)
	}
	if f.LicenceID != nil {
		where, args = append(where, "e.licence_id = ?"), append(args, *f.LicenceID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := "%" + spendLikeEscape(q) + "%"
		where = append(where, `(e.description LIKE ? ESCAPE '\' OR e.invoice_number LIKE ? ESCAPE '\')`)
		args = append(args, p, p)
	}
	return where, args
}

// FindSpend returns one page of entries, how many match, and their base-currency total
// for the whole filter, computed by one aggregate query. With a budget line filter the
// aggregate runs over that line's allocations (its index holds the date and amount), so
// the total is what was charged to the line, not the entries' whole amounts.
func (d *DB) FindSpend(ctx context.Context, f outlay.SpendFilter) ([]*outlay.SpendEntry, int, int64, error) {
	where, args := spendWhere(f)
	var total int
	var sum int64
	var err error
	if f.BudgetLineID != nil {
		lw, la := lineChargeWhere(f)
		err = d.read.QueryRowContext(ctx, `SELECT count(DISTINCT a.spend_id), coalesce(sum(a.amount), 0)
			FROM spend_allocations a JOIN spend_entries e ON e.id = a.spend_id
			WHERE `+strings.Join(append(lw, where...), " AND "), append(la, args...)...).Scan(&total, &sum)
		where = append(where, "e.id IN (SELECT spend_id FROM spend_allocations WHERE budget_line_id = ?)")
		args = append(args, *f.BudgetLineID)
	} else {
		err = d.read.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(e.base_amount), 0) FROM spend_entries e
			WHERE `+strings.Join(where, " AND "), args...).Scan(&total, &sum)
	}
	if err != nil {
		return nil, 0, 0, err
	}
	rows, err := d.read.QueryContext(ctx, `SELECT `+spendColumns+spendFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+spendOrder(f)+limitOffset(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, 0, err
	}
	entries, err := collectSpend(rows)
	if err != nil {
		return nil, 0, 0, err
	}
	if err := loadSpendAllocations(ctx, d.read, entries); err != nil {
		return nil, 0, 0, err
	}
	return entries, total, sum, nil
}

// CreateSpend checks, converts and stores a new entry with its allocations and their
// accrual rows, marks the contract's billing periods it invoices, and audits it, all in
// one transaction: a refusal leaves nothing behind.
func (d *DB) CreateSpend(ctx context.Context, e *outlay.SpendEntry) error {
	return d.inTx(ctx, func(tx *Tx) error { return createSpend(ctx, tx, e) })
}

func createSpend(ctx context.Context, tx *Tx, e *outlay.SpendEntry) error {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	st, err := tx.getSettings(ctx)
	if err != nil {
		return err
	}
	if err := checkSpendRefs(ctx, tx, e, st); err != nil {
		return err
	}
	if err := convertSpend(ctx, tx, e, st.BaseCurrency); err != nil {
		return err
	}
	if err := settleSpendAllocations(e, st.BaseCurrency); err != nil {
		return err
	}
	e.CreatedAt, e.UpdatedAt = tx.now, tx.now
	res, err := tx.ExecContext(ctx, `INSERT INTO spend_entries (date, vendor_id, description, invoice_number, po_number, amount,
		currency, fx_rate_micros, base_amount, contract_id, licence_id, service_from, service_to, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		outlay.FormatDate(e.Date), e.VendorID, e.Description, e.InvoiceNumber, e.PONumber, e.Amount,
		e.Currency, e.FXRateMicros, e.BaseAmount, e.ContractID, e.LicenceID, spendDateArg(e.ServiceFrom), spendDateArg(e.ServiceTo),
		formatTime(e.CreatedAt), formatTime(e.UpdatedAt))
	if isUniqueViolation(err) {
		return spendDuplicate(ctx, tx, e)
	} else if err != nil {
		return err
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := insertSpendAllocations(ctx, tx, e); err != nil {
		return err
	}
	if err := tx.markInvoiced(ctx, e.ContractID); err != nil {
		return err
	}
	// A new entry's summary keys are the ones it was just stored with.
	keys := newSpendKeys()
	keys.add(e)
	if err := tx.rebuildSummaries(ctx, keys); err != nil {
		return err
	}
	if !tx.audits() {
		return nil
	}
	return tx.audit(outlay.ActionCreate, "spend", e.ID, nil, spendAudit(e, st.BaseCurrency))
}

// UpdateSpend saves an entry's changes. It converts again, at the rate effective on the
// (new) date, only when the date, amount or currency changed: otherwise the entry keeps
// the rate it was recorded with, even if rates were added since.
func (d *DB) UpdateSpend(ctx context.Context, e *outlay.SpendEntry) error {
	return d.inTx(ctx, func(tx *Tx) error { return updateSpend(ctx, tx, e) })
}

func updateSpend(ctx context.Context, tx *Tx, e *outlay.SpendEntry) error {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	before, err := findSpendByID(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	keys := newSpendKeys()
	if err := keys.addEntry(ctx, tx, e.ID); err != nil {
		return err
	}
	st, err := tx.getSettings(ctx)
	if err != nil {
		return err
	}
	if err := checkSpendRefs(ctx, tx, e, st); err != nil {
		return err
	}
	if !e.Date.Equal(before.Date) || e.Amount != before.Amount || e.Currency != before.Currency {
		if err := convertSpend(ctx, tx, e, st.BaseCurrency); err != nil {
			return err
		}
	} else {
		e.FXRateMicros, e.BaseAmount = before.FXRateMicros, before.BaseAmount
	}
	if err := settleSpendAllocations(e, st.BaseCurrency); err != nil {
		return err
	}
	e.CreatedAt, e.UpdatedAt = before.CreatedAt, tx.now
	_, err = tx.ExecContext(ctx, `UPDATE spend_entries SET date = ?, vendor_id = ?, description = ?, invoice_number = ?,
		po_number = ?, amount = ?, currency = ?, fx_rate_micros = ?, base_amount = ?, contract_id = ?, licence_id = ?,
		service_from = ?, service_to = ?, updated_at = ? WHERE id = ?`,
		outlay.FormatDate(e.Date), e.VendorID, e.Description, e.InvoiceNumber, e.PONumber, e.Amount, e.Currency,
		e.FXRateMicros, e.BaseAmount, e.ContractID, e.LicenceID, spendDateArg(e.ServiceFrom), spendDateArg(e.ServiceTo),
		formatTime(e.UpdatedAt), e.ID)
	if isUniqueViolation(err) {
		return spendDuplicate(ctx, tx, e)
	} else if err != nil {
		return err
	}
	// The accrual rows go with their allocations (ON DELETE CASCADE).
	if _, err := tx.ExecContext(ctx, `DELETE FROM spend_allocations WHERE spend_id = ?`, e.ID); err != nil {
		return err
	}
	if err := insertSpendAllocations(ctx, tx, e); err != nil {
		return err
	}
	if err := tx.markInvoiced(ctx, before.ContractID); err != nil {
		return err
	}
	if err := tx.markInvoiced(ctx, e.ContractID); err != nil {
		return err
	}
	keys.add(e)
	if err := tx.rebuildSummaries(ctx, keys); err != nil {
		return err
	}
	return tx.audit(outlay.ActionUpdate, "spend", e.ID, spendAudit(before, st.BaseCurrency), spendAudit(e, st.BaseCurrency))
}

// DeleteSpend removes an entry with its allocations and accrual rows; the contract's
// billing periods it invoiced count as not invoiced again unless another entry covers
// them.
func (d *DB) DeleteSpend(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error { return deleteSpend(ctx, tx, id) })
}

func deleteSpend(ctx context.Context, tx *Tx, id int64) error {
	before, err := findSpendByID(ctx, tx, id)
	if err != nil {
		return err
	}
	st, err := tx.getSettings(ctx)
	if err != nil {
		return err
	}
	keys := newSpendKeys()
	keys.add(before)
	if _, err := tx.ExecContext(ctx, `DELETE FROM spend_entries WHERE id = ?`, id); err != nil {
		return err
	}
	if err := tx.markInvoiced(ctx, before.ContractID); err != nil {
		return err
	}
	if err := tx.rebuildSummaries(ctx, keys); err != nil {
		return err
	}
	return tx.audit("delete", "spend", id, spendAudit(before, st.BaseCurrency), nil)
}

// checkSpendRefs checks what the entry points at: the vendor exists, the contract and
// licence (if any) are that vendor's, and every budget line exists and belongs to the
// fiscal year of the entry's date, because an invoice is charged to its own year's
// budget. It fills the vendor name, contract title and the lines' codes and names.
func checkSpendRefs(ctx context.Context, tx *Tx, e *outlay.SpendEntry, st outlay.Settings) error {
	f := outlay.FieldErrors{}
	name, ok, err := spendVendor(ctx, tx, e.VendorID)
	if err != nil {
		return err
	} else if !ok {
		f.Add("vendor_id", "no such vendor")
	}
	e.VendorName = name
	e.ContractTitle = ""
	if e.ContractID != nil {
		c, ok, err := spendContract(ctx, tx, *e.ContractID)
		if ok {
			e.ContractTitle = c.title
		}
		switch {
		case err != nil:
			return err
		case !ok:
			f.Add("contract_id", "no such contract")
		case c.vendor != e.VendorID:
			f.Add("contract_id", "this contract is with another vendor")
		}
	}
	if e.LicenceID != nil {
		vendor, ok, err := spendLicence(ctx, tx, *e.LicenceID)
		switch {
		case err != nil:
			return err
		case !ok:
			f.Add("licence_id", "no such licence")
		case vendor != e.VendorID:
			f.Add("licence_id", "this licence is from another vendor")
		}
	}
	cal := st.Calendar()
	fy := cal.Year(e.Date)
	for i := range e.Allocations {
		a := &e.Allocations[i]
		l, ok, err := spendLine(ctx, tx, a.BudgetLineID)
		if ok {
			a.BudgetLineCode, a.BudgetLineName = l.code, l.name
		}
		switch {
		case err != nil:
			return err
		case !ok:
			f.Add("allocations", fmt.Sprintf("line %d: no such budget line", i+1))
		case l.fy != fy:
			f.Add("allocations", fmt.Sprintf("%s is a %s line; this entry is dated in %s", a.BudgetLineCode, cal.Label(l.fy), cal.Label(fy)))
		}
	}
	return f.Err()
}

// convertSpend sets the entry's rate and base amount from the rate effective on its
// date. A foreign currency without one is refused with a message naming the missing rate.
func convertSpend(ctx context.Context, tx *Tx, e *outlay.SpendEntry, base string) error {
	if e.Currency == base {
		e.FXRateMicros, e.BaseAmount = outlay.SpendRateMicros, e.Amount
		return nil
	}
	micros, err := spendRateOn(ctx, tx, e.Currency, e.Date)
	if outlay.ErrorCode(err) == outlay.ENOTFOUND {
		msg := outlay.ErrorMessage(err)
		return &outlay.Error{Code: outlay.EINVALID, Message: msg, Fields: map[string]string{"currency": msg}}
	} else if err != nil {
		return err
	}
	b, ok := spendConvert(e.Amount, e.Currency, base, micros)
	if !ok || b > outlay.MaxAmount || b < -outlay.MaxAmount {
		return &outlay.Error{Code: outlay.EINVALID, Message: "Please correct the highlighted fields.",
			Fields: map[string]string{"amount": "too large to convert"}}
	}
	e.FXRateMicros, e.BaseAmount = micros, b
	return nil
}

// spendConvert converts amount (minor units of from) into minor units of base; it
// reports false when the result does not fit in int64.
func spendConvert(amount int64, from, base string, rateMicros int64) (int64, bool) {
	fd, _ := money.Digits(from)
	bd, _ := money.Digits(base)
	return figures.ConvertChecked(amount, fd, bd, rateMicros)
}

// settleSpendAllocations gives the allocation without an amount (if any) the rest of the base
// amount, and checks that the parts add up to it exactly.
func settleSpendAllocations(e *outlay.SpendEntry, base string) error {
	fail := func(msg string) error {
		return &outlay.Error{Code: outlay.EINVALID, Message: "Please correct the highlighted fields.",
			Fields: map[string]string{"allocations": msg}}
	}
	var sum int64
	rest := -1
	for i, a := range e.Allocations {
		if a.Amount == 0 {
			rest = i
		}
		sum += a.Amount
	}
	whole := money.Format(e.BaseAmount, base) + " " + base
	if rest >= 0 {
		left := e.BaseAmount - sum
		if left == 0 || (left < 0) != (e.BaseAmount < 0) {
			return fail(fmt.Sprintf("the other lines add up to %s %s, which leaves nothing for the line without an amount out of the entry's %s",
				money.Format(sum, base), base, whole))
		}
		e.Allocations[rest].Amount = left
		return nil
	}
	if sum != e.BaseAmount {
		return fail(fmt.Sprintf("the allocations add up to %s %s, not the entry's %s", money.Format(sum, base), base, whole))
	}
	return nil
}

// insertSpendAllocations writes the allocations with the entry's date (for cash-basis
// aggregates) and their spread over the service period by month (for accrual basis).
func insertSpendAllocations(ctx context.Context, tx *Tx, e *outlay.SpendEntry) error {
	date := outlay.FormatDate(e.Date)
	for _, a := range e.Allocations {
		res, err := tx.ExecContext(ctx, `INSERT INTO spend_allocations (spend_id, budget_line_id, amount, date) VALUES (?, ?, ?, ?)`,
			e.ID, a.BudgetLineID, a.Amount, date)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for _, s := range figures.AccrualShares(a.Amount, e.Date, e.ServiceFrom, e.ServiceTo) {
			if s.Amount == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO spend_accruals (allocation_id, budget_line_id, month, amount) VALUES (?, ?, ?, ?)`,
				id, a.BudgetLineID, s.Month.Key(), s.Amount); err != nil {
				return err
			}
		}
	}
	return nil
}

// spendMarkInvoiced recomputes which billing periods of a contract are invoiced: those in
// which a spend entry linked to the contract is dated. Recomputing (rather than setting
// a flag) keeps it right when an entry moves, changes contract or is deleted.
func spendMarkInvoiced(ctx context.Context, tx *Tx, contractID *int64) error {
	if contractID == nil {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE contract_payments SET invoiced = `+
		paymentInvoicedSQL("contract_payments.contract_id", "contract_payments.period_start", "contract_payments.period_end")+
		` WHERE contract_id = ?`, *contractID)
	return err
}

// spendDuplicate builds the answer to a second entry with a vendor's invoice number:
// ECONFLICT naming the entry already recorded, whose id is in Fields["existing_id"] so
// that pages can link to it and the API can return it.
func spendDuplicate(ctx context.Context, tx *Tx, e *outlay.SpendEntry) error {
	var existing int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM spend_entries WHERE vendor_id = ? AND invoice_number = ? COLLATE NOCASE AND id <> ?`,
		e.VendorID, e.InvoiceNumber, e.ID).Scan(&existing)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return &outlay.Error{Code: outlay.ECONFLICT,
		Message: fmt.Sprintf("Invoice %s from %s is already recorded as spend entry #%d (/spend/%d).", e.InvoiceNumber, e.VendorName, existing, existing),
		Fields:  map[string]string{"invoice_number": "already recorded for this vendor", "existing_id": strconv.FormatInt(existing, 10)}}
}

// SpendPickers loads the choices of the spend form and filters: the budget lines of the
// given fiscal years and the contracts of one vendor (labelled with their reference,
// archived ones last and marked, so that editing an old entry never silently drops its
// link). Contracts are listed for one vendor only (nil lists none): an organisation may
// hold tens of thousands, far too many for one select.
func (d *DB) SpendPickers(ctx context.Context, vendorID *int64, fys ...int) (lines, contracts []outlay.Choice, err error) {
	if len(fys) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(fys)), ",")
		args := make([]any, len(fys))
		for i, fy := range fys {
			args[i] = fy
		}
		label := `code || ' — ' || name`
		if len(fys) > 1 {
			label += ` || ' (FY' || fy || ')'`
		}
		if lines, err = spendChoices(ctx, d.read, `SELECT id, `+label+` FROM budget_lines WHERE fy IN (`+marks+`) ORDER BY fy DESC, code`, args...); err != nil {
			return nil, nil, err
		}
	}
	if vendorID == nil {
		return lines, nil, nil
	}
	if contracts, err = spendChoices(ctx, d.read, `SELECT c.id, c.title || CASE WHEN c.reference = '' THEN '' ELSE ' (' || c.reference || ')' END ||
		CASE WHEN c.archived_at IS NULL THEN '' ELSE ' (archived)' END FROM contracts c
		WHERE c.vendor_id = ? ORDER BY c.archived_at IS NOT NULL, c.title`, *vendorID); err != nil {
		return nil, nil, err
	}
	return lines, contracts, nil
}

func spendChoices(ctx context.Context, q queryer, query string, args ...any) ([]outlay.Choice, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []outlay.Choice
	for rows.Next() {
		var c outlay.Choice
		if err := rows.Scan(&c.ID, &c.Label); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// EachSpendCharge streams one row per allocation of the matching entries from a single
// query in one read transaction: no query per entry or batch, so the export of every
// allocation of a large book costs one cursor. Consecutive charges of one entry share
// its SpendEntry, which carries what an export shows (not its timestamps). With a
// budget line filter only that line's allocations come, bounded by the allocation's own
// date like the list's "Charged to" total.
func (d *DB) EachSpendCharge(ctx context.Context, f outlay.SpendFilter, fn func(*outlay.SpendCharge) error) error {
	tx, err := d.read.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // read-only: nothing to commit
	where, args := spendWhere(f)
	// Without a line filter the entries lead, in their date index's order, and each
	// entry's allocations follow in id order from theirs: no sort of the whole result
	// before the first row. With one, the line's allocation index leads.
	join := "CROSS JOIN"
	if f.BudgetLineID != nil {
		join = "JOIN"
		lw, la := lineChargeWhere(f)
		where, args = append(where, lw...), append(args, la...)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+spendChargeColumns+`
		FROM spend_entries e JOIN vendors v ON v.id = e.vendor_id LEFT JOIN contracts c ON c.id = e.contract_id
		`+join+` spend_allocations a ON a.spend_id = e.id JOIN budget_lines b ON b.id = a.budget_line_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY `+spendOrder(f)+`, a.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var sc spendChargeScanner
	for rows.Next() {
		ch, err := sc.scan(rows)
		if err != nil {
			return err
		}
		if err := fn(ch); err != nil {
			return err
		}
	}
	return rows.Err()
}

// spendChargeColumns are the columns of a charge (an allocation with its entry, vendor,
// contract and budget line) that spendChargeScanner reads, over spend_entries e,
// vendors v, contracts c, spend_allocations a and budget_lines b. The spend export and
// the finance pack's Spend sheet read the same columns the same way.
const spendChargeColumns = `e.id, e.date, e.vendor_id, v.name, e.description, e.invoice_number, e.po_number,
		e.amount, e.currency, e.fx_rate_micros, e.base_amount, e.contract_id, coalesce(c.title, ''), coalesce(c.reference, ''),
		e.service_from, e.service_to, a.budget_line_id, b.code, b.name, b.cost_centre, b.gl_account, a.amount`

// spendChargeScanner reads charges row after row; consecutive charges of one entry
// share its SpendEntry, and the charges of one budget line share its words (a large
// export has tens of thousands of charges to a few hundred lines).
type spendChargeScanner struct {
	entry *outlay.SpendEntry
	lines map[int64][4]string // code, name, cost centre, GL account
	line  [4]sql.RawBytes     // reused from row to row
}

// scan reads one row of spendChargeColumns followed by extra destinations.
func (s *spendChargeScanner) scan(rows *sql.Rows, extra ...any) (*outlay.SpendCharge, error) {
	var e outlay.SpendEntry
	var ch outlay.SpendCharge
	var date string
	var contract sql.NullInt64
	var from, to sql.NullString
	line := &s.line
	if err := rows.Scan(append([]any{&e.ID, &date, &e.VendorID, &e.VendorName, &e.Description, &e.InvoiceNumber, &e.PONumber,
		&e.Amount, &e.Currency, &e.FXRateMicros, &e.BaseAmount, &contract, &e.ContractTitle, &ch.ContractReference,
		&from, &to, &ch.Allocation.BudgetLineID, &line[0], &line[1], &line[2], &line[3], &ch.Allocation.Amount}, extra...)...); err != nil {
		return nil, err
	}
	words, ok := s.lines[ch.Allocation.BudgetLineID]
	if !ok {
		words = [4]string{string(line[0]), string(line[1]), string(line[2]), string(line[3])}
		if s.lines == nil {
			s.lines = map[int64][4]string{}
		}
		s.lines[ch.Allocation.BudgetLineID] = words
	}
	ch.Allocation.BudgetLineCode, ch.Allocation.BudgetLineName, ch.CostCentre, ch.GLAccount = words[0], words[1], words[2], words[3]
	if s.entry == nil || s.entry.ID != e.ID {
		e.Date = parseDate(date)
		if contract.Valid {
			e.ContractID = &contract.Int64
		}
		e.ServiceFrom, e.ServiceTo = spendNullDate(from), spendNullDate(to)
		s.entry = &e
	}
	ch.Entry = s.entry
	return &ch, nil
}
