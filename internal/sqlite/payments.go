package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"outlay/internal/figures"
	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// contract_payments holds each contract's payment schedule, with a base-currency amount,
// so that committed and forecast figures are SQL aggregates. It is derived data: a change
// to a contract, its terms, its decision, its archiving or the rates of its currency
// recomputes the contract's rows in the same transaction; a change of the fiscal calendar
// or the base currency, and the start of a fiscal year, recompute every contract in
// batches (EnsurePaymentHorizon). Spend entries only flip the invoiced flags
// (spendMarkInvoiced), by the same rule (paymentInvoicedSQL).

// paymentBatchSize is how many contracts one step reads and rewrites: large enough that
// refreshing everything is a few dozen queries, small enough that the IN lists stay far
// below SQLite's variable limit and that RefreshAllContractPayments never holds the write
// lock for long.
const paymentBatchSize = 500

// paymentsUntilKey is the settings key under which the horizon the stored payments were
// projected to is kept, so a new fiscal year (or an upgrade) is noticed and acted on once.
const paymentsUntilKey = "payments_until"

// paymentInvoicedSQL is the rule for a scheduled payment being invoiced, as an SQL
// expression over the payment's contract id and billing period: a spend entry linked to
// the contract is dated within the period. The refresh and the spend storage both build
// their SQL from it, so they cannot disagree.
func paymentInvoicedSQL(contractID, periodStart, periodEnd string) string {
	return `EXISTS (SELECT 1 FROM spend_entries s WHERE s.contract_id = ` + contractID +
		` AND s.date >= ` + periodStart + ` AND s.date <= ` + periodEnd + `)`
}

// paymentsUntil is the last due date payments are stored for: the end of the fiscal year
// after today's, or of the latest fiscal year that has budget lines when that is later
// (an annual payment due three years out belongs in that year's committed), but never
// more than paymentYearsAhead years past today's: a line typed for FY2199 must not have
// every contract scheduled for 170 years.
func paymentsUntil(st outlay.Settings, today time.Time, lastLineFY int) time.Time {
	cal := st.Calendar()
	fy := cal.Year(today) + 1
	if lastLineFY > fy {
		fy = min(lastLineFY, cal.Year(today)+paymentYearsAhead)
	}
	_, end := cal.Bounds(fy)
	return end
}

// paymentYearsAhead bounds how many fiscal years past today's payments are stored for.
const paymentYearsAhead = 10

