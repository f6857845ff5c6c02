package letters

import (
	"strconv"
	"strings"
	"time"

	"outlay/internal/money"
	"outlay/internal/renewal"
)

// ContractURL is a contract's page. Every letter links to Outlay's pages through these
// functions so that the emails, the digest and the calendar feed agree on the addresses.
// With no base URL it is the path alone ("/contracts/12").
func ContractURL(s Site, id int64) string {
	return pageURL(s, "/contracts/"+strconv.FormatInt(id, 10))
}

// DecisionURL is the decision form on a contract's page: the section a reader who must
// decide renew, renegotiate or cancel wants to land on.
func DecisionURL(s Site, id int64) string {
	return ContractURL(s, id) + "#decision-h"
}

// LicenceURL is a licence's page.
func LicenceURL(s Site, id int64) string {
	return pageURL(s, "/licences/"+strconv.FormatInt(id, 10))
}

// Reminder is the email sent offset days before a key date (DOMAIN.md "Reminders"). Its
// subject leads with what must happen by when, so that a reader scanning the inbox sees
// the deadline first: "Cancel by 2027-01-01: Acme Cloud Platform (30 days left)". The
// days left are counted from the day of the email (k.DaysLeft), which is offset unless
// the reminder went out late; offset names the reminder in the small print.
func Reminder(k KeyDate, offset int, s Site) Letter {
	subject := whatPrefix(k) + " " + isoDate(k.KeyDate) + ": " + title(k) + " (" + daysLeft(k.DaysLeft) + ")"
	blocks := []block{
		{Para: text(reminderLead(k))},
		{Para: text(ifNobodyActs(k))},
		{Facts: facts(k)},
		{Links: itemLinks(k, s)},
		{Para: text(whatStops(k))},
	}
	return render(doc{
		Subject: subject,
		Heading: whatPrefix(k) + " " + longDate(k.KeyDate) + ": " + title(k),
		Blocks:  blocks,
		Footer:  footer(s, youGetThis(k, s), whichReminder(offset, k.DaysLeft)),
	})
}

// Passed is the one "deadline passed" notice after a key date went by with no decision
// (renewal.OffsetPassed). It says what has happened or will happen now, which differs
// by what the date was: an auto contract will renew, a manual one has ended unless
// someone renewed it, a licence has expired.
func Passed(k KeyDate, s Site) Letter {
	var subject, heading string
	t := title(k)
	switch kindOf(k) {
	case whatAuto:
		subject = "Deadline passed: " + t + " (cancel-by " + isoDate(k.KeyDate) + ")"
		heading = "Deadline passed: " + t
	case whatManual:
		subject = "Deadline passed: " + t + " (term end " + isoDate(k.KeyDate) + ")"
		heading = "Deadline passed: " + t
	case whatNone:
		subject = "Contract ended: " + t + " (term end " + isoDate(k.KeyDate) + ")"
		heading = "Contract ended: " + t
	default:
		subject = "Licence expired: " + t + " (expiry " + isoDate(k.KeyDate) + ")"
		heading = "Licence expired: " + t
	}
	return render(doc{
		Subject: subject,
		Heading: heading,
		Blocks: []block{
			{Para: text(passedLead(k))},
			{Para: text(passedNow(k))},
			{Facts: facts(k)},
			{Links: itemLinks(k, s)},
		},
		Footer: footer(s, youGetThis(k, s), "This is the only notice after the date: no more reminders follow for it."),
	})
}

// What a key date means for the reader, from its What and, for a term end, the
// contract's renewal type.
const (
	whatAuto    = "auto"    // cancel-by of an auto contract
	whatManual  = "manual"  // term end of a manual contract
	whatNone    = "none"    // term end of a fixed-term contract
	whatLicence = "licence" // expiry of a licence
)

func kindOf(k KeyDate) string {
	switch {
	case k.What == renewal.WhatLicenceExpiry || k.Kind == renewal.ReminderLicence:
		return whatLicence
	case k.What == renewal.WhatCancelBy:
		return whatAuto
	case k.RenewalType == "manual":
		return whatManual
	default:
		return whatNone
	}
}

// whatPrefix is how a subject names the deadline.
func whatPrefix(k KeyDate) string {
	switch kindOf(k) {
	case whatAuto:
		return "Cancel by"
	case whatManual:
		return "Renew by"
	case whatNone:
		return "Ends on"
	default:
		return "Licence expires"
	}
}

