package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
	"outlay/internal/upkeep"
)

// Ensure DB implements the contract service.
var _ outlay.ContractService = (*DB)(nil)

// contractQueryer is what contract reads need; both the read pool and a write
// transaction have it, so a change can re-read the contract inside its transaction.
type contractQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// contractSelect reads a contract with its vendor's name and its current term. The
// current term is joined through the denormalised term_start and the UNIQUE
// (contract_id, start_date) index, so a page of contracts is one query.
const contractSelect = `SELECT c.id, c.vendor_id, v.name, c.title, c.reference, c.kind, c.owner_email,
	c.backup_owner_email, c.renewal_type, c.notice_value, c.notice_unit, c.renewal_term_months, c.uplift_bp,
	c.currency, c.budget_line_code, c.notes, c.justification, c.reminder_offsets, c.archived_at, c.created_at, c.updated_at,
	c.first_start, ` + termColumns + `
	FROM contracts c
	JOIN vendors v ON v.id = c.vendor_id
	LEFT JOIN contract_terms t ON t.contract_id = c.id AND t.start_date = c.term_start`

const termColumns = `t.id, t.start_date, t.end_date, t.price, t.billing, t.decision, t.decision_note,
	t.decided_by, t.decided_at, t.created_at`

// termScan holds a term's columns, nullable because of the LEFT JOIN.
type termScan struct {
	id                            sql.NullInt64
	start, end, billing, decision sql.NullString
	note, by, decidedAt, created  sql.NullString
	price                         sql.NullInt64
}

func (s *termScan) dest() []any {
	return []any{&s.id, &s.start, &s.end, &s.price, &s.billing, &s.decision, &s.note, &s.by, &s.decidedAt, &s.created}
}

func (s *termScan) term(contractID int64) *outlay.Term {
	if !s.id.Valid {
		return nil
	}
	t := &outlay.Term{
		ID: s.id.Int64, ContractID: contractID,
		StartDate: parseDate(s.start.String), EndDate: parseDate(s.end.String),
		Price: s.price.Int64, Billing: s.billing.String, CreatedAt: parseTime(s.created.String),
	}
	if s.decision.String != "" {
		t.Decision = &outlay.Decision{Kind: s.decision.String, Note: s.note.String, By: s.by.String}
		if at := nullTime(s.decidedAt); at != nil {
			t.Decision.At = *at
		}
	}
	return t
}

