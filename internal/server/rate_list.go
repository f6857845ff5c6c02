package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

type rateListView struct {
	List  *List
	Rates []*outlay.Rate
	Base  string
	Form  *Form
}

var rateFields = []string{"currency", "effective_from", "rate"}

func (s *Server) renderRates(c *gin.Context, status int, f *Form) {
	ctx := c.Request.Context()
	l := newList(c, "currency", false)
	l.Query.Del("page")
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	rates, total, err := s.rates.FindRates(ctx, outlay.RateFilter{Currency: strings.ToUpper(c.Query("currency")), Offset: l.Offset(), Limit: l.PerPage})
	if err != nil {
		s.fail(c, err)
		return
	}
	l.Total = total
	p := s.page(c, "Exchange rates", "settings", Crumb{"Settings", "/admin/settings"}, Crumb{Label: "Exchange rates"})
	p.Data = rateListView{List: l, Rates: rates, Base: st.BaseCurrency, Form: f}
	s.render(c, status, "rate_list", p)
}

func (s *Server) rateList(c *gin.Context) {
	s.renderRates(c, http.StatusOK, &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: rateFields})
}

// parseRate reads the rate form or JSON fields into a Rate, collecting field messages.
func parseRate(currency, effectiveFrom, rate string) (*outlay.Rate, error) {
	f := outlay.FieldErrors{}
	r := &outlay.Rate{Currency: strings.ToUpper(strings.TrimSpace(currency))}
	var err error
	if strings.TrimSpace(effectiveFrom) == "" {
		f.Add("effective_from", "required")
	} else if r.EffectiveFrom, err = outlay.ParseDate(effectiveFrom); err != nil {
		f.Add("effective_from", input.DateProblem(err))
	}
	if r.RateMicros, err = money.ParseFixed(rate, outlay.RateDigits, false); err != nil {
		f.Add("rate", err.Error())
	}
	return r, f.Err()
}

func (s *Server) rateCreate(c *gin.Context) {
	f := newForm(c, rateFields...)
	r, err := parseRate(f.Get("currency"), f.Get("effective_from"), f.Get("rate"))
	if err != nil {
		f.Fail(err, nil)
	}
	// The currency's own rules too, so every problem shows at once.
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	probe := outlay.Rate{Currency: r.Currency, EffectiveFrom: r.EffectiveFrom, RateMicros: 1}
	if msg := outlay.ErrorFields(probe.Validate(st.BaseCurrency))["currency"]; msg != "" {
		f.Errors["currency"] = msg
	}
	if len(f.Errors) == 0 {
		err := s.rates.CreateRate(c.Request.Context(), r)
		if err == nil {
			s.flash(c, "success", "Rate saved: 1 "+r.Currency+" = "+money.FormatFixed(r.RateMicros, outlay.RateDigits)+" from "+outlay.FormatDate(r.EffectiveFrom)+".")
			redirect(c, "/admin/rates")
			return
		}
		if !f.Fail(err, nil) {
			s.fail(c, err)
			return
		}
	}
	s.renderRates(c, http.StatusUnprocessableEntity, f)
}

type rateDeleteView struct {
	Rate *outlay.Rate
	Base string
}

func (s *Server) findRate(c *gin.Context) (*outlay.Rate, bool) {
	id, err := pathID(c, "Exchange rate")
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	rates, _, err := s.rates.FindRates(c.Request.Context(), outlay.RateFilter{ID: &id})
	if err == nil && len(rates) == 0 {
		err = outlay.Errorf(outlay.ENOTFOUND, "Exchange rate not found.")
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return rates[0], true
}

func (s *Server) rateDeleteConfirm(c *gin.Context) {
	r, ok := s.findRate(c)
	if !ok {
		return
	}
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.page(c, "Delete rate", "settings", Crumb{"Settings", "/admin/settings"}, Crumb{"Exchange rates", "/admin/rates"}, Crumb{Label: "Delete"})
	p.Data = rateDeleteView{Rate: r, Base: st.BaseCurrency}
	s.render(c, http.StatusOK, "rate_delete", p)
}

func (s *Server) rateDelete(c *gin.Context) {
	id, err := pathID(c, "Exchange rate")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.rates.DeleteRate(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Rate deleted. Entries already recorded keep the rate they were converted with.")
	redirect(c, "/admin/rates")
}
