package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/books"
	"outlay/internal/figures"
	"outlay/internal/outlay"
)

// reportView is the data of the Reports page: the choice of the finance pack (a form
// whose fields keep what was asked, with their messages) and, when the choice can be
// read, a preview of the pack's Summary totals.
type reportView struct {
	Form                   *Form
	Years, Quarters, Bases []Option
	DownloadURL            string
	Preview                *reportPreview
	Default                string // "FY2027 Q2": the quarter a bare /reports shows
	Labels                 map[string]string
}

// reportPreview is the Summary's totals for one choice: per category, the unbudgeted
// money, and in total; the same figures as the budget list's quarter view.
type reportPreview struct {
	FYLabel, Period string // "FY2027", "Q2"
	From, To        time.Time
	YTDFrom, YTDTo  time.Time
	Basis, Currency string
	Running         bool // the quarter is not over yet: its figures are to date
	Rows            []reportRow
	Unbudgeted      *reportRow // nil when every code has a line
	Total           reportRow
}

// reportRow is a row of the preview: a category's totals, the unbudgeted money's or
// the grand total.
type reportRow struct {
	Category string
	Lines    int
	Figures  figures.Figures
	Currency string
}

// reportFields are the form's fields in page order.
var reportFields = []string{"fy", "quarter", "basis"}

// reportShow shows the Reports page: choose a fiscal year, a quarter and a basis, see
// the Summary's totals, download the pack. A choice that cannot be read comes back as
// a 400 with the messages beside their fields and no preview.
func (s *Server) reportShow(c *gin.Context) {
	s.reportPage(c, http.StatusOK, nil)
}

// reportPage renders the Reports page for the request's choice; bad, when given,
// are messages found already (by the download). Any message makes it a 400.
func (s *Server) reportPage(c *gin.Context, status int, bad outlay.FieldErrors) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	query := c.Request.URL.Query()
	pq, found := packQueryFrom(query, st, s.Now())
	for k, v := range bad {
		found[k] = v
	}
	form := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: reportFields}
	for _, name := range reportFields {
		form.Values[name] = query.Get(name)
	}
	if form.Values["fy"] == "" {
		form.Values["fy"] = strconv.Itoa(pq.FY)
	}
	if form.Values["quarter"] == "" {
		form.Values["quarter"] = strconv.Itoa(pq.Quarter)
	}
	if form.Values["basis"] == "" {
		form.Values["basis"] = pq.Basis
	}
	cal := st.Calendar()
	today := s.today()
	curFY, curQ := cal.Quarter(today)
	view := reportView{Form: form,
		Bases:   []Option{{outlay.BasisCash, "Cash (by invoice date)"}, {outlay.BasisAccrual, "Accrual (by service period)"}},
		Default: cal.Label(curFY) + " Q" + strconv.Itoa(curQ),
		Labels:  map[string]string{"fy": "Fiscal year", "quarter": "Quarter", "basis": "Basis"},
	}
	years, err := s.budgetService().FiscalYears(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, fy := range []int{curFY, pq.FY} {
		if !slices.Contains(years, fy) {
			years = append(years, fy)
		}
	}
	slices.Sort(years)
	for i := len(years) - 1; i >= 0; i-- { // newest first: the pack wanted is usually recent
		view.Years = append(view.Years, Option{strconv.Itoa(years[i]), cal.Label(years[i])})
	}
	if v := form.Values["fy"]; !slices.ContainsFunc(view.Years, func(o Option) bool { return o.Value == v }) {
		view.Years = append(view.Years, Option{v, v}) // kept as typed, beside its message
	}
	for q := 1; q <= 4; q++ {
		from, to := cal.QuarterBounds(pq.FY, q)
		view.Quarters = append(view.Quarters, Option{strconv.Itoa(q), "Q" + strconv.Itoa(q) + " (" + outlay.FormatDate(from) + " – " + outlay.FormatDate(to) + ")"})
	}
	if v := form.Values["quarter"]; !slices.ContainsFunc(view.Quarters, func(o Option) bool { return o.Value == v }) {
		view.Quarters = append(view.Quarters, Option{v, v})
	}
	if v := form.Values["basis"]; !slices.ContainsFunc(view.Bases, func(o Option) bool { return o.Value == v }) {
		view.Bases = append(view.Bases, Option{v, v})
	}
	title := "Reports"
	if len(found) > 0 {
		form.Errors = found
		form.Message = "Please correct the highlighted fields."
		status = http.StatusBadRequest
	} else {
		view.DownloadURL = reportDownloadURL(pq)
		if view.Preview, err = s.reportPreview(c, st, pq); err != nil {
			s.fail(c, err)
			return
		}
	}
	p := s.page(c, title, "reports", Crumb{"Reports", ""})
	p.Data = view
	s.render(c, status, "report_show", p)
}

// reportDownloadURL is the address of the pack for q.
func reportDownloadURL(q outlay.PackQuery) string {
	v := url.Values{"fy": {strconv.Itoa(q.FY)}, "quarter": {strconv.Itoa(q.Quarter)}, "basis": {q.Basis}}
	return "/reports/quarterly.xlsx?" + v.Encode()
}

// reportPreview reads the Summary's totals for q from books.BudgetYear, as the budget
// list's quarter view does, and adds them up by category in the order categories are
// offered everywhere else.
func (s *Server) reportPreview(c *gin.Context, st outlay.Settings, q outlay.PackQuery) (*reportPreview, error) {
	st = packSettings(st, q)
	today := s.today()
	year, err := s.books().BudgetYear(c.Request.Context(), books.BudgetQuery{
		Filter: outlay.BudgetLineFilter{FY: q.FY, Sort: "code"}, Quarter: q.Quarter, Today: today, Settings: &st})
	if err != nil {
		return nil, err
	}
	cal := st.Calendar()
	p := &reportPreview{FYLabel: cal.Label(q.FY), Period: "Q" + strconv.Itoa(q.Quarter), From: year.From, To: year.To,
		YTDTo: year.YTDTo, Basis: st.Basis, Currency: st.BaseCurrency, Running: !today.After(year.To) && !today.Before(year.From),
		Total: reportRow{Lines: year.Totals.Lines, Figures: year.Totals.Figures, Currency: st.BaseCurrency}}
	p.YTDFrom, _ = cal.Bounds(q.FY)
	byCat := map[string]*reportRow{}
	for _, l := range year.Lines {
		r := byCat[l.Line.Category]
		if r == nil {
			r = &reportRow{Category: l.Line.Category, Currency: st.BaseCurrency}
			byCat[l.Line.Category] = r
		}
		if r.Figures, err = r.Figures.Add(l.Figures); err != nil {
			return nil, outlay.Errorf(outlay.EINVALID, "The totals of %s are too large to add up.", p.FYLabel)
		}
		r.Lines++
	}
	order := append(slices.Clone(outlay.VendorCategories), "")
	for cat := range byCat {
		if !slices.Contains(order, cat) {
			order = append(order, cat)
		}
	}
	for _, cat := range order {
		if r := byCat[cat]; r != nil {
			p.Rows = append(p.Rows, *r)
		}
	}
	if year.Totals.UnbudgetedCodes > 0 {
		p.Unbudgeted = &reportRow{Lines: year.Totals.UnbudgetedCodes, Figures: year.Totals.Unbudgeted, Currency: st.BaseCurrency}
	}
	return p, nil
}
