-- +goose Up
-- The audit page filters by action and by date as well as by record and user; these
-- indexes answer those filters, newest first, without reading the whole log.
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- +goose Down
DROP INDEX audit_log_at_idx;
DROP INDEX audit_log_action_idx;
