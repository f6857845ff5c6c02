package renewal

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

var defaultOffsets = []int{90, 60, 30, 14, 7, 1}

// stepStrings renders steps as "contract/1 2027-01-01 30 a@x" so a table row
// reads like the plan it expects.
func stepStrings(steps []Step) []string {
	out := []string{}
	for _, s := range steps {
		out = append(out, fmt.Sprintf("%s/%d %s %d %s", s.Kind, s.ID, s.KeyDate.Format(time.DateOnly), s.Offset, s.Recipient))
	}
	return out
}

func refStrings(refs []ItemRef) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, fmt.Sprintf("%s/%d %s", r.Kind, r.ID, r.KeyDate.Format(time.DateOnly)))
	}
	return out
}

// contract is a cancel-by item with the owner, backup and finance list.
func contract(id int64, key string) ReminderItem {
	return ReminderItem{Kind: ReminderContract, ID: id, KeyDate: d(key), What: WhatCancelBy,
		Recipients: []string{"own@x"}}
}

// sent records steps of one contract and recipient at the given offsets.
func sent(id int64, key, recipient, status string, offsets ...int) []SentStep {
	var out []SentStep
	for _, o := range offsets {
		out = append(out, SentStep{Kind: ReminderContract, ID: id, KeyDate: d(key), Offset: o, Recipient: recipient, Status: status})
	}
	return out
}

func with(it ReminderItem, f func(*ReminderItem)) ReminderItem {
	f(&it)
	return it
}

