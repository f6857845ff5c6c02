package renewal

import (
	"slices"
	"strings"
	"time"
)

// Reminder planning (DOMAIN.md "Reminders"). PlanReminders is pure: the caller
// loads the items that have key dates and the steps already recorded, and
// records what the plan says in the same transaction that writes the emails.
// Because every step the planner returns is keyed by (Kind, ID, KeyDate,
// Offset, Recipient) and a recorded step is never planned again, running the
// planner twice on the same day, or after a restart, plans nothing new.

// Kinds of item that get reminders.
const (
	ReminderContract = "contract"
	ReminderLicence  = "licence"
)

// What a key date is, so an email can say what happens when nobody acts.
const (
	WhatCancelBy      = "cancel_by"      // an auto contract's last day to give notice
	WhatTermEnd       = "term_end"       // a manual or none contract's term end
	WhatLicenceExpiry = "licence_expiry" // a licence not covered by a contract expires
)

// Statuses of a recorded step.
const (
	StepSent    = "sent"    // the reminder was written to the outbox
	StepSkipped = "skipped" // a more urgent step superseded it, it is never sent
	StepPassed  = "passed"  // the "deadline passed" notice was written to the outbox
)

// OffsetPassed is the offset of the "deadline passed" notice. Offsets in a
// reminder list are never negative, so it cannot collide with a reminder,
// and the notice shares the (item, key date, offset, recipient) key of the
// reminders: one notice per key date and recipient, recorded like any step.
const OffsetPassed = -1

// PassedNoticeDays is how long after a key date its "deadline passed"
// notice may still go out: through KeyDate + 30 days. Later the key date is
// history and nothing is planned for it, so importing old contracts and
// licences, or a manual contract that ended years ago, does not mail a notice
// about each; the dashboard still lists missed dates of running terms. An
// outage longer than this loses the notice, not a reminder before the date.
const PassedNoticeDays = 30

// MaxReminderOffset is the largest offset the planner accepts (ten years);
// larger ones, like negative ones, are ignored as input mistakes.
const MaxReminderOffset = 3650

// ReminderItem is one key date that needs a person: a contract's key date
// (KeyDate of its current term) or the expiry of a licence no contract covers.
type ReminderItem struct {
	Kind    string    // ReminderContract or ReminderLicence
	ID      int64     // the contract's or licence's id
	KeyDate time.Time // read as a civil date
	What    string    // WhatCancelBy, WhatTermEnd or WhatLicenceExpiry; carried into each step
	// Offsets are the contract's own offsets. Nil, or a list with no valid
	// offset, means the global ones: an override can change the days but
	// never silence a key date (a decision or Ended does that).
	Offsets []int
	// Recipients are the owner, the backup owner and the finance list, in
	// that order. The planner drops empty and repeated addresses (compared
	// without case) and keeps the first spelling and the order.
	Recipients []string
	// Decided is true when the term carries a renew or cancel decision: no
	// more reminders and no "deadline passed" notice. A renegotiate decision
	// keeps reminders going, so the caller leaves Decided false for it.
	Decided bool
	// Ended is true when nothing needs a person any more: the contract is
	// archived, the licence is archived or covered by a contract. A manual or
	// none contract whose term end (its key date) has passed with no decision
	// is what the "deadline passed" notice is for, so give it with Ended false
	// even though its derived status is "ended"; PassedNoticeDays keeps old
	// ones quiet.
	Ended bool
}

// SentStep is a step recorded by an earlier run, whatever its status
// (StepSent, StepSkipped or StepPassed): a recorded step is never planned
// again. Steps of a key date an item no longer has simply match nothing.
type SentStep struct {
	Kind      string
	ID        int64
	KeyDate   time.Time
	Offset    int // OffsetPassed for the "deadline passed" notice
	Recipient string
	Status    string
}

