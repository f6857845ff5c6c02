package letters

import (
	"strconv"
	"strings"
	"time"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

// DigestDays is how far ahead the weekly digest looks. The caller chooses the
// upcoming key dates with it and the subject names it, so both say the same window.
const DigestDays = 90

// DigestInput is one user's weekly digest.
type DigestInput struct {
	Name string    // the reader's name, for the greeting; may be empty
	Week time.Time // the Monday the digest is for
	// Upcoming are the key dates in the next DigestDays days, Missed the missed ones
	// still needing a person (DOMAIN.md "Key dates that need a person"). The caller
	// sorts both, soonest first; the digest keeps the order it is given.
	Upcoming, Missed []KeyDate
}

// Digest is the Monday email of a user's key dates. Missed dates come first, because
// they are the ones already late; then the coming ones. Its subject counts both, so the
// inbox line alone says whether to open it: "Outlay weekly: 3 key dates in the next
// 90 days, 1 missed".
func Digest(d DigestInput, s Site) Letter {
	subject := "Outlay weekly: " + countKeyDates(len(d.Upcoming)) + " in the next " + strconv.Itoa(DigestDays) + " days"
	if len(d.Missed) > 0 {
		subject += ", " + strconv.Itoa(len(d.Missed)) + " missed"
	}
	greeting := "Hello,"
	if name := strings.TrimSpace(d.Name); name != "" {
		greeting = "Hello " + name + ","
	}
	blocks := []block{
		{Para: text(greeting)},
		{Para: text(digestSummary(d))},
	}
	if len(d.Missed) > 0 {
		blocks = append(blocks,
			block{Sub: "Missed (" + strconv.Itoa(len(d.Missed)) + ")"},
			block{Entries: entries(d.Missed, true, s)})
	}
	blocks = append(blocks,
		block{Sub: "Next " + strconv.Itoa(DigestDays) + " days (" + strconv.Itoa(len(d.Upcoming)) + ")"},
		block{Entries: entries(d.Upcoming, false, s), Empty: "No key dates in the next " + strconv.Itoa(DigestDays) + " days."},
		block{Links: []anchor{{Label: "All key dates", Href: pageURL(s, "/renewals")}}},
	)
	return render(doc{
		Subject: subject,
		Heading: "Outlay weekly, week of " + longDate(d.Week),
		Blocks:  blocks,
		Footer: footerParas(s,
			text("You get this digest every Monday because you own or back up contracts or licences in ", outlayName(s), "."),
			para{{Text: "To stop it, turn off the weekly digest on your profile page: "}, {Text: pageURL(s, "/profile"), Href: pageURL(s, "/profile")}}),
	})
}

// countKeyDates is "no key dates", "1 key date", "3 key dates".
func countKeyDates(n int) string {
	if n == 0 {
		return "no key dates"
	}
	return plural(n, "key date", "key dates")
}

func digestSummary(d DigestInput) string {
	u, m := len(d.Upcoming), len(d.Missed)
	switch {
	case u == 0 && m == 0:
		return "Nothing of yours needs a decision in the next " + strconv.Itoa(DigestDays) + " days."
	case m == 0:
		return capitalise(countKeyDates(u)) + " of yours " + isAre(u) + " coming up in the next " + strconv.Itoa(DigestDays) + " days."
	case u == 0:
		return capitalise(countKeyDates(m)) + " of yours " + wasWere(m) + " missed and still " + needNeeds(m) + " a decision; nothing else is coming up in the next " + strconv.Itoa(DigestDays) + " days."
	default:
		return capitalise(countKeyDates(m)) + " of yours " + wasWere(m) + " missed and still " + needNeeds(m) + " a decision, and " +
			countKeyDates(u) + " " + isAre(u) + " coming up in the next " + strconv.Itoa(DigestDays) + " days."
	}
}

func isAre(n int) string     { return pick(n, "is", "are") }
func wasWere(n int) string   { return pick(n, "was", "were") }
func needNeeds(n int) string { return pick(n, "needs", "need") }

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// entries are the digest's rows, in the order given. A missed cancel-by says when the
// contract renews, which is what missing it means.
func entries(ks []KeyDate, missed bool, s Site) []entry {
	out := make([]entry, 0, len(ks))
	for _, k := range ks {
		e := entry{
			Date:   isoDate(k.KeyDate),
			Days:   daysLeft(k.DaysLeft),
			What:   whatPrefix(k),
			Title:  title(k),
			Vendor: oneLine(k.Vendor),
		}
		if missed && kindOf(k) == whatAuto && !k.RenewsOn.IsZero() {
			e.What += " (renews " + isoDate(k.RenewsOn) + ")"
		}
		if kindOf(k) == whatLicence {
			e.Href = LicenceURL(s, k.ID)
		} else {
			e.Decision = decision(k.Decision)
			e.Href = ContractURL(s, k.ID)
		}
		out = append(out, e)
	}
	return out
}

// PackInput is the quarter's finance pack as its cover email describes it.
type PackInput struct {
	FY, Quarter int    // the fiscal year and quarter (1–4) the pack is for
	FileName    string // the attached workbook's name, e.g. outlay-FY2027-Q2.xlsx
	Basis       string // outlay.BasisCash or outlay.BasisAccrual
	// Budget, Actual and Forecast are the pack's totals in the base currency.
	Budget, Actual, Forecast money.Money
}

// Pack is the cover email of the quarterly finance pack sent to the finance list. It
// gives the totals, so that a reader sees the quarter at a glance before opening the
// attached workbook, and names the basis the figures were counted on.
func Pack(p PackInput, s Site) Letter {
	period := "FY" + strconv.Itoa(p.FY)
	if p.Quarter > 0 {
		period += " Q" + strconv.Itoa(p.Quarter)
	}
	f := []fact{
		{"Period", period},
		{"Basis", basis(p.Basis)},
		{"Budget", amount(p.Budget)},
		{"Actual", amount(p.Actual)},
		{"Forecast", amount(p.Forecast)},
	}
	lead := "The finance pack for " + period + " is in Outlay."
	if name := oneLine(p.FileName); name != "" {
		f = append(f, fact{"Attached", name})
		lead = "The finance pack for " + period + " is attached as " + name + "."
	}
	return render(doc{
		Subject: "Finance pack " + period + " (IT spend)",
		Heading: "Finance pack " + period,
		Blocks: []block{
			{Para: text(lead, " Its totals, in ", p.Budget.Currency, ":")},
			{Facts: f},
			{Para: text("The forecast is the year's actual spend plus everything still committed in the year. The workbook has the figures per budget line, the contracts and the renewals ahead.")},
			{Links: []anchor{{Label: "Reports in Outlay", Href: pageURL(s, "/reports")}}},
		},
		Footer: footer(s, "You get this because your address is on the finance list of "+outlayName(s)+"."),
	})
}

// basis says how actual spend was counted.
func basis(b string) string {
	switch b {
	case outlay.BasisCash:
		return "cash (an invoice counts on its date)"
	case outlay.BasisAccrual:
		return "accrual (an invoice counts over its service period, pro rata by days)"
	}
	return b
}