func TestPlanReminders(t *testing.T) {
	none := []string{}
	tests := []struct {
		name   string
		asOf   string
		global []int
		items  []ReminderItem
		done   []SentStep
		send   []string
		skip   []string
		passed []string
		noRcpt []string
	}{
		{
			name: "the day before the largest offset nothing is due",
			asOf: "2026-12-30", items: []ReminderItem{contract(1, "2027-03-31")},
			send: none, skip: none, passed: none,
		},
		{
			name: "90 days before (across January and February) the 90-day reminder is due",
			asOf: "2026-12-31", items: []ReminderItem{contract(1, "2027-03-31")},
			send: []string{"contract/1 2027-03-31 90 own@x"}, skip: none, passed: none,
		},
		{
			name: "a recorded step is not planned again",
			asOf: "2027-01-15", items: []ReminderItem{contract(1, "2027-03-31")},
			done: sent(1, "2027-03-31", "own@x", StepSent, 90),
			send: none, skip: none, passed: none,
		},
		{
			name: "a step recorded as skipped is not sent either",
			asOf: "2027-01-31", items: []ReminderItem{contract(1, "2027-03-31")},
			done: sent(1, "2027-03-31", "own@x", StepSkipped, 90, 60),
			send: none, skip: none, passed: none,
		},
		{
			name: "the next offset is due once its day comes",
			asOf: "2027-01-30", items: []ReminderItem{contract(1, "2027-03-31")},
			done: sent(1, "2027-03-31", "own@x", StepSent, 90),
			send: []string{"contract/1 2027-03-31 60 own@x"}, skip: none, passed: none,
		},
		{
			name: "catch-up: 20 days before with nothing recorded sends 30 and skips 90 and 60",
			asOf: "2027-03-11", items: []ReminderItem{contract(1, "2027-03-31")},
			send: []string{"contract/1 2027-03-31 30 own@x"},
			skip: []string{"contract/1 2027-03-31 90 own@x", "contract/1 2027-03-31 60 own@x"}, passed: none,
		},
		{
			name: "catch-up when the most urgent is already recorded: the older ones are skipped, nothing sent",
			asOf: "2027-03-11", items: []ReminderItem{contract(1, "2027-03-31")},
			done: sent(1, "2027-03-31", "own@x", StepSent, 30),
			send: none,
			skip: []string{"contract/1 2027-03-31 90 own@x", "contract/1 2027-03-31 60 own@x"}, passed: none,
		},
		{
			name: "on the key date itself the 1-day reminder is due",
			asOf: "2027-01-01", items: []ReminderItem{contract(1, "2027-01-01")},
			done: sent(1, "2027-01-01", "own@x", StepSent, 90, 60, 30, 14, 7),
			send: []string{"contract/1 2027-01-01 1 own@x"}, skip: none, passed: none,
		},
		{
			name: "on the key date with nothing recorded only the 1-day reminder goes out",
			asOf: "2027-01-01", items: []ReminderItem{contract(1, "2027-01-01")},
			send: []string{"contract/1 2027-01-01 1 own@x"},
			skip: []string{"contract/1 2027-01-01 90 own@x", "contract/1 2027-01-01 60 own@x",
				"contract/1 2027-01-01 30 own@x", "contract/1 2027-01-01 14 own@x", "contract/1 2027-01-01 7 own@x"},
			passed: none,
		},
		{
			name: "the day after the key date one deadline-passed notice goes out",
			asOf: "2027-01-02", items: []ReminderItem{contract(1, "2027-01-01")},
			done: sent(1, "2027-01-01", "own@x", StepSent, 90, 60, 30, 14, 7, 1),
			send: none, skip: none, passed: []string{"contract/1 2027-01-01 -1 own@x"},
		},
		{
			name: "after the key date the reminders never recorded are skipped in favour of the notice",
			asOf: "2027-01-05", items: []ReminderItem{contract(1, "2027-01-01")},
			done:   sent(1, "2027-01-01", "own@x", StepSent, 90, 60, 30, 14),
			send:   none,
			skip:   []string{"contract/1 2027-01-01 7 own@x", "contract/1 2027-01-01 1 own@x"},
			passed: []string{"contract/1 2027-01-01 -1 own@x"},
		},
		{
			name: "the deadline-passed notice goes out once",
			asOf: "2027-01-20", items: []ReminderItem{contract(1, "2027-01-01")},
			done: sent(1, "2027-01-01", "own@x", StepSent, 90, 60, 30, 14, 7, 1, OffsetPassed),
			send: none, skip: none, passed: none,
		},
		{
			name: "the notice still goes out 30 days after the key date",
			asOf: "2027-01-31", items: []ReminderItem{contract(1, "2027-01-01")},
			done: sent(1, "2027-01-01", "own@x", StepSent, 90, 60, 30, 14, 7, 1),
			send: none, skip: none, passed: []string{"contract/1 2027-01-01 -1 own@x"},
		},
		{
			name: "31 days after the key date it is history: no notice, no skips",
			asOf: "2027-02-01", items: []ReminderItem{contract(1, "2027-01-01")},
			done: sent(1, "2027-01-01", "own@x", StepSent, 90, 60),
			send: none, skip: none, passed: none,
		},
		{
			name: "a manual contract's term end passed (status ended, Ended false) gets its notice",
			asOf: "2027-04-01", items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) { i.What = WhatTermEnd })},
			done: sent(1, "2027-03-31", "own@x", StepSent, 90, 60, 30, 14, 7, 1),
			send: none, skip: none, passed: []string{"contract/1 2027-03-31 -1 own@x"},
		},
		{
			name: "a renew or cancel decision stops reminders",
			asOf: "2027-03-11", items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) { i.Decided = true })},
			send: none, skip: none, passed: none,
		},
		{
			name: "a renew or cancel decision stops the deadline-passed notice",
			asOf: "2027-04-02", items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) { i.Decided = true })},
			send: none, skip: none, passed: none,
		},
		{
			name: "renegotiate (Decided false) keeps reminders going",
			asOf: "2027-03-24", items: []ReminderItem{contract(1, "2027-03-31")},
			done: sent(1, "2027-03-31", "own@x", StepSent, 90, 60, 30, 14),
			send: []string{"contract/1 2027-03-31 7 own@x"}, skip: none, passed: none,
		},
		{
			name: "renegotiate (Decided false) still gets the deadline-passed notice",
			asOf: "2027-04-01", items: []ReminderItem{contract(1, "2027-03-31")},
			done: sent(1, "2027-03-31", "own@x", StepSent, 90, 60, 30, 14, 7, 1),
			send: none, skip: none, passed: []string{"contract/1 2027-03-31 -1 own@x"},
		},
		{
			name: "an ended item plans nothing, not even the notice",
			asOf: "2027-04-01", items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) { i.Ended = true })},
			send: none, skip: none, passed: none,
		},
		{
			name: "a key date moved later gets its own steps; the old one's are not planned",
			asOf: "2027-01-05", items: []ReminderItem{contract(1, "2027-02-01")},
			done: sent(1, "2027-01-01", "own@x", StepSent, 90, 60, 30, 14, 7),
			send: []string{"contract/1 2027-02-01 30 own@x"},
			skip: []string{"contract/1 2027-02-01 90 own@x", "contract/1 2027-02-01 60 own@x"}, passed: none,
		},
		{
			name: "a key date moved earlier (a corrected term) does not inherit the later date's steps",
			asOf: "2027-02-25", items: []ReminderItem{contract(1, "2027-03-01")},
			done: sent(1, "2027-03-31", "own@x", StepSent, 90, 60, 30),
			send: []string{"contract/1 2027-03-01 7 own@x"},
			skip: []string{"contract/1 2027-03-01 90 own@x", "contract/1 2027-03-01 60 own@x",
				"contract/1 2027-03-01 30 own@x", "contract/1 2027-03-01 14 own@x"}, passed: none,
		},
		{
			name: "a renewal's new key date a year on starts again at 90",
			asOf: "2027-10-03", items: []ReminderItem{contract(1, "2028-01-01")},
			done: sent(1, "2027-01-01", "own@x", StepSent, 90, 60, 30, 14, 7, 1, OffsetPassed),
			send: []string{"contract/1 2028-01-01 90 own@x"}, skip: none, passed: none,
		},
		{
			name: "the item's own offsets replace the global ones, deduplicated, invalid ones ignored",
			asOf: "2027-02-14",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Offsets = []int{10, 45, 10, -3, 4000}
			})},
			send: []string{"contract/1 2027-03-31 45 own@x"}, skip: none, passed: none,
		},
		{
			name: "with its own offsets the global 90 and 60 are not planned",
			asOf: "2027-03-21",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Offsets = []int{10, 45}
			})},
			send: []string{"contract/1 2027-03-31 10 own@x"},
			skip: []string{"contract/1 2027-03-31 45 own@x"}, passed: none,
		},
		{
			name: "own offsets that are all invalid fall back to the global ones",
			asOf: "2027-03-01",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Offsets = []int{-1, 3651}
			})},
			send: []string{"contract/1 2027-03-31 30 own@x"},
			skip: []string{"contract/1 2027-03-31 90 own@x", "contract/1 2027-03-31 60 own@x"}, passed: none,
		},
		{
			name: "an offset of 3650 is valid",
			asOf: "2017-04-02",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Offsets = []int{3650}
			})},
			send: []string{"contract/1 2027-03-31 3650 own@x"}, skip: none, passed: none,
		},
		{
			name: "global offsets unsorted with repeats are normalised",
			asOf: "2027-03-24", global: []int{7, 30, 7, 0, -5},
			items: []ReminderItem{contract(1, "2027-03-31")},
			send:  []string{"contract/1 2027-03-31 7 own@x"},
			skip:  []string{"contract/1 2027-03-31 30 own@x"}, passed: none,
		},
		{
			name: "offset 0 means on the key date",
			asOf: "2027-03-31",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Offsets = []int{7, 0}
			})},
			send: []string{"contract/1 2027-03-31 0 own@x"},
			skip: []string{"contract/1 2027-03-31 7 own@x"}, passed: none,
		},
		{
			name: "offset 0 is not due the day before",
			asOf: "2027-03-30",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Offsets = []int{7, 0}
			})},
			done: sent(1, "2027-03-31", "own@x", StepSent, 7),
			send: none, skip: none, passed: none,
		},
		{
			name: "key date 2027-02-28, 30 days: due 2027-01-29, not 2027-01-28",
			asOf: "2027-01-28",
			items: []ReminderItem{with(contract(1, "2027-02-28"), func(i *ReminderItem) {
				i.Offsets = []int{30}
			})},
			send: none, skip: none, passed: none,
		},
		{
			name: "key date 2027-02-28, 30 days: due on 2027-01-29",
			asOf: "2027-01-29",
			items: []ReminderItem{with(contract(1, "2027-02-28"), func(i *ReminderItem) {
				i.Offsets = []int{30}
			})},
			send: []string{"contract/1 2027-02-28 30 own@x"}, skip: none, passed: none,
		},
		{
			name: "key date 2028-02-29 (leap day), 30 days: due on 2028-01-30",
			asOf: "2028-01-30",
			items: []ReminderItem{with(contract(1, "2028-02-29"), func(i *ReminderItem) {
				i.Offsets = []int{30}
			})},
			send: []string{"contract/1 2028-02-29 30 own@x"}, skip: none, passed: none,
		},
		{
			name: "key date 2028-02-29, 30 days: not due on 2028-01-29",
			asOf: "2028-01-29",
			items: []ReminderItem{with(contract(1, "2028-02-29"), func(i *ReminderItem) {
				i.Offsets = []int{30}
			})},
			send: none, skip: none, passed: none,
		},
		{
			name: "key date 2028-02-29, 365 days counts the leap day: due on 2027-03-01",
			asOf: "2027-03-01",
			items: []ReminderItem{with(contract(1, "2028-02-29"), func(i *ReminderItem) {
				i.Offsets = []int{365}
			})},
			send: []string{"contract/1 2028-02-29 365 own@x"}, skip: none, passed: none,
		},
		{
			name:  "key date 2028-02-29, 1 day: due on 2028-02-28",
			asOf:  "2028-02-28",
			items: []ReminderItem{contract(1, "2028-02-29")},
			done:  sent(1, "2028-02-29", "own@x", StepSent, 90, 60, 30, 14, 7),
			send:  []string{"contract/1 2028-02-29 1 own@x"}, skip: none, passed: none,
		},
		{
			name:  "key date 2028-02-29: the notice goes out on 2028-03-01",
			asOf:  "2028-03-01",
			items: []ReminderItem{contract(1, "2028-02-29")},
			done:  sent(1, "2028-02-29", "own@x", StepSent, 90, 60, 30, 14, 7, 1),
			send:  none, skip: none, passed: []string{"contract/1 2028-02-29 -1 own@x"},
		},
		{
			name: "each recipient has its own steps, in the item's order (owner, backup, finance)",
			asOf: "2027-03-11",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Recipients = []string{"own@x", "backup@x", "fin@x"}
			})},
			done: append(sent(1, "2027-03-31", "own@x", StepSent, 90, 60), sent(1, "2027-03-31", "fin@x", StepSent, 30)...),
			send: []string{"contract/1 2027-03-31 30 own@x", "contract/1 2027-03-31 30 backup@x"},
			skip: []string{"contract/1 2027-03-31 90 backup@x", "contract/1 2027-03-31 60 backup@x",
				"contract/1 2027-03-31 90 fin@x", "contract/1 2027-03-31 60 fin@x"},
			passed: none,
		},
		{
			name: "repeated and empty recipients are dropped (case-insensitive); done steps match without case",
			asOf: "2027-03-01",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Recipients = []string{"Own@X", "", "own@x ", "fin@x", "FIN@x"}
				i.Offsets = []int{30}
			})},
			done: sent(1, "2027-03-31", "OWN@x", StepSent, 30),
			send: []string{"contract/1 2027-03-31 30 fin@x"}, skip: none, passed: none,
		},
		{
			name: "an item without recipients plans nothing and is reported",
			asOf: "2027-03-11",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Recipients = []string{"", " "}
			})},
			send: none, skip: none, passed: none, noRcpt: []string{"contract/1 2027-03-31"},
		},
		{
			name: "an item without recipients is reported before any step is due",
			asOf: "2026-01-01",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.Recipients = nil
			})},
			send: none, skip: none, passed: none, noRcpt: []string{"contract/1 2027-03-31"},
		},
		{
			name: "a decided or ended item without recipients is not reported",
			asOf: "2027-03-11",
			items: []ReminderItem{
				with(contract(1, "2027-03-31"), func(i *ReminderItem) { i.Recipients = nil; i.Decided = true }),
				with(contract(2, "2027-03-31"), func(i *ReminderItem) { i.Recipients = nil; i.Ended = true }),
			},
			send: none, skip: none, passed: none,
		},
		{
			name: "a licence expiry gets reminders and a notice; a contract's steps with the same id do not count",
			asOf: "2027-06-02",
			items: []ReminderItem{{Kind: ReminderLicence, ID: 1, KeyDate: d("2027-06-01"), What: WhatLicenceExpiry,
				Recipients: []string{"own@x"}, Offsets: []int{1}}},
			done: sent(1, "2027-06-01", "own@x", StepSent, 1, OffsetPassed),
			send: none, skip: []string{"licence/1 2027-06-01 1 own@x"}, passed: []string{"licence/1 2027-06-01 -1 own@x"},
		},
		{
			name: "a licence's recorded steps do not count for a contract with the same id, nor the other way",
			asOf: "2027-05-31",
			items: []ReminderItem{
				with(contract(1, "2027-06-01"), func(i *ReminderItem) { i.Offsets = []int{1} }),
				{Kind: ReminderLicence, ID: 1, KeyDate: d("2027-06-01"), What: WhatLicenceExpiry, Recipients: []string{"own@x"}, Offsets: []int{1}},
				with(contract(2, "2027-06-01"), func(i *ReminderItem) { i.Offsets = []int{1} }),
				{Kind: ReminderLicence, ID: 2, KeyDate: d("2027-06-01"), What: WhatLicenceExpiry, Recipients: []string{"own@x"}, Offsets: []int{1}},
			},
			done: []SentStep{
				{Kind: ReminderLicence, ID: 1, KeyDate: d("2027-06-01"), Offset: 1, Recipient: "own@x", Status: StepSent},
				{Kind: ReminderContract, ID: 2, KeyDate: d("2027-06-01"), Offset: 1, Recipient: "own@x", Status: StepSent},
			},
			send: []string{"contract/1 2027-06-01 1 own@x", "licence/2 2027-06-01 1 own@x"}, skip: none, passed: none,
		},
		{
			name: "a repeated item (same kind, id and key date) is planned once",
			asOf: "2027-03-24",
			items: []ReminderItem{
				with(contract(1, "2027-03-31"), func(i *ReminderItem) { i.Offsets = []int{7} }),
				with(contract(1, "2027-03-31"), func(i *ReminderItem) { i.Offsets = []int{7} }),
			},
			send: []string{"contract/1 2027-03-31 7 own@x"}, skip: none, passed: none,
		},
		{
			name: "items are ordered by key date, then kind, then id, whatever the input order",
			asOf: "2027-03-30",
			items: []ReminderItem{
				with(contract(9, "2027-03-31"), func(i *ReminderItem) { i.Offsets = []int{1} }),
				with(contract(2, "2027-04-01"), func(i *ReminderItem) { i.Offsets = []int{2} }),
				{Kind: ReminderLicence, ID: 1, KeyDate: d("2027-03-31"), What: WhatLicenceExpiry, Recipients: []string{"own@x"}, Offsets: []int{1}},
				with(contract(3, "2027-03-31"), func(i *ReminderItem) { i.Offsets = []int{1} }),
			},
			send: []string{"contract/3 2027-03-31 1 own@x", "contract/9 2027-03-31 1 own@x",
				"licence/1 2027-03-31 1 own@x", "contract/2 2027-04-01 2 own@x"},
			skip: none, passed: none,
		},
		{
			name: "a time of day and another location are read by their calendar date",
			asOf: "2027-03-24",
			items: []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
				i.KeyDate = time.Date(2027, 3, 31, 23, 30, 0, 0, time.FixedZone("UTC+10", 10*3600))
				i.Offsets = []int{7}
			})},
			send: []string{"contract/1 2027-03-31 7 own@x"}, skip: none, passed: none,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			global := tt.global
			if global == nil {
				global = defaultOffsets
			}
			p := PlanReminders(d(tt.asOf), global, tt.items, tt.done)
			if got := stepStrings(p.Send); !slices.Equal(got, tt.send) {
				t.Errorf("send\n got  %q\n want %q", got, tt.send)
			}
			if got := stepStrings(p.Skip); !slices.Equal(got, tt.skip) {
				t.Errorf("skip\n got  %q\n want %q", got, tt.skip)
			}
			if got := stepStrings(p.Passed); !slices.Equal(got, tt.passed) {
				t.Errorf("passed\n got  %q\n want %q", got, tt.passed)
			}
			want := tt.noRcpt
			if want == nil {
				want = none
			}
			if got := refStrings(p.NoRecipient); !slices.Equal(got, want) {
				t.Errorf("no recipient\n got  %q\n want %q", got, want)
			}
		})
	}
}

