package outlay

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"outlay/internal/money"
	"outlay/internal/renewal"
)

// Contract kinds, renewal types, notice units, billing frequencies and decisions.
var (
	ContractKinds  = []string{"subscription", "support", "lease", "services", "purchase"}
	RenewalTypes   = []string{"auto", "manual", "none"}
	NoticeUnits    = []string{"days", "months"}
	BillingPeriods = []string{"monthly", "quarterly", "annual", "upfront"}
	DecisionKinds  = []string{"renew", "renegotiate", "cancel"}
)

// MaxAmount bounds every stored amount (10^15 minor units: ten trillion euros). Far above
// any real price, it keeps rolls with uplift and conversions far from int64 overflow.
const MaxAmount = 1_000_000_000_000_000

// DefaultWindowDays is the reminder window before a key date (the largest default
// reminder offset): inside it a contract's status is "notice".
const DefaultWindowDays = 90

// Contract is an agreement with one vendor, made of one or more terms.
type Contract struct {
	ID               int64
	VendorID         int64
	VendorName       string // read-only
	Title            string
	Reference        string
	Kind             string
	OwnerEmail       string // answers for the renewal decision
	BackupOwnerEmail string
	RenewalType      string // auto, manual or none
	NoticeValue      int
	NoticeUnit       string // days or months
	// RenewalTermMonths is the length of the terms an auto contract rolls into; 0 means
	// "as long as the current term, in whole months".
	RenewalTermMonths int
	// UpliftBasisPoints is the expected price rise at renewal: 350 is 3.50 %.
	UpliftBasisPoints int64
	Currency          string
	BudgetLineCode    string
	Notes             string
	Justification     string
	// ReminderOffsets are the days before the key date on which this contract's
	// reminders go out, largest first; nil means the settings' offsets (EffectiveOffsets).
	ReminderOffsets []int
	ArchivedAt      *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time

	// Terms in order of start date, oldest first. The last one is the current term.
	// Lists carry only the current term; FindContractByID carries them all.
	Terms []*Term

	// FirstStart is the start of the contract's first term. Storage fills it so that a
	// contract loaded with its current term only still derives "upcoming" correctly.
	FirstStart time.Time

	// Derived from the current term by Derive; never stored as typed-in values.
	RenewsOn time.Time
	CancelBy time.Time
	KeyDate  time.Time
	Status   string
	DaysLeft int // days from today to the key date; negative when late
}

// Term is one period of a contract with its price. Past terms keep their prices, which
// gives the year-over-year price history.
type Term struct {
	ID         int64
	ContractID int64
	StartDate  time.Time // inclusive
	EndDate    time.Time // inclusive
	Price      int64     // for the whole term, in the contract's currency minor units
	Billing    string
	Decision   *Decision
	CreatedAt  time.Time
}

// Decision is what someone decided about renewing a term.
type Decision struct {
	Kind string // renew, renegotiate or cancel
	Note string
	By   string // email of the person who recorded it
	At   time.Time
}

// CurrentTerm returns the latest term (the one whose end the next renewal decision is
// about), or nil for a contract without terms.
func (c *Contract) CurrentTerm() *Term {
	if len(c.Terms) == 0 {
		return nil
	}
	return c.Terms[len(c.Terms)-1]
}

// Notice returns the contract's notice period.
func (c *Contract) Notice() renewal.Notice {
	return renewal.Notice{Value: c.NoticeValue, Unit: c.NoticeUnit}
}

// Derive fills RenewsOn, CancelBy, KeyDate, Status and DaysLeft from the current term as
// of today. windowDays is the settings' reminder window (Settings.WindowDays); a contract
// with reminder offsets of its own uses its largest one instead, so that its status says
// "notice" from its first reminder on, as the SQL status filter does.
func (c *Contract) Derive(today time.Time, windowDays int) {
	t := c.CurrentTerm()
	if t == nil {
		return
	}
	if own := slices.Max(append([]int{0}, c.ReminderOffsets...)); own > 0 {
		windowDays = own
	}
	c.RenewsOn = renewal.RenewsOn(t.EndDate)
	c.CancelBy = renewal.CancelBy(c.RenewsOn, c.Notice())
	c.KeyDate = renewal.KeyDate(c.RenewalType, t.EndDate, c.Notice())
	decision := ""
	if t.Decision != nil {
		decision = t.Decision.Kind
	}
	first := c.Terms[0].StartDate
	if !c.FirstStart.IsZero() && c.FirstStart.Before(first) {
		first = c.FirstStart
	}
	c.Status = renewal.Status(today, renewal.StatusInput{
		RenewalType: c.RenewalType,
		FirstStart:  first,
		TermStart:   t.StartDate,
		TermEnd:     t.EndDate,
		Notice:      c.Notice(),
		Decision:    decision,
		WindowDays:  windowDays,
		Archived:    c.Archived(),
	})
	c.DaysLeft = renewal.DaysBetween(today, c.KeyDate)
}

