package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// settingsJSON is the API shape of the settings.
type settingsJSON struct {
	OrgName         string   `json:"org_name"`
	BaseCurrency    string   `json:"base_currency"`
	FYStartMonth    int      `json:"fy_start_month"`
	Basis           string   `json:"basis"`
	ReminderOffsets []int    `json:"reminder_offsets"`
	FinanceEmails   []string `json:"finance_emails"`
	ImportMaxMB     int      `json:"import_max_mb"`
	BackupKeep      int      `json:"backup_keep"`
	WeeklyDigest    bool     `json:"weekly_digest"`
	PackEmail       bool     `json:"pack_email"`
}

// settingsPatch holds the fields a PATCH may change; absent fields stay as they are.
type settingsPatch struct {
	OrgName         *string         `json:"org_name"`
	BaseCurrency    *string         `json:"base_currency"`
	FYStartMonth    *input.Number   `json:"fy_start_month" validate:"omitnil,whole"` // 7 or "7"
	Basis           *string         `json:"basis"`
	ReminderOffsets *[]input.Number `json:"reminder_offsets" validate:"omitnil,dive,whole"` // [30, "7"]
	FinanceEmails   *[]string       `json:"finance_emails"`
	ImportMaxMB     *input.Number   `json:"import_max_mb" validate:"omitnil,whole"` // 20 or "20"
	BackupKeep      *input.Number   `json:"backup_keep" validate:"omitnil,whole"`
	WeeklyDigest    *bool           `json:"weekly_digest"`
	PackEmail       *bool           `json:"pack_email"`
}

func toSettingsJSON(s outlay.Settings) settingsJSON {
	j := settingsJSON{OrgName: s.OrgName, BaseCurrency: s.BaseCurrency, FYStartMonth: s.FYStartMonth, Basis: s.Basis,
		ReminderOffsets: s.ReminderOffsets, FinanceEmails: s.FinanceEmails, ImportMaxMB: s.ImportMaxMB,
		BackupKeep: s.BackupKeep, WeeklyDigest: s.WeeklyDigest, PackEmail: s.PackEmail}
	if j.FinanceEmails == nil {
		j.FinanceEmails = []string{}
	}
	return j
}

func (s *Server) apiSettingsGet(c *gin.Context) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusOK, toSettingsJSON(st))
}

func (s *Server) apiSettingsUpdate(c *gin.Context) {
	var in settingsPatch
	if !s.readJSON(c, &in) {
		return
	}
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	setIf(&st.OrgName, in.OrgName)
	setIf(&st.BaseCurrency, in.BaseCurrency)
	bad := apiRules.Check(&in)
	if in.FYStartMonth != nil {
		st.FYStartMonth = input.Int(string(*in.FYStartMonth))
	}
	setIf(&st.Basis, in.Basis)
	if in.ReminderOffsets != nil {
		st.ReminderOffsets = make([]int, len(*in.ReminderOffsets))
		for i, o := range *in.ReminderOffsets {
			st.ReminderOffsets[i] = input.Int(string(o))
		}
	}
	setIf(&st.FinanceEmails, in.FinanceEmails)
	setIf(&st.WeeklyDigest, in.WeeklyDigest)
	setIf(&st.PackEmail, in.PackEmail)
	if in.ImportMaxMB != nil {
		st.ImportMaxMB = input.Int(string(*in.ImportMaxMB))
		if st.ImportMaxMB < 1 { // Normalize would read 0 as the default
			bad.Add("import_max_mb", "must be a whole number of MB from 1 to "+strconv.Itoa(outlay.MaxImportMaxMB))
		}
	}
	if in.BackupKeep != nil {
		st.BackupKeep = input.Int(string(*in.BackupKeep))
		if st.BackupKeep < 1 { // Normalize would read 0 as the default
			bad.Add("backup_keep", outlay.BackupKeepMessage)
		}
	}
	for k, v := range checkSettingsText(apiRules, st) {
		bad.Add(k, v)
	}
	if len(bad) > 0 { // the domain's messages too, for one complete answer
		check := st
		check.Normalize()
		for k, v := range outlay.ErrorFields(check.Validate()) {
			bad.Add(k, v)
		}
	}
	if s.apiInvalid(c, bad) {
		return
	}
	if err := s.settings.UpdateSettings(ctx, st); err != nil {
		s.apiFail(c, err)
		return
	}
	st, err = s.settings.GetSettings(ctx)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusOK, toSettingsJSON(st))
}

// setIf copies a PATCH field onto the record when the request gave it.
func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// rateJSON is the API shape of an exchange rate.
type rateJSON struct {
	ID            int64  `json:"id"`
	Currency      string `json:"currency"`
	EffectiveFrom string `json:"effective_from"`
	Rate          string `json:"rate"`
}

func toRateJSON(r *outlay.Rate) rateJSON {
	return rateJSON{ID: r.ID, Currency: r.Currency, EffectiveFrom: outlay.FormatDate(r.EffectiveFrom), Rate: money.FormatFixed(r.RateMicros, outlay.RateDigits)}
}

func (s *Server) apiRateList(c *gin.Context) {
	l, err := newAPIList(c, "currency", false)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	rates, total, err := s.rates.FindRates(c.Request.Context(), outlay.RateFilter{Currency: c.Query("currency"), Offset: l.Offset(), Limit: l.PerPage})
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l.Total = total
	items := make([]rateJSON, len(rates))
	for i, r := range rates {
		items[i] = toRateJSON(r)
	}
	c.JSON(http.StatusOK, newListResponse(items, l))
}

func (s *Server) apiRateCreate(c *gin.Context) {
	var in struct {
		Currency      string `json:"currency"`
		EffectiveFrom string `json:"effective_from"`
		Rate          string `json:"rate"`
	}
	if !s.readJSON(c, &in) {
		return
	}
	r, err := parseRate(in.Currency, in.EffectiveFrom, in.Rate)
	if err == nil {
		err = s.rates.CreateRate(c.Request.Context(), r)
	}
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toRateJSON(r))
}

func (s *Server) apiRateDelete(c *gin.Context) {
	s.apiDeleteByID(c, "Exchange rate", s.rates.DeleteRate)
}