func TestPlanRemindersStepFields(t *testing.T) {
	it := ReminderItem{Kind: ReminderContract, ID: 7, KeyDate: d("2027-01-01"), What: WhatCancelBy,
		Recipients: []string{"own@x"}, Offsets: []int{30, 14}}
	p := PlanReminders(d("2026-12-10"), nil, []ReminderItem{it}, nil)
	if len(p.Send) != 1 || len(p.Skip) != 0 {
		t.Fatalf("plan = %+v", p)
	}
	want := Step{Kind: ReminderContract, ID: 7, KeyDate: d("2027-01-01"), What: WhatCancelBy, Offset: 30,
		Recipient: "own@x", Due: d("2026-12-02"), DaysLeft: 22}
	if p.Send[0] != want {
		t.Errorf("send = %+v, want %+v", p.Send[0], want)
	}
	// Three days after the key date with nothing recorded: the notice, and
	// the two reminders skipped, each keeping its own due day.
	p = PlanReminders(d("2027-01-04"), nil, []ReminderItem{it}, nil)
	if len(p.Passed) != 1 {
		t.Fatalf("plan = %+v", p)
	}
	wantPassed := Step{Kind: ReminderContract, ID: 7, KeyDate: d("2027-01-01"), What: WhatCancelBy, Offset: OffsetPassed,
		Recipient: "own@x", Due: d("2027-01-02"), DaysLeft: -3}
	if p.Passed[0] != wantPassed {
		t.Errorf("passed = %+v, want %+v", p.Passed[0], wantPassed)
	}
	if len(p.Skip) != 2 || p.Skip[0].Due != d("2026-12-02") || p.Skip[1].Due != d("2026-12-18") {
		t.Errorf("skip = %+v, want 30 due 2026-12-02 and 14 due 2026-12-18", p.Skip)
	}
}

