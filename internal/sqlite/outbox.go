package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"outlay/internal/outlay"
)

var _ outlay.OutboxService = (*DB)(nil)

// MaxEmailError bounds the last error stored with an email: a mail server's reply can be
// long, and the Notifications page shows it in a table cell.
const MaxEmailError = 500

// emailColumns are the outbox columns every read scans, bodies apart; a list selects empty
// strings for the bodies (see scanEmail).
const emailColumns = `o.id, o.kind, o.dedupe_key, o.recipient, o.subject, o.secret, o.message_id, o.status,
	o.attempts, o.last_error, o.next_attempt_at, o.failing_since, o.created_at, o.sent_at`

// scanEmail reads emailColumns followed by the text and HTML bodies.
func scanEmail(row interface{ Scan(...any) error }) (*outlay.Email, error) {
	var e outlay.Email
	var next, created string
	var failing, sent sql.NullString
	if err := row.Scan(&e.ID, &e.Kind, &e.Key, &e.To, &e.Subject, &e.Secret, &e.MessageID, &e.Status,
		&e.Attempts, &e.LastError, &next, &failing, &created, &sent, &e.Text, &e.HTML); err != nil {
		return nil, err
	}
	e.NextAttemptAt, e.CreatedAt = parseTime(next), parseTime(created)
	e.FailingSince, e.SentAt = nullTime(failing), nullTime(sent)
	return &e, nil
}

// ClaimEmails marks up to n due emails as sending until now+claim and returns them,
// oldest due first, with their bodies and attachments. It is one immediate write
// transaction, so two workers, even in two processes on one database file, never claim
// the same email: the second waits for the first's commit and then sees the email as
// sending with a claim that has not lapsed. A sending email whose claim has lapsed (its
// worker died or hung) is due again; that is how an email that was being sent when its
// process was killed gets delivered, at the cost of a possible duplicate.
func (d *DB) ClaimEmails(ctx context.Context, now time.Time, n int, claim time.Duration) ([]*outlay.Email, error) {
	if n <= 0 {
		return nil, nil
	}
	var out []*outlay.Email
	err := d.inTx(ctx, func(tx *Tx) error {
		// The two IN values each read a range of outbox_due_idx (status, next_attempt_at).
		rows, err := tx.Tx.QueryContext(ctx, `SELECT id FROM outbox INDEXED BY outbox_due_idx
			WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
			ORDER BY next_attempt_at, id LIMIT ?`, formatTime(now), n)
		if err != nil {
			return err
		}
		ids, err := collect(rows, func(r interface{ Scan(...any) error }) (any, error) {
			var id int64
			err := r.Scan(&id)
			return id, err
		})
		if err != nil || len(ids) == 0 {
			return err
		}
		in := `(` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`
		if _, err := tx.Tx.ExecContext(ctx, `UPDATE outbox SET status = 'sending', next_attempt_at = ? WHERE id IN `+in,
			append([]any{formatTime(now.Add(claim))}, ids...)...); err != nil {
			return err
		}
		if rows, err = tx.Tx.QueryContext(ctx, `SELECT `+emailColumns+`, o.body_text, o.body_html,
				a.name, a.content_type, a.data
			FROM outbox o LEFT JOIN outbox_attachments a ON a.outbox_id = o.id WHERE o.id IN `+in, ids...); err != nil {
			return err
		}
		byID := map[int64]*outlay.Email{}
		if _, err := collect(rows, func(r interface{ Scan(...any) error }) (*outlay.Email, error) {
			var name, contentType sql.NullString
			var data []byte
			e, err := scanEmail(scanPlus{r, []any{&name, &contentType, &data}})
			if err != nil {
				return nil, err
			}
			if name.Valid {
				e.Attachment = &outlay.Attachment{Name: name.String, ContentType: contentType.String, Data: data}
			}
			byID[e.ID] = e
			return e, nil
		}); err != nil {
			return err
		}
		for _, id := range ids { // in the order they were due
			if e := byID[id.(int64)]; e != nil {
				out = append(out, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanPlus scans a row's first columns with a scanner of them and the rest into more.
type scanPlus struct {
	row  interface{ Scan(...any) error }
	more []any
}

// Scan passes dest and the extra destinations to the row in one call.
func (s scanPlus) Scan(dest ...any) error { return s.row.Scan(append(dest, s.more...)...) }

// markEmail applies set to email id when it is sending, and tells why not otherwise: a
// mark is the end of a claim, so an email that is not sending (it was marked already by
// a worker whose claim had lapsed and been taken over, or the id is wrong) is left alone
// and the mark is ECONFLICT (ENOTFOUND for an id not in the outbox). The worker logs it
// and goes on.
func (d *DB) markEmail(ctx context.Context, id int64, set string, args ...any) error {
	return d.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET `+set+` WHERE id = ? AND status = 'sending'`, append(args, id)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var status string
		err = tx.QueryRowContext(ctx, `SELECT status FROM outbox WHERE id = ?`, id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return outlay.Errorf(outlay.ENOTFOUND, "Email not found.")
		} else if err != nil {
			return err
		}
		return outlay.Errorf(outlay.ECONFLICT, "This email is %s, not being sent.", status)
	})
}

// emptySecret empties the bodies of a secret email: once it is sent or has failed, the
// reset link it holds is of no use to keep and a risk to keep.
const emptySecret = `body_text = CASE WHEN secret = 1 THEN '' ELSE body_text END,
	body_html = CASE WHEN secret = 1 THEN '' ELSE body_html END`

