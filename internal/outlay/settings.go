package outlay

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"outlay/internal/fiscal"
	"outlay/internal/money"
)

// Accounting bases for actual spend.
const (
	BasisCash    = "cash"
	BasisAccrual = "accrual"
)

// DefaultReminderOffsets are the days before a key date on which reminders go out.
var DefaultReminderOffsets = []int{90, 60, 30, 14, 7, 1}

// Settings are the organisation-wide choices an administrator makes.
type Settings struct {
	OrgName         string
	BaseCurrency    string // budgets and reports are in it
	FYStartMonth    int    // 1–12: the fiscal year starts on the first of this month
	Basis           string // cash or accrual
	ReminderOffsets []int  // days before a key date, largest first
	FinanceEmails   []string
	// ImportMaxMB is the largest spreadsheet an import takes, in MB (MiB): uploads over
	// it are refused before they are read, and the importer reads no more of a file.
	ImportMaxMB int
	// WeeklyDigest sends each owner a digest of their key dates on Mondays; each user may
	// still turn it off in their profile (User.WeeklyDigest).
	WeeklyDigest bool
	// PackEmail emails the quarter's finance pack to the finance list on the first day
	// after the quarter ends.
	PackEmail bool
	// BackupKeep is how many nightly backups DATA/backups keeps (1–365): each good
	// backup deletes the oldest beyond it.
	BackupKeep int
}

// The bounds of Settings.BackupKeep: two weeks of nights by default, a year at most
// (a year of a large database is a lot of disk; older copies belong off the machine).
const (
	DefaultBackupKeep = 14
	MaxBackupKeep     = 365
)

// The bounds of Settings.ImportMaxMB. Twenty MB holds a workbook of well over 100,000
// rows; a hundred bounds the disk and memory one upload may take.
const (
	DefaultImportMaxMB = 20
	MaxImportMaxMB     = 100
)

// BackupKeepMessage is the message of a number of backups out of bounds (MaxBackupKeep).
const BackupKeepMessage = "must be a whole number of backups from 1 to 365"

// ImportMaxBytes is the upload cap in bytes.
func (s Settings) ImportMaxBytes() int64 {
	mb := s.ImportMaxMB
	if mb <= 0 {
		mb = DefaultImportMaxMB
	}
	return int64(mb) << 20
}

// DefaultSettings are the settings of a new installation.
func DefaultSettings() Settings {
	return Settings{OrgName: "", BaseCurrency: "EUR", FYStartMonth: 1, Basis: BasisCash,
		ReminderOffsets: append([]int(nil), DefaultReminderOffsets...), ImportMaxMB: DefaultImportMaxMB,
		WeeklyDigest: true, PackEmail: true, BackupKeep: DefaultBackupKeep}
}

// Calendar is the fiscal calendar the settings define.
func (s Settings) Calendar() fiscal.Calendar {
	return fiscal.Calendar{StartMonth: time.Month(s.FYStartMonth)}
}

// WindowDays is the reminder window: the largest reminder offset. Within it of its key
// date a contract's status is "notice".
func (s Settings) WindowDays() int {
	w := 0
	for _, o := range s.ReminderOffsets {
		w = max(w, o)
	}
	if w == 0 {
		return DefaultWindowDays
	}
	return w
}

// Normalize sorts offsets largest first without duplicates and cleans the emails.
func (s *Settings) Normalize() {
	s.OrgName = strings.TrimSpace(s.OrgName)
	s.BaseCurrency = strings.ToUpper(strings.TrimSpace(s.BaseCurrency))
	s.ReminderOffsets = NormalizeOffsets(s.ReminderOffsets)
	var emails []string
	for _, e := range s.FinanceEmails {
		if e = NormalizeEmail(e); e != "" {
			emails = append(emails, e)
		}
	}
	s.FinanceEmails = emails
	if s.ImportMaxMB == 0 {
		// Callers that predate the setting build Settings without it: they mean the default.
		s.ImportMaxMB = DefaultImportMaxMB
	}
	if s.BackupKeep == 0 {
		s.BackupKeep = DefaultBackupKeep // as for ImportMaxMB
	}
}