// Normalize trims text and lower-cases emails before validation and storage.
func (c *Contract) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	c.Reference = strings.TrimSpace(c.Reference)
	c.OwnerEmail = NormalizeEmail(c.OwnerEmail)
	c.BackupOwnerEmail = NormalizeEmail(c.BackupOwnerEmail)
	c.Currency = strings.ToUpper(strings.TrimSpace(c.Currency))
	c.BudgetLineCode = strings.ToUpper(strings.TrimSpace(c.BudgetLineCode))
	c.ReminderOffsets = NormalizeOffsets(c.ReminderOffsets)
	// A contract without a notice period still needs a unit in storage; "days" reads
	// right for zero and changes nothing.
	if c.NoticeUnit == "" && c.NoticeValue == 0 {
		c.NoticeUnit = renewal.UnitDays
	}
}

// Archived reports whether the contract is archived.
func (c *Contract) Archived() bool { return c.ArchivedAt != nil }

// NextTerm returns the term that renewing the contract would add after the current one
// (not stored): dates from renewal.Following, so they never drift at month ends, the
// current price raised by the expected uplift, the current billing. Pages use it to show
// what a renewal will do; storage uses it to do it. It returns nil for a contract
// without terms.
func (c *Contract) NextTerm() *Term {
	cur := c.CurrentTerm()
	if cur == nil {
		return nil
	}
	spans := make([]renewal.Span, len(c.Terms))
	for i, t := range c.Terms {
		spans[i] = renewal.Span{Start: t.StartDate, End: t.EndDate}
	}
	next := renewal.Following(spans, c.RenewalTermMonths)
	return &Term{
		ContractID: c.ID,
		StartDate:  next.Start,
		EndDate:    next.End,
		Price:      renewal.ApplyUplift(cur.Price, c.UpliftBasisPoints),
		Billing:    cur.Billing,
	}
}

// CheckRenewable returns an ECONFLICT error saying why the contract cannot be renewed
// now, or nil: an archived contract, or a current term someone decided to cancel, is
// not renewed behind that decision's back.
func (c *Contract) CheckRenewable() error {
	switch {
	case c.Archived():
		return Errorf(ECONFLICT, "This contract is archived; it cannot be renewed.")
	case c.CurrentTerm() == nil:
		return Errorf(ECONFLICT, "This contract has no term to renew.")
	case c.Decision() == renewal.DecisionCancel:
		return Errorf(ECONFLICT, "The current term has a cancel decision; record another decision first if the contract should go on.")
	}
	return nil
}

// Decision returns the kind of decision recorded on the current term, or "".
func (c *Contract) Decision() string {
	if t := c.CurrentTerm(); t != nil && t.Decision != nil {
		return t.Decision.Kind
	}
	return ""
}

// Validate checks that a decision is one of DecisionKinds, which decide whether
// reminders stop. Who and when are filled by storage; the note's length is a rule of
// the input.
func (d *Decision) Validate() error {
	f := FieldErrors{}
	checkOneOf(f, "decision", d.Kind, DecisionKinds)
	return f.Err()
}

// ParsePercent reads a percentage typed by a person ("3.5", "3.25", "0") into basis
// points (350, 325, 0). Blank is 0. More than two decimals is refused rather than
// rounded, like amounts. The error message is meant for the person.
func ParsePercent(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, nil
	}
	bp, err := money.Parse(s, "EUR", false)
	switch {
	case errors.Is(err, money.ErrTooManyDecimals):
		return 0, errors.New("use at most 2 decimals, such as 3.25")
	case errors.Is(err, money.ErrNegative):
		return 0, errors.New("must not be negative")
	case err != nil:
		return 0, errors.New("not a number (use a percentage such as 3.5)")
	}
	return bp, nil
}

// FormatPercent writes basis points as a percentage with two decimals: 350 is "3.50".
func FormatPercent(bp int64) string { return money.Decimal(bp, "EUR") }