func TestNormaliseOffsets(t *testing.T) {
	tests := []struct {
		in   []int
		want []int
	}{
		{nil, []int{}},
		{[]int{1, 7, 14, 30, 60, 90}, []int{90, 60, 30, 14, 7, 1}},
		{[]int{30, 30, 7, 30}, []int{30, 7}},
		{[]int{-1, 0, 3650, 3651}, []int{3650, 0}},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		if got := NormaliseOffsets(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("NormaliseOffsets(%v) = %v, want %v", tt.in, got, tt.want)
		}
		if !slices.Equal(in, tt.in) {
			t.Errorf("NormaliseOffsets changed its argument to %v", tt.in)
		}
	}
}

// record turns a plan into the steps a caller records.
func record(p Plan) []SentStep {
	var out []SentStep
	add := func(steps []Step, status string) {
		for _, s := range steps {
			out = append(out, SentStep{s.Kind, s.ID, s.KeyDate, s.Offset, s.Recipient, status})
		}
	}
	add(p.Send, StepSent)
	add(p.Skip, StepSkipped)
	add(p.Passed, StepPassed)
	return out
}

// simulate runs the planner on each of days (hourly runs on a day give the
// same plan twice), recording every step, and returns what was sent, in order.
func simulate(t *testing.T, items []ReminderItem, days []time.Time) (sentSteps, skipped []string, done []SentStep) {
	t.Helper()
	for _, day := range days {
		for run := 0; run < 2; run++ {
			p := PlanReminders(day, defaultOffsets, items, done)
			if run == 1 && len(p.Send)+len(p.Skip)+len(p.Passed) > 0 {
				t.Fatalf("second run on %s planned again: %+v", day.Format(time.DateOnly), p)
			}
			sentSteps = append(sentSteps, stepStrings(p.Send)...)
			sentSteps = append(sentSteps, stepStrings(p.Passed)...)
			skipped = append(skipped, stepStrings(p.Skip)...)
			done = append(done, record(p)...)
		}
	}
	return sentSteps, skipped, done
}

