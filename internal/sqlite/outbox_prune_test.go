package sqlite_test

import (
	"context"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// emailAt enqueues an email as written at `at` and brings it to status.
func emailAt(t *testing.T, d *sqlite.DB, key string, at time.Time, status string, attach bool) *outlay.Email {
	t.Helper()
	d.Now = func() time.Time { return at }
	defer func() { d.Now = time.Now }()
	e := &outlay.Email{Key: key}
	if attach {
		e.Kind = outlay.EmailPack
		e.Attachment = &outlay.Attachment{Name: "pack.xlsx", ContentType: "application/octet-stream", Data: []byte("workbook")}
	}
	enqueue(t, d, e)
	if status != outlay.EmailPending {
		if _, err := d.WriteDB().Exec(`UPDATE outbox SET status = ? WHERE id = ?`, status, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// Retention drops a sent pack's workbook after a month, deletes finished emails after
// EmailKeep (unlinking their reminder steps, which stay), and never touches an email
// still to be delivered, however old.
func TestPruneEmails(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	now := time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour

	recentPack := emailAt(t, d, "pack/recent", now.Add(-10*day), outlay.EmailSent, true)
	oldPack := emailAt(t, d, "pack/old", now.Add(-40*day), outlay.EmailSent, true)
	oldFailed := emailAt(t, d, "failed/old", now.Add(-40*day), outlay.EmailFailed, true)
	ancient := emailAt(t, d, "reminder/ancient", now.Add(-401*day), outlay.EmailSent, false)
	stuck := emailAt(t, d, "pending/ancient", now.Add(-500*day), outlay.EmailPending, true)
	if _, err := d.WriteDB().Exec(`INSERT INTO reminder_steps (kind, item_id, key_date, offset_days, recipient,
		status, what, recorded_at, outbox_id) VALUES ('contract', 1, '2026-05-01', 30, 'anna@example.com', 'sent',
		'Cancel by', '2026-04-01T00:00:00Z', ?)`, ancient.ID); err != nil {
		t.Fatal(err)
	}
	// More old emails than one batch removes, written in one statement.
	if _, err := d.WriteDB().Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1203)
		INSERT INTO outbox (kind, dedupe_key, recipient, subject, body_text, body_html, message_id, status,
			next_attempt_at, created_at, sent_at)
		SELECT 'digest', 'digest/' || i, 'bo@example.com', 's', 'b', '', 'm' || i || '@example.com', 'sent',
			'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n`); err != nil {
		t.Fatal(err)
	}

	got, err := d.PruneEmails(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	// The old pack's and old failed email's workbooks, the ancient email and the 1,203 digests.
	if want := (outlay.Pruned{Attachments: 2, Emails: 1204}); got != want {
		t.Errorf("PruneEmails = %+v, want %+v", got, want)
	}
	if n := countRows(t, d, `SELECT count(*) FROM outbox_attachments WHERE outbox_id IN (?, ?)`, recentPack.ID, stuck.ID); n != 2 {
		t.Errorf("%d of the recent pack's and the pending email's attachments are left, want 2", n)
	}
	for _, e := range []*outlay.Email{recentPack, oldPack, oldFailed, stuck} {
		if n := countRows(t, d, `SELECT count(*) FROM outbox WHERE id = ?`, e.ID); n != 1 {
			t.Errorf("email %s was deleted", e.Key)
		}
	}
	if n := countRows(t, d, `SELECT count(*) FROM outbox WHERE id = ? OR kind = 'digest'`, ancient.ID); n != 0 {
		t.Errorf("%d emails older than EmailKeep are left", n)
	}
	if n := countRows(t, d, `SELECT count(*) FROM reminder_steps WHERE item_id = 1 AND status = 'sent' AND outbox_id IS NULL`); n != 1 {
		t.Errorf("the ancient email's reminder step was not kept, unlinked")
	}
	if again, err := d.PruneEmails(ctx, now); err != nil || again != (outlay.Pruned{}) {
		t.Errorf("a second prune = %+v, %v; want nothing", again, err)
	}
}