// Validate checks what every stored contract must be, whoever writes it: choices from the
// domain's lists and a known currency (schedules, reminders and figures depend on them),
// the rules that span fields, a bounded uplift, and its terms' (reported as "first_term.<field>" for the
// first term, as the API names them). What a person types (required, lengths,
// characters, formats, ranges) is checked by the input's field rules before it gets here.
func (c *Contract) Validate() error {
	f := FieldErrors{}
	checkOneOf(f, "kind", c.Kind, ContractKinds)
	checkOneOf(f, "renewal_type", c.RenewalType, RenewalTypes)
	checkOneOf(f, "notice_unit", c.NoticeUnit, NoticeUnits)
	if !money.ValidCurrency(c.Currency) {
		f.Add("currency", "not a known ISO 4217 currency code")
	}
	if c.BackupOwnerEmail != "" && c.BackupOwnerEmail == c.OwnerEmail {
		f.Add("backup_owner_email", "must differ from the owner")
	}
	if c.NoticeUnit == "months" && c.NoticeValue > 120 {
		f.Add("notice_value", "must be at most 120 months")
	}
	// Rolls raise prices by the uplift, year after year: bounded, they stay far from
	// int64's end, which renewal.ApplyUplift refuses with a panic.
	if c.UpliftBasisPoints < 0 || c.UpliftBasisPoints > 100_00 {
		f.Add("uplift_percent", "must be between 0 and 100")
	}
	if msg := OffsetsProblem(c.ReminderOffsets); msg != "" {
		f.Add("reminder_offsets", msg)
	}
	for i, t := range c.Terms {
		prefix := "first_term."
		if i > 0 {
			prefix = "term."
		}
		t.validate(f, prefix)
	}
	return f.Err()
}

// ValidateTerm checks a term on its own, with plain field names (start_date, …): the term
// a renewal or a roll appends.
func (t *Term) ValidateTerm() error {
	f := FieldErrors{}
	t.validate(f, "")
	return f.Err()
}

// validate checks what a term must be whoever writes it: both dates, in order (a
// schedule is built from them), a price that no roll with uplift can carry past int64,
// and a billing frequency schedules know.
func (t *Term) validate(f FieldErrors, prefix string) {
	if t.StartDate.IsZero() {
		f.Add(prefix+"start_date", "required")
	}
	if t.EndDate.IsZero() {
		f.Add(prefix+"end_date", "required")
	}
	if !t.StartDate.IsZero() && !t.EndDate.IsZero() && t.EndDate.Before(t.StartDate) {
		f.Add(prefix+"end_date", "must be on or after the start date")
	}
	if t.Price < 0 {
		f.Add(prefix+"price", "must not be negative")
	}
	if t.Price > MaxAmount {
		f.Add(prefix+"price", "too large")
	}
	checkOneOf(f, prefix+"billing", t.Billing, BillingPeriods)
}

// The bounds of reminder offsets, the settings' and a contract's own: a reminder more
// than a year ahead is noise, and a dozen a key date is already a lot of mail.
const (
	MaxOffsetDays      = 365
	MaxReminderOffsets = 12
)

// OffsetsHint is the message of reminder offsets that are not whole numbers of days in
// range, as typed into a contract's field, sent to the API or read from a spreadsheet.
const OffsetsHint = "whole numbers of days from 1 to 365, such as 90, 30, 7"

// EffectiveOffsets are the days before the key date on which the contract's reminders
// go out: its own when it has them, else the settings'.
func (c *Contract) EffectiveOffsets(s Settings) []int {
	if len(c.ReminderOffsets) > 0 {
		return c.ReminderOffsets
	}
	return s.ReminderOffsets
}

// NormalizeOffsets returns the offsets largest first without repeats, as they are
// stored (a second "30" would only send the same reminder twice); nil when there are
// none, which for a contract means "the settings' offsets".
func NormalizeOffsets(offs []int) []int {
	if len(offs) == 0 {
		return nil
	}
	out := slices.Clone(offs)
	slices.Sort(out)
	slices.Reverse(out)
	return slices.Compact(out)
}

// OffsetsProblem says what is wrong with reminder offsets, a contract's own or the
// settings', or "": each from 1 to MaxOffsetDays days, at most MaxReminderOffsets of
// them. None is right for a contract (it then follows the settings); the settings
// require at least one themselves.
func OffsetsProblem(offs []int) string {
	for _, o := range offs {
		if o < 1 || o > MaxOffsetDays {
			return OffsetsHint
		}
	}
	if len(offs) > MaxReminderOffsets {
		return "at most " + strconv.Itoa(MaxReminderOffsets) + " offsets"
	}
	return ""
}

// ParseContractOffsets reads a contract's offsets as typed ("90, 30, 7", blank for the
// settings') with ParseOffsets, the settings' reader, and checks them; the message is
// meant for the person.
func ParseContractOffsets(s string) ([]int, string) {
	offs, err := ParseOffsets(s)
	if err != nil {
		return nil, OffsetsHint
	}
	offs = NormalizeOffsets(offs)
	return offs, OffsetsProblem(offs)
}

// FormatOffsets writes offsets for people and forms: "90, 30, 7"; "" for none.
func FormatOffsets(offs []int) string {
	parts := make([]string, len(offs))
	for i, o := range offs {
		parts[i] = strconv.Itoa(o)
	}
	return strings.Join(parts, ", ")
}

