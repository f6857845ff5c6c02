package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// spendJSON is the API shape of a spend entry. Amounts are decimal strings: amount in
// the entry's currency, base_amount and the allocations in the base currency.
type spendJSON struct {
	ID            int64            `json:"id"`
	Date          string           `json:"date"`
	VendorID      int64            `json:"vendor_id"`
	VendorName    string           `json:"vendor_name"`
	Description   string           `json:"description"`
	InvoiceNumber string           `json:"invoice_number"`
	PONumber      string           `json:"po_number"`
	Amount        string           `json:"amount"`
	Currency      string           `json:"currency"`
	FXRate        string           `json:"fx_rate"`
	BaseAmount    string           `json:"base_amount"`
	BaseCurrency  string           `json:"base_currency"`
	ContractID    *int64           `json:"contract_id"`
	LicenceID     *int64           `json:"licence_id"`
	ServiceFrom   *string          `json:"service_from"`
	ServiceTo     *string          `json:"service_to"`
	Allocations   []spendAllocJSON `json:"allocations"`
	CreatedAt     string           `json:"created_at"`
	UpdatedAt     string           `json:"updated_at"`
}

// spendAllocJSON is one allocation; on input budget_line_code is ignored (it may be echoed
// back from a GET) and a missing amount means "the rest of the base amount".
type spendAllocJSON struct {
	BudgetLineID   int64   `json:"budget_line_id"`
	BudgetLineCode string  `json:"budget_line_code,omitempty"`
	Amount         *string `json:"amount"`
}

func toSpendJSON(e *outlay.SpendEntry, base string) spendJSON {
	j := spendJSON{ID: e.ID, Date: outlay.FormatDate(e.Date), VendorID: e.VendorID, VendorName: e.VendorName,
		Description: e.Description, InvoiceNumber: e.InvoiceNumber, PONumber: e.PONumber,
		Amount: money.Decimal(e.Amount, e.Currency), Currency: e.Currency,
		FXRate:     money.FormatFixed(e.FXRateMicros, outlay.RateDigits),
		BaseAmount: money.Decimal(e.BaseAmount, base), BaseCurrency: base,
		ContractID: e.ContractID, LicenceID: e.LicenceID,
		Allocations: make([]spendAllocJSON, len(e.Allocations)),
		CreatedAt:   e.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00"),
		UpdatedAt:   e.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z07:00"),
	}
	if e.ServiceFrom != nil {
		from, to := spendDateString(e.ServiceFrom), spendDateString(e.ServiceTo)
		j.ServiceFrom, j.ServiceTo = &from, &to
	}
	for i, a := range e.Allocations {
		amount := money.Decimal(a.Amount, base)
		j.Allocations[i] = spendAllocJSON{BudgetLineID: a.BudgetLineID, BudgetLineCode: a.BudgetLineCode, Amount: &amount}
	}
	return j
}

// spendInput is the body of POST and PATCH. For PATCH only the fields present change;
// allocations replace the old ones when present, and budget_line_id is a shorthand for
// one allocation taking the whole base amount.
type spendInput struct {
	Date          *string           `json:"date"`
	VendorID      *int64            `json:"vendor_id"`
	Description   *string           `json:"description"`
	InvoiceNumber *string           `json:"invoice_number"`
	PONumber      *string           `json:"po_number"`
	Amount        *string           `json:"amount"`
	Currency      *string           `json:"currency"`
	ContractID    nullable[int64]   `json:"contract_id"`
	LicenceID     nullable[int64]   `json:"licence_id"`
	ServiceFrom   nullable[string]  `json:"service_from"`
	ServiceTo     nullable[string]  `json:"service_to"`
	Allocations   *[]spendAllocJSON `json:"allocations"`
	BudgetLineID  *int64            `json:"budget_line_id"`
}

