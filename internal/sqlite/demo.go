package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"outlay/internal/demo"
	"outlay/internal/figures"
	"outlay/internal/fiscal"
	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/password"
)

// demoTables are the tables whose rows make a database "hold data": demo data loads only
// where none of them has a row, so it never mixes with real records.
var demoTables = []string{"users", "vendors", "contracts", "licences", "budget_lines", "spend_entries", "fx_rates"}

// errDemoNotEmpty is LoadDemo's refusal of a database that holds data.
func errDemoNotEmpty() error {
	return outlay.Errorf(outlay.ECONFLICT, "The database already holds data; demo data loads only into an empty one — use another --data folder.")
}

// HoldsData reports whether the database has any user, vendor, contract, licence, budget
// line, spend entry or exchange rate. The demo command asks before it spends time
// generating a dataset that LoadDemo would refuse.
func (d *DB) HoldsData(ctx context.Context) (bool, error) {
	return holdsData(ctx, d.read)
}

func holdsData(ctx context.Context, q queryer) (bool, error) {
	for _, t := range demoTables {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+`)`).Scan(&n); err != nil {
			return false, err
		}
		if n != 0 {
			return true, nil
		}
	}
	return false, nil
}

// Stages LoadDemo reports progress for, in order.
const (
	DemoStageSetup     = "users, settings and rates"
	DemoStageVendors   = "vendors"
	DemoStageBudget    = "budget lines"
	DemoStageContracts = "contracts"
	DemoStageLicences  = "licences"
	DemoStageSpend     = "spend entries"
	DemoStageCommit    = "writing to disk"
	DemoStageRolls     = "rolling lapsed auto contracts"
	DemoStagePayments  = "contract payment schedules"
)

// LoadDemo stores a generated demo dataset in an empty database, with the ids the
// dataset gives, and reports progress through progress (which may be nil) as it goes.
// A database that holds data is refused with ECONFLICT.
//
// It writes in bulk, with prepared statements, but computes what storage always
// computes, with the same code: each record passes its domain validation; contracts'
// denormalised columns come from deriveContractColumns; spend is converted at the rate
// effective on its date (spendConvert over an in-memory copy of the dataset's rates),
// split over its lines by largest remainder and checked by settleSpendAllocations; the
// accrual rows come from figures.AccrualShares. Instead of one audit entry per record
// it writes one, "create demo", with the counts.
//
// Everything up to the payment schedules is one transaction, so an interrupted load
// leaves an empty database that can simply be loaded again, rather than a half-filled
// one the emptiness check would then refuse. The payment schedules are computed after
// it by RefreshAllContractPayments.
func (d *DB) LoadDemo(ctx context.Context, ds *demo.Dataset, progress func(stage string, done, total int)) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if full, err := d.HoldsData(ctx); err != nil {
		return err
	} else if full {
		return errDemoNotEmpty()
	}
	// Hashing is slow on purpose; do it before the write lock is taken.
	hashes := make([]string, len(ds.Users))
	for i := range ds.Users {
		h, err := password.Hash(demo.Password)
		if err != nil {
			return err
		}
		hashes[i] = h
	}

	// The load runs on the one write connection, held for its duration, so that a
	// larger page cache can be set for it and put back afterwards: with SQLite's default
	// of 2 MB, inserts into five indexes over 250,000 rows spill pages again and again.
	conn, err := d.write.Conn(ctx)
	if err != nil {
		return err
	}
	err = d.loadDemo(ctx, conn, ds, hashes, progress)
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// The data is committed: the schedules that go with it are finished even if the
	// caller cancels now, so a database never holds contracts without them.
	ctx = context.WithoutCancel(ctx)
	// Auto contracts whose generated term has already ended roll on, as they would have
	// in a running Outlay, before the schedules are computed.
	progress(DemoStageRolls, 0, 1)
	if _, err := d.RollContracts(ctx, d.today()); err != nil {
		return fmt.Errorf("demo data is loaded, but rolling the lapsed auto contracts failed: %w", err)
	}
	progress(DemoStageRolls, 1, 1)
	progress(DemoStagePayments, 0, len(ds.Contracts))
	if err := d.EnsurePaymentHorizon(ctx); err != nil {
		return fmt.Errorf("demo data is loaded, but the contract payment schedules failed: %w", err)
	}
	progress(DemoStagePayments, len(ds.Contracts), len(ds.Contracts))
	// One large transaction leaves a WAL file as large as the database; fold it back.
	_, err = d.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

