package outlay

import (
	"context"
	"encoding/json"
	"time"
)

// Audit actions.
const (
	ActionCreate   = "create"
	ActionUpdate   = "update"
	ActionArchive  = "archive"
	ActionDecision = "decision"
	ActionRenew    = "renew"
	ActionReveal   = "reveal"
)

// AuditEntry records one change: who, when, which record, and its values before and
// after (JSON objects; Before is empty for a create).
type AuditEntry struct {
	ID        int64
	At        time.Time
	UserID    *int64 // nil for system work
	UserEmail string // kept even if the user is later renamed or deactivated
	Action    string
	Entity    string // vendor, contract, term, user, token, …
	EntityID  int64
	Before    json.RawMessage
	After     json.RawMessage
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	Entity   string
	EntityID *int64
	UserID   *int64
	Offset   int
	Limit    int
}

// AuditService reads the audit log. Writing happens inside each change's transaction.
type AuditService interface {
	FindAuditEntries(ctx context.Context, filter AuditFilter) ([]*AuditEntry, int, error)
}
