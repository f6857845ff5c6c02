package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

var (
	_ outlay.SettingsService = (*DB)(nil)
	_ outlay.RateService     = (*DB)(nil)
)

// GetSettings reads the settings; keys never saved keep their defaults. Within a request
// that carries a settings memo (outlay.NewContextWithSettingsMemo) they are read once,
// however many of the request's reads need them.
func (d *DB) GetSettings(ctx context.Context) (outlay.Settings, error) {
	return outlay.MemoSettings(ctx, func() (outlay.Settings, error) { return getSettings(ctx, d.read) })
}

func getSettings(ctx context.Context, q queryer) (outlay.Settings, error) {
	s := outlay.DefaultSettings()
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		switch k {
		case "org_name":
			s.OrgName = v
		case "base_currency":
			s.BaseCurrency = v
		case "fy_start_month":
			if n, err := strconv.Atoi(v); err == nil {
				s.FYStartMonth = n
			}
		case "basis":
			s.Basis = v
		case "reminder_offsets":
			if offs, err := outlay.ParseOffsets(v); err == nil && len(offs) > 0 {
				s.ReminderOffsets = offs
			}
		case "finance_emails":
			s.FinanceEmails = outlay.SplitList(v)
		case "import_max_mb":
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				s.ImportMaxMB = n
			}
		case "backup_keep":
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				s.BackupKeep = n
			}
		case "weekly_digest":
			s.WeeklyDigest = v != "0"
		case "pack_email":
			s.PackEmail = v != "0"
		}
	}
	return s, rows.Err()
}

func boolSetting(on bool) string {
	if on {
		return "1"
	}
	return "0"
}

// settingsMap is the stored and audited form of the settings.
func settingsMap(s outlay.Settings) map[string]string {
	offs := make([]string, len(s.ReminderOffsets))
	for i, o := range s.ReminderOffsets {
		offs[i] = strconv.Itoa(o)
	}
	return map[string]string{
		"org_name":         s.OrgName,
		"base_currency":    s.BaseCurrency,
		"fy_start_month":   strconv.Itoa(s.FYStartMonth),
		"basis":            s.Basis,
		"reminder_offsets": strings.Join(offs, ","),
		"finance_emails":   strings.Join(s.FinanceEmails, ","),
		"import_max_mb":    strconv.Itoa(s.ImportMaxMB),
		"backup_keep":      strconv.Itoa(s.BackupKeep),
		"weekly_digest":    boolSetting(s.WeeklyDigest),
		"pack_email":       boolSetting(s.PackEmail),
	}
}

// UpdateSettings validates and saves every setting in one audited transaction. A new
// fiscal year start or base currency then recomputes every contract's payments, in
// batches after the commit, because on a large database one transaction would hold the
// write lock for many seconds.
func (d *DB) UpdateSettings(ctx context.Context, s outlay.Settings) error {
	refresh := false
	err := d.inTx(ctx, func(tx *Tx) (err error) {
		refresh, err = updateSettings(ctx, tx, s)
		return err
	})
	outlay.ForgetSettings(ctx) // what the request reads next is what was stored
	if err != nil || !refresh {
		return err
	}
	if err := d.EnsurePaymentHorizon(ctx); err != nil {
		return fmt.Errorf("settings saved; recomputing contract payments failed and is retried at the next check: %w", err)
	}
	return nil
}

// updateSettings saves s and reports whether every contract's payments must now be
// recomputed: the payments' horizon and base amounts follow the calendar and the base
// currency. The stored horizon is forgotten in the same transaction, so the
// recomputation is owed even if the caller's is interrupted: EnsurePaymentHorizon
// finishes it at the next check.
func updateSettings(ctx context.Context, tx *Tx, s outlay.Settings) (bool, error) {
	s.Normalize()
	if err := s.Validate(); err != nil {
		return false, err
	}
	before, err := tx.getSettings(ctx)
	if err != nil {
		return false, err
	}
	if before.BaseCurrency != s.BaseCurrency {
		var n int
		// Rates count too: each is base-currency units per foreign unit, so it would be
		// relabelled as well ("1 GBP = 1.17 EUR" read as 1.17 of the new base).
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM spend_entries) + (SELECT count(*) FROM budget_lines) +
			(SELECT count(*) FROM fx_rates)`).Scan(&n); err != nil {
			return false, err
		}
		if n > 0 {
			return false, &outlay.Error{Code: outlay.ECONFLICT,
				Message: "The base currency cannot change once budgets, spend or exchange rates are recorded: their amounts are stored in " + before.BaseCurrency + " and would silently change meaning.",
				Fields:  map[string]string{"base_currency": "cannot change once money is recorded"}}
		}
	}
	if before.FYStartMonth != s.FYStartMonth {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM spend_entries) + (SELECT count(*) FROM budget_lines)`).Scan(&n); err != nil {
			return false, err
		}
		if n > 0 {
			return false, &outlay.Error{Code: outlay.ECONFLICT,
				Message: "The fiscal year's first month cannot change once budget lines or spend are recorded: every line and every invoice is filed under the fiscal years the calendar defines, and moving it would leave them in the wrong years.",
				Fields:  map[string]string{"fy_start_month": "cannot change once budget lines or spend are recorded"}}
		}
	}
	after := settingsMap(s)
	for k, v := range after {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return false, err
		}
	}
	tx.settings = nil // read again, as stored
	refresh := before.FYStartMonth != s.FYStartMonth || before.BaseCurrency != s.BaseCurrency
	if refresh {
		if err := forgetPaymentsUntil(ctx, tx); err != nil {
			return false, err
		}
	}
	return refresh, tx.audit(outlay.ActionUpdate, "settings", 1, settingsMap(before), after)
}

