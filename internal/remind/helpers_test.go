package remind_test

import (
	"context"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"outlay/internal/letters"
	"outlay/internal/outlay"
	"outlay/internal/remind"
	"outlay/internal/sqlite"
)

// clock is the databases' "now" in a test: every DB opened on one file shares it.
type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.at }
func (c *clock) set(day string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = civilDay(day).Add(9 * time.Hour)
}

// env is one test's database file and its clock.
type env struct {
	t     *testing.T
	path  string
	clock *clock
	db    *sqlite.DB
}

func newEnv(t *testing.T, today string) *env {
	t.Helper()
	e := &env{t: t, path: filepath.Join(t.TempDir(), "outlay.db"), clock: &clock{}}
	e.clock.set(today)
	e.db = e.open()
	return e
}

// open opens another connection to the test's database file, on the test's clock.
func (e *env) open() *sqlite.DB {
	e.t.Helper()
	d, err := sqlite.Open(e.path)
	if err != nil {
		e.t.Fatal(err)
	}
	d.Now = e.clock.now
	e.t.Cleanup(func() { d.Close() })
	return d
}

// reopen closes the database and opens it again, as a restarted server does.
func (e *env) reopen() {
	e.t.Helper()
	if err := e.db.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.db = e.open()
}

func civilDay(s string) time.Time {
	t, err := outlay.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func admin() context.Context {
	return outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "ed@example.com", Role: outlay.RoleAdmin, Active: true})
}

func (e *env) vendor(name string) int64 {
	e.t.Helper()
	v := &outlay.Vendor{Name: name, Category: "software", Status: "active", Criticality: "medium"}
	if err := e.db.CreateVendor(admin(), v); err != nil {
		e.t.Fatal(err)
	}
	return v.ID
}

// manual creates a manual contract whose term ends (its key date) on end, owned by owner.
func (e *env) manual(vendorID int64, title, start, end, owner string, offsets ...int) *outlay.Contract {
	e.t.Helper()
	c := &outlay.Contract{
		VendorID: vendorID, Title: title, Kind: "subscription", OwnerEmail: owner,
		RenewalType: "manual", NoticeUnit: "days", Currency: "EUR", ReminderOffsets: offsets,
		Terms: []*outlay.Term{{StartDate: civilDay(start), EndDate: civilDay(end), Price: 1200000, Billing: "annual"}},
	}
	if err := e.db.CreateContract(admin(), c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// run runs the reminders as of the clock's day.
func (e *env) run(db *sqlite.DB) remind.Summary {
	e.t.Helper()
	sum, err := remind.Run(context.Background(), db.Work(), remind.Options{AsOf: e.clock.now(),
		From: "Outlay <outlay@example.com>", Site: siteForTests})
	if err != nil {
		e.t.Fatal(err)
	}
	return sum
}

// email is an outbox row as a test reads it.
type email struct {
	kind, key, to, subject, text, messageID string
}

func (e *env) emails() []email {
	e.t.Helper()
	rows, err := e.db.ReadDB().Query(`SELECT kind, dedupe_key, recipient, subject, body_text, message_id FROM outbox ORDER BY id`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []email
	for rows.Next() {
		var m email
		if err := rows.Scan(&m.kind, &m.key, &m.to, &m.subject, &m.text, &m.messageID); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func (e *env) keys() []string {
	var out []string
	for _, m := range e.emails() {
		out = append(out, m.key)
	}
	return out
}

// steps lists the recorded steps as "kind/id/key date/offset/recipient=status[+email]".
func (e *env) steps() []string {
	e.t.Helper()
	rows, err := e.db.ReadDB().Query(`SELECT kind, item_id, key_date, offset_days, recipient, status, outbox_id IS NOT NULL
		FROM reminder_steps ORDER BY kind, item_id, key_date, offset_days DESC, recipient`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, key, to, status string
		var id int64
		var off int
		var linked bool
		if err := rows.Scan(&kind, &id, &key, &off, &to, &status, &linked); err != nil {
			e.t.Fatal(err)
		}
		s := kind + "/" + itoa(id) + "/" + key + "/" + itoa(int64(off)) + "/" + to + "=" + status
		if linked {
			s += "+email"
		}
		out = append(out, s)
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var siteForTests = letters.Site{OrgName: "Acme Corp", BaseURL: "https://outlay.example.com"}

func same(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
