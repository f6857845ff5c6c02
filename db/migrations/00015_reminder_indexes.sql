-- +goose Up
-- The reminder run reads, every hour, every key date that may need a reminder and the
-- steps recorded for key dates that can still matter. These indexes hold exactly the
-- columns it reads, so that read scans small index pages rather than the wide rows of
-- contracts and licences (the large demo set: 20k contracts, 10k licences) and stays
-- well under 100 ms.
-- reminder_steps is WITHOUT ROWID: its index carries the rest of the primary key
-- (offset_days) too, which is all the planner needs of a recorded step, in the order
-- of one (item, key date, recipient) after the other, so the run reads their offsets
-- grouped, one row each, without a sort.
CREATE INDEX reminder_steps_key_date_idx ON reminder_steps (key_date, kind, item_id, recipient);
CREATE INDEX contracts_reminder_idx ON contracts (key_date, archived_at, decision, renewal_type,
    owner_email, backup_owner_email, reminder_offsets);
CREATE INDEX licences_reminder_idx ON licences (expiry_date, archived_at, contract_id, owner_email);

-- +goose Down
DROP INDEX licences_reminder_idx;
DROP INDEX contracts_reminder_idx;
DROP INDEX reminder_steps_key_date_idx;
