package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"outlay/internal/outlay"
)

var _ outlay.AuditService = (*DB)(nil)

// FindAuditEntries returns one page of audit entries, newest first, and the total. A
// Limit of 0 returns every match (the export).
func (d *DB) FindAuditEntries(ctx context.Context, f outlay.AuditFilter) ([]*outlay.AuditEntry, int, error) {
	where, args := []string{"1=1"}, []any{}
	if f.Entity != "" {
		where, args = append(where, "entity = ?"), append(args, f.Entity)
	}
	if f.EntityID != nil {
		where, args = append(where, "entity_id = ?"), append(args, *f.EntityID)
	}
	if f.UserID != nil {
		where, args = append(where, "user_id = ?"), append(args, *f.UserID)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	// Instants are stored in one fixed-width UTC layout, so they compare as text.
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, formatTime(civilDate(f.From)))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, formatTime(civilDate(f.To).AddDate(0, 0, 1)))
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE `+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := d.read.QueryContext(ctx, `SELECT id, at, user_id, user_email, action, entity, entity_id, before, after
		FROM audit_log WHERE `+w+` ORDER BY id DESC`+limitOffset(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*outlay.AuditEntry
	for rows.Next() {
		var e outlay.AuditEntry
		var at, before, after string
		var uid sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &uid, &e.UserEmail, &e.Action, &e.Entity, &e.EntityID, &before, &after); err != nil {
			return nil, 0, err
		}
		e.At = parseTime(at)
		if uid.Valid {
			e.UserID = &uid.Int64
		}
		if before != "" {
			e.Before = json.RawMessage(before)
		}
		if after != "" {
			e.After = json.RawMessage(after)
		}
		out = append(out, &e)
	}
	return out, total, rows.Err()
}