// paymentHorizon is paymentsUntil for the budget lines stored now.
func paymentHorizon(ctx context.Context, q queryer, st outlay.Settings, today time.Time) (time.Time, error) {
	var last int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(max(fy), 0) FROM budget_lines`).Scan(&last); err != nil {
		return time.Time{}, err
	}
	return paymentsUntil(st, today, last), nil
}

// txPaymentHorizon is paymentHorizon as of the transaction's settings and date.
func txPaymentHorizon(ctx context.Context, tx *Tx) (time.Time, error) {
	st, err := tx.getSettings(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return paymentHorizon(ctx, tx, st, civilDate(tx.now))
}

// storedPaymentsUntil reads the horizon the stored payments were projected to; "" when
// none is stored (a new database, or one whose calendar just changed).
func storedPaymentsUntil(ctx context.Context, q queryer) (string, error) {
	var stored string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, paymentsUntilKey).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return stored, err
}

// refreshAllPaymentsInTx recomputes every contract's payments inside tx and stores the
// horizon they now reach: all or nothing, for the changes that move the horizon inside
// a unit of work (settings, a budget line for a later year). DB.EnsurePaymentHorizon does
// the same in batches outside one.
func refreshAllPaymentsInTx(ctx context.Context, tx *Tx) error {
	if err := refreshPaymentsWhere(ctx, tx, "1 = 1"); err != nil {
		return err
	}
	return storeCurrentHorizon(ctx, tx)
}

// storeCurrentHorizon records the horizon of the transaction's settings and budget lines.
func storeCurrentHorizon(ctx context.Context, tx *Tx) error {
	until, err := txPaymentHorizon(ctx, tx)
	if err != nil {
		return err
	}
	return storePaymentsUntil(ctx, tx, until)
}

// extendPaymentHorizon stretches every contract's stored payments inside tx when a budget
// line now reaches past the stored horizon (a line for a later fiscal year), so that the
// line's committed figure is complete the moment it exists. A horizon not stored yet is
// left to EnsurePaymentHorizon, which computes it at the next check.
func extendPaymentHorizon(ctx context.Context, tx *Tx) error {
	if tx.bulk != nil {
		return nil // the load computes every contract's payments at its end
	}
	until, err := txPaymentHorizon(ctx, tx)
	if err != nil {
		return err
	}
	stored, err := storedPaymentsUntil(ctx, tx)
	if err != nil || stored == "" {
		return err
	}
	if s, _ := outlay.ParseDate(stored); !until.After(s) {
		return nil
	}
	return refreshAllPaymentsInTx(ctx, tx)
}

// paymentRate is one exchange rate, as far as conversion needs it.
type paymentRate struct {
	from   string // effective_from, YYYY-MM-DD
	micros int64
}

// paymentRates reads every exchange rate, grouped by currency and oldest first. The rates
// table holds a few rows per currency and month at most, so one read serves a whole
// refresh, however many contracts it covers.
func paymentRates(ctx context.Context, tx *Tx) (map[string][]paymentRate, error) {
	rows, err := tx.QueryContext(ctx, `SELECT currency, effective_from, rate_micros FROM fx_rates ORDER BY currency, effective_from`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]paymentRate{}
	for rows.Next() {
		var cur string
		var r paymentRate
		if err := rows.Scan(&cur, &r.from, &r.micros); err != nil {
			return nil, err
		}
		out[cur] = append(out[cur], r)
	}
	return out, rows.Err()
}

// paymentRateOn returns the rate effective on day (YYYY-MM-DD) with rateOn's rule, the
// latest one effective on or before it, so a future due date takes the latest known rate.
func paymentRateOn(rates []paymentRate, day string) (int64, bool) {
	i := sort.Search(len(rates), func(i int) bool { return rates[i].from > day })
	if i == 0 {
		return 0, false
	}
	return rates[i-1].micros, true
}

// paymentContract is what the refresh reads of a contract.
type paymentContract struct {
	in       figures.ContractInput
	currency string
	code     string
	archived bool
	decision string // of the latest term read so far: the current one once all are read
}

// refreshContractPayments recomputes the stored payment schedule of the given contracts
// inside tx: their rows are deleted and figures.ProjectPayments is written back, up to
// paymentsUntil as of the transaction's date, converted to the base currency at the rate
// effective on each due date (NULL while none is), each marked invoiced when a spend
// entry of the contract falls in its billing period. Contracts are handled in batches, each with one query for the
// contracts and one for their terms, never a query per contract. Archived contracts keep
// no payments: they are out of the budget's view.
func refreshContractPayments(ctx context.Context, tx *Tx, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	st, err := tx.getSettings(ctx)
	if err != nil {
		return err
	}
	until, err := paymentHorizon(ctx, tx, st, civilDate(tx.now))
	if err != nil {
		return err
	}
	rates, err := paymentRates(ctx, tx)
	if err != nil {
		return err
	}
	baseDigits, _ := money.Digits(st.BaseCurrency)
	// The invoiced flag is computed as the row is written (one probe of the spend
	// entries' contract/date index), not by a second pass over the rows.
	ins, err := tx.PrepareContext(ctx, `INSERT INTO contract_payments (contract_id, due, period_start, period_end, amount,
		base_amount, projected, budget_line_code, invoiced) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, `+
		paymentInvoicedSQL("?1", "?3", "?4")+`)`)
	if err != nil {
		return err
	}
	defer ins.Close()

	for len(ids) > 0 {
		batch := ids[:min(len(ids), paymentBatchSize)]
		ids = ids[len(batch):]
		in, args := paymentIn(batch)
		if _, err := tx.ExecContext(ctx, `DELETE FROM contract_payments WHERE contract_id IN (`+in+`)`, args...); err != nil {
			return err
		}
		contracts, order, err := paymentContracts(ctx, tx, in, args)
		if err != nil {
			return err
		}
		for _, id := range order {
			c := contracts[id]
			if c.archived || len(c.in.Terms) == 0 {
				continue
			}
			c.in.Cancelled = c.decision == renewal.DecisionCancel
			digits, _ := money.Digits(c.currency)
			for _, p := range figures.ProjectPayments(c.in, until) {
				due := outlay.FormatDate(p.Due)
				var base sql.NullInt64
				if c.currency == st.BaseCurrency {
					base = sql.NullInt64{Int64: p.Amount, Valid: true}
				} else if micros, ok := paymentRateOn(rates[c.currency], due); ok {
					// A result beyond int64 stays NULL, "not known", rather than failing
					// whatever change triggered the refresh (a rate, a setting).
					base.Int64, base.Valid = figures.ConvertChecked(p.Amount, digits, baseDigits, micros)
				}
				if _, err := ins.ExecContext(ctx, id, due, outlay.FormatDate(p.PeriodStart), outlay.FormatDate(p.PeriodEnd),
					p.Amount, base, p.Projected, c.code); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// paymentIn returns the placeholders and arguments of an IN list of ids.
func paymentIn(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?,", len(ids)), ","), args
}

// paymentContracts reads a batch of contracts and their terms with two queries, and
// returns them by id with the ids in ascending order.
func paymentContracts(ctx context.Context, tx *Tx, in string, args []any) (map[int64]*paymentContract, []int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, renewal_type, renewal_term_months, uplift_bp, currency, budget_line_code,
		archived_at IS NOT NULL FROM contracts WHERE id IN (`+in+`) ORDER BY id`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	out := map[int64]*paymentContract{}
	var order []int64
	for rows.Next() {
		c := &paymentContract{}
		if err := rows.Scan(&c.in.ID, &c.in.RenewalType, &c.in.RenewalTermMonths, &c.in.UpliftBasisPoints, &c.currency,
			&c.code, &c.archived); err != nil {
			return nil, nil, err
		}
		out[c.in.ID] = c
		order = append(order, c.in.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows.Close()

	terms, err := tx.QueryContext(ctx, `SELECT contract_id, start_date, end_date, price, billing, decision
		FROM contract_terms WHERE contract_id IN (`+in+`) ORDER BY contract_id, start_date`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer terms.Close()
	for terms.Next() {
		var id int64
		var start, end, billing, decision string
		var price int64
		if err := terms.Scan(&id, &start, &end, &price, &billing, &decision); err != nil {
			return nil, nil, err
		}
		if c := out[id]; c != nil {
			c.in.Terms = append(c.in.Terms, figures.TermInput{Start: parseDate(start), End: parseDate(end), Price: price, Billing: billing})
			c.decision = decision
		}
	}
	return out, order, terms.Err()
}

// refreshPaymentsWhere recomputes the payments of the contracts a condition on contracts
// selects, such as those in a currency whose rates changed.
func refreshPaymentsWhere(ctx context.Context, tx *Tx, where string, args ...any) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM contracts WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	return tx.refreshPayments(ctx, ids...)
}

// storePaymentsUntil records the horizon the payments are now projected to.
func storePaymentsUntil(ctx context.Context, tx *Tx, until time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, paymentsUntilKey, outlay.FormatDate(until))
	return err
}