func TestPlanRemindersDailyRunsSendEachStepOnce(t *testing.T) {
	items := []ReminderItem{with(contract(1, "2027-03-31"), func(i *ReminderItem) {
		i.Recipients = []string{"own@x", "fin@x"}
	})}
	var days []time.Time
	for day := d("2026-12-01"); !day.After(d("2027-04-30")); day = day.AddDate(0, 0, 1) {
		days = append(days, day)
	}
	got, skipped, _ := simulate(t, items, days)
	var want []string
	for _, o := range defaultOffsets {
		want = append(want, fmt.Sprintf("contract/1 2027-03-31 %d own@x", o), fmt.Sprintf("contract/1 2027-03-31 %d fin@x", o))
	}
	want = append(want, "contract/1 2027-03-31 -1 own@x", "contract/1 2027-03-31 -1 fin@x")
	if !slices.Equal(got, want) {
		t.Errorf("sent\n got  %q\n want %q", got, want)
	}
	if len(skipped) != 0 {
		t.Errorf("daily runs skipped %q", skipped)
	}
}

func TestPlanRemindersDowntimeSendsOnlyTheMostUrgent(t *testing.T) {
	items := []ReminderItem{contract(1, "2027-03-31")}
	// Runs 95 days before, then nothing until 10 days before (the server was
	// down), then daily again.
	days := []time.Time{d("2026-12-26")}
	for day := d("2027-03-21"); !day.After(d("2027-04-05")); day = day.AddDate(0, 0, 1) {
		days = append(days, day)
	}
	got, skipped, _ := simulate(t, items, days)
	want := []string{"contract/1 2027-03-31 14 own@x", "contract/1 2027-03-31 7 own@x",
		"contract/1 2027-03-31 1 own@x", "contract/1 2027-03-31 -1 own@x"}
	if !slices.Equal(got, want) {
		t.Errorf("sent\n got  %q\n want %q", got, want)
	}
	wantSkipped := []string{"contract/1 2027-03-31 90 own@x", "contract/1 2027-03-31 60 own@x", "contract/1 2027-03-31 30 own@x"}
	if !slices.Equal(skipped, wantSkipped) {
		t.Errorf("skipped\n got  %q\n want %q", skipped, wantSkipped)
	}
}

