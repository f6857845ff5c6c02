package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// renewalSeed stores, for 2026-11-25 (the harness's today): a cancel-by date missed 55
// days ago, a fixed term ending in December at Beta, in January a cancel-by date with a
// cancel decision and a manual term's end, a licence no contract covers expiring in
// February, and a manual term ending beyond the twelve months.
type renewalSeed struct {
	acme, beta                                     int64
	missed, fixed, cancelling, manual, far, orphan int64
}

func seedRenewals(t *testing.T, h *harness) renewalSeed {
	t.Helper()
	var s renewalSeed
	s.acme, s.beta = seedContractVendor(t, h, "Acme"), seedContractVendor(t, h, "Beta")
	s.missed = seedContract(t, h, s.acme, "Missed notice", "2026-01-01", "2026-12-31").ID // cancel by 2026-10-01
	s.fixed = seedContract(t, h, s.beta, "Fixed hosting", "2026-01-01", "2026-12-15", func(c *outlay.Contract) {
		c.RenewalType, c.OwnerEmail, c.Currency = "none", "other@example.com", "USD"
		c.Terms[0].Price = 345678
	}).ID
	s.cancelling = seedContract(t, h, s.acme, "Cancelling suite", "2026-04-01", "2027-03-31", func(c *outlay.Contract) { // cancel by 2027-01-01
		c.Terms[0].Decision = &outlay.Decision{Kind: "cancel", Note: "Moving away"}
	}).ID
	s.manual = seedContract(t, h, s.acme, "Manual support", "2026-02-01", "2027-01-20", func(c *outlay.Contract) {
		c.RenewalType, c.BackupOwnerEmail = "manual", "backup@example.com"
	}).ID
	s.far = seedContract(t, h, s.acme, "Far away", "2027-02-01", "2028-01-31", func(c *outlay.Contract) { c.RenewalType = "manual" }).ID
	s.orphan = seedLicence(t, h, s.acme, "Orphan Suite", "2027-02-10", 0).ID
	return s
}

