package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// contractRenewFields are the inputs of the renew form in page order.
var contractRenewFields = []string{"months", "price", "billing", "from_term"}

// renewInput is a renewal as typed into the renew form: the new term's length, price and
// billing, and the term the page offered to renew (a hidden field), so that a form sent
// twice renews once. The billing is the domain's rule (Term.validate).
type renewInput struct {
	FromTerm input.Number `form:"from_term" json:"from_term_id" validate:"id"`
	Months   input.Number `form:"months" json:"months" validate:"required,count=1 120"`
	Price    string       `form:"price" json:"price" validate:"required,max=40,text"`
	Billing  string       `form:"billing" json:"billing"`
}

// renewal turns the checked input into the domain's Renewal, reading the price in the
// contract's currency; a price the currency cannot hold is added to bad.
func (in *renewInput) renewal(currency string, bad outlay.FieldErrors) outlay.Renewal {
	r := outlay.Renewal{Months: input.Int(string(in.Months)), Billing: in.Billing}
	if in.FromTerm != "" {
		r.FromTermID = input.ID(string(in.FromTerm))
	}
	if in.Price != "" {
		if p, err := money.Parse(in.Price, currency, false); err != nil {
			bad.Add("price", err.Error())
		} else {
			r.Price = &p
		}
	}
	return r
}

type contractRenewView struct {
	C        contractView
	Next     *outlay.Term // what renewing with the defaults would add
	Blocked  string       // why the contract cannot be renewed, or ""
	Form     *Form
	Billings []Option
}

// contractRenewConfirm shows the renew form, prefilled from the renewal term length and
// the last price raised by the uplift, before anything changes.
func (s *Server) contractRenewConfirm(c *gin.Context) {
	ct, ok := s.loadContract(c)
	if !ok {
		return
	}
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: contractRenewFields}
	if next := ct.NextTerm(); next != nil {
		if m := ct.RenewalMonths(); m > 0 {
			f.Set("months", strconv.Itoa(m))
		}
		f.Set("price", money.Format(next.Price, ct.Currency))
		f.Set("billing", next.Billing)
		f.Set("from_term", strconv.FormatInt(ct.CurrentTerm().ID, 10))
	}
	s.renderContractRenew(c, http.StatusOK, ct, f)
}

// PriceHelp says where the prefilled price comes from.
func (v contractRenewView) PriceHelp() string {
	if v.C.UpliftBasisPoints == 0 {
		return "Prefilled with the current term's price; the whole new term's price, such as 12,000.00."
	}
	return "Prefilled with the current term's price + " + v.C.UpliftLabel() + " uplift, as expected; the whole new term's price."
}

func (s *Server) renderContractRenew(c *gin.Context, status int, ct *outlay.Contract, f *Form) {
	v := contractRenewView{C: contractView{Contract: ct, Window: s.windowDays(c)}, Form: f,
		Billings: contractOptions(outlay.BillingPeriods, "")}
	if err := ct.CheckRenewableOn(s.today()); err != nil {
		v.Blocked, status = outlay.ErrorMessage(err), http.StatusConflict
	} else {
		v.Next = ct.NextTerm()
	}
	id := strconv.FormatInt(ct.ID, 10)
	p := s.page(c, "Renew "+ct.Title, "contracts", Crumb{"Contracts", "/contracts"}, Crumb{ct.Title, "/contracts/" + id}, Crumb{"Renew", ""})
	p.Data = v
	s.render(c, status, "contract_renew", p)
}

// contractRenew adds the term the person chose and says which one. A form that breaks a
// field rule comes back with 422 and what was typed; a renewal refused because the
// contract was renewed meanwhile (a double click, the back button) or cannot be renewed
// goes back to the contract with the reason, and nothing changes.
func (s *Server) contractRenew(c *gin.Context) {
	ct, ok := s.loadContract(c)
	if !ok {
		return
	}
	f := newForm(c, contractRenewFields...)
	var in renewInput
	bindForm(f, &in)
	bad := pageRules.Check(&in)
	r := in.renewal(ct.Currency, bad)
	var err error
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		var t *outlay.Term
		if t, err = s.contracts.RenewContractWith(c.Request.Context(), ct.ID, r); err == nil {
			s.flash(c, "success", "Renewed: new term "+contractTermLabel(t)+".")
			redirect(c, "/contracts/"+strconv.FormatInt(ct.ID, 10))
			return
		}
	}
	switch outlay.ErrorCode(err) {
	case outlay.ECONFLICT:
		s.flash(c, "error", outlay.ErrorMessage(err))
		redirect(c, "/contracts/"+strconv.FormatInt(ct.ID, 10))
	case outlay.EINVALID:
		f.Fail(err, nil)
		s.renderContractRenew(c, http.StatusUnprocessableEntity, ct, f)
	default:
		s.fail(c, err)
	}
}
