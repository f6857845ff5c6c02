package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"outlay/internal/outlay"
)

var _ outlay.AuditService = (*DB)(nil)

// auditWhere is the WHERE clause of a filter, with its arguments.
func auditWhere(f outlay.AuditFilter) (string, []any) {
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
	return strings.Join(where, " AND "), args
}

// FindAuditEntries returns one page of audit entries, newest first, and the total. A
// Limit of 0 returns every match.
func (d *DB) FindAuditEntries(ctx context.Context, f outlay.AuditFilter) ([]*outlay.AuditEntry, int, error) {
	w, args := auditWhere(f)
	var total int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE `+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	var out []*outlay.AuditEntry
	err := d.eachAudit(ctx, w+` ORDER BY id DESC`+limitOffset(f.Limit, f.Offset), args, func(e *outlay.AuditEntry) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// EachAuditEntry calls fn for every matching entry, newest first, paging ignored, from
// one cursor: the export streams a long log without holding it.
func (d *DB) EachAuditEntry(ctx context.Context, f outlay.AuditFilter, fn func(*outlay.AuditEntry) error) error {
	w, args := auditWhere(f)
	return d.eachAudit(ctx, w+` ORDER BY id DESC`, args, fn)
}

func (d *DB) eachAudit(ctx context.Context, tail string, args []any, fn func(*outlay.AuditEntry) error) error {
	rows, err := d.read.QueryContext(ctx, `SELECT id, at, user_id, user_email, action, entity, entity_id, before, after
		FROM audit_log WHERE `+tail, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e outlay.AuditEntry
		var at, before, after string
		var uid sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &uid, &e.UserEmail, &e.Action, &e.Entity, &e.EntityID, &before, &after); err != nil {
			return err
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
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}
