package outlay

import (
	"context"
	"time"

	"outlay/internal/renewal"
)

// ReminderInput is what the reminder planner (renewal.PlanReminders) reads: the settings
// (global offsets, finance list), every key date that may get a step, and the steps
// already recorded for key dates that can still matter.
type ReminderInput struct {
	Settings Settings
	Items    []renewal.ReminderItem
	Done     []renewal.SentStep
}

// ReminderStep is one recorded reminder step (DOMAIN.md "Reminders"): each (item, key
// date, offset, recipient) is recorded once, sent, skipped or passed, whichever run or
// server got there first.
type ReminderStep struct {
	Kind      string // renewal.ReminderContract or renewal.ReminderLicence
	ItemID    int64
	KeyDate   time.Time
	Offset    int // renewal.OffsetPassed for the "deadline passed" notice
	Recipient string
	Status    string // renewal.StepSent, StepSkipped or StepPassed
	What      string // renewal.WhatCancelBy, WhatTermEnd or WhatLicenceExpiry
}

// ReminderTx is a write transaction of a reminder run: the domain's Tx (the roll, the
// outbox) with the reads and records the run needs.
type ReminderTx interface {
	Tx
	// ReminderInput reads the planner's input as of today, as this transaction sees it.
	ReminderInput(ctx context.Context, today time.Time) (*ReminderInput, error)
	// FindLicenceByID returns one licence, archived or not, for a letter about it.
	FindLicenceByID(ctx context.Context, id int64) (*Licence, error)
	// RecordReminderStep records s unless a step of its key is recorded already, and
	// reports whether it wrote it: false means another run got there first and s must
	// not be mailed again.
	RecordReminderStep(ctx context.Context, s *ReminderStep) (bool, error)
	// LinkReminderStep notes on a recorded step the outbox email written for it.
	LinkReminderStep(ctx context.Context, s *ReminderStep, outboxID int64) error
}

// ReminderWork runs a reminder run's writes: Update commits, DryRun rolls back.
type ReminderWork interface {
	UpdateReminders(ctx context.Context, fn func(tx ReminderTx) error) error
	DryRunReminders(ctx context.Context, fn func(tx ReminderTx) error) error
	// ReminderInput reads the planner's input as of today from one read snapshot,
	// without holding the writer.
	ReminderInput(ctx context.Context, today time.Time) (*ReminderInput, error)
}

// LeaseService keeps runs that must not overlap apart, also across processes sharing one
// database: a lease is held by one holder until it is released or its time lapses.
type LeaseService interface {
	// TakeLease takes the lease name for holder for ttl from now (storage's clock, the
	// one every holder's lapse is judged by), when it is free, lapsed or already
	// holder's, and reports whether holder has it now.
	TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// ReleaseLease gives the lease back if holder has it.
	ReleaseLease(ctx context.Context, name, holder string) error
}

// ReminderRunRecorder writes the record of reminder runs that ReminderRunService reads.
type ReminderRunRecorder interface {
	// StartReminderRun stores r as started (StartedAt, AsOf, Holder) and sets r.ID.
	StartReminderRun(ctx context.Context, r *ReminderRun) error
	// FinishReminderRun stores r's counts, error and FinishedAt.
	FinishReminderRun(ctx context.Context, r *ReminderRun) error
}