// apply writes the input onto e (a new entry, or the stored one for a PATCH). Values
// that cannot be read are field errors; the domain and storage check the rest.
func (in spendInput) apply(e *outlay.SpendEntry, base string, create bool) error {
	bad := outlay.FieldErrors{}
	// What was not sent is checked as the entry holds it, so a PATCH is judged whole.
	typed := spendTyped{Date: outlay.FormatDate(e.Date), Description: e.Description, InvoiceNumber: e.InvoiceNumber,
		PONumber: e.PONumber, ServiceFrom: spendDateString(e.ServiceFrom), ServiceTo: spendDateString(e.ServiceTo)}
	setIf(&typed.Date, in.Date)
	setIf(&typed.Description, in.Description)
	setIf(&typed.InvoiceNumber, in.InvoiceNumber)
	setIf(&typed.PONumber, in.PONumber)
	if in.ServiceFrom.Set {
		typed.ServiceFrom = deref(in.ServiceFrom.Val)
	}
	if in.ServiceTo.Set {
		typed.ServiceTo = deref(in.ServiceTo.Val)
	}
	typed.Check(apiRules, bad, e)
	setIf(&e.VendorID, in.VendorID)
	oldCurrency := e.Currency
	if in.Currency != nil {
		e.Currency = strings.ToUpper(strings.TrimSpace(*in.Currency))
	}
	if !money.ValidCurrency(e.Currency) {
		bad.Add("currency", "not a known ISO 4217 currency code, such as EUR or USD")
	}
	switch {
	case in.Amount != nil:
		e.Amount = input.SpendAmount(bad, *in.Amount, e.Currency, base)
	case !money.ValidCurrency(e.Currency):
	case create:
		bad.Add("amount", "required")
	case e.Currency != oldCurrency:
		// The same number in the new currency: 100.00 USD becomes 100.00 GBP, not 10000 JPY.
		v, err := money.Parse(money.Decimal(e.Amount, oldCurrency), e.Currency, true)
		if err != nil {
			bad.Add("amount", "give the amount in "+e.Currency+": "+err.Error())
		}
		e.Amount = v
	}
	if in.ContractID.Set {
		e.ContractID = in.ContractID.Val
	}
	if in.LicenceID.Set {
		e.LicenceID = in.LicenceID.Val
	}
	switch {
	case in.Allocations != nil && in.BudgetLineID != nil:
		bad.Add("allocations", "give allocations or budget_line_id, not both")
	case in.BudgetLineID != nil:
		e.Allocations = []outlay.Allocation{{BudgetLineID: *in.BudgetLineID}}
	case in.Allocations != nil:
		e.Allocations = nil
		for i, a := range *in.Allocations {
			al := outlay.Allocation{BudgetLineID: a.BudgetLineID}
			if a.Amount != nil && strings.TrimSpace(*a.Amount) != "" {
				v, err := money.Parse(*a.Amount, base, true)
				if err != nil {
					bad.Add("allocations", fmt.Sprintf("allocation %d: %s", i+1, err.Error()))
				}
				al.Amount = v
			}
			e.Allocations = append(e.Allocations, al)
		}
	case len(e.Allocations) == 1:
		// A PATCH that leaves a single allocation alone keeps it taking the whole
		// amount, which may change with the amount, currency or date.
		e.Allocations[0].Amount = 0
	}
	if len(bad) > 0 { // the domain's messages too, for one complete answer
		e.Normalize()
		for k, v := range outlay.ErrorFields(e.Validate()) {
			bad.Add(k, v)
		}
	}
	return bad.Err()
}

// spendRefusal adds the problems of a refused entry's references (spendReferences) to
// the refusal err; any other error is returned as it is.
func (s *Server) spendRefusal(ctx context.Context, err error, e *outlay.SpendEntry) error {
	bad := outlay.FieldErrors(outlay.ErrorFields(err))
	if outlay.ErrorCode(err) != outlay.EINVALID || len(bad) == 0 {
		return err
	}
	if err := s.spendReferences(ctx, e, bad); err != nil {
		return err
	}
	return bad.Err()
}

// deref is the string v points to, or "" for null.
func deref(v *string) string {
	if v == nil {
		return ""
	}
	return *v
}