// Validate checks the settings; field keys are the API names.
func (s *Settings) Validate() error {
	f := FieldErrors{}
	if !money.ValidCurrency(s.BaseCurrency) {
		f.Add("base_currency", "not a known ISO 4217 currency code")
	}
	if s.FYStartMonth < 1 || s.FYStartMonth > 12 {
		f.Add("fy_start_month", "must be a month number from 1 to 12")
	}
	checkOneOf(f, "basis", s.Basis, []string{BasisCash, BasisAccrual})
	if len(s.ReminderOffsets) == 0 {
		f.Add("reminder_offsets", "give at least one number of days")
	}
	if msg := OffsetsProblem(s.ReminderOffsets); msg != "" {
		f.Add("reminder_offsets", msg)
	}
	if s.ImportMaxMB < 1 || s.ImportMaxMB > MaxImportMaxMB {
		f.Add("import_max_mb", "must be a whole number of MB from 1 to "+strconv.Itoa(MaxImportMaxMB))
	}
	if s.BackupKeep < 1 || s.BackupKeep > MaxBackupKeep {
		f.Add("backup_keep", BackupKeepMessage)
	}
	for _, e := range s.FinanceEmails {
		if !ValidEmail(e) {
			f.Add("finance_emails", shownTyped(e)+" is not a valid email address")
		}
	}
	return f.Err()
}

// ParseOffsets reads "90, 60, 30" into days; a bad item is reported by position.
func ParseOffsets(s string) ([]int, error) {
	var out []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(part)
		if err != nil {
			if utf8.RuneCountInString(part) > 12 {
				part = string([]rune(part)[:12]) + "…" // the message names it, not repeats it
			}
			return nil, &Error{Code: EINVALID, Message: "Please correct the highlighted fields.",
				Fields: map[string]string{"reminder_offsets": shownTyped(part) + " is not a whole number of days"}}
		}
		out = append(out, n)
	}
	return out, nil
}

// SplitList reads a comma, semicolon or newline separated list.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// SettingsService stores the settings.
type SettingsService interface {
	GetSettings(ctx context.Context) (Settings, error)
	// UpdateSettings saves all settings. Changing the base currency once money is
	// recorded is ECONFLICT: recorded base amounts would silently change meaning.
	UpdateSettings(ctx context.Context, s Settings) error
}

// Rate is an exchange rate: one unit of Currency is RateMicros/10^6 units of the base
// currency, from EffectiveFrom until the next rate of the same currency.
type Rate struct {
	ID            int64
	Currency      string
	EffectiveFrom time.Time
	RateMicros    int64
	CreatedAt     time.Time
}

// RateDigits is the number of decimals a rate may have.
const RateDigits = 6

// Validate checks a rate against the base currency.
func (r *Rate) Validate(base string) error {
	f := FieldErrors{}
	r.Currency = strings.ToUpper(strings.TrimSpace(r.Currency))
	if !money.ValidCurrency(r.Currency) {
		f.Add("currency", "not a known ISO 4217 currency code")
	} else if r.Currency == base {
		f.Add("currency", "the base currency needs no rate")
	}
	if r.EffectiveFrom.IsZero() {
		f.Add("effective_from", "required")
	}
	if r.RateMicros <= 0 {
		f.Add("rate", "must be greater than zero")
	}
	return f.Err()
}

// RateFilter selects rates, newest effective date first.
type RateFilter struct {
	ID       *int64
	Currency string
	Offset   int
	Limit    int
}

// RateService stores exchange rates.
type RateService interface {
	FindRates(ctx context.Context, f RateFilter) ([]*Rate, int, error)
	// CreateRate adds a rate; a second rate for the same currency and day is ECONFLICT.
	CreateRate(ctx context.Context, r *Rate) error
	// DeleteRate removes a rate. Entries already converted with it keep their amounts.
	DeleteRate(ctx context.Context, id int64) error
	// RateOn returns the rate effective on a date, or ENOTFOUND naming what is missing.
	RateOn(ctx context.Context, currency string, on time.Time) (*Rate, error)
}
