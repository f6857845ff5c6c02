package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
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
// planner may act on from today − renewal.PassedNoticeDays on (older ones plan nothing
// whatever is recorded): each non-archived contract's key date (its current term's)
// without a renew or cancel decision, each non-archived licence's expiry that no contract
// covers, and the steps recorded for those key dates. It reads only the columns the plan
// needs, each query from an index holding them (migration 00015), which keeps the large
// demo set's planning under 100 ms.
func reminderInput(ctx context.Context, q queryer, today time.Time) (*outlay.ReminderInput, error) {
	today = civilDate(today)
	st, err := getSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	in := &outlay.ReminderInput{Settings: st}
	cutoff := today.AddDate(0, 0, -renewal.PassedNoticeDays)
	// key_date is renewal.KeyDate of the current term, written by every change of a
	// contract or its terms in the change's transaction (deriveContractColumns); lists,
	// the dashboard and the renewals page read the same column. A renew or cancel
	// decision plans nothing, so decided contracts are not read at all.
	//
	// A key date further ahead than its largest offset has nothing due yet, so only key
	// dates up to today + the settings' largest offset are read (up to today +
	// outlay.MaxOffsetDays, the bound of every stored offset, for a contract with
	// offsets of its own). Without a finance list an item may have nobody to tell,
	// which the plan reports however far ahead its key date is: those are read too.
	global := 0
	for _, o := range st.ReminderOffsets {
		global = max(global, o)
	}
	from := outlay.FormatDate(cutoff)
	near, far := outlay.FormatDate(today.AddDate(0, 0, global)), outlay.FormatDate(today.AddDate(0, 0, max(global, outlay.MaxOffsetDays)))
	nobody := "0"
	if len(st.FinanceEmails) == 0 {
		nobody = "c.owner_email = '' AND c.backup_owner_email = ''"
	}
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.renewal_type, c.key_date, c.owner_email, c.backup_owner_email,
			c.reminder_offsets
		FROM contracts c INDEXED BY contracts_reminder_idx
		WHERE c.key_date >= ? AND (c.key_date <= ? OR (c.key_date <= ? AND c.reminder_offsets <> '') OR `+nobody+`)
			AND c.archived_at IS NULL AND c.decision NOT IN ('renew', 'cancel')`,
		from, near, far)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var it renewal.ReminderItem
		var typ, key, owner, backup, offsets string
		if err := rows.Scan(&it.ID, &typ, &key, &owner, &backup, &offsets); err != nil {
			rows.Close()
			return nil, err
		}
		it.Kind = renewal.ReminderContract
		it.KeyDate = parseDate(key)
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
		in.Items = append(in.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	where, args := licenceWhere(outlay.LicenceFilter{ExpiringFrom: &cutoff, UncoveredOn: &today})
	nobody = "0"
	if len(st.FinanceEmails) == 0 {
		nobody = "l.owner_email = ''"
	}
	rows, err = q.QueryContext(ctx, `SELECT l.id, l.expiry_date, l.owner_email FROM licences l
		INDEXED BY licences_reminder_idx WHERE (l.expiry_date <= ? OR `+nobody+`) AND `+where, append([]any{near}, args...)...)
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

	// The planner needs a step's key, not its status: a recorded step is never planned
	// again, whatever it was. Tens of thousands of steps are read on every run, and
	// reading them a row at a time costs more in the driver's per-row calls than SQLite's
	// reading them: SQLite joins them into one text instead, a line per (item, key date,
	// recipient) as "kind,id,key date,recipient,offset,offset…" in the index's order.
	// A recipient is a validated email address: no comma or newline in it.
	var all sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT group_concat(line, char(10)) FROM (
			SELECT kind || ',' || item_id || ',' || key_date || ',' || recipient || ',' || group_concat(offset_days) AS line
			FROM reminder_steps INDEXED BY reminder_steps_key_date_idx WHERE key_date >= ? AND key_date <= ?
			GROUP BY key_date, kind, item_id, recipient)`, from, far).Scan(&all); err != nil {
		return nil, err
	}
	// Each line has three commas before its offsets and one before each offset.
	lines := strings.Count(all.String, "\n") + 1
	in.Done = make([]renewal.SentStep, 0, max(0, strings.Count(all.String, ",")-3*lines))
	var lastKey string
	var lastDate time.Time
	for line := range strings.SplitSeq(all.String, "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, ",")
		if len(f) < 5 {
			return nil, fmt.Errorf("reminder steps: unreadable line %q", line)
		}
		var s renewal.SentStep
		var err error
		s.Kind, s.Recipient = f[0], f[3]
		if s.ID, err = strconv.ParseInt(f[1], 10, 64); err != nil {
			return nil, err
		}
		if f[2] != lastKey {
			lastKey, lastDate = f[2], parseDate(f[2])
		}
		s.KeyDate = lastDate
		for _, o := range f[4:] {
			if s.Offset, err = strconv.Atoi(o); err != nil {
				return nil, err
			}
			in.Done = append(in.Done, s)
		}
	}
	return in, nil
}
