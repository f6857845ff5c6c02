package sqlite

import (
	"context"
	"database/sql"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// ReminderInput reads the reminder planner's input as of today from one read snapshot
// of the pool, so a run's planning never holds the writer.
func (d *DB) ReminderInput(ctx context.Context, today time.Time) (*outlay.ReminderInput, error) {
	tx, err := d.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return reminderInput(ctx, tx, today)
}

// ReminderInput reads the planner's input as this transaction sees it: a dry run plans
// over the terms its own rolls created.
func (tx *Tx) ReminderInput(ctx context.Context, today time.Time) (*outlay.ReminderInput, error) {
	return reminderInput(ctx, tx, today)
}

// reminderInput reads, with three queries read one after the other, every key date the
// planner may act on: each non-archived contract's current term, each non-archived
// licence that no contract covers with an expiry, and the steps recorded for key dates
// from today − renewal.PassedNoticeDays on (older ones plan nothing whatever is
// recorded). The key date comes from renewal.KeyDate over the current term, the rule the
// contracts' own columns are written with; it reads the few columns the plan needs and
// no whole contracts, which keeps the large demo set's planning under 100 ms.
func reminderInput(ctx context.Context, q queryer, today time.Time) (*outlay.ReminderInput, error) {
	today = civilDate(today)
	st, err := getSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	in := &outlay.ReminderInput{Settings: st}
	cutoff := today.AddDate(0, 0, -renewal.PassedNoticeDays)
	// A key date is at most the day after the term's end (a cancel-by date with no
	// notice): terms that ended before cutoff − 1 cannot have a key date that matters.
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.renewal_type, c.term_end, c.notice_value, c.notice_unit,
			c.owner_email, c.backup_owner_email, c.reminder_offsets, c.decision
		FROM contracts c WHERE c.archived_at IS NULL AND c.term_end <> '' AND c.term_end >= ?`,
		outlay.FormatDate(cutoff.AddDate(0, 0, -1)))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var it renewal.ReminderItem
		var typ, end, unit, owner, backup, offsets, decision string
		var notice int
		if err := rows.Scan(&it.ID, &typ, &end, &notice, &unit, &owner, &backup, &offsets, &decision); err != nil {
			rows.Close()
			return nil, err
		}
		it.Kind = renewal.ReminderContract
		it.KeyDate = renewal.KeyDate(typ, parseDate(end), renewal.Notice{Value: notice, Unit: unit})
		if it.KeyDate.Before(cutoff) {
			continue
		}
		it.What = renewal.WhatTermEnd
		if typ == renewal.RenewalAuto {
			it.What = renewal.WhatCancelBy
		}
		if offsets != "" {
			if offs, err := outlay.ParseOffsets(offsets); err == nil {
				it.Offsets = outlay.NormalizeOffsets(offs)
			}
		}
		it.Recipients = append(append(make([]string, 0, 2+len(st.FinanceEmails)), owner, backup), st.FinanceEmails...)
		it.Decided = decision == renewal.DecisionRenew || decision == renewal.DecisionCancel
		in.Items = append(in.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	where, args := licenceWhere(outlay.LicenceFilter{ExpiringFrom: &cutoff, UncoveredOn: &today})
	rows, err = q.QueryContext(ctx, `SELECT l.id, l.expiry_date, l.owner_email FROM licences l
		JOIN vendors v ON v.id = l.vendor_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		it := renewal.ReminderItem{Kind: renewal.ReminderLicence, What: renewal.WhatLicenceExpiry}
		var expiry, owner string
		if err := rows.Scan(&it.ID, &expiry, &owner); err != nil {
			rows.Close()
			return nil, err
		}
		it.KeyDate = parseDate(expiry)
		it.Recipients = append(append(make([]string, 0, 1+len(st.FinanceEmails)), owner), st.FinanceEmails...)
		in.Items = append(in.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT kind, item_id, key_date, offset_days, recipient, status
		FROM reminder_steps WHERE key_date >= ?`, outlay.FormatDate(cutoff))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s renewal.SentStep
		var key string
		if err := rows.Scan(&s.Kind, &s.ID, &key, &s.Offset, &s.Recipient, &s.Status); err != nil {
			return nil, err
		}
		s.KeyDate = parseDate(key)
		in.Done = append(in.Done, s)
	}
	return in, rows.Err()
}
