package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// termFormFields are the inputs of the term correction form in page order.
var termFormFields = []string{"start_date", "end_date", "price", "billing"}

type termFormView struct {
	C        contractView
	Term     *outlay.Term
	Prev     *outlay.Term // the term before, or nil
	Next     *outlay.Term // the term after, or nil
	Form     *Form
	Billings []Option
}

// FitStart is the only start the term can have after the previous one: the day after
// it ends.
func (v termFormView) FitStart() string {
	if v.Prev == nil {
		return ""
	}
	return outlay.FormatDate(renewal.RenewsOn(v.Prev.EndDate))
}

// FitEnd is the only end the term can have before the next one: the day before it
// starts.
func (v termFormView) FitEnd() string {
	if v.Next == nil {
		return ""
	}
	return outlay.FormatDate(v.Next.StartDate.AddDate(0, 0, -1))
}

// loadTerm finds the contract of the URL and its term :term, or answers with the error
// page.
func (s *Server) loadTerm(c *gin.Context) (*outlay.Contract, int, bool) {
	ct, ok := s.loadContract(c)
	if !ok {
		return nil, 0, false
	}
	id, err := strconv.ParseInt(c.Param("term"), 10, 64)
	i := ct.TermIndex(id)
	if err != nil || i < 0 {
		s.fail(c, outlay.Errorf(outlay.ENOTFOUND, "Term not found."))
		return nil, 0, false
	}
	return ct, i, true
}

// checkTerm runs the field rules of a typed term and builds it in the contract's
// currency, keeping the stored term's id.
func checkTerm(rules interface{ Check(any) outlay.FieldErrors }, in *termInput, ct *outlay.Contract, id int64) (*outlay.Term, outlay.FieldErrors) {
	bad := rules.Check(in)
	t := in.Build(ct.Currency, ct.Currency, "", bad)
	t.ID, t.ContractID = id, ct.ID
	return t, bad
}

// contractTermEdit shows the form that corrects a term's dates, price and billing.
func (s *Server) contractTermEdit(c *gin.Context) {
	ct, i, ok := s.loadTerm(c)
	if !ok {
		return
	}
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: termFormFields}
	in := input.TermOf(ct.Terms[i], ct.Currency)
	formFill(f, &in)
	s.renderTermForm(c, http.StatusOK, ct, i, f)
}

// contractTermUpdate stores a term's correction; one that breaks a rule (a field, or
// terms that would overlap or leave a gap) comes back with 422 and the messages beside
// their fields.
func (s *Server) contractTermUpdate(c *gin.Context) {
	ct, i, ok := s.loadTerm(c)
	if !ok {
		return
	}
	f := newForm(c, termFormFields...)
	var in termInput
	bindForm(f, &in)
	t, bad := checkTerm(pageRules, &in, ct, ct.Terms[i].ID)
	err := bad.Err()
	if err == nil {
		_, err = s.contracts.UpdateTerm(c.Request.Context(), ct.ID, t)
	}
	if err != nil {
		if f.Fail(err, nil) {
			s.renderTermForm(c, statusOf(outlay.ErrorCode(err), false), ct, i, f)
			return
		}
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Term corrected: "+contractTermLabel(t)+".")
	redirect(c, "/contracts/"+strconv.FormatInt(ct.ID, 10))
}

func (s *Server) renderTermForm(c *gin.Context, status int, ct *outlay.Contract, i int, f *Form) {
	v := termFormView{C: contractView{Contract: ct, Window: s.windowDays(c)}, Term: ct.Terms[i], Form: f,
		Billings: contractOptions(outlay.BillingPeriods, "")}
	if i > 0 {
		v.Prev = ct.Terms[i-1]
	}
	if i < len(ct.Terms)-1 {
		v.Next = ct.Terms[i+1]
	}
	id := strconv.FormatInt(ct.ID, 10)
	p := s.page(c, "Correct a term of "+ct.Title, "contracts", Crumb{"Contracts", "/contracts"}, Crumb{ct.Title, "/contracts/" + id}, Crumb{"Correct term", ""})
	p.Data = v
	s.render(c, status, "term_form", p)
}