// spendConflict is the 409 answer to a duplicate invoice: the usual error body plus the
// id of the entry that already has the number.
type spendConflict struct {
	Error      string            `json:"error"`
	Fields     map[string]string `json:"fields,omitempty"`
	ExistingID int64             `json:"existing_id"`
}

// apiSpendFail answers like apiFail, moving a duplicate's existing entry id out of the
// field messages into its own member.
func (s *Server) apiSpendFail(c *gin.Context, err error) {
	id := outlay.ExistingSpendID(err)
	if id == 0 {
		s.apiFail(c, err)
		return
	}
	fields := map[string]string{}
	for k, v := range outlay.ErrorFields(err) {
		if k != "existing_id" {
			fields[k] = v
		}
	}
	c.JSON(http.StatusConflict, spendConflict{Error: outlay.ErrorMessage(err), Fields: fields, ExistingID: id})
}

// spendListJSON is the list envelope with the base-currency total of the whole filter
// (of the filtered budget line's allocations when filtering by one).
type spendListJSON struct {
	ListResponse[spendJSON]
	TotalBase    string `json:"total_base"`
	BaseCurrency string `json:"base_currency"`
}

func (s *Server) apiSpendList(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l, err := newAPIList(c, "date", true, spendSortKeys...)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	f, err := spendFilterFrom(c, st, s.today(), true)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	f.Sort, f.Desc, f.Offset, f.Limit = l.Sort, l.Desc, l.Offset(), l.PerPage
	entries, total, sum, err := s.spend().FindSpend(ctx, f)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l.Total = total
	items := make([]spendJSON, len(entries))
	for i, e := range entries {
		items[i] = toSpendJSON(e, st.BaseCurrency)
	}
	c.JSON(http.StatusOK, spendListJSON{ListResponse: newListResponse(items, l),
		TotalBase: money.Decimal(sum, st.BaseCurrency), BaseCurrency: st.BaseCurrency})
}

// spendWithBase loads an entry and the base currency for an API answer.
func (s *Server) spendWithBase(c *gin.Context, id int64) (*outlay.SpendEntry, string, error) {
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		return nil, "", err
	}
	e, err := s.spend().FindSpendByID(c.Request.Context(), id)
	return e, st.BaseCurrency, err
}

func (s *Server) apiSpendGet(c *gin.Context) {
	id, err := pathID(c, "Spend entry")
	if err != nil {
		s.apiFail(c, err)
		return
	}
	e, base, err := s.spendWithBase(c, id)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusOK, toSpendJSON(e, base))
}

func (s *Server) apiSpendCreate(c *gin.Context) {
	var in spendInput
	if !s.readJSON(c, &in) {
		return
	}
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	e := &outlay.SpendEntry{Currency: st.BaseCurrency}
	if err := in.apply(e, st.BaseCurrency, true); err != nil {
		s.apiFail(c, s.spendRefusal(ctx, err, e))
		return
	}
	if err := s.spend().CreateSpend(ctx, e); err != nil {
		s.apiSpendFail(c, err)
		return
	}
	if e, _, err = s.spendWithBase(c, e.ID); err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toSpendJSON(e, st.BaseCurrency))
}

func (s *Server) apiSpendUpdate(c *gin.Context) {
	id, err := pathID(c, "Spend entry")
	if err != nil {
		s.apiFail(c, err)
		return
	}
	e, base, err := s.spendWithBase(c, id)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	var in spendInput
	if !s.readJSON(c, &in) {
		return
	}
	if err := in.apply(e, base, false); err != nil {
		s.apiFail(c, s.spendRefusal(c.Request.Context(), err, e))
		return
	}
	if err := s.spend().UpdateSpend(c.Request.Context(), e); err != nil {
		s.apiSpendFail(c, err)
		return
	}
	if e, _, err = s.spendWithBase(c, id); err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusOK, toSpendJSON(e, base))
}

// apiSpendDelete deletes an entry and answers 204 No Content.
func (s *Server) apiSpendDelete(c *gin.Context) {
	s.apiDeleteByID(c, "Spend entry", s.spend().DeleteSpend)
}