// ValidBudgetLineCode reports whether s looks like a budget line code: upper-case
// letters, digits and dashes, 2 to 32 characters, starting with a letter.
func ValidBudgetLineCode(s string) bool {
	if len(s) < 2 || len(s) > 32 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// StatusDecisionDue is a status filter, not a status: the contracts whose renewal needs a
// person now, that is the notice period is running or the cancel-by date was missed
// (DecisionDueStatuses). The dashboard's "Decision due" card counts them.
const StatusDecisionDue = "decision_due"

// DecisionDueStatuses are the derived statuses StatusDecisionDue selects.
var DecisionDueStatuses = []string{renewal.StatusNotice, renewal.StatusNoticeMissed}

// ContractFilter selects contracts. Status filters on the derived status as of Today;
// StatusDecisionDue selects every status of DecisionDueStatuses.
type ContractFilter struct {
	ID          *int64
	VendorID    *int64
	Query       string // title, reference or vendor name
	OwnerEmail  string // owner or backup owner
	Status      string
	RenewalType string
	// BudgetLineCode selects the contracts charged to a budget line code.
	BudgetLineCode string
	Archived       bool      // include archived contracts too
	Today          time.Time // for Status and derived fields; zero means today
	WindowDays     int       // for Status; zero means DefaultWindowDays

	// KeyDateFrom and KeyDateTo bound the key date (both inclusive).
	KeyDateFrom *time.Time
	KeyDateTo   *time.Time
	// TermEndBefore selects contracts whose current term ended before the day: the
	// candidates for an auto contract's roll.
	TermEndBefore *time.Time
	// LateUndecided also selects contracts whose key date is before KeyDateFrom when
	// their current term still runs on Today and has no renew or cancel decision: the
	// cancel-by dates that passed while nobody decided, which the dashboard keeps showing
	// until someone does. A term that is over (an ended contract) is not among them.
	LateUndecided bool

	// Sort key_date (the default) lists the key dates that need a person first, soonest
	// first (the missed ones lead), then the contracts whose key date is behind them:
	// ended, cancelled and settled by a decision. The other sorts are plain.
	Sort   string // key_date (default), title, vendor, owner, renews_on, price
	Desc   bool
	Offset int
	Limit  int
}

// ContractService stores contracts and their terms. Every change is audited in the same
// transaction.
type ContractService interface {
	TermService // corrections, removal and renewal with a person's choices (term.go)
	// FindContractByID returns the contract with all its terms, derived fields filled.
	FindContractByID(ctx context.Context, id int64) (*Contract, error)
	// FindContracts returns one page of contracts (each with its current term only) and
	// the total that match.
	FindContracts(ctx context.Context, filter ContractFilter) ([]*Contract, int, error)
	// EachContract calls fn for every matching contract (paging ignored), in the filter's
	// order, through one cursor, so that a register of any size streams. fn must not use
	// the database: it runs while the cursor holds its connection.
	EachContract(ctx context.Context, filter ContractFilter, fn func(*Contract) error) error
	// CreateContract stores the contract with its terms: the first one from a form, the
	// whole history (oldest first, with the decisions recorded on them) from an import.
	CreateContract(ctx context.Context, c *Contract) error
	// UpdateContract changes the contract's own fields; terms are left alone.
	UpdateContract(ctx context.Context, c *Contract) error
	// ArchiveContract hides a contract from lists; its terms and history stay. Archiving
	// an archived contract changes nothing.
	ArchiveContract(ctx context.Context, id int64) error
	// RenewContract appends the next term, Contract.NextTerm (the renewal term length
	// when set, else the current term's length; price raised by the uplift), and returns
	// it: RenewContractWith with the defaults, under the same rules.
	RenewContract(ctx context.Context, id int64) (*Term, error)
	// DecideTerm records a decision on the contract's current term; who and when come
	// from the context and the clock.
	DecideTerm(ctx context.Context, contractID int64, d Decision) error
	// CountContracts counts the contracts that are not archived, by what needs attention,
	// in one pass: the dashboard's cards.
	CountContracts(ctx context.Context, today time.Time, windowDays, soonDays int) (ContractCounts, error)
}

// ContractCounts are the dashboard's contract figures.
type ContractCounts struct {
	All    int // not archived
	Active int // status active
	Notice int // status notice: inside the reminder window of the key date
	// NoticeMissed counts status notice_missed: auto contracts past their cancel-by date
	// with no renew or cancel decision, whose term still runs.
	NoticeMissed int
	Soon         int // key date from today to today + soonDays
}

// DecisionDue is what the dashboard's "Decision due" card counts: the notice period is
// running or the cancel-by date was missed, the contracts StatusDecisionDue lists.
func (n ContractCounts) DecisionDue() int { return n.Notice + n.NoticeMissed }