// Step is one planned step: a reminder to send, a reminder to record as
// skipped, or a "deadline passed" notice.
type Step struct {
	Kind      string
	ID        int64
	KeyDate   time.Time // civil, 00:00 UTC
	What      string
	Offset    int       // days before KeyDate; OffsetPassed for a passed notice
	Recipient string    // as the item spells it
	Due       time.Time // KeyDate minus Offset days; the day after KeyDate for a passed notice
	DaysLeft  int       // days from asOf to KeyDate; negative once it has passed
}

// ItemRef names an item, for Plan.NoRecipient.
type ItemRef struct {
	Kind    string
	ID      int64
	KeyDate time.Time
	What    string
}

// Plan is what to do now. The caller records every step of Send, Skip and
// Passed (with StepSent, StepSkipped and StepPassed) and writes an email for
// each step of Send and Passed; a step left unrecorded is planned again.
type Plan struct {
	Send   []Step // reminders to send now: at most one per (item, key date, recipient)
	Skip   []Step // reminders superseded by a more urgent one, never to be sent
	Passed []Step // "deadline passed" notices
	// NoRecipient lists the items that still need a person (neither Decided
	// nor Ended) but have no recipient, whether or not a step is due today,
	// so a page can warn before the first reminder would have gone nowhere.
	NoRecipient []ItemRef
}