// forgetPaymentsUntil drops the stored horizon, so the next EnsurePaymentHorizon
// recomputes every contract's payments whatever the date.
func forgetPaymentsUntil(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, paymentsUntilKey)
	return err
}

// RefreshAllContractPayments recomputes the stored payments of every contract and
// returns how many contracts it went through. It works in transactions of
// paymentBatchSize contracts, so a large database neither holds the write lock for one
// long transaction nor runs a query per contract; each batch is consistent on its own,
// and any change made meanwhile refreshes its contract itself.
func (d *DB) RefreshAllContractPayments(ctx context.Context) (int, error) {
	return d.refreshAllContractPayments(ctx, paymentBatchSize)
}

func (d *DB) refreshAllContractPayments(ctx context.Context, batch int) (int, error) {
	n := 0
	var after int64
	for {
		var ids []int64
		err := d.inTx(ctx, func(tx *Tx) error {
			ids = ids[:0]
			rows, err := tx.QueryContext(ctx, `SELECT id FROM contracts WHERE id > ? ORDER BY id LIMIT ?`, after, batch)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
				ids = append(ids, id)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			rows.Close()
			return refreshContractPayments(ctx, tx, ids...)
		})
		if err != nil {
			return n, err
		}
		n += len(ids)
		if len(ids) < batch {
			return n, nil
		}
		after = ids[len(ids)-1]
	}
}

// EnsurePaymentHorizon keeps the stored payments projected to the end of the fiscal year
// after the current one. The horizon they were computed for is kept in the settings;
// when it differs from today's (a new fiscal year began, or this is the first start
// after an upgrade that added the table) every contract is refreshed and the new horizon
// stored; otherwise it costs two small reads. The server calls it at start and then
// periodically. The horizon is stored only after all batches succeeded, so an
// interrupted refresh is redone next time.
func (d *DB) EnsurePaymentHorizon(ctx context.Context) error {
	st, err := getSettings(ctx, d.read)
	if err != nil {
		return err
	}
	until, err := paymentHorizon(ctx, d.read, st, d.today())
	if err != nil {
		return err
	}
	stored, err := storedPaymentsUntil(ctx, d.read)
	if err != nil {
		return err
	}
	if stored == outlay.FormatDate(until) {
		return nil
	}
	if _, err := d.RefreshAllContractPayments(ctx); err != nil {
		return err
	}
	return d.inTx(ctx, func(tx *Tx) error {
		now, err := txPaymentHorizon(ctx, tx)
		if err != nil {
			return err
		}
		if !now.Equal(until) {
			return nil // the calendar or the date changed meanwhile: the next check catches up
		}
		return storePaymentsUntil(ctx, tx, until)
	})
}
