package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// budgetQuarterFields are the inputs of an explicit quarterly split.
var budgetQuarterFields = []string{"q1", "q2", "q3", "q4"}

// budgetFields are the budget line form's inputs in page order, named as in the API so
// the domain's messages land beside their inputs. "quarters" is not an input: it is
// where the message about the split as a whole goes.
var budgetFields = []string{"fy", "code", "name", "category", "expense_type", "cost_centre", "gl_account",
	"owner_email", "planned", "quarters_set", "q1", "q2", "q3", "q4", "quarters", "justification"}

// budgetFormView is the data of the new and edit budget line form.
type budgetFormView struct {
	Form       *Form
	Line       *outlay.BudgetLine // nil for a new line
	Action     string
	Cancel     string
	Currency   string
	Years      []Option
	Categories []Option
	Types      []Option
}

// budgetLineFromForm copies the form onto b. Amounts are read in the base currency;
// what cannot be read is reported by field. Quarter inputs count only when the split
// box is ticked, but they are kept in the form either way.
func budgetLineFromForm(f *Form, b *outlay.BudgetLine, currency string) outlay.FieldErrors {
	bad := outlay.FieldErrors{}
	fy, ok := budgetParseFY(f.Get("fy"))
	if !ok {
		bad.Add("fy", "choose a fiscal year")
	}
	b.FY, b.Code, b.Name = fy, f.Get("code"), f.Get("name")
	b.Category, b.ExpenseType = f.Get("category"), f.Get("expense_type")
	b.CostCentre, b.GLAccount, b.OwnerEmail = f.Get("cost_centre"), f.Get("gl_account"), f.Get("owner_email")
	b.Justification = f.Get("justification")
	var err error
	if b.Planned, err = money.Parse(f.Get("planned"), currency, false); err != nil {
		bad.Add("planned", err.Error())
	}
	b.QuartersSet = f.Get("quarters_set") != ""
	if b.QuartersSet {
		for i, name := range budgetQuarterFields {
			if b.Quarters[i], err = money.Parse(f.Get(name), currency, false); err != nil {
				bad.Add(name, err.Error())
			}
		}
	}
	return bad
}

// budgetLineForm fills a form from a stored line, for editing. The quarter inputs show
// the current split even when it is the default, so ticking the box starts from it.
func budgetLineForm(b *outlay.BudgetLine, currency string) *Form {
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: budgetFields}
	for k, v := range map[string]string{
		"fy": strconv.Itoa(b.FY), "code": b.Code, "name": b.Name, "category": b.Category,
		"expense_type": b.ExpenseType, "cost_centre": b.CostCentre, "gl_account": b.GLAccount,
		"owner_email": b.OwnerEmail, "justification": b.Justification,
	} {
		f.Set(k, v)
	}
	if b.ID != 0 {
		f.Set("planned", money.Decimal(b.Planned, currency))
		for i, v := range budgetAmounts(b.Quarters, currency) {
			f.Set(budgetQuarterFields[i], v)
		}
	}
	if b.QuartersSet {
		f.Set("quarters_set", "1")
	}
	return f
}

func (s *Server) renderBudgetForm(c *gin.Context, status int, f *Form, b *outlay.BudgetLine) {
	ctx := c.Request.Context()
	bs, err := s.loadBudgetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	// Plans are made ahead and corrected after the fact: offer a year either side.
	extra := []int{bs.Current - 1, bs.Current + 2}
	if fy, ok := budgetParseFY(f.Get("fy")); ok {
		extra = append(extra, fy)
	}
	years, err := s.budgetYears(ctx, bs, extra...)
	if err != nil {
		s.fail(c, err)
		return
	}
	view := budgetFormView{Form: f, Line: b, Action: "/budget", Cancel: "/budget", Currency: bs.Currency,
		Categories: options(outlay.VendorCategories, "Choose…"), Types: budgetTypeOptions("Choose…")}
	for _, y := range years {
		view.Years = append(view.Years, Option{strconv.Itoa(y), bs.Calendar.Label(y)})
	}
	var p Page
	if b == nil {
		if fy, ok := budgetParseFY(f.Get("fy")); ok {
			view.Cancel = "/budget?fy=" + strconv.Itoa(fy)
		}
		p = s.page(c, "New budget line", "budget", Crumb{"Budget", view.Cancel}, Crumb{"New budget line", ""})
	} else {
		view.Action = "/budget/" + strconv.FormatInt(b.ID, 10)
		view.Cancel = view.Action
		p = s.page(c, "Edit "+b.Code, "budget", Crumb{"Budget", "/budget?fy=" + strconv.Itoa(b.FY)},
			Crumb{b.Code, view.Action}, Crumb{"Edit", ""})
	}
	p.Data = view
	s.render(c, status, "budget_form", p)
}

// budgetNew shows an empty form for the year in the URL, or the current one.
func (s *Server) budgetNew(c *gin.Context) {
	bs, err := s.loadBudgetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	fy, ok := budgetParseFY(c.Query("fy"))
	if !ok {
		fy = bs.Current
	}
	s.renderBudgetForm(c, http.StatusOK, budgetLineForm(&outlay.BudgetLine{FY: fy, ExpenseType: "opex"}, bs.Currency), nil)
}

// budgetSave reads the posted form onto b and stores it with save, or shows the form
// again with what was typed and status 422.
func (s *Server) budgetSave(c *gin.Context, b, stored *outlay.BudgetLine, save func(*outlay.BudgetLine) error) {
	bs, err := s.loadBudgetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	f := newForm(c, budgetFields...)
	err = input.CheckBudget(pageRules, b, budgetLineFromForm(f, b, bs.Currency), bs.Currency)
	if err == nil {
		err = save(b)
	}
	if err != nil {
		if f.Fail(err, nil) {
			s.renderBudgetForm(c, http.StatusUnprocessableEntity, f, stored)
			return
		}
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Budget line saved.")
	redirect(c, "/budget/"+strconv.FormatInt(b.ID, 10))
}

// budgetCreate stores a new budget line from the form.
func (s *Server) budgetCreate(c *gin.Context) {
	svc := s.budgetService()
	s.budgetSave(c, &outlay.BudgetLine{}, nil, func(b *outlay.BudgetLine) error {
		return svc.CreateBudgetLine(c.Request.Context(), b)
	})
}

// budgetEdit shows the form filled from the stored line.
func (s *Server) budgetEdit(c *gin.Context) {
	b, err := s.loadBudgetLine(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	bs, err := s.loadBudgetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderBudgetForm(c, http.StatusOK, budgetLineForm(b, bs.Currency), b)
}

// budgetUpdate saves the edit form.
func (s *Server) budgetUpdate(c *gin.Context) {
	b, err := s.loadBudgetLine(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	stored := *b
	svc := s.budgetService()
	s.budgetSave(c, b, &stored, func(b *outlay.BudgetLine) error {
		return svc.UpdateBudgetLine(c.Request.Context(), b)
	})
}
