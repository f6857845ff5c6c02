package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/figures"
	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// APIBudgetLine is a budget line as the JSON API writes it. Amounts are decimal strings
// in the base currency, named by "currency".
type APIBudgetLine struct {
	ID               int64     `json:"id"`
	FY               int       `json:"fy"`
	Code             string    `json:"code"`
	Name             string    `json:"name"`
	Category         string    `json:"category"`
	ExpenseType      string    `json:"expense_type"`
	CostCentre       string    `json:"cost_centre"`
	GLAccount        string    `json:"gl_account"`
	OwnerEmail       string    `json:"owner_email"`
	Planned          string    `json:"planned"`
	Currency         string    `json:"currency"`
	Quarters         []string  `json:"quarters"`
	QuartersExplicit bool      `json:"quarters_explicit"`
	Justification    string    `json:"justification"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	// Figures are for the period the request asked for (fy, and quarter if given).
	Figures *APIFigures `json:"figures,omitempty"`
}

// APIFigures are a budget line's (or an unbudgeted code's) figures, decimal strings in
// the base currency: planned, actual, committed (overdue included) and variance for the
// period from..to; the year to date ytd_from..ytd_to (absent before the year starts);
// and, whatever the period, the fiscal year's annual_planned, year_actual,
// year_committed, forecast (= year_actual + year_committed) and forecast_variance.
type APIFigures struct {
	Basis            string `json:"basis"`
	From             string `json:"from"`
	To               string `json:"to"`
	Planned          string `json:"planned"`
	Actual           string `json:"actual"`
	Prepaid          string `json:"prepaid"`
	Committed        string `json:"committed"`
	Overdue          string `json:"overdue"`
	Variance         string `json:"variance"`
	YTDFrom          string `json:"ytd_from,omitempty"`
	YTDTo            string `json:"ytd_to,omitempty"`
	YTDPlanned       string `json:"ytd_planned"`
	YTDActual        string `json:"ytd_actual"`
	AnnualPlanned    string `json:"annual_planned"`
	YearActual       string `json:"year_actual"`
	YearCommitted    string `json:"year_committed"`
	Forecast         string `json:"forecast"`
	ForecastVariance string `json:"forecast_variance"`
}

// APIUnbudgeted is a fiscal year's money under a code that has no line in the year:
// it has no id, no plan of its own, and "unbudgeted": true.
type APIUnbudgeted struct {
	FY         int         `json:"fy"`
	Code       string      `json:"code"`
	Unbudgeted bool        `json:"unbudgeted"`
	Currency   string      `json:"currency"`
	Figures    *APIFigures `json:"figures"`
}

// APIBudgetLineList is the answer of GET /api/v1/budget-lines: the page of lines, the
// year's unbudgeted money by code (every code, whatever the page), and the totals over
// every matching line and the unbudgeted money.
type APIBudgetLineList struct {
	ListResponse[APIBudgetLine]
	Unbudgeted []APIUnbudgeted `json:"unbudgeted"`
	Totals     *APIFigures     `json:"totals"`
}

// budgetPeriod reads ?quarter= (1–4, or absent for the whole year).
func budgetPeriod(c *gin.Context) (int, error) {
	v := c.Query("quarter")
	if v == "" {
		return 0, nil
	}
	q, err := strconv.Atoi(v)
	if err != nil || q < 1 || q > 4 {
		return 0, &outlay.Error{Code: outlay.EINVALID, Message: "Please correct the highlighted fields.",
			Fields: map[string]string{"quarter": "must be 1, 2, 3 or 4"}}
	}
	return q, nil
}

// apiPeriod says for which period figures are, in the API's words.
type apiPeriod struct {
	basis, currency string
	from, to, ytdTo time.Time
	ytdFrom         time.Time
}

// apiPeriodOf is the period of fy's figures for quarter (0 for the year).
func apiPeriodOf(st outlay.Settings, fy, quarter int, today time.Time) apiPeriod {
	p := apiPeriod{basis: st.Basis, currency: st.BaseCurrency}
	p.from, p.to, p.ytdTo = books.Period(st, fy, quarter, today)
	p.ytdFrom, _ = st.Calendar().Bounds(fy)
	return p
}

// figures writes f for the API.
func (p apiPeriod) figures(f figures.Figures) *APIFigures {
	cur := p.currency
	out := &APIFigures{Basis: p.basis, From: outlay.FormatDate(p.from), To: outlay.FormatDate(p.to),
		Planned: money.Decimal(f.Planned, cur), Actual: money.Decimal(f.Actual, cur), Prepaid: money.Decimal(f.Prepaid, cur),
		Committed: money.Decimal(f.Committed, cur), Overdue: money.Decimal(f.Overdue, cur), Variance: money.Decimal(f.Variance, cur),
		YTDPlanned: money.Decimal(f.YTDPlanned, cur), YTDActual: money.Decimal(f.YTDActual, cur),
		AnnualPlanned: money.Decimal(f.AnnualPlan, cur), YearActual: money.Decimal(f.YearActual, cur), YearCommitted: money.Decimal(f.YearCommitted, cur),
		Forecast: money.Decimal(f.Forecast, cur), ForecastVariance: money.Decimal(f.ForecastVariance, cur)}
	if !p.ytdTo.IsZero() {
		out.YTDFrom, out.YTDTo = outlay.FormatDate(p.ytdFrom), outlay.FormatDate(p.ytdTo)
	}
	return out
}

// newAPIBudgetLine converts a stored line for the API.
func newAPIBudgetLine(b *outlay.BudgetLine, currency string) APIBudgetLine {
	return APIBudgetLine{
		ID: b.ID, FY: b.FY, Code: b.Code, Name: b.Name, Category: b.Category, ExpenseType: b.ExpenseType,
		CostCentre: b.CostCentre, GLAccount: b.GLAccount, OwnerEmail: b.OwnerEmail,
		Planned: money.Decimal(b.Planned, currency), Currency: currency,
		Quarters: budgetAmounts(b.Quarters, currency), QuartersExplicit: b.QuartersSet,
		Justification: b.Justification, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt,
	}
}

// APIBudgetLineInput is the body of a budget line create (POST) or change (PATCH). A
// PATCH changes exactly the fields it names.
//
// "quarters" is a list of four decimal strings that must add up to "planned": it sets an
// explicit split. "quarters": null returns the line to the default equal split, which
// then follows the plan. Left out, a new line gets the default split and a changed line
// keeps the kind of split it has (an explicit split must still add up to a changed plan).
// "fy" left out of a POST means the current fiscal year; "planned" is required there.
type APIBudgetLineInput struct {
	FY            *input.Number   `json:"fy" validate:"omitnil,whole"` // 2027 or "2027"
	Code          *string         `json:"code"`
	Name          *string         `json:"name"`
	Category      *string         `json:"category"`
	ExpenseType   *string         `json:"expense_type"`
	CostCentre    *string         `json:"cost_centre"`
	GLAccount     *string         `json:"gl_account"`
	OwnerEmail    *string         `json:"owner_email"`
	Planned       *string         `json:"planned"`
	Quarters      json.RawMessage `json:"quarters"`
	Justification *string         `json:"justification"`
}

// apply copies the fields present in the input onto b, reading amounts in currency. What
// cannot be read is returned by field.
func (in *APIBudgetLineInput) apply(b *outlay.BudgetLine, currency string) outlay.FieldErrors {
	bad := apiRules.Check(in)
	if in.FY != nil {
		b.FY = input.Int(string(*in.FY))
	}
	for _, f := range []struct {
		src *string
		dst *string
	}{
		{in.Code, &b.Code}, {in.Name, &b.Name}, {in.Category, &b.Category}, {in.ExpenseType, &b.ExpenseType},
		{in.CostCentre, &b.CostCentre}, {in.GLAccount, &b.GLAccount}, {in.OwnerEmail, &b.OwnerEmail},
		{in.Justification, &b.Justification},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if in.Planned != nil {
		v, err := money.Parse(*in.Planned, currency, false)
		if err != nil {
			bad.Add("planned", err.Error())
		}
		b.Planned = v
	}
	switch {
	case len(in.Quarters) == 0:
	case bytes.Equal(bytes.TrimSpace(in.Quarters), []byte("null")):
		b.QuartersSet = false
	default:
		var qs []string
		if err := json.Unmarshal(in.Quarters, &qs); err != nil || len(qs) != 4 {
			bad.Add("quarters", `must be a list of four amounts, such as ["25000.00", "25000.00", "25000.00", "25000.00"], or null`)
			break
		}
		b.QuartersSet = true
		for i, s := range qs {
			v, err := money.Parse(s, currency, false)
			if err != nil {
				bad.Add("quarters", "Q"+strconv.Itoa(i+1)+": "+err.Error())
			}
			b.Quarters[i] = v
		}
	}
	return bad
}

// apiBudgetLineList answers GET /api/v1/budget-lines: one fiscal year's lines (fy, by
// default the current one), filtered by code, category, expense_type and q, sorted by
// sort and dir, paged by page and per_page. An unknown filter value is a 400.
func (s *Server) apiBudgetLineList(c *gin.Context) {
	ctx := c.Request.Context()
	bs, err := s.loadBudgetSettings(ctx)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l, err := newAPIList(c, "code", false, outlay.BudgetLineSortKeys...)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	f, bad := budgetFilterFromQuery(l.Query)
	f.FY = bs.Current
	if v := l.Query.Get("fy"); v != "" {
		fy, ok := budgetParseFY(v)
		if !ok {
			bad.Add("fy", "must be a fiscal year such as "+strconv.Itoa(bs.Current))
		}
		f.FY = fy
	}
	quarter, qerr := budgetPeriod(c)
	if qerr != nil {
		bad.Add("quarter", outlay.ErrorFields(qerr)["quarter"])
	}
	if err := bad.Err(); err != nil {
		s.apiFail(c, err)
		return
	}
	f.Sort, f.Desc, f.Offset, f.Limit = l.Sort, l.Desc, l.Offset(), l.PerPage
	st := bs.Settings
	today := s.today()
	year, err := s.books().BudgetYear(ctx, books.BudgetQuery{Filter: f, Quarter: quarter, Today: today, Settings: &st})
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l.Total = year.Totals.Lines
	p := apiPeriodOf(st, f.FY, quarter, today)
	items := make([]APIBudgetLine, 0, len(year.Lines))
	for _, r := range year.Lines {
		item := newAPIBudgetLine(r.Line, bs.Currency)
		item.Figures = p.figures(r.Figures)
		items = append(items, item)
	}
	out := APIBudgetLineList{ListResponse: newListResponse(items, l), Unbudgeted: []APIUnbudgeted{}, Totals: p.figures(year.Totals.Figures)}
	for _, u := range year.Unbudgeted {
		out.Unbudgeted = append(out.Unbudgeted, APIUnbudgeted{FY: f.FY, Code: u.Code, Unbudgeted: true, Currency: bs.Currency, Figures: p.figures(u.Figures)})
	}
	c.JSON(http.StatusOK, out)
}

// apiBudgetLineGet answers GET /api/v1/budget-lines/:id, with the line's figures for its
// year or for ?quarter=.
func (s *Server) apiBudgetLineGet(c *gin.Context) {
	b, err := s.loadBudgetLine(c)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	quarter, err := budgetPeriod(c)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	bs, err := s.loadBudgetSettings(c.Request.Context())
	if err != nil {
		s.apiFail(c, err)
		return
	}
	st, today := bs.Settings, s.today()
	lf, err := s.books().BudgetLine(c.Request.Context(), books.LineQuery{Line: b, Quarter: quarter, Today: today, Settings: &st})
	if err != nil {
		s.apiFail(c, err)
		return
	}
	item := newAPIBudgetLine(b, bs.Currency)
	item.Figures = apiPeriodOf(st, b.FY, quarter, today).figures(lf.Figures)
	c.JSON(http.StatusOK, item)
}

// apiBudgetLineCreate answers POST /api/v1/budget-lines with 201 and the stored line.
func (s *Server) apiBudgetLineCreate(c *gin.Context) {
	ctx := c.Request.Context()
	var in APIBudgetLineInput
	if !s.readJSON(c, &in) {
		return
	}
	bs, err := s.loadBudgetSettings(ctx)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	b := &outlay.BudgetLine{FY: bs.Current}
	bad := in.apply(b, bs.Currency)
	if in.Planned == nil {
		bad.Add("planned", "required")
	}
	err = input.CheckBudget(apiRules, b, bad, bs.Currency)
	if err == nil {
		err = s.budgetService().CreateBudgetLine(ctx, b)
	}
	if err != nil {
		s.apiFail(c, err)
		return
	}
	s.apiBudgetLineReply(c, http.StatusCreated, b)
}

// apiBudgetLineUpdate answers PATCH /api/v1/budget-lines/:id: only the fields sent
// change.
func (s *Server) apiBudgetLineUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	b, err := s.loadBudgetLine(c)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	var in APIBudgetLineInput
	if !s.readJSON(c, &in) {
		return
	}
	bs, err := s.loadBudgetSettings(ctx)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	err = input.CheckBudget(apiRules, b, in.apply(b, bs.Currency), bs.Currency)
	if err == nil {
		err = s.budgetService().UpdateBudgetLine(ctx, b)
	}
	if err != nil {
		s.apiFail(c, err)
		return
	}
	s.apiBudgetLineReply(c, http.StatusOK, b)
}

// apiBudgetLineDelete answers DELETE /api/v1/budget-lines/:id with 204, or 409 when
// spend is charged to the line.
func (s *Server) apiBudgetLineDelete(c *gin.Context) {
	s.apiDeleteByID(c, "Budget line", s.budgetService().DeleteBudgetLine)
}

// apiBudgetCopy answers POST /api/v1/budget-lines/copy {"from_fy": 2027, "to_fy": 2028}
// with {"created": N}: to_fy defaults to the year after from_fy, and codes to_fy already
// has are skipped, so repeating the call creates nothing.
func (s *Server) apiBudgetCopy(c *gin.Context) {
	var in struct {
		FromFY *int `json:"from_fy"`
		ToFY   *int `json:"to_fy"`
	}
	if !s.readJSON(c, &in) {
		return
	}
	if in.FromFY == nil {
		s.apiFail(c, &outlay.Error{Code: outlay.EINVALID, Message: "Please correct the highlighted fields.",
			Fields: map[string]string{"from_fy": "required"}})
		return
	}
	to := *in.FromFY + 1
	setIf(&to, in.ToFY)
	n, err := s.budgetService().CopyBudgetYear(c.Request.Context(), *in.FromFY, to)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"created": n, "from_fy": *in.FromFY, "to_fy": to})
}

// apiBudgetLineReply answers with the line as stored.
func (s *Server) apiBudgetLineReply(c *gin.Context, status int, b *outlay.BudgetLine) {
	bs, err := s.loadBudgetSettings(c.Request.Context())
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(status, newAPIBudgetLine(b, bs.Currency))
}