// keyDateLabel is the key date's row in the facts table.
func keyDateLabel(k KeyDate) string {
	switch kindOf(k) {
	case whatAuto:
		return "Cancel by"
	case whatLicence:
		return "Expires"
	default:
		return "Term ends"
	}
}

// title is the contract's title or the licence's product, never empty.
func title(k KeyDate) string {
	if t := oneLine(k.Title); t != "" {
		return t
	}
	if kindOf(k) == whatLicence {
		return "licence " + strconv.FormatInt(k.ID, 10)
	}
	return "contract " + strconv.FormatInt(k.ID, 10)
}

// fromVendor is " from Acme Corp", or nothing when the vendor is not known.
func fromVendor(k KeyDate) string {
	if v := strings.TrimSpace(k.Vendor); v != "" {
		return " from " + v
	}
	return ""
}

func reminderLead(k KeyDate) string {
	when := longDate(k.KeyDate) + " (" + daysLeft(k.DaysLeft) + ")"
	switch kindOf(k) {
	case whatAuto:
		return title(k) + fromVendor(k) + " needs a decision: the last day to give notice is " + when + "."
	case whatManual:
		return title(k) + fromVendor(k) + " needs a decision: its term ends on " + when + " and it continues only if someone renews it."
	case whatNone:
		return title(k) + fromVendor(k) + " needs a decision: its fixed term ends on " + when + "."
	default:
		return "The licence for " + title(k) + fromVendor(k) + " expires on " + when + "."
	}
}

// ifNobodyActs is the sentence a reminder exists for.
func ifNobodyActs(k KeyDate) string {
	switch kindOf(k) {
	case whatAuto:
		return "If nobody acts, the contract " + renewsBySelf(k) + "."
	case whatManual:
		return "If nobody acts, the contract ends on " + isoDate(termEnd(k)) + " unless someone renews it."
	case whatNone:
		return "If nobody acts, the contract ends on " + isoDate(termEnd(k)) + "."
	default:
		return "If nobody acts, the licence expires on " + isoDate(k.KeyDate) + "."
	}
}

// renewsBySelf is "renews by itself on 2027-04-01 for another term at USD 12,480.00".
func renewsBySelf(k KeyDate) string {
	s := "renews by itself"
	if !k.RenewsOn.IsZero() {
		s += " on " + isoDate(k.RenewsOn)
	}
	s += " for another term"
	if k.RenewalPrice != nil {
		s += " at " + amount(*k.RenewalPrice)
	}
	return s
}

// termEnd is the current term's end; a term-end key date is that day, so it stands in
// when the caller left the term out.
func termEnd(k KeyDate) time.Time {
	if k.TermEnd.IsZero() {
		return k.KeyDate
	}
	return k.TermEnd
}

func whatStops(k KeyDate) string {
	if kindOf(k) == whatLicence {
		return "These reminders stop when the licence is archived or covered by a contract; a new expiry date gets reminders of its own."
	}
	return "Recording a renew or cancel decision stops these reminders; a renegotiate decision does not."
}

func passedLead(k KeyDate) string {
	ago := ""
	if k.DaysLeft < 0 {
		ago = " (" + daysLeft(k.DaysLeft) + ")"
	}
	switch kindOf(k) {
	case whatAuto:
		return "The cancel-by date of " + title(k) + fromVendor(k) + ", " + longDate(k.KeyDate) + ago + ", passed with no decision recorded."
	case whatManual, whatNone:
		return "The term of " + title(k) + fromVendor(k) + " ended on " + longDate(k.KeyDate) + ago + " with no decision recorded."
	default:
		return "The licence for " + title(k) + fromVendor(k) + " expired on " + longDate(k.KeyDate) + ago + "."
	}
}

// passedNow says what the missed date means from here on.
func passedNow(k KeyDate) string {
	switch kindOf(k) {
	case whatAuto:
		return "Unless the vendor still accepts notice, the contract " + renewsBySelf(k) +
			". If notice was given in time, record the cancel decision in Outlay."
	case whatManual:
		return "The contract has ended unless someone renewed it. If it was renewed, record the renewal in Outlay; if not, record a cancel decision."
	case whatNone:
		return "The contract has ended. If a new agreement follows, record the renewal in Outlay; if not, record a cancel decision."
	default:
		return "If the licence was renewed, enter its new expiry date in Outlay; if not, archive it."
	}
}