func (d *DB) loadDemo(ctx context.Context, conn *sql.Conn, ds *demo.Dataset, hashes []string, progress func(string, int, int)) error {
	var cacheSize int64
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cacheSize); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil { // 256 MiB
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d`, cacheSize))

	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{Tx: sqlTx, db: d, now: d.now(), user: outlay.UserFromContext(ctx)}
	defer tx.Rollback()
	// Checked again under the write lock: another process may have written since.
	if full, err := holdsData(ctx, tx); err != nil {
		return err
	} else if full {
		return errDemoNotEmpty()
	}
	// Statements run on a context that is never cancelled, and the loader checks the
	// caller's at every progress step instead: the driver watches a cancellable context
	// with a goroutine per statement, which doubles the time of a million inserts. A
	// cancel still stops the load within a hundredth of a stage, and the transaction,
	// begun on the caller's context, rolls back.
	l := &demoLoader{ctx: context.WithoutCancel(ctx), stop: ctx, tx: tx, ds: ds, progress: progress, now: formatTime(tx.now)}
	for _, step := range []func() error{
		func() error { return l.setup(hashes) },
		l.vendors, l.budgetLines, l.contracts, l.licences, l.spend,
	} {
		if err := step(); err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return cerr // the statement failed because the load was cancelled
			}
			return err
		}
	}
	if err := rebuildAllSpendSummaries(l.ctx, tx); err != nil {
		return err
	}
	c := ds.Counts()
	if err := tx.Audit(outlay.ActionCreate, "demo", 0, nil, map[string]any{
		"size": ds.Size, "users": c.Users, "rates": c.Rates, "vendors": c.Vendors, "budget_lines": c.BudgetLines,
		"contracts": c.Contracts, "terms": c.Terms, "licences": c.Licences, "spend_entries": c.Spend,
		"allocations": l.allocations, "accrual_rows": l.accruals,
	}); err != nil {
		return err
	}
	progress(DemoStageCommit, 0, 1)
	if err := tx.Commit(); err != nil {
		return err
	}
	progress(DemoStageCommit, 1, 1)
	return nil
}

// demoLoader writes one dataset inside one transaction.
type demoLoader struct {
	ctx      context.Context // for statements: never cancelled
	stop     context.Context // the caller's: checked between records
	tx       *Tx
	ds       *demo.Dataset
	progress func(string, int, int)
	now      string
	base     string
	cal      fiscal.Calendar

	vendorOK    []bool  // by vendor id
	contractOf  []int64 // vendor id by contract id
	licenceOf   []int64 // vendor id by licence id
	lineFY      []int   // fiscal year by budget line id
	allocations int
	accruals    int
}

// prepare prepares a statement for the transaction; the caller closes it.
func (l *demoLoader) prepare(query string) (*sql.Stmt, error) {
	return l.tx.PrepareContext(l.ctx, query)
}

// invalid wraps a record's validation error with what the record was, which points at
// a generator bug rather than at anything a person typed.
func invalid(what string, id int64, err error) error {
	return fmt.Errorf("demo %s %d: %w", what, id, err)
}

// checkID makes sure the dataset's ids run from 1 in order, which every reference in it
// relies on.
func checkID(what string, i int, id int64) error {
	if id != int64(i+1) {
		return fmt.Errorf("demo %s at position %d has id %d", what, i+1, id)
	}
	return nil
}

func (l *demoLoader) setup(hashes []string) error {
	s := l.ds.Settings
	s.Normalize()
	if err := s.Validate(); err != nil {
		return invalid("settings", 0, err)
	}
	l.base, l.cal = s.BaseCurrency, s.Calendar()
	for k, v := range settingsMap(s) {
		if _, err := l.tx.ExecContext(l.ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return err
		}
	}
	for i, u := range l.ds.Users {
		u.Normalize()
		if err := u.Validate(); err != nil {
			return invalid("user", u.ID, err)
		}
		if _, err := l.tx.ExecContext(l.ctx, `INSERT INTO users (id, email, name, role, active, password_hash, created_at)
			VALUES (?, ?, ?, ?, 1, ?, ?)`, u.ID, u.Email, u.Name, u.Role, hashes[i], l.now); err != nil {
			return err
		}
	}
	stmt, err := l.prepare(`INSERT INTO fx_rates (id, currency, effective_from, rate_micros, created_at) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, r := range l.ds.Rates {
		if err := checkID("rate", i, r.ID); err != nil {
			return err
		}
		if err := r.Validate(l.base); err != nil {
			return invalid("rate", r.ID, err)
		}
		if _, err := stmt.ExecContext(l.ctx, r.ID, r.Currency, outlay.FormatDate(r.EffectiveFrom), r.RateMicros, l.now); err != nil {
			return err
		}
	}
	l.progress(DemoStageSetup, 1, 1)
	return nil
}

