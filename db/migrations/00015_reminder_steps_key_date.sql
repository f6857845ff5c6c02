-- +goose Up
-- A reminder run reads the steps of key dates that can still matter (from 30 days ago
-- on); the index keeps that read from scanning a history that grows every day.
CREATE INDEX reminder_steps_key_date_idx ON reminder_steps (key_date);

-- +goose Down
DROP INDEX reminder_steps_key_date_idx;
