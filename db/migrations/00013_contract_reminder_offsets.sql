-- +goose Up
-- A contract may have reminder offsets of its own ("90,30,7": days before its key date,
-- largest first); '' means it follows the settings' offsets, which every contract
-- stored before this column did.
ALTER TABLE contracts ADD COLUMN reminder_offsets TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE contracts DROP COLUMN reminder_offsets;