// section is the part of body from the heading with the id to the end of its section.
func renewalSection(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="renewals-`+id+`"`)
	if i < 0 {
		t.Fatalf("no group %s", id)
	}
	out := body[i:]
	return out[:strings.Index(out, "</section>")]
}

// TestRenewalsGroupsByMonthMissedFirst: the missed cancel-by date leads in its own
// group, then December, January (two dates, soonest first) and February; the date past
// twelve months is not listed; each row has its cells.
func TestRenewalsGroupsByMonthMissedFirst(t *testing.T) {
	h := newHarness(t)
	s := seedRenewals(t, h)
	c, _ := h.signIn("viewer")
	res := c.get("/renewals")
	if res.Code != http.StatusOK {
		t.Fatalf("renewals: %d: %s", res.Code, res.Body)
	}
	mustContain(t, "count", res.Body, `<p class="count" id="renewals-count">5 key dates in the next 12 months, 1 missed</p>`)
	order := []string{">Missed and overdue · 1 key date<", ">Missed notice<", ">December 2026 · 1 key date<", ">Fixed hosting<",
		">January 2027 · 2 key dates<", ">Cancelling suite<", ">Manual support<", ">February 2027 · 1 key date<", ">Orphan Suite<"}
	last := -1
	for _, w := range order {
		i := strings.Index(res.Body, w)
		if i < 0 || i < last {
			t.Fatalf("not in the order %v: %s at %d", order, w, i)
		}
		last = i
	}
	if strings.Contains(res.Body, "Far away") {
		t.Error("a key date beyond twelve months is listed")
	}
	missed := renewalSection(t, res.Body, "missed")
	mustContain(t, "missed row", missed, `href="/contracts/`+itoa(s.missed)+`"`, `href="/vendors/`+itoa(s.acme)+`">Acme<`,
		"2026-10-01", "Cancel by", `<span class="badge badge-red">notice missed</span>`, "Auto (tacit renewal)",
		"owner@example.com", "12,000.00", "none yet", `<span class="due due-late">55 days late</span>`)
	dec := renewalSection(t, res.Body, "2026-12")
	mustContain(t, "fixed row", dec, `href="/vendors/`+itoa(s.beta)+`">Beta<`, "2026-12-15", "Term ends",
		"None (fixed term)", "other@example.com", "3,456.78", ">USD<", "in 20 days")
	if strings.Contains(dec, "badge-red") {
		t.Error("an upcoming date is marked missed")
	}
	feb := renewalSection(t, res.Body, "2027-02")
	mustContain(t, "licence row", feb, `href="/licences/`+itoa(s.orphan)+`"`, "Licence expires", "2027-02-10",
		"lic@example.com", "1,000.00", "a year", "in 77 days")
}

// TestRenewalsDecidedCancelShowsDecision: a contract with a cancel decision keeps its
// upcoming cancel-by date on the page, with the decision as a badge.
func TestRenewalsDecidedCancelShowsDecision(t *testing.T) {
	h := newHarness(t)
	s := seedRenewals(t, h)
	c, _ := h.signIn("viewer")
	jan := renewalSection(t, c.get("/renewals").Body, "2027-01")
	row := jan[strings.Index(jan, `href="/contracts/`+itoa(s.cancelling)+`"`):]
	row = row[:strings.Index(row, "</tr>")]
	mustContain(t, "cancelling row", row, "2027-01-01", "Cancel by", `<span class="badge badge-grey">cancel</span>`, "in 37 days")
	if strings.Contains(row, "none yet") || strings.Contains(row, "badge-red") {
		t.Errorf("the decided row reads as undecided or missed: %s", row)
	}
}

// TestRenewalsFilters: each filter keeps only what it matches, is kept in the form, and
// the count follows.
func TestRenewalsFilters(t *testing.T) {
	h := newHarness(t)
	s := seedRenewals(t, h)
	c, _ := h.signIn("viewer")
	all := []string{">Missed notice<", ">Fixed hosting<", ">Cancelling suite<", ">Manual support<", ">Orphan Suite<"}
	tests := []struct {
		query string
		want  []string
		count string
		kept  string
	}{
		{"owner=other%40example.com", []string{">Fixed hosting<"}, "1 key date in the next 12 months<", `value="other@example.com"`},
		{"owner=BACKUP%40example.com", []string{">Manual support<"}, "1 key date in the next 12 months<", `value="BACKUP@example.com"`},
		{"owner=lic%40example.com", []string{">Orphan Suite<"}, "1 key date in the next 12 months<", `value="lic@example.com"`},
		{"vendor=" + itoa(s.beta), []string{">Fixed hosting<"}, "1 key date in the next 12 months<", `value="Beta"`},
		{"vendor_q=bet", []string{">Fixed hosting<"}, "1 key date in the next 12 months<", `name="vendor" value="` + itoa(s.beta) + `"`},
		{"vendor=" + itoa(s.acme), []string{">Missed notice<", ">Cancelling suite<", ">Manual support<", ">Orphan Suite<"}, "4 key dates in the next 12 months, 1 missed<", `value="Acme"`},
		{"renewal_type=manual", []string{">Manual support<"}, "1 key date in the next 12 months<", `<option value="manual" selected>`},
		{"renewal_type=auto", []string{">Missed notice<", ">Cancelling suite<"}, "2 key dates in the next 12 months, 1 missed<", `<option value="auto" selected>`},
		{"renewal_type=none", []string{">Fixed hosting<"}, "1 key date in the next 12 months<", `<option value="none" selected>`},
		{"decision=cancel", []string{">Cancelling suite<"}, "1 key date in the next 12 months<", `<option value="cancel" selected>`},
		{"decision=none", []string{">Missed notice<", ">Fixed hosting<", ">Manual support<", ">Orphan Suite<"}, "4 key dates in the next 12 months, 1 missed<", `<option value="none" selected>`},
		{"decision=renew", nil, "", `<option value="renew" selected>`},
		{"decision=cancel&renewal_type=manual", nil, "", `<option value="cancel" selected>`},
	}
	for _, tt := range tests {
		res := c.get("/renewals?" + tt.query)
		if res.Code != http.StatusOK {
			t.Errorf("%s: %d", tt.query, res.Code)
			continue
		}
		for _, name := range all {
			want := false
			for _, w := range tt.want {
				want = want || w == name
			}
			if got := strings.Contains(res.Body, name); got != want {
				t.Errorf("%s: %s listed %v, want %v", tt.query, name, got, want)
			}
		}
		if tt.count != "" {
			mustContain(t, tt.query, res.Body, tt.count)
		} else {
			mustContain(t, tt.query, res.Body, "No key date in the next 12 months matches these filters.")
		}
		mustContain(t, tt.query, res.Body, tt.kept, `href="/renewals">Clear filters</a>`)
	}
}

// TestRenewalsBadFilters: a value no filter takes answers 400 with the message at its
// field and the value kept, and the dates still listed by the filters that were right.
func TestRenewalsBadFilters(t *testing.T) {
	h := newHarness(t)
	seedRenewals(t, h)
	c, _ := h.signIn("viewer")
	tests := []struct{ query, field, message string }{
		{"owner=not-an-email", "owner", "Enter the owner’s email address, like ann@example.com."},
		{"renewal_type=weekly", "renewal_type", "Choose auto, manual or none."},
		{"decision=maybe", "decision", "Choose none yet, renew, renegotiate or cancel."},
		{"vendor=99999", "vendor_q", "No vendor has the number 99999."},
		{"vendor_q=Nobody", "vendor_q", "No vendor’s name holds “Nobody”."},
	}
	for _, tt := range tests {
		res := c.get("/renewals?" + tt.query + "&renewal_type=auto")
		if tt.field == "renewal_type" {
			res = c.get("/renewals?" + tt.query)
		}
		if res.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", tt.query, res.Code)
		}
		mustContain(t, tt.query, res.Body, `aria-invalid="true" aria-describedby="`+tt.field+`-problem"`,
			`id="`+tt.field+`-problem">`+tt.message+`<`)
	}
	res := c.get("/renewals?owner=not-an-email&renewal_type=auto")
	mustContain(t, "the good filter still applies", res.Body, `value="not-an-email"`, ">Missed notice<", ">Cancelling suite<")
	if strings.Contains(res.Body, ">Fixed hosting<") {
		t.Error("a bad owner dropped the renewal type filter too")
	}
}

// TestRenewalsRolesAndEmpty: a viewer reads the page and sees it in the navigation after
// Contracts; a visitor is sent to sign in; with nothing to decide the page says so.
func TestRenewalsRolesAndEmpty(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer") // the first user also ends the first-run set-up
	res := h.client().get("/renewals")
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous: %d to %q, want 303 to /login", res.Code, res.Header.Get("Location"))
	}
	res = c.get("/renewals")
	if res.Code != http.StatusOK {
		t.Fatalf("viewer: %d", res.Code)
	}
	mustContain(t, "empty", res.Body, "Nothing to decide: no contract or licence has a key date in the next 12 months, and no cancel-by date was missed.")
	nav := res.Body[strings.Index(res.Body, `href="/contracts"`):]
	if i := strings.Index(nav, `href="/renewals"`); i < 0 || i > strings.Index(nav, `href="/licences"`) {
		t.Errorf("Renewals is not between Contracts and Licences in the navigation")
	}
	if strings.Contains(res.Body, "renewals-count") {
		t.Error("an empty page has a count line")
	}
}

// TestRenewalsArePaged: the key dates come 50 to a page, like every list, with the
// filters kept in the page links; a month split over two pages counts all its dates in
// its heading on both.
func TestRenewalsArePaged(t *testing.T) {
	h := newHarness(t)
	s := seedRenewals(t, h)
	// 48 more term ends in January: 53 key dates in all, January's 50 over both pages.
	for i := range 48 {
		seedContract(t, h, s.beta, fmt.Sprintf("Extra %02d", i), "2026-02-01", "2027-01-25", func(c *outlay.Contract) { c.RenewalType = "manual" })
	}
	c, _ := h.signIn("viewer")
	first := c.get("/renewals?renewal_type=")
	if first.Code != http.StatusOK {
		t.Fatalf("page 1: %d", first.Code)
	}
	mustContain(t, "page 1", first.Body, "53 key dates in the next 12 months, 1 missed", ">Missed notice<", ">Fixed hosting<",
		">January 2027 · 50 key dates<", ">Cancelling suite<", ">Manual support<", ">Extra 45<", "page=2", "renewal_type=")
	for _, no := range []string{">Extra 46<", ">Orphan Suite<"} {
		if strings.Contains(first.Body, no) {
			t.Errorf("page 1 shows %s", no)
		}
	}
	second := c.get("/renewals?renewal_type=&page=2")
	mustContain(t, "page 2", second.Body, ">January 2027 · 50 key dates<", ">Extra 46<", ">Extra 47<", ">February 2027 · 1 key date<", ">Orphan Suite<")
	for _, no := range []string{">Missed notice<", ">Fixed hosting<", ">Cancelling suite<", ">Extra 45<"} {
		if strings.Contains(second.Body, no) {
			t.Errorf("page 2 shows %s", no)
		}
	}
}