func rateAudit(r *outlay.Rate) map[string]any {
	return map[string]any{"currency": r.Currency, "effective_from": outlay.FormatDate(r.EffectiveFrom),
		"rate": money.FormatFixed(r.RateMicros, outlay.RateDigits)}
}

// FindRates lists rates, newest effective date first within each currency.
func (d *DB) FindRates(ctx context.Context, f outlay.RateFilter) ([]*outlay.Rate, int, error) {
	return findRates(ctx, d.read, f)
}

func findRates(ctx context.Context, q queryer, f outlay.RateFilter) ([]*outlay.Rate, int, error) {
	where, args := "1=1", []any{}
	if f.ID != nil {
		where, args = where+" AND id = ?", append(args, *f.ID)
	}
	if f.Currency != "" {
		where, args = where+" AND currency = ?", append(args, strings.ToUpper(f.Currency))
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM fx_rates WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, currency, effective_from, rate_micros, created_at FROM fx_rates
		WHERE `+where+` ORDER BY currency, effective_from DESC`+limitOffset(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := collect(rows, scanRate)
	return out, total, err
}

func scanRate(row interface{ Scan(...any) error }) (*outlay.Rate, error) {
	var r outlay.Rate
	var eff, created string
	if err := row.Scan(&r.ID, &r.Currency, &eff, &r.RateMicros, &created); err != nil {
		return nil, err
	}
	r.EffectiveFrom, r.CreatedAt = parseDate(eff), parseTime(created)
	return &r, nil
}

// CreateRate adds an exchange rate. Entries already recorded keep the rate they were
// converted with: a new rate never relabels history. Scheduled contract payments in the
// currency are not history, so their base amounts are recomputed.
func (d *DB) CreateRate(ctx context.Context, r *outlay.Rate) error {
	return d.inTx(ctx, func(tx *Tx) error { return createRate(ctx, tx, r) })
}

func createRate(ctx context.Context, tx *Tx, r *outlay.Rate) error {
	s, err := tx.getSettings(ctx)
	if err != nil {
		return err
	}
	if err := r.Validate(s.BaseCurrency); err != nil {
		return err
	}
	r.CreatedAt = tx.now
	res, err := tx.ExecContext(ctx, `INSERT INTO fx_rates (currency, effective_from, rate_micros, created_at) VALUES (?, ?, ?, ?)`,
		r.Currency, outlay.FormatDate(r.EffectiveFrom), r.RateMicros, formatTime(r.CreatedAt))
	if isUniqueViolation(err) {
		return &outlay.Error{Code: outlay.ECONFLICT, Message: "There is already a " + r.Currency + " rate effective from " + outlay.FormatDate(r.EffectiveFrom) + ".",
			Fields: map[string]string{"effective_from": "a rate for this day exists"}}
	} else if err != nil {
		return err
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := refreshPaymentsWhere(ctx, tx, "currency = ? AND archived_at IS NULL", r.Currency); err != nil {
		return err
	}
	return tx.audit(outlay.ActionCreate, "rate", r.ID, nil, rateAudit(r))
}

// DeleteRate removes a rate; scheduled contract payments in its currency are recomputed.
func (d *DB) DeleteRate(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error { return deleteRate(ctx, tx, id) })
}

func deleteRate(ctx context.Context, tx *Tx, id int64) error {
	r, err := scanRate(tx.QueryRowContext(ctx, `SELECT id, currency, effective_from, rate_micros, created_at FROM fx_rates WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return outlay.Errorf(outlay.ENOTFOUND, "Exchange rate not found.")
	} else if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM fx_rates WHERE id = ?`, id); err != nil {
		return err
	}
	if err := refreshPaymentsWhere(ctx, tx, "currency = ? AND archived_at IS NULL", r.Currency); err != nil {
		return err
	}
	return tx.audit("delete", "rate", id, rateAudit(r), nil)
}

// RateOn returns the rate of a currency effective on a date.
func (d *DB) RateOn(ctx context.Context, currency string, on time.Time) (*outlay.Rate, error) {
	return rateOn(ctx, d.read, currency, on)
}

func rateOn(ctx context.Context, q queryer, currency string, on time.Time) (*outlay.Rate, error) {
	r, err := scanRate(q.QueryRowContext(ctx, `SELECT id, currency, effective_from, rate_micros, created_at FROM fx_rates
		WHERE currency = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`, currency, outlay.FormatDate(on)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, outlay.Errorf(outlay.ENOTFOUND, "No %s exchange rate is effective on %s: add one under Settings → Exchange rates.", currency, outlay.FormatDate(on))
	}
	return r, err
}

// windowDays is the reminder window from the settings, or the default when they cannot be
// read (a derived status must not fail a page).
func (d *DB) windowDays(ctx context.Context, q queryer) int {
	s, err := getSettings(ctx, q)
	if err != nil {
		return outlay.DefaultWindowDays
	}
	return s.WindowDays()
}