func (l *demoLoader) vendors() error {
	total := len(l.ds.Vendors)
	l.progress(DemoStageVendors, 0, total)
	stmt, err := l.prepare(`INSERT INTO vendors (id, name, name_key, category, status, criticality, website,
		contact_name, contact_email, contact_phone, support_contact, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	l.vendorOK = make([]bool, total+1)
	for i, v := range l.ds.Vendors {
		if err := checkID("vendor", i, v.ID); err != nil {
			return err
		}
		v.Normalize()
		if err := v.Validate(); err != nil {
			return invalid("vendor", v.ID, err)
		}
		if _, err := stmt.ExecContext(l.ctx, v.ID, v.Name, vendorNameKey(v.Name), v.Category, v.Status, v.Criticality,
			v.Website, v.ContactName, v.ContactEmail, v.ContactPhone, v.SupportContact, v.Notes, l.now, l.now); err != nil {
			return err
		}
		l.vendorOK[v.ID] = true
	}
	l.progress(DemoStageVendors, total, total)
	return nil
}

func (l *demoLoader) budgetLines() error {
	total := len(l.ds.BudgetLines)
	l.progress(DemoStageBudget, 0, total)
	stmt, err := l.prepare(`INSERT INTO budget_lines (id, fy, code, name, category, expense_type, cost_centre, gl_account,
		owner_email, planned, q1, q2, q3, q4, quarters_set, justification, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	l.lineFY = make([]int, total+1)
	for i, b := range l.ds.BudgetLines {
		if err := checkID("budget line", i, b.ID); err != nil {
			return err
		}
		b.Normalize()
		if err := b.Validate(l.base); err != nil {
			return invalid("budget line", b.ID, err)
		}
		if _, err := stmt.ExecContext(l.ctx, b.ID, b.FY, b.Code, b.Name, b.Category, b.ExpenseType, b.CostCentre, b.GLAccount,
			b.OwnerEmail, b.Planned, b.Quarters[0], b.Quarters[1], b.Quarters[2], b.Quarters[3], b.QuartersSet,
			b.Justification, l.now, l.now); err != nil {
			return err
		}
		l.lineFY[b.ID] = b.FY
	}
	l.progress(DemoStageBudget, total, total)
	return nil
}

// step is how often a long stage reports progress: every hundredth of it.
func step(total int) int { return max(1, total/100) }

// demoTime writes an optional instant for a nullable column.
func demoTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return formatTime(*t)
}

func (l *demoLoader) contracts() error {
	total := len(l.ds.Contracts)
	l.progress(DemoStageContracts, 0, total)
	cstmt, err := l.prepare(`INSERT INTO contracts (id, vendor_id, title, reference, kind, owner_email, backup_owner_email,
		renewal_type, notice_value, notice_unit, renewal_term_months, uplift_bp, currency, budget_line_code, notes,
		justification, archived_at, created_at, updated_at,
		first_start, term_start, term_end, term_price, term_billing, renews_on, cancel_by, key_date, decision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer cstmt.Close()
	tstmt, err := l.prepare(`INSERT INTO contract_terms (id, contract_id, start_date, end_date, price, billing,
		decision, decision_note, decided_by, decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer tstmt.Close()
	l.contractOf = make([]int64, total+1)
	for i, c := range l.ds.Contracts {
		if err := checkID("contract", i, c.ID); err != nil {
			return err
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			return invalid("contract", c.ID, err)
		}
		if len(c.Terms) == 0 || c.VendorID <= 0 || c.VendorID >= int64(len(l.vendorOK)) || !l.vendorOK[c.VendorID] {
			return fmt.Errorf("demo contract %d: no terms or no such vendor %d", c.ID, c.VendorID)
		}
		args := []any{c.ID, c.VendorID, c.Title, c.Reference, c.Kind, c.OwnerEmail, c.BackupOwnerEmail, c.RenewalType,
			c.NoticeValue, c.NoticeUnit, c.RenewalTermMonths, c.UpliftBasisPoints, c.Currency, c.BudgetLineCode, c.Notes,
			c.Justification, demoTime(c.ArchivedAt), l.now, l.now}
		if _, err := cstmt.ExecContext(l.ctx, append(args, deriveContractColumns(c).args()...)...); err != nil {
			return err
		}
		for _, t := range c.Terms {
			var kind, note, by string
			var at any
			if t.Decision != nil {
				kind, note, by, at = t.Decision.Kind, t.Decision.Note, t.Decision.By, formatTime(t.Decision.At)
			}
			if _, err := tstmt.ExecContext(l.ctx, t.ID, c.ID, outlay.FormatDate(t.StartDate), outlay.FormatDate(t.EndDate),
				t.Price, t.Billing, kind, note, by, at, l.now); err != nil {
				return err
			}
		}
		l.contractOf[c.ID] = c.VendorID
		if n := i + 1; n%step(total) == 0 && n < total {
			if err := l.stop.Err(); err != nil {
				return err
			}
			l.progress(DemoStageContracts, n, total)
		}
	}
	l.progress(DemoStageContracts, total, total)
	return nil
}

func (l *demoLoader) licences() error {
	total := len(l.ds.Licences)
	l.progress(DemoStageLicences, 0, total)
	stmt, err := l.prepare(`INSERT INTO licences (id, product, vendor_id, contract_id, kind, seats_purchased, seats_assigned,
		unit_price, currency, billing, start_date, expiry_date, owner_email, budget_line_code, notes, archived_at,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	l.licenceOf = make([]int64, total+1)
	for i, li := range l.ds.Licences {
		if err := checkID("licence", i, li.ID); err != nil {
			return err
		}
		li.Normalize()
		if err := li.Validate(); err != nil {
			return invalid("licence", li.ID, err)
		}
		// The rules of checkLicenceLinks, against the dataset instead of the tables.
		if li.VendorID >= int64(len(l.vendorOK)) || !l.vendorOK[li.VendorID] {
			return fmt.Errorf("demo licence %d: no such vendor %d", li.ID, li.VendorID)
		}
		if li.ContractID != nil && (*li.ContractID >= int64(len(l.contractOf)) || l.contractOf[*li.ContractID] != li.VendorID) {
			return fmt.Errorf("demo licence %d: contract %d is not its vendor's", li.ID, *li.ContractID)
		}
		// No licence keys in the demo: key_cipher stays NULL.
		if _, err := stmt.ExecContext(l.ctx, li.ID, li.Product, li.VendorID, li.ContractID, li.Kind, li.SeatsPurchased,
			li.SeatsAssigned, li.UnitPrice, li.Currency, li.Billing, outlay.FormatDate(li.StartDate),
			outlay.FormatDate(li.ExpiryDate), li.OwnerEmail, li.BudgetLineCode, li.Notes, demoTime(li.ArchivedAt),
			l.now, l.now); err != nil {
			return err
		}
		l.licenceOf[li.ID] = li.VendorID
		if n := i + 1; n%step(total) == 0 && n < total {
			if err := l.stop.Err(); err != nil {
				return err
			}
			l.progress(DemoStageLicences, n, total)
		}
	}
	l.progress(DemoStageLicences, total, total)
	return nil
}

// demoRates finds the rate effective on a date from an in-memory copy of the rates, the
// way rateOn does in SQL: the latest rate of the currency effective on or before it.
type demoRates map[string][]*outlay.Rate

func newDemoRates(rates []*outlay.Rate) demoRates {
	m := demoRates{}
	for _, r := range rates {
		m[r.Currency] = append(m[r.Currency], r)
	}
	for _, rs := range m {
		sort.Slice(rs, func(i, j int) bool { return rs[i].EffectiveFrom.Before(rs[j].EffectiveFrom) })
	}
	return m
}

func (m demoRates) on(currency string, date time.Time) (*outlay.Rate, bool) {
	rs := m[currency]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].EffectiveFrom.After(date) })
	if i == 0 {
		return nil, false
	}
	return rs[i-1], true
}

func (l *demoLoader) spend() error {
	total := len(l.ds.Spend)
	l.progress(DemoStageSpend, 0, total)
	estmt, err := l.prepare(`INSERT INTO spend_entries (id, date, vendor_id, description, invoice_number, po_number, amount,
		currency, fx_rate_micros, base_amount, contract_id, licence_id, service_from, service_to, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer estmt.Close()
	astmt, err := l.prepare(`INSERT INTO spend_allocations (id, spend_id, budget_line_id, amount, date) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer astmt.Close()
	rstmt, err := l.prepare(`INSERT INTO spend_accruals (allocation_id, budget_line_id, month, amount) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer rstmt.Close()

	rates := newDemoRates(l.ds.Rates)
	var allocID int64
	for i, s := range l.ds.Spend {
		id := int64(i + 1)
		e, err := l.spendEntry(id, s, rates)
		if err != nil {
			return err
		}
		date := outlay.FormatDate(e.Date)
		if _, err := estmt.ExecContext(l.ctx, id, date, e.VendorID, e.Description, e.InvoiceNumber, e.PONumber, e.Amount,
			e.Currency, e.FXRateMicros, e.BaseAmount, e.ContractID, e.LicenceID, spendDateArg(e.ServiceFrom),
			spendDateArg(e.ServiceTo), l.now, l.now); err != nil {
			if isUniqueViolation(err) {
				return fmt.Errorf("demo spend %d: invoice %s of vendor %d is not unique", id, e.InvoiceNumber, e.VendorID)
			}
			return err
		}
		// As insertSpendAllocations: the entry's date on each allocation, and its
		// accrual shares by month, zero shares left out.
		for _, a := range e.Allocations {
			allocID++
			if _, err := astmt.ExecContext(l.ctx, allocID, id, a.BudgetLineID, a.Amount, date); err != nil {
				return err
			}
			for _, sh := range figures.AccrualShares(a.Amount, e.Date, e.ServiceFrom, e.ServiceTo) {
				if sh.Amount == 0 {
					continue
				}
				if _, err := rstmt.ExecContext(l.ctx, allocID, a.BudgetLineID, sh.Month.Key(), sh.Amount); err != nil {
					return err
				}
				l.accruals++
			}
		}
		if n := i + 1; n%step(total) == 0 && n < total {
			if err := l.stop.Err(); err != nil {
				return err
			}
			l.progress(DemoStageSpend, n, total)
		}
	}
	l.allocations = int(allocID)
	l.progress(DemoStageSpend, total, total)
	return nil
}

// spendEntry turns a dataset entry into a stored one: validated, converted at the rate
// of its date, its base amount split over its lines by weight, and checked the way
// CreateSpend checks an entry.
func (l *demoLoader) spendEntry(id int64, s *demo.Spend, rates demoRates) (*outlay.SpendEntry, error) {
	e := &outlay.SpendEntry{ID: id, Date: s.Date, VendorID: s.VendorID, Description: s.Description,
		InvoiceNumber: s.InvoiceNumber, PONumber: s.PONumber, Amount: s.Amount, Currency: s.Currency}
	if s.ContractID != 0 {
		e.ContractID = &s.ContractID
	}
	if s.LicenceID != 0 {
		e.LicenceID = &s.LicenceID
	}
	if !s.ServiceFrom.IsZero() || !s.ServiceTo.IsZero() {
		from, to := s.ServiceFrom, s.ServiceTo
		e.ServiceFrom, e.ServiceTo = &from, &to
	}
	e.Normalize()
	// Conversion, as convertSpend does it, with the rate from memory.
	if e.Currency == l.base {
		e.FXRateMicros, e.BaseAmount = outlay.SpendRateMicros, e.Amount
	} else {
		r, ok := rates.on(e.Currency, e.Date)
		if !ok {
			return nil, fmt.Errorf("demo spend %d: no %s exchange rate is effective on %s", id, e.Currency, outlay.FormatDate(e.Date))
		}
		b, ok := spendConvert(e.Amount, e.Currency, l.base, r.RateMicros)
		if !ok {
			return nil, fmt.Errorf("demo spend %d: amount too large to convert", id)
		}
		e.FXRateMicros, e.BaseAmount = r.RateMicros, b
	}
	weights := make([]int64, len(s.Lines))
	for i, ln := range s.Lines {
		weights[i] = ln.Weight
	}
	for i, part := range money.Allocate(e.BaseAmount, weights) {
		e.Allocations = append(e.Allocations, outlay.Allocation{BudgetLineID: s.Lines[i].BudgetLineID, Amount: part})
	}
	if err := e.Validate(); err != nil {
		return nil, invalid("spend", id, err)
	}
	if err := settleSpendAllocations(e, l.base); err != nil {
		return nil, invalid("spend", id, err)
	}
	// The references, as checkSpendRefs checks them, against the dataset.
	switch {
	case e.VendorID >= int64(len(l.vendorOK)) || !l.vendorOK[e.VendorID]:
		return nil, fmt.Errorf("demo spend %d: no such vendor %d", id, e.VendorID)
	case e.ContractID != nil && (*e.ContractID >= int64(len(l.contractOf)) || l.contractOf[*e.ContractID] != e.VendorID):
		return nil, fmt.Errorf("demo spend %d: contract %d is not its vendor's", id, *e.ContractID)
	case e.LicenceID != nil && (*e.LicenceID >= int64(len(l.licenceOf)) || l.licenceOf[*e.LicenceID] != e.VendorID):
		return nil, fmt.Errorf("demo spend %d: licence %d is not its vendor's", id, *e.LicenceID)
	}
	fy := l.cal.Year(e.Date)
	for _, a := range e.Allocations {
		if a.BudgetLineID <= 0 || a.BudgetLineID >= int64(len(l.lineFY)) || l.lineFY[a.BudgetLineID] != fy {
			return nil, fmt.Errorf("demo spend %d: budget line %d is not a line of FY%d", id, a.BudgetLineID, fy)
		}
	}
	return e, nil
}