// NormaliseOffsets returns the valid offsets (0 to MaxReminderOffset days)
// without repeats, largest first. It does not change its argument. An offset
// of 0 means on the key date itself.
func NormaliseOffsets(offsets []int) []int {
	out := make([]int, 0, len(offsets))
	for _, o := range offsets {
		if o >= 0 && o <= MaxReminderOffset {
			out = append(out, o)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	slices.Reverse(out)
	return out
}

// PlanReminders plans the reminder steps for asOf (read as a civil date):
//
//   - A reminder (item, key date, offset, recipient) is due when
//     KeyDate − offset ≤ asOf ≤ KeyDate and no step with that key is recorded.
//   - Catch-up: of the due offsets of one (item, key date, recipient) only the
//     smallest is sent; the larger ones not yet recorded are skipped. When the
//     smallest is already recorded, nothing is sent and the larger ones not
//     recorded are skipped.
//   - Once asOf is after KeyDate, and until PassedNoticeDays after it, one
//     "deadline passed" notice (OffsetPassed) per recipient is planned unless
//     recorded, and the reminders of that key date never recorded are
//     skipped: the notice supersedes them. Later nothing is planned.
//   - Decided and Ended items plan nothing.
//   - An item without recipients plans nothing and is listed in NoRecipient
//     when it still needs a person.
//   - Items are keyed by (Kind, ID, KeyDate); a repeat of a key is ignored
//     (the first one counts), so no step is planned twice in one plan.
//
// Every list is ordered by key date, kind, id, then recipient in the item's
// order, then offset largest first, whatever the order of items and done.
func PlanReminders(asOf time.Time, global []int, items []ReminderItem, done []SentStep) Plan {
	today := civil(asOf)
	globalOffsets := NormaliseOffsets(global)

	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	keyDates := make([]time.Time, len(items))
	for i := range items {
		keyDates[i] = civil(items[i].KeyDate)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := keyDates[a].Compare(keyDates[b]); c != 0 {
			return c
		}
		if c := strings.Compare(items[a].Kind, items[b].Kind); c != 0 {
			return c
		}
		switch {
		case items[a].ID < items[b].ID:
			return -1
		case items[a].ID > items[b].ID:
			return 1
		}
		return 0
	})

	// Index the recorded steps by item: slot[kind][id] is an item's place in
	// items, head[place] its first recorded step and next[j] the one after
	// step j (-1 ends a list). The few steps of one item are then scanned
	// directly. Steps of items not planned are dropped here; a history of
	// hundreds of thousands of steps costs one map lookup each and no
	// allocation per item.
	slot := map[string]map[int64]int32{}
	for i := range items {
		ids := slot[items[i].Kind]
		if ids == nil {
			ids = make(map[int64]int32, len(items))
			slot[items[i].Kind] = ids
		}
		if _, ok := ids[items[i].ID]; !ok {
			ids[items[i].ID] = int32(i)
		}
	}
	head := make([]int32, len(items))
	for i := range head {
		head[i] = -1
	}
	next := make([]int32, len(done))
	lastKind, ids := "", map[int64]int32(nil)
	for j := range done {
		if ids == nil || done[j].Kind != lastKind {
			lastKind, ids = done[j].Kind, slot[done[j].Kind]
		}
		if i, ok := ids[done[j].ID]; ok {
			next[j], head[i] = head[i], int32(j)
		}
	}

	var plan Plan
	var recorded []SentStep // the steps recorded for the current item and key date
	for n, i := range order {
		it := &items[i]
		key := keyDates[i]
		if n > 0 {
			p := order[n-1]
			if keyDates[p].Equal(key) && items[p].Kind == it.Kind && items[p].ID == it.ID {
				continue
			}
		}
		if it.Decided || it.Ended {
			continue
		}
		recipients := cleanRecipients(it.Recipients)
		if len(recipients) == 0 {
			plan.NoRecipient = append(plan.NoRecipient, ItemRef{it.Kind, it.ID, key, it.What})
			continue
		}
		offsets := NormaliseOffsets(it.Offsets)
		if len(offsets) == 0 {
			offsets = globalOffsets
		}

		recorded = recorded[:0]
		for j := head[slot[it.Kind][it.ID]]; j >= 0; j = next[j] {
			if civilFast(done[j].KeyDate).Equal(key) {
				recorded = append(recorded, done[j])
			}
		}
		isDone := func(offset int, recipient string) bool {
			for _, s := range recorded {
				if s.Offset == offset && strings.EqualFold(strings.TrimSpace(s.Recipient), recipient) {
					return true
				}
			}
			return false
		}
		step := func(offset int, recipient string) Step {
			due := key.AddDate(0, 0, -offset)
			return Step{Kind: it.Kind, ID: it.ID, KeyDate: key, What: it.What, Offset: offset,
				Recipient: recipient, Due: due, DaysLeft: DaysBetween(today, key)}
		}

		if today.After(key) {
			if today.After(key.AddDate(0, 0, PassedNoticeDays)) {
				continue
			}
			for _, r := range recipients {
				for _, o := range offsets {
					if !isDone(o, r) {
						plan.Skip = append(plan.Skip, step(o, r))
					}
				}
				if !isDone(OffsetPassed, r) {
					plan.Passed = append(plan.Passed, step(OffsetPassed, r))
				}
			}
			continue
		}

		// Offsets are largest first, so the due ones (due day on or before
		// today) are a prefix of the list and the last of it is the most urgent.
		due := 0
		for due < len(offsets) && !key.AddDate(0, 0, -offsets[due]).After(today) {
			due++
		}
		if due == 0 {
			continue
		}
		for _, r := range recipients {
			for _, o := range offsets[:due-1] {
				if !isDone(o, r) {
					plan.Skip = append(plan.Skip, step(o, r))
				}
			}
			if urgent := offsets[due-1]; !isDone(urgent, r) {
				plan.Send = append(plan.Send, step(urgent, r))
			}
		}
	}
	return plan
}

// civilFast is civil without its cost for a date that is already civil, as
// dates read from the database are: it runs once per recorded step.
func civilFast(t time.Time) time.Time {
	if t.Location() == time.UTC && t.Unix()%86400 == 0 {
		return t
	}
	return civil(t)
}

// cleanRecipients drops empty and repeated addresses (compared without case
// and surrounding spaces), keeping the first spelling and the order.
func cleanRecipients(in []string) []string {
	out := make([]string, 0, len(in))
	for _, r := range in {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		dup := false
		for _, seen := range out {
			if strings.EqualFold(seen, r) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}