// MarkEmailSent records that the mail server accepted a sending email at at.
func (d *DB) MarkEmailSent(ctx context.Context, id int64, at time.Time) error {
	return d.markEmail(ctx, id, `status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = '', `+emptySecret,
		formatTime(at))
}

// MarkEmailRetry records a temporary failure at at: the email is pending again from
// next, and the failure series that GiveUpAfter measures starts at at unless it had
// started already.
func (d *DB) MarkEmailRetry(ctx context.Context, id int64, at time.Time, errText string, next time.Time) error {
	return d.markEmail(ctx, id, `status = 'pending', attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
		failing_since = coalesce(failing_since, ?)`, capError(errText), formatTime(next), formatTime(at))
}

// MarkEmailFailed records a failure for good at at; a secret body is emptied.
func (d *DB) MarkEmailFailed(ctx context.Context, id int64, at time.Time, errText string) error {
	return d.markEmail(ctx, id, `status = 'failed', attempts = attempts + 1, last_error = ?, `+emptySecret,
		capError(errText))
}

// capError bounds an error text at MaxEmailError characters, cut at a character boundary.
func capError(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= MaxEmailError {
		return s
	}
	r := []rune(s)
	return string(r[:MaxEmailError-1]) + "…"
}

// emailAudit is what the audit log keeps of an email: its status only, never its body,
// which may hold a reset link.
type emailAudit struct {
	Status string `json:"status"`
}

// RetryEmail makes a failed email pending and due at once, with a new failure series
// (failing_since cleared); its last error stays for the page until the next attempt
// replaces it, and its attempts keep counting. An email that is not failed is ECONFLICT,
// and so is a failed secret email, whose body (the reset link) was emptied when it
// failed: its owner asks for a new link instead. It is audited as "retry" of "email".
func (d *DB) RetryEmail(ctx context.Context, id int64) error {
	return d.inTx(ctx, func(tx *Tx) error {
		var status, text string
		var secret bool
		err := tx.QueryRowContext(ctx, `SELECT status, secret, body_text FROM outbox WHERE id = ?`, id).Scan(&status, &secret, &text)
		if errors.Is(err, sql.ErrNoRows) {
			return outlay.Errorf(outlay.ENOTFOUND, "Email not found.")
		} else if err != nil {
			return err
		}
		if status != outlay.EmailFailed {
			return outlay.Errorf(outlay.ECONFLICT, "Only a failed email can be retried; this one is %s.", status)
		}
		if secret && text == "" {
			return outlay.Errorf(outlay.ECONFLICT, "This sign-in link was discarded when it failed: ask for a new link.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', next_attempt_at = ?, failing_since = NULL
			WHERE id = ?`, formatTime(tx.now), id); err != nil {
			return err
		}
		return tx.audit("retry", "email", id, emailAudit{Status: status}, emailAudit{Status: outlay.EmailPending})
	})
}

// emailWhere is the WHERE clause of a filter, with its arguments.
func emailWhere(f outlay.EmailFilter) (string, []any) {
	where, args := []string{"1=1"}, []any{}
	if f.ID != nil {
		where, args = append(where, "o.id = ?"), append(args, *f.ID)
	}
	if f.Status != "" {
		where, args = append(where, "o.status = ?"), append(args, f.Status)
	}
	if f.Kind != "" {
		where, args = append(where, "o.kind = ?"), append(args, f.Kind)
	}
	return strings.Join(where, " AND "), args
}

// FindEmails returns one page of the outbox, newest first, and the number of matches.
// A list carries no bodies and no attachments: the page shows subject, recipient, kind,
// status, attempts, the last error and the times. Asked for one email (ID), it carries
// its bodies, unless the email is secret: a reset link is never read back.
func (d *DB) FindEmails(ctx context.Context, f outlay.EmailFilter) ([]*outlay.Email, int, error) {
	w, args := emailWhere(f)
	var total int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM outbox o WHERE `+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	bodies := `'', ''`
	if f.ID != nil {
		bodies = `CASE WHEN o.secret = 0 THEN o.body_text ELSE '' END, CASE WHEN o.secret = 0 THEN o.body_html ELSE '' END`
	}
	rows, err := d.read.QueryContext(ctx, `SELECT `+emailColumns+`, `+bodies+` FROM outbox o WHERE `+w+`
		ORDER BY o.created_at DESC, o.id DESC`+limitOffset(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := collect(rows, func(r interface{ Scan(...any) error }) (*outlay.Email, error) { return scanEmail(r) })
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// CountEmails counts the outbox by status; every status is present, zero included, so a
// page can show "0 failed" without a lookup that may miss.
func (d *DB) CountEmails(ctx context.Context) (map[string]int, error) {
	out := make(map[string]int, len(outlay.EmailStatuses))
	for _, s := range outlay.EmailStatuses {
		out[s] = 0
	}
	rows, err := d.read.QueryContext(ctx, `SELECT status, count(*) FROM outbox GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// NextEmailDue is the earliest time an email becomes due: the next attempt of a pending
// email or the end of a sending email's claim (a claim that lapses is due again). It is
// nil when no email is pending or sending, and may be in the past when one is due now.
func (d *DB) NextEmailDue(ctx context.Context) (*time.Time, error) {
	var next sql.NullString
	if err := d.read.QueryRowContext(ctx, `SELECT min(next_attempt_at) FROM outbox
		WHERE status IN ('pending', 'sending')`).Scan(&next); err != nil {
		return nil, err
	}
	return nullTime(next), nil
}