func scanContract(row interface{ Scan(...any) error }) (*outlay.Contract, error) {
	var c outlay.Contract
	var archived sql.NullString
	var created, updated, first, offsets string
	var ts termScan
	dest := append([]any{&c.ID, &c.VendorID, &c.VendorName, &c.Title, &c.Reference, &c.Kind, &c.OwnerEmail,
		&c.BackupOwnerEmail, &c.RenewalType, &c.NoticeValue, &c.NoticeUnit, &c.RenewalTermMonths, &c.UpliftBasisPoints,
		&c.Currency, &c.BudgetLineCode, &c.Notes, &c.Justification, &offsets, &archived, &created, &updated, &first}, ts.dest()...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	// Only validated offsets are stored; a value that no longer reads is the settings'.
	if offs, err := outlay.ParseOffsets(offsets); err == nil {
		c.ReminderOffsets = outlay.NormalizeOffsets(offs)
	}
	c.ArchivedAt = nullTime(archived)
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	c.FirstStart = parseDate(first)
	if t := ts.term(c.ID); t != nil {
		c.Terms = []*outlay.Term{t}
	}
	return &c, nil
}

// contractSorts maps the sort keys of ContractFilter to SQL; nothing else reaches ORDER BY.
var contractSorts = map[string]string{
	"key_date":  "c.key_date",
	"title":     "c.title COLLATE NOCASE",
	"vendor":    "v.name_key",
	"owner":     "c.owner_email",
	"renews_on": "c.renews_on",
	"price":     "c.term_price",
}

// statusSQL is renewal.Status written over the denormalised columns, for filtering in
// SQL. The two must agree (contract_test.go checks them on a table of cases). The notice
// rule "key date − window ≤ today ≤ key date" is written as "today ≤ key date ≤ today +
// window", which compares plain YYYY-MM-DD strings. A contract with reminder offsets of
// its own has its largest as its window: they are stored largest first ("120,30,7"), and
// SQLite's CAST reads the leading number.
func statusSQL(today time.Time, windowDays int) (string, []any) {
	t := outlay.FormatDate(today)
	horizon := outlay.FormatDate(today.AddDate(0, 0, max(windowDays, 0)))
	return `(CASE
		WHEN ? < c.first_start THEN 'upcoming'
		WHEN ? > c.term_end THEN CASE WHEN c.decision = 'cancel' THEN 'cancelled'
			WHEN c.renewal_type = 'auto' AND c.archived_at IS NULL THEN 'active' ELSE 'ended' END
		WHEN c.decision = 'cancel' THEN 'cancelled'
		WHEN c.decision = 'renew' THEN 'active'
		WHEN c.key_date >= ? AND c.key_date <= CASE WHEN c.reminder_offsets = '' THEN ?
			ELSE date(?, '+' || CAST(c.reminder_offsets AS INTEGER) || ' days') END THEN 'notice'
		WHEN c.renewal_type = 'auto' AND c.key_date < ? THEN 'notice_missed'
		ELSE 'active' END)`, []any{t, t, t, horizon, t, t}
}

// needsPersonSQL is true for a contract whose key date still needs a person on the day
// (one argument, the day, twice): the key date is still ahead, or it passed (a missed
// cancel-by date) while the term runs and no renew or cancel decision settled it. An
// ended contract's key date is behind it.
const needsPersonSQL = `(c.key_date >= ? OR (c.term_end >= ? AND c.decision NOT IN ('renew', 'cancel')))`

// likeArg escapes LIKE's wildcards in user input and wraps it for "contains".
func likeArg(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// civilDate returns the calendar date of t at 00:00 UTC.
func civilDate(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// today is the database's current civil date, the default "today" of filters.
func (d *DB) today() time.Time { return civilDate(d.Now()) }

// FindContractByID returns a contract with all its terms, oldest first, and the derived
// fields as of today with the default reminder window. Archived contracts are found too.
func (d *DB) FindContractByID(ctx context.Context, id int64) (*outlay.Contract, error) {
	c, err := findContractByID(ctx, d.read, id)
	if err != nil {
		return nil, err
	}
	c.Derive(d.today(), d.windowDays(ctx, d.read))
	return c, nil
}

func findContractByID(ctx context.Context, q contractQueryer, id int64) (*outlay.Contract, error) {
	c, err := scanContract(q.QueryRowContext(ctx, contractSelect+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Contract not found.")
	} else if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+termColumns+` FROM contract_terms t WHERE t.contract_id = ? ORDER BY t.start_date`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c.Terms = nil
	for rows.Next() {
		var ts termScan
		if err := rows.Scan(ts.dest()...); err != nil {
			return nil, err
		}
		c.Terms = append(c.Terms, ts.term(id))
	}
	return c, rows.Err()
}

// contractQuery is the WHERE clause of a contract filter, with the day and reminder
// window that its status and derived fields are computed for.
type contractQuery struct {
	where  string
	args   []any
	today  time.Time
	window int
}

// contractWhere turns a filter into SQL conditions; the reminder window's default is read
// here, before any cursor opens, so no caller holds rows while it reads the settings.
func (d *DB) contractWhere(ctx context.Context, q queryer, f outlay.ContractFilter) contractQuery {
	today := civilDate(f.Today)
	if f.Today.IsZero() {
		today = d.today()
	}
	window := f.WindowDays
	if window == 0 {
		window = d.windowDays(ctx, q)
	}

	where, args := []string{"1=1"}, []any{}
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.ID != nil {
		add("c.id = ?", *f.ID)
	}
	if f.VendorID != nil {
		add("c.vendor_id = ?", *f.VendorID)
	}
	if s := strings.TrimSpace(f.Query); s != "" {
		like := likeArg(s)
		add(`(c.title LIKE ? ESCAPE '\' OR c.reference LIKE ? ESCAPE '\' OR v.name LIKE ? ESCAPE '\')`, like, like, like)
	}
	if e := outlay.NormalizeEmail(f.OwnerEmail); e != "" {
		add("(c.owner_email = ? OR c.backup_owner_email = ?)", e, e)
	}
	if f.RenewalType != "" {
		add("c.renewal_type = ?", f.RenewalType)
	}
	if f.BudgetLineCode != "" {
		add("c.budget_line_code = ?", strings.ToUpper(f.BudgetLineCode))
	}
	if !f.Archived {
		add("c.archived_at IS NULL")
	}
	if f.Status == outlay.StatusDecisionDue {
		expr, a := statusSQL(today, window)
		add(expr+" IN (?, ?)", append(a, outlay.DecisionDueStatuses[0], outlay.DecisionDueStatuses[1])...)
	} else if f.Status != "" {
		expr, a := statusSQL(today, window)
		add(expr+" = ?", append(a, f.Status)...)
	}
	if f.KeyDateTo != nil {
		add("c.key_date <= ?", outlay.FormatDate(*f.KeyDateTo))
	}
	if f.TermEndBefore != nil {
		add("c.term_end <> '' AND c.term_end < ?", outlay.FormatDate(*f.TermEndBefore))
	}
	if f.KeyDateFrom != nil {
		from := outlay.FormatDate(*f.KeyDateFrom)
		if f.LateUndecided {
			t := outlay.FormatDate(today)
			add("(c.key_date >= ? OR (c.term_end >= ? AND c.decision NOT IN ('renew', 'cancel')))", from, t)
		} else {
			add("c.key_date >= ?", from)
		}
	}
	return contractQuery{where: strings.Join(where, " AND "), args: args, today: today, window: window}
}

// contractOrder is the ORDER BY of a filter's sort, with its arguments; the id breaks
// ties so pages never overlap. By key date, the key dates that need a person on today
// come first (needsPersonSQL), whichever the direction, so a list by key date is led
// by what needs deciding and not by contracts that ended long ago.
func contractOrder(f outlay.ContractFilter, today time.Time) (string, []any) {
	order, ok := contractSorts[f.Sort]
	if !ok {
		f.Sort, order = "key_date", contractSorts["key_date"]
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	if f.Sort == "key_date" {
		t := outlay.FormatDate(today)
		return ` ORDER BY ` + needsPersonSQL + ` DESC, ` + order + dir + `, c.id` + dir, []any{t, t}
	}
	return ` ORDER BY ` + order + dir + `, c.id` + dir, nil
}

// FindContracts returns one page of contracts, each with its current term and the
// derived fields as of f.Today, and the total that match.
func (d *DB) FindContracts(ctx context.Context, f outlay.ContractFilter) ([]*outlay.Contract, int, error) {
	return d.findContracts(ctx, d.read, f)
}

func (d *DB) findContracts(ctx context.Context, rq queryer, f outlay.ContractFilter) ([]*outlay.Contract, int, error) {
	q := d.contractWhere(ctx, rq, f)
	var total int
	if err := rq.QueryRowContext(ctx, `SELECT count(*) FROM contracts c JOIN vendors v ON v.id = c.vendor_id WHERE `+q.where, q.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	var out []*outlay.Contract
	order, orderArgs := contractOrder(f, q.today)
	err := eachContract(ctx, rq, q, order+limitOffset(f.Limit, f.Offset), orderArgs, func(c *outlay.Contract) error {
		out = append(out, c)
		return nil
	})
	return out, total, err
}

// EachContract calls fn for every contract that matches the filter (paging ignored), in
// the filter's order, each with its current term and derived fields, reading through one
// cursor: a register of 20,000 contracts never holds them all. fn runs while the cursor
// holds its pooled connection, so it must not use the database.
func (d *DB) EachContract(ctx context.Context, f outlay.ContractFilter, fn func(*outlay.Contract) error) error {
	q := d.contractWhere(ctx, d.read, f)
	order, orderArgs := contractOrder(f, q.today)
	return eachContract(ctx, d.read, q, order, orderArgs, fn)
}

// eachContract reads the contracts of q in the order of tail, whose placeholders take
// tailArgs.
func eachContract(ctx context.Context, rq queryer, q contractQuery, tail string, tailArgs []any, fn func(*outlay.Contract) error) error {
	args := append(append([]any{}, q.args...), tailArgs...)
	rows, err := rq.QueryContext(ctx, contractSelect+` WHERE `+q.where+tail, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanContract(rows)
		if err != nil {
			return err
		}
		c.Derive(q.today, q.window)
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CreateContract stores a contract with its terms (on a form, its first term; an import
// or the demo may give the whole history). The vendor must exist and not be archived.
func (d *DB) CreateContract(ctx context.Context, c *outlay.Contract) error {
	return d.inTx(ctx, func(tx *Tx) error { return createContract(ctx, tx, c) })
}

// createContract stores c with every term of c.Terms, oldest first, each starting after
// the one before ends. A term may carry the decision recorded on it (history being
// brought in); one without its time and author gets the transaction's.
func createContract(ctx context.Context, tx *Tx, c *outlay.Contract) error {
	c.Normalize()
	fields := outlay.FieldErrors{}
	for k, v := range outlay.ErrorFields(c.Validate()) {
		fields.Add(k, v)
	}
	if len(c.Terms) == 0 {
		fields.Add("first_term", "required")
	}
	for i, t := range c.Terms {
		if i > 0 && !t.StartDate.After(c.Terms[i-1].EndDate) {
			fields.Add("term.start_date", "must be after the end of the term before")
		}
		if t.Decision != nil {
			for k, v := range outlay.ErrorFields(t.Decision.Validate()) {
				fields.Add("term."+k, v)
			}
		}
	}
	if c.VendorID > 0 {
		if msg, err := checkVendor(ctx, tx, c.VendorID); err != nil {
			return err
		} else if msg != "" {
			fields.Add("vendor_id", msg)
		}
	}
	if err := joinFieldErrors(fields.Err(), checkBudgetLineCode(ctx, tx, c.BudgetLineCode)); err != nil {
		return err
	}
	now := formatTime(tx.now)
	res, err := tx.ExecContext(ctx, `INSERT INTO contracts (vendor_id, title, reference, kind, owner_email,
		backup_owner_email, renewal_type, notice_value, notice_unit, renewal_term_months, uplift_bp, currency,
		budget_line_code, notes, justification, reminder_offsets, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.VendorID, c.Title, c.Reference, c.Kind, c.OwnerEmail, c.BackupOwnerEmail, c.RenewalType, c.NoticeValue,
		c.NoticeUnit, c.RenewalTermMonths, c.UpliftBasisPoints, c.Currency, c.BudgetLineCode, c.Notes,
		c.Justification, storedOffsets(c.ReminderOffsets), now, now)
	if err != nil {
		return err
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for _, t := range c.Terms {
		if err := insertTerm(ctx, tx, c.ID, t); err != nil {
			return err
		}
	}
	if tx.bulk != nil {
		// A load derives the columns of every contract it created at its end, with
		// refreshContracts, many contracts per read: c keeps what was given, with its ids.
		tx.bulk.contracts[c.ID] = true
		c.CreatedAt, c.UpdatedAt = tx.now, tx.now
		return tx.refreshPayments(ctx, c.ID)
	}
	stored, err := refreshContract(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	if err := tx.refreshPayments(ctx, c.ID); err != nil {
		return err
	}
	*c = *stored
	if err := tx.audit(outlay.ActionCreate, "contract", c.ID, nil, contractAudit(c, true)); err != nil {
		return err
	}
	return rollDue(ctx, tx, c)
}

// rollDue rolls c, as stored in tx with all its terms, into the terms an auto contract
// has renewed into by itself as of the transaction's date, with the upkeep's rule, each
// roll audited after the change that made it due; c becomes the contract as stored
// after the last roll. Every change that can leave an auto contract past its term
// (creating it, changing its renewal type or notice, changing a decision) calls it in
// its own transaction, so no page ever shows a running auto contract as ended.
func rollDue(ctx context.Context, tx *Tx, c *outlay.Contract) error {
	rolled, _, err := upkeep.CatchUp(ctx, tx, c, civilDate(tx.now))
	if err != nil {
		return err
	}
	*c = *rolled
	return nil
}

// checkVendor returns a message for the vendor_id field when the vendor cannot take a
// new contract, or "" when it can. It reads the table itself: vendor storage belongs to
// the vendor service, but this check must run inside the contract's transaction.
func checkVendor(ctx context.Context, tx *Tx, id int64) (string, error) {
	var archived sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT archived_at FROM vendors WHERE id = ?`, id).Scan(&archived)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "no such vendor", nil
	case err != nil:
		return "", err
	case archived.Valid:
		return "the vendor is archived; restore it or choose another", nil
	}
	return "", nil
}

// insertTerm stores a term of a contract, with the decision recorded on it if any.
func insertTerm(ctx context.Context, tx *Tx, contractID int64, t *outlay.Term) error {
	t.ContractID, t.CreatedAt = contractID, tx.now
	var kind, note, by string
	var at any
	if dec := t.Decision; dec != nil {
		if dec.At.IsZero() {
			dec.At = tx.now
		}
		if dec.By == "" && tx.user != nil {
			dec.By = tx.user.Email
		}
		kind, note, by, at = dec.Kind, dec.Note, dec.By, formatTime(dec.At)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO contract_terms (contract_id, start_date, end_date, price, billing,
		decision, decision_note, decided_by, decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		contractID, outlay.FormatDate(t.StartDate), outlay.FormatDate(t.EndDate), t.Price, t.Billing,
		kind, note, by, at, formatTime(tx.now))
	if isUniqueViolation(err) {
		return &outlay.Error{Code: outlay.ECONFLICT, Message: "The contract already has a term starting on that day.",
			Fields: map[string]string{"start_date": "already taken by another term"}}
	} else if err != nil {
		return err
	}
	t.ID, err = res.LastInsertId()
	return err
}

// refreshContract copies the current term's figures into the contract's denormalised
// columns, computed with the renewal package, and returns the contract as stored with
// all its terms. Every change to a contract or its terms calls it in its transaction,
// so lists can filter and sort by them in SQL.
func refreshContract(ctx context.Context, tx *Tx, id int64) (*outlay.Contract, error) {
	var out *outlay.Contract
	if err := refreshContracts(ctx, tx, []int64{id}, func(c *outlay.Contract) { out = c }); err != nil {
		return nil, err
	}
	if out == nil {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "Contract not found.")
	}
	return out, nil
}

// refreshContracts is refreshContract for many contracts: it reads them and their terms
// paymentBatchSize at a time, two queries a batch, stores each one's columns and hands
// it to fn (which may be nil), derived as of the transaction's date. Ids of no contract
// are skipped.
func refreshContracts(ctx context.Context, tx *Tx, ids []int64, fn func(*outlay.Contract)) error {
	st, err := tx.getSettings(ctx)
	if err != nil {
		return err
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), paymentBatchSize)]
		ids = ids[len(batch):]
		contracts, err := readContracts(ctx, tx, batch)
		if err != nil {
			return err
		}
		for _, c := range contracts {
			cols := deriveContractColumns(c)
			_, err = tx.ExecContext(ctx, `UPDATE contracts SET first_start = ?, term_start = ?, term_end = ?, term_price = ?,
				term_billing = ?, renews_on = ?, cancel_by = ?, key_date = ?, decision = ? WHERE id = ?`,
				append(cols.args(), c.ID)...)
			if err != nil {
				return err
			}
			c.FirstStart = parseDate(cols.firstStart)
			c.Derive(civilDate(tx.now), st.WindowDays())
			if fn != nil {
				fn(c)
			}
		}
	}
	return nil
}

// readContracts reads contracts with all their terms, oldest first, as findContractByID
// does one, with one query for the contracts and one for their terms; they come back in
// the order of ids.
func readContracts(ctx context.Context, tx *Tx, ids []int64) ([]*outlay.Contract, error) {
	in, args := paymentIn(ids)
	rows, err := tx.QueryContext(ctx, contractSelect+` WHERE c.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*outlay.Contract, len(ids))
	for rows.Next() {
		c, err := scanContract(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		c.Terms = nil
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, err
	}
	rows.Close()
	terms, err := tx.QueryContext(ctx, `SELECT t.contract_id, `+termColumns+` FROM contract_terms t
		WHERE t.contract_id IN (`+in+`) ORDER BY t.contract_id, t.start_date`, args...)
	if err != nil {
		return nil, err
	}
	defer terms.Close()
	for terms.Next() {
		var id int64
		var ts termScan
		if err := terms.Scan(append([]any{&id}, ts.dest()...)...); err != nil {
			return nil, err
		}
		if c := byID[id]; c != nil {
			c.Terms = append(c.Terms, ts.term(id))
		}
	}
	if err := terms.Err(); err != nil {
		return nil, err
	}
	out := make([]*outlay.Contract, 0, len(byID))
	for _, id := range ids {
		if c := byID[id]; c != nil {
			out = append(out, c)
			delete(byID, id) // an id given twice is refreshed once
		}
	}
	return out, nil
}

// contractColumns are the contract's denormalised columns, as stored.
type contractColumns struct {
	firstStart, termStart, termEnd, billing, renewsOn, cancelBy, keyDate, decision string
	price                                                                          int64
}

// args lists the columns in the order first_start, term_start, term_end, term_price,
// term_billing, renews_on, cancel_by, key_date, decision.
func (cc contractColumns) args() []any {
	return []any{cc.firstStart, cc.termStart, cc.termEnd, cc.price, cc.billing, cc.renewsOn, cc.cancelBy, cc.keyDate, cc.decision}
}

// deriveContractColumns computes the denormalised columns of a contract that carries
// all its terms, with the renewal package. It is the one place the rule lives:
// refreshContract stores its result after every change; a contract without terms gets
// empty columns.
func deriveContractColumns(c *outlay.Contract) contractColumns {
	var cc contractColumns
	if t := c.CurrentTerm(); t != nil {
		ro := renewal.RenewsOn(t.EndDate)
		cc.firstStart = outlay.FormatDate(c.Terms[0].StartDate)
		cc.termStart, cc.termEnd = outlay.FormatDate(t.StartDate), outlay.FormatDate(t.EndDate)
		cc.price, cc.billing = t.Price, t.Billing
		cc.renewsOn = outlay.FormatDate(ro)
		cc.cancelBy = outlay.FormatDate(renewal.CancelBy(ro, c.Notice()))
		cc.keyDate = outlay.FormatDate(renewal.KeyDate(c.RenewalType, t.EndDate, c.Notice()))
		cc.decision = c.Decision()
	}
	return cc
}

// UpdateContract changes the contract's own fields; its terms are left alone. The
// currency cannot change: the terms' prices are minor units of it, and relabelling them
// would change their value silently.
func (d *DB) UpdateContract(ctx context.Context, c *outlay.Contract) error {
	return d.inTx(ctx, func(tx *Tx) error { return updateContract(ctx, tx, c) })
}

func updateContract(ctx context.Context, tx *Tx, c *outlay.Contract) error {
	c.Normalize()
	fields := outlay.FieldErrors{}
	for k, v := range outlay.ErrorFields(c.Validate()) {
		fields.Add(k, v)
	}
	before, err := findContractByID(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	if c.VendorID > 0 && c.VendorID != before.VendorID {
		if msg, err := checkVendor(ctx, tx, c.VendorID); err != nil {
			return err
		} else if msg != "" {
			fields.Add("vendor_id", msg)
		}
		// Spend entries and licences linked to a contract are its vendor's; moving the
		// contract would leave them pointing at another vendor's contract.
		var linked bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM spend_entries WHERE contract_id = ?)
			OR EXISTS (SELECT 1 FROM licences WHERE contract_id = ?)`, c.ID, c.ID).Scan(&linked); err != nil {
			return err
		} else if linked {
			fields.Add("vendor_id", "cannot change: spend or licences of "+before.VendorName+" are linked to this contract")
		}
	}
	if c.Currency != before.Currency && len(before.Terms) > 0 {
		fields.Add("currency", "cannot change: the terms are priced in "+before.Currency)
	}
	if err := joinFieldErrors(fields.Err(), checkBudgetLineCode(ctx, tx, c.BudgetLineCode)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE contracts SET vendor_id = ?, title = ?, reference = ?, kind = ?,
		owner_email = ?, backup_owner_email = ?, renewal_type = ?, notice_value = ?, notice_unit = ?,
		renewal_term_months = ?, uplift_bp = ?, budget_line_code = ?, notes = ?, justification = ?,
		reminder_offsets = ?, updated_at = ?
		WHERE id = ?`,
		c.VendorID, c.Title, c.Reference, c.Kind, c.OwnerEmail, c.BackupOwnerEmail, c.RenewalType, c.NoticeValue,
		c.NoticeUnit, c.RenewalTermMonths, c.UpliftBasisPoints, c.BudgetLineCode, c.Notes, c.Justification,
		storedOffsets(c.ReminderOffsets), formatTime(tx.now), c.ID)
	if err != nil {
		return err
	}
	after, err := refreshContract(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	if err := tx.refreshPayments(ctx, c.ID); err != nil {
		return err
	}
	*c = *after
	if err := tx.audit(outlay.ActionUpdate, "contract", c.ID, contractAudit(before, false), contractAudit(after, false)); err != nil {
		return err
	}
	return rollDue(ctx, tx, c)
}

// ArchiveContract hides a contract from lists and pickers; its terms and history stay.
func (d *DB) ArchiveContract(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error { return archiveContract(ctx, tx, id) })
}

func archiveContract(ctx context.Context, tx *Tx, id int64) error {
	c, err := findContractByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if c.Archived() {
		return nil
	}
	now := formatTime(tx.now)
	if _, err := tx.ExecContext(ctx, `UPDATE contracts SET archived_at = ?, updated_at = ? WHERE id = ?`, now, now, id); err != nil {
		return err
	}
	if err := tx.refreshPayments(ctx, id); err != nil {
		return err
	}
	return tx.audit(outlay.ActionArchive, "contract", id, map[string]any{"archived": false}, map[string]any{"archived": true})
}

// RenewContract appends the next term (Contract.NextTerm) and returns it.
func (d *DB) RenewContract(ctx context.Context, id int64) (*outlay.Term, error) {
	var next *outlay.Term
	err := d.inTx(ctx, func(tx *Tx) (err error) {
		next, err = renewContract(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return next, nil
}

func renewContract(ctx context.Context, tx *Tx, id int64) (*outlay.Term, error) {
	return renewContractWith(ctx, tx, id, outlay.Renewal{})
}

// appendTerm stores next after the current term of c and brings the contract's derived
// columns, payments and update time along; the caller audits why.
func appendTerm(ctx context.Context, tx *Tx, c *outlay.Contract, next *outlay.Term) (*outlay.Contract, error) {
	if err := next.ValidateTerm(); err != nil {
		return nil, err
	}
	if cur := c.CurrentTerm(); cur != nil && !next.StartDate.After(cur.EndDate) {
		return nil, &outlay.Error{Code: outlay.ECONFLICT, Message: "A new term must start after the current term ends.",
			Fields: map[string]string{"start_date": "must be after " + outlay.FormatDate(cur.EndDate)}}
	}
	next.Decision = nil
	if err := insertTerm(ctx, tx, c.ID, next); err != nil {
		return nil, err
	}
	after, err := refreshContract(ctx, tx, c.ID)
	if err != nil {
		return nil, err
	}
	if err := tx.refreshPayments(ctx, c.ID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contracts SET updated_at = ? WHERE id = ?`, formatTime(tx.now), c.ID); err != nil {
		return nil, err
	}
	return after, nil
}

// ActionRoll is the audit action of a term created because an auto contract renewed by
// itself (tacit renewal), as opposed to someone pressing "Renew".
const ActionRoll = "roll"

// rollContract stores next as the term an auto contract renewed into by itself, audited
// as the system's doing. Which contracts roll, and into what term, is decided by the
// caller (the upkeep package) with the renewal rules; storage checks only that the
// contract is still one that can roll and that the term follows the current one.
func rollContract(ctx context.Context, tx *Tx, id int64, next *outlay.Term) (*outlay.Contract, error) {
	c, err := findContractByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if c.RenewalType != "auto" || c.Archived() || c.Decision() == "cancel" {
		return nil, outlay.Errorf(outlay.ECONFLICT, "Contract %d does not renew by itself.", id)
	}
	cur := c.CurrentTerm()
	after, err := appendTerm(ctx, tx, c, next)
	if err != nil {
		return nil, err
	}
	return after, tx.audit(ActionRoll, "contract", id,
		map[string]any{"current_term": termAudit(cur, c.Currency)},
		map[string]any{"current_term": termAudit(next, c.Currency), "reason": "renewed by itself: no cancel decision before the term ended"})
}

// DecideTerm records a renewal decision on the current term. Who and when come from the
// transaction, not from the caller.
func (d *DB) DecideTerm(ctx context.Context, contractID int64, dec outlay.Decision) error {
	return d.inTx(ctx, func(tx *Tx) error { return decideTerm(ctx, tx, contractID, dec) })
}

func decideTerm(ctx context.Context, tx *Tx, contractID int64, dec outlay.Decision) error {
	dec.Kind = strings.TrimSpace(dec.Kind)
	dec.Note = strings.TrimSpace(dec.Note)
	if err := dec.Validate(); err != nil {
		return err
	}
	c, err := findContractByID(ctx, tx, contractID)
	if err != nil {
		return err
	}
	if c.Archived() {
		return outlay.Errorf(outlay.ECONFLICT, "This contract is archived; decisions can no longer be recorded.")
	}
	t := c.CurrentTerm()
	if t == nil {
		return outlay.Errorf(outlay.ECONFLICT, "This contract has no term to decide on.")
	}
	dec.At = tx.now
	if tx.user != nil {
		dec.By = tx.user.Email
	}
	_, err = tx.ExecContext(ctx, `UPDATE contract_terms SET decision = ?, decision_note = ?, decided_by = ?, decided_at = ?
		WHERE id = ?`, dec.Kind, dec.Note, dec.By, formatTime(dec.At), t.ID)
	if err != nil {
		return err
	}
	after, err := refreshContract(ctx, tx, contractID)
	if err != nil {
		return err
	}
	if err := tx.refreshPayments(ctx, contractID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contracts SET updated_at = ? WHERE id = ?`, formatTime(tx.now), contractID); err != nil {
		return err
	}
	if err := tx.audit(outlay.ActionDecision, "contract", contractID,
		map[string]any{"term_id": t.ID, "decision": decisionAudit(t.Decision)},
		map[string]any{"term_id": t.ID, "decision": decisionAudit(&dec)}); err != nil {
		return err
	}
	// A cancel decision taken back on a term that is over: the contract renewed by itself.
	return rollDue(ctx, tx, after)
}

// contractAudit is what the audit log keeps of a contract, with the API's field names.
// withTerm adds the first term, for the create entry.
func contractAudit(c *outlay.Contract, withTerm bool) map[string]any {
	m := map[string]any{
		"id": c.ID, "vendor_id": c.VendorID, "title": c.Title, "reference": c.Reference, "kind": c.Kind,
		"owner_email": c.OwnerEmail, "backup_owner_email": c.BackupOwnerEmail, "renewal_type": c.RenewalType,
		"notice_value": c.NoticeValue, "notice_unit": c.NoticeUnit, "renewal_term_months": c.RenewalTermMonths,
		"uplift_percent": outlay.FormatPercent(c.UpliftBasisPoints), "currency": c.Currency,
		"budget_line_code": c.BudgetLineCode, "notes": c.Notes, "justification": c.Justification,
		"reminder_offsets": offsetsAudit(c.ReminderOffsets),
	}
	if withTerm && len(c.Terms) > 0 {
		m["first_term"] = termAudit(c.Terms[0], c.Currency)
	}
	return m
}

// storedOffsets is the column's text of a contract's reminder offsets: "90,30,7", or ""
// for the settings' (as the settings store theirs).
func storedOffsets(offs []int) string {
	return strings.ReplaceAll(outlay.FormatOffsets(offs), " ", "")
}

// offsetsAudit says in words which reminder offsets a contract follows, so that the
// audit shows "90, 30, 7 days" → "the settings'" rather than a list turning empty.
func offsetsAudit(offs []int) string {
	if len(offs) == 0 {
		return "the settings'"
	}
	return outlay.FormatOffsets(offs) + " days"
}

func termAudit(t *outlay.Term, currency string) map[string]any {
	if t == nil {
		return nil
	}
	return map[string]any{
		"id": t.ID, "start_date": outlay.FormatDate(t.StartDate), "end_date": outlay.FormatDate(t.EndDate),
		"price": money.Decimal(t.Price, currency), "billing": t.Billing,
	}
}

func decisionAudit(d *outlay.Decision) map[string]any {
	if d == nil {
		return nil
	}
	return map[string]any{"decision": d.Kind, "note": d.Note, "by": d.By, "at": formatTime(d.At)}
}

// CountContracts counts contracts by status and near key dates in one scan.
func (d *DB) CountContracts(ctx context.Context, today time.Time, windowDays, soonDays int) (outlay.ContractCounts, error) {
	var n outlay.ContractCounts
	status, statusArgs := statusSQL(today, windowDays)
	// Placeholders bind in the order they appear: the outer sums come before the subquery.
	args := append([]any{outlay.FormatDate(today), outlay.FormatDate(today.AddDate(0, 0, soonDays))}, statusArgs...)
	err := d.read.QueryRowContext(ctx, `SELECT count(*),
		coalesce(SUM(st = 'active'), 0), coalesce(SUM(st = 'notice'), 0), coalesce(SUM(st = 'notice_missed'), 0),
		coalesce(SUM(key_date >= ? AND key_date <= ?), 0)
		FROM (SELECT `+status+` AS st, c.key_date FROM contracts c WHERE c.archived_at IS NULL)`,
		args...).Scan(&n.All, &n.Active, &n.Notice, &n.NoticeMissed, &n.Soon)
	return n, err
}