func TestPlanRemindersOrderIgnoresInputOrder(t *testing.T) {
	var items []ReminderItem
	for i := range 50 {
		it := contract(int64(i%10), "2027-03-01")
		it.KeyDate = it.KeyDate.AddDate(0, 0, i/10)
		it.Recipients = []string{"own@x", "backup@x"}
		items = append(items, it)
	}
	first := PlanReminders(d("2027-02-20"), defaultOffsets, items, nil)
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		shuffled := slices.Clone(items)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		p := PlanReminders(d("2027-02-20"), defaultOffsets, shuffled, nil)
		if !slices.Equal(stepStrings(p.Send), stepStrings(first.Send)) || !slices.Equal(stepStrings(p.Skip), stepStrings(first.Skip)) {
			t.Fatalf("plan depends on input order")
		}
	}
	if len(first.Send) != 100 {
		t.Errorf("sent %d steps, want 100 (50 items × 2 recipients)", len(first.Send))
	}
}

// BenchmarkPlanReminders plans for 20,000 contracts with 3 recipients each,
// key dates spread over a year, and a history of the previous key date's
// steps plus the current one's steps already sent.
func BenchmarkPlanReminders(b *testing.B) {
	const contracts = 20000
	asOf := d("2027-06-01")
	items := make([]ReminderItem, 0, contracts)
	var done []SentStep
	recipients := []string{"owner@example.com", "backup@example.com", "finance@example.com"}
	for i := range contracts {
		key := asOf.AddDate(0, 0, i%400-20)
		items = append(items, ReminderItem{Kind: ReminderContract, ID: int64(i + 1), KeyDate: key,
			What: WhatCancelBy, Recipients: recipients})
		for _, r := range recipients {
			for _, o := range append(slices.Clone(defaultOffsets), OffsetPassed) {
				done = append(done, SentStep{ReminderContract, int64(i + 1), key.AddDate(-1, 0, 0), o, r, StepSent})
			}
			for _, o := range defaultOffsets {
				if !key.AddDate(0, 0, -o).After(asOf.AddDate(0, 0, -1)) {
					done = append(done, SentStep{ReminderContract, int64(i + 1), key, o, r, StepSent})
				}
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		p := PlanReminders(asOf, defaultOffsets, items, done)
		if len(p.Send) == 0 || len(p.Passed) == 0 {
			b.Fatal("benchmark plans nothing")
		}
	}
	b.ReportMetric(float64(len(done)), "done-steps")
}
