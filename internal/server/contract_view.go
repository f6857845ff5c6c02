package server

import (
	"fmt"
	"math/big"
	"strings"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// contractStatuses are the values a status filter takes, in the order filters list them:
// each derived status, and decision_due for the two that need a decision now.
var contractStatuses = []string{
	renewal.StatusUpcoming, renewal.StatusActive, outlay.StatusDecisionDue, renewal.StatusNotice,
	renewal.StatusNoticeMissed, renewal.StatusCancelled, renewal.StatusEnded,
}

// contractLabels words the enumerations where humanize alone reads badly.
var contractLabels = map[string]string{
	"support": "Support and maintenance",
	"notice":  "Notice period running",
	// A status filter rather than a status: see outlay.StatusDecisionDue.
	"decision_due":  "Decision due",
	"notice_missed": "Notice missed",
	"auto":          "Auto (tacit renewal)",
	"manual":        "Manual (express renewal)",
	"none":          "None (fixed term)",
	"upfront":       "Upfront (whole term)",
}

// contractLabel words one enumeration value for a page.
func contractLabel(v string) string {
	if l, ok := contractLabels[v]; ok {
		return l
	}
	return humanize(v)
}

// contractOptions makes select options from enumeration values with contractLabel.
func contractOptions(values []string, blank string) []Option {
	var out []Option
	if blank != "" {
		out = append(out, Option{"", blank})
	}
	for _, v := range values {
		out = append(out, Option{v, contractLabel(v)})
	}
	return out
}

// contractView wraps a contract with the wording pages need, so templates stay free of
// rules.
type contractView struct {
	*outlay.Contract
	Window int
	// SettingsOffsets are the settings' reminder offsets, which a contract without its
	// own follows (RemindersLabel); only the contract's page needs them.
	SettingsOffsets []int
}

// KindLabel is the contract kind in words.
func (v contractView) KindLabel() string { return contractLabel(v.Kind) }

// RenewalTypeLabel is the renewal type in words.
func (v contractView) RenewalTypeLabel() string { return contractLabel(v.RenewalType) }

// NoticeLabel writes the notice period: "3 months", "1 day", "none".
func (v contractView) NoticeLabel() string { return contractPeriod(v.NoticeValue, v.NoticeUnit) }

// RenewalTermLabel writes the renewal term length.
func (v contractView) RenewalTermLabel() string {
	if v.RenewalTermMonths == 0 {
		return "as long as the current term"
	}
	return contractPeriod(v.RenewalTermMonths, "months")
}

// UpliftLabel writes the expected uplift: "3.50 %".
func (v contractView) UpliftLabel() string {
	if v.UpliftBasisPoints == 0 {
		return "none"
	}
	return outlay.FormatPercent(v.UpliftBasisPoints) + " %"
}

// RemindersLabel writes the reminder offsets the contract follows and whose they are:
// "90, 30, 7 days (this contract's own)" or "90, 60, 30, 14, 7, 1 days (the settings')".
func (v contractView) RemindersLabel() string {
	offs, whose := v.ReminderOffsets, "this contract's own"
	if len(offs) == 0 {
		offs, whose = v.SettingsOffsets, "the settings'"
	}
	days := " days"
	if len(offs) == 1 && offs[0] == 1 {
		days = " day"
	}
	return outlay.FormatOffsets(offs) + days + " (" + whose + ")"
}

// StatusLabel is the derived status as its badge reads: "notice missed".
func (v contractView) StatusLabel() string {
	return strings.ReplaceAll(v.Status, "_", " ")
}

// IsAuto reports whether the contract renews by itself.
func (v contractView) IsAuto() bool { return v.RenewalType == renewal.RenewalAuto }

// DueLabel says what the key date is: the last day to cancel, or the day it ends.
func (v contractView) DueLabel() string {
	if v.IsAuto() {
		return "Cancel by"
	}
	return "Ends"
}

// Settled reports whether the key date no longer needs anyone: the term is over, or a
// renew or cancel decision stopped the reminders.
func (v contractView) Settled() bool {
	d := v.Decision()
	return v.Status == renewal.StatusEnded || v.Status == renewal.StatusCancelled ||
		d == renewal.DecisionRenew || d == renewal.DecisionCancel
}

// DueClass is the colour class of the key date; a settled one is not coloured.
func (v contractView) DueClass() string {
	if v.Settled() {
		return "due"
	}
	return dueClass(v.DaysLeft, v.Window)
}

// Price is the current term's price, or 0.
func (v contractView) Price() int64 {
	if t := v.CurrentTerm(); t != nil {
		return t.Price
	}
	return 0
}

func contractViews(cs []*outlay.Contract, window int) []contractView {
	out := make([]contractView, len(cs))
	for i, c := range cs {
		out[i] = contractView{Contract: c, Window: window}
	}
	return out
}

// contractPeriod writes "1 month", "3 months", "30 days"; zero is "none".
func contractPeriod(n int, unit string) string {
	if n == 0 {
		return "none"
	}
	if n == 1 && len(unit) > 1 {
		unit = unit[:len(unit)-1]
	}
	return fmt.Sprintf("%d %s", n, unit)
}

// contractTermRow is one line of a contract's term history.
type contractTermRow struct {
	*outlay.Term
	Current bool
	Change  string // against the previous term: "+3.50 %", "−2.00 %", "" for the first
	// Removable is set by the page for the latest term while it has not started.
	Removable bool
}

// contractTermRows builds the term history with the change of price against the previous term,
// computed on integers (basis points, rounded half away from zero).
func contractTermRows(terms []*outlay.Term) []contractTermRow {
	rows := make([]contractTermRow, len(terms))
	for i, t := range terms {
		rows[i] = contractTermRow{Term: t, Current: i == len(terms)-1}
		if i == 0 || terms[i-1].Price == 0 {
			continue
		}
		bp := contractPriceChange(terms[i-1].Price, t.Price)
		switch {
		case bp > 0:
			rows[i].Change = "+" + outlay.FormatPercent(bp) + " %"
		case bp < 0:
			rows[i].Change = "−" + outlay.FormatPercent(-bp) + " %"
		default:
			rows[i].Change = "0.00 %"
		}
	}
	return rows
}

// contractPriceChange is (cur − prev) / prev in basis points, rounded half away from
// zero; prev must not be zero. big.Int keeps the ×10000 from overflowing.
func contractPriceChange(prev, cur int64) int64 {
	num := new(big.Int).Mul(big.NewInt(cur-prev), big.NewInt(10000))
	den := big.NewInt(prev)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2)).Cmp(new(big.Int).Abs(den)) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign()*den.Sign())))
	}
	return q.Int64()
}

// contractTermLabel writes a term's dates for messages: "2027-04-01 to 2028-03-31".
func contractTermLabel(t *outlay.Term) string {
	return outlay.FormatDate(t.StartDate) + " to " + outlay.FormatDate(t.EndDate)
}

// contractCountLabel writes a count with its noun: "1 contract", "1,284 contracts".
func contractCountLabel(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(int64(n)) + " " + many
}
