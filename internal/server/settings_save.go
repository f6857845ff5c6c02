package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/outlay"
)

type settingsView struct {
	Form   *Form
	Months []Option
	Bases  []Option
}

// settingsText is the settings' typed-in text, with the field rules. The currency,
// month, basis, offsets and addresses are the domain's rules (Settings.Validate).
type settingsText struct {
	OrgName string `form:"org_name" json:"org_name" validate:"max=200,text"`
}

// checkSettingsText checks the settings' text with rules, keyed by their names.
func checkSettingsText(rules *input.Rules, st outlay.Settings) outlay.FieldErrors {
	return rules.Check(&settingsText{OrgName: st.OrgName})
}

var settingsFields = []string{"org_name", "base_currency", "fy_start_month", "basis", "reminder_offsets", "finance_emails", "import_max_mb", "backup_keep",
	"weekly_digest", "pack_email"}

// checked is a checkbox's value in a form: "1" when ticked, "" (sent as nothing) when not.
func checked(on bool) string {
	if on {
		return "1"
	}
	return ""
}

func monthOptions() []Option {
	out := make([]Option, 12)
	for m := 1; m <= 12; m++ {
		out[m-1] = Option{strconv.Itoa(m), time.Month(m).String()}
	}
	return out
}

func (s *Server) renderSettings(c *gin.Context, status int, f *Form) {
	p := s.page(c, "Settings", "settings", Crumb{Label: "Settings"})
	p.Data = settingsView{Form: f, Months: monthOptions(), Bases: options([]string{outlay.BasisCash, outlay.BasisAccrual}, "")}
	s.render(c, status, "settings", p)
}

func (s *Server) settingsForm(c *gin.Context) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: settingsFields}
	offs := make([]string, len(st.ReminderOffsets))
	for i, o := range st.ReminderOffsets {
		offs[i] = strconv.Itoa(o)
	}
	f.Set("org_name", st.OrgName)
	f.Set("base_currency", st.BaseCurrency)
	f.Set("fy_start_month", strconv.Itoa(st.FYStartMonth))
	f.Set("basis", st.Basis)
	f.Set("reminder_offsets", strings.Join(offs, ", "))
	f.Set("finance_emails", strings.Join(st.FinanceEmails, ", "))
	f.Set("import_max_mb", strconv.Itoa(st.ImportMaxMB))
	f.Set("backup_keep", strconv.Itoa(st.BackupKeep))
	f.Set("weekly_digest", checked(st.WeeklyDigest))
	f.Set("pack_email", checked(st.PackEmail))
	s.renderSettings(c, http.StatusOK, f)
}

func (s *Server) settingsSave(c *gin.Context) {
	f := newForm(c, settingsFields...)
	st := outlay.Settings{OrgName: f.Get("org_name"), BaseCurrency: f.Get("base_currency"), Basis: f.Get("basis"),
		FinanceEmails: outlay.SplitList(f.Get("finance_emails")),
		// An unticked checkbox sends nothing: the page's form always has both.
		WeeklyDigest: f.Get("weekly_digest") == "1", PackEmail: f.Get("pack_email") == "1"}
	month, monthErr := strconv.Atoi(f.Get("fy_start_month"))
	st.FYStartMonth = month
	// A blank cap is the default, as for a form from before the setting existed.
	maxMB, maxMBErr := outlay.DefaultImportMaxMB, error(nil)
	if v := strings.TrimSpace(f.Get("import_max_mb")); v != "" {
		maxMB, maxMBErr = strconv.Atoi(v)
	}
	st.ImportMaxMB = maxMB
	keep, keepErr := outlay.DefaultBackupKeep, error(nil)
	if v := strings.TrimSpace(f.Get("backup_keep")); v != "" {
		keep, keepErr = strconv.Atoi(v)
	}
	st.BackupKeep = keep
	offsets, offsetsErr := outlay.ParseOffsets(f.Get("reminder_offsets"))
	st.ReminderOffsets = offsets
	// Every problem at once: the rules on the fields that did parse, then the fields that
	// did not (their messages replace the rules' less precise ones).
	check := st
	check.Normalize()
	if offsetsErr != nil {
		check.ReminderOffsets = outlay.DefaultReminderOffsets
	}
	if err := check.Validate(); err != nil {
		f.Fail(err, nil)
	}
	for k, v := range checkSettingsText(pageRules, st) {
		f.Errors[k] = v
	}
	if monthErr != nil {
		f.Errors["fy_start_month"] = "choose a month"
	}
	if maxMBErr != nil || maxMB < 1 { // Normalize would read 0 as the default
		f.Errors["import_max_mb"] = "must be a whole number of MB from 1 to " + strconv.Itoa(outlay.MaxImportMaxMB)
	}
	if keepErr != nil || keep < 1 {
		f.Errors["backup_keep"] = outlay.BackupKeepMessage
	}
	if offsetsErr != nil {
		f.Fail(offsetsErr, nil)
	}
	var err error
	if len(f.Errors) == 0 {
		err = s.settings.UpdateSettings(c.Request.Context(), st)
		if err == nil {
			s.flash(c, "success", "Settings saved.")
			redirect(c, "/admin/settings")
			return
		}
		if !f.Fail(err, nil) {
			s.fail(c, err)
			return
		}
	}
	s.renderSettings(c, http.StatusUnprocessableEntity, f)
}