// facts is the table of what the reader needs to decide without opening Outlay.
func facts(k KeyDate) []fact {
	lic := kindOf(k) == whatLicence
	var f []fact
	if v := strings.TrimSpace(k.Vendor); v != "" {
		f = append(f, fact{"Vendor", v})
	}
	if lic {
		f = append(f, fact{"Product", title(k)})
	} else {
		f = append(f, fact{"Contract", title(k)})
		if r := strings.TrimSpace(k.Reference); r != "" {
			f = append(f, fact{"Reference", r})
		}
		if !k.TermStart.IsZero() && !k.TermEnd.IsZero() {
			f = append(f, fact{"Current term", isoDate(k.TermStart) + " – " + isoDate(k.TermEnd)})
		}
		if rt := renewalType(k.RenewalType); rt != "" {
			f = append(f, fact{"Renewal", rt})
		}
		if n := strings.TrimSpace(k.Notice); n != "" {
			f = append(f, fact{"Notice period", n})
		}
	}
	if k.Price.Currency != "" {
		f = append(f, fact{"Price", price(k.Price, k.PriceBase)})
	}
	if kindOf(k) == whatAuto && k.RenewalPrice != nil {
		f = append(f, fact{"Next term", amount(*k.RenewalPrice)})
	}
	f = append(f, fact{keyDateLabel(k), longDate(k.KeyDate)})
	if kindOf(k) == whatAuto && !k.RenewsOn.IsZero() {
		f = append(f, fact{"Renews on", longDate(k.RenewsOn)})
	}
	f = append(f, fact{"Owner", orNobody(k.Owner)})
	if b := strings.TrimSpace(k.BackupOwner); b != "" {
		f = append(f, fact{"Backup owner", b})
	}
	if !lic {
		f = append(f, fact{"Decision", decision(k.Decision)})
	}
	return f
}

func renewalType(t string) string {
	switch t {
	case "auto":
		return "auto (renews by itself unless notice is given)"
	case "manual":
		return "manual (ends unless someone renews it)"
	case "none":
		return "none (a fixed term that ends)"
	}
	return t
}

// decision writes a term's decision as the reader needs it.
func decision(d string) string {
	switch d {
	case "":
		return "none yet"
	case "renegotiate":
		return "renegotiate (reminders continue)"
	}
	return d
}

func orNobody(s string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return "nobody yet"
}

// amount writes money as Outlay's pages do: "USD 12,000.00".
func amount(m money.Money) string {
	return m.Currency + " " + money.Format(m.Amount, m.Currency)
}

// price is an amount with its base-currency value beside it when that differs:
// "USD 12,000.00 (EUR 11,040.00)".
func price(m money.Money, base *money.Money) string {
	s := amount(m)
	if base != nil && base.Currency != "" && base.Currency != m.Currency {
		s += " (" + amount(*base) + ")"
	}
	return s
}

// itemLinks are the pages the reader acts on.
func itemLinks(k KeyDate, s Site) []anchor {
	if kindOf(k) == whatLicence {
		return []anchor{{Label: "Open the licence", Href: LicenceURL(s, k.ID)}}
	}
	return []anchor{
		{Label: "Open the contract", Href: ContractURL(s, k.ID)},
		{Label: "Record a decision", Href: DecisionURL(s, k.ID)},
	}
}

// youGetThis tells the reader why the email came to them. The letter does not know
// whether they are the owner, the backup owner or on the finance list, so it names all.
func youGetThis(k KeyDate, s Site) string {
	what := "contract"
	if kindOf(k) == whatLicence {
		what = "licence"
	}
	return "You get this because you own or follow this " + what + " in " + outlayName(s) + "."
}

// whichReminder names the step. One sent after its day (Outlay was not running then, and
// the catch-up rule sends only the most urgent step) says so, so that "1 day before" on
// an email that arrives on the day itself does not read as a mistake.
func whichReminder(offset, daysLeft int) string {
	step := ""
	switch {
	case offset == 0:
		step = "the reminder on the key date"
	case offset > 0:
		step = "the reminder " + plural(offset, "day", "days") + " before the key date"
	default:
		return ""
	}
	if daysLeft < offset {
		return "This is " + step + ", sent late: Outlay was not running on its day, and earlier reminders that were missed are not sent."
	}
	return "This is " + step + "."
}
