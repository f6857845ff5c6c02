package sqlite

import (
	"context"
	"slices"
	"strings"

	"outlay/internal/outlay"
)

// EnqueueEmail writes e to the outbox, pending and due at once, unless an email of its
// key is there already; it reports whether it wrote one. Whatever plans an email calls
// it inside the transaction that records why (a reminder step, a reset link), so the
// email exists exactly when its reason does. It sets e's ID, Status, CreatedAt and
// NextAttemptAt. An email needs a kind, a key, a recipient, a subject, a text part and
// a Message-ID (outlay.MessageID).
func (tx *Tx) EnqueueEmail(ctx context.Context, e *outlay.Email) (bool, error) {
	return enqueueEmail(ctx, tx, e)
}

func enqueueEmail(ctx context.Context, tx *Tx, e *outlay.Email) (bool, error) {
	e.To = strings.TrimSpace(e.To)
	if e.Key == "" || e.To == "" || e.Subject == "" || e.Text == "" || e.MessageID == "" || !slices.Contains(outlay.EmailKinds, e.Kind) {
		return false, outlay.Errorf(outlay.EINTERNAL, "outbox: an email needs a kind, a key, a recipient, a subject, a text part and a Message-ID")
	}
	e.Status, e.Attempts, e.LastError, e.CreatedAt, e.NextAttemptAt = outlay.EmailPending, 0, "", tx.now, tx.now
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, dedupe_key, recipient, subject, body_text, body_html, secret,
			message_id, status, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
		e.Kind, e.Key, e.To, e.Subject, e.Text, e.HTML, e.Secret, e.MessageID, formatTime(tx.now), formatTime(tx.now))
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return false, err
	}
	if a := e.Attachment; a != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_attachments (outbox_id, name, content_type, data) VALUES (?, ?, ?, ?)`,
			e.ID, a.Name, a.ContentType, a.Data); err != nil {
			return false, err
		}
	}
	return true, nil
}
