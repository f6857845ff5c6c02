package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// APIContract is a contract as the JSON API shows it. Money travels as decimal strings
// in the contract's currency, dates as YYYY-MM-DD. Lists carry current_term only; a
// single contract carries terms as well, oldest first.
type APIContract struct {
	ID int64 `json:"id"`
	apiContractFields
	VendorName  string       `json:"vendor_name"`
	CurrentTerm *APITerm     `json:"current_term"`
	Terms       []APITerm    `json:"terms,omitempty"`
	RenewsOn    string       `json:"renews_on"`
	CancelBy    string       `json:"cancel_by"`
	KeyDate     string       `json:"key_date"`
	DaysLeft    int          `json:"days_left"`
	Status      string       `json:"status"`
	Decision    *APIDecision `json:"decision"`
	Archived    bool         `json:"archived"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// APITerm is one term of a contract in the JSON API.
type APITerm struct {
	ID        int64        `json:"id"`
	StartDate string       `json:"start_date"`
	EndDate   string       `json:"end_date"`
	Price     string       `json:"price"`
	Billing   string       `json:"billing"`
	Decision  *APIDecision `json:"decision"`
}

// APIDecision is a renewal decision recorded on a term.
type APIDecision struct {
	Decision string    `json:"decision"`
	Note     string    `json:"note"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

func apiDecisionOf(d *outlay.Decision) *APIDecision {
	if d == nil {
		return nil
	}
	return &APIDecision{Decision: d.Kind, Note: d.Note, By: d.By, At: d.At.UTC()}
}

func apiTermOf(t *outlay.Term, currency string) APITerm {
	return APITerm{
		ID: t.ID, StartDate: outlay.FormatDate(t.StartDate), EndDate: outlay.FormatDate(t.EndDate),
		Price: money.Decimal(t.Price, currency), Billing: t.Billing, Decision: apiDecisionOf(t.Decision),
	}
}

// apiContractOf converts a contract; withTerms adds the whole term history.
func apiContractOf(c *outlay.Contract, withTerms bool) APIContract {
	a := APIContract{
		ID: c.ID, apiContractFields: apiContractFieldsOf(c), VendorName: c.VendorName,
		RenewsOn: outlay.FormatDate(c.RenewsOn), CancelBy: outlay.FormatDate(c.CancelBy), KeyDate: outlay.FormatDate(c.KeyDate),
		DaysLeft: c.DaysLeft, Status: c.Status, Archived: c.Archived(),
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
	}
	if t := c.CurrentTerm(); t != nil {
		ct := apiTermOf(t, c.Currency)
		a.CurrentTerm, a.Decision = &ct, ct.Decision
	}
	if withTerms {
		a.Terms = make([]APITerm, len(c.Terms))
		for i, t := range c.Terms {
			a.Terms[i] = apiTermOf(t, c.Currency)
		}
	}
	return a
}

// apiContractList answers GET /api/v1/contracts with filters vendor_id, owner, status,
// renewal_type, q and archived=true, sort/dir and page/per_page.
func (s *Server) apiContractList(c *gin.Context) {
	l, err := newAPIList(c, "key_date", false, contractSortKeys...)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	f := outlay.ContractFilter{
		Query: l.Filter("q"), OwnerEmail: c.Query("owner"), Status: c.Query("status"), RenewalType: c.Query("renewal_type"),
		Archived: c.Query("archived") == "true", Today: s.today(), WindowDays: s.windowDays(c),
		Sort: l.Sort, Desc: l.Desc, Offset: l.Offset(), Limit: l.PerPage,
	}
	bad := outlay.FieldErrors{}
	if v := c.Query("vendor_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			bad.Add("vendor_id", "must be a vendor id (a positive number)")
		}
		f.VendorID = &id
	}
	checkOneOf(bad, c.Request.URL.Query(), "status", contractStatuses)
	checkOneOf(bad, c.Request.URL.Query(), "renewal_type", outlay.RenewalTypes)
	if err := bad.Err(); err != nil {
		s.apiFail(c, err)
		return
	}
	cs, total, err := s.contracts.FindContracts(c.Request.Context(), f)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l.Total = total
	items := make([]APIContract, len(cs))
	for i, ct := range cs {
		items[i] = apiContractOf(ct, false)
	}
	c.JSON(http.StatusOK, newListResponse(items, l))
}

// apiContractGet answers GET /api/v1/contracts/:id with the contract and all its terms.
func (s *Server) apiContractGet(c *gin.Context) {
	ct, ok := s.apiLoadContract(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, apiContractOf(ct, true))
}

// apiLoadContract finds the contract of the URL with derived fields as of today, or
// answers with the error.
func (s *Server) apiLoadContract(c *gin.Context) (*outlay.Contract, bool) {
	id, err := pathID(c, "Contract")
	if err != nil {
		s.apiFail(c, err)
		return nil, false
	}
	return s.apiContractByID(c, id)
}

func (s *Server) apiContractByID(c *gin.Context, id int64) (*outlay.Contract, bool) {
	ct, err := s.contracts.FindContractByID(c.Request.Context(), id)
	if err != nil {
		s.apiFail(c, err)
		return nil, false
	}
	ct.Derive(s.today(), s.windowDays(c))
	return ct, true
}

// apiContractBody is the body of POST /api/v1/contracts: a contract's own fields and its
// first term. The embedded fields are checked by their own rules (checkContract).
type apiContractBody struct {
	contractInput `validate:"-"`
	FirstTerm     *termInput `json:"first_term" validate:"required"`
}

// apiContractFields are a contract's own fields as the API writes them.
type apiContractFields struct {
	VendorID          int64  `json:"vendor_id"`
	Title             string `json:"title"`
	Reference         string `json:"reference"`
	Kind              string `json:"kind"`
	OwnerEmail        string `json:"owner_email"`
	BackupOwnerEmail  string `json:"backup_owner_email"`
	RenewalType       string `json:"renewal_type"`
	NoticeValue       int    `json:"notice_value"`
	NoticeUnit        string `json:"notice_unit"`
	RenewalTermMonths int    `json:"renewal_term_months"`
	UpliftPercent     string `json:"uplift_percent"`
	Currency          string `json:"currency"`
	BudgetLineCode    string `json:"budget_line_code"`
	Notes             string `json:"notes"`
	Justification     string `json:"justification"`
	// ReminderOffsets are the contract's own reminder days, largest first; null when it
	// follows the settings' offsets.
	ReminderOffsets []int `json:"reminder_offsets"`
}

// apiContractFieldsOf copies a contract's own fields for the API.
func apiContractFieldsOf(c *outlay.Contract) apiContractFields {
	return apiContractFields{VendorID: c.VendorID, Title: c.Title, Reference: c.Reference, Kind: c.Kind,
		OwnerEmail: c.OwnerEmail, BackupOwnerEmail: c.BackupOwnerEmail, RenewalType: c.RenewalType,
		NoticeValue: c.NoticeValue, NoticeUnit: c.NoticeUnit, RenewalTermMonths: c.RenewalTermMonths,
		UpliftPercent: outlay.FormatPercent(c.UpliftBasisPoints), Currency: c.Currency,
		BudgetLineCode: c.BudgetLineCode, Notes: c.Notes, Justification: c.Justification,
		ReminderOffsets: c.ReminderOffsets}
}

// apiContractCreate answers POST /api/v1/contracts: 201 with the new contract.
func (s *Server) apiContractCreate(c *gin.Context) {
	var in apiContractBody
	if !s.readJSON(c, &in) {
		return
	}
	bad := apiRules.Check(&in) // that the first term is there
	ct := &outlay.Contract{}
	bad, err := s.checkNewContract(c.Request.Context(), apiRules, &in.contractInput, in.FirstTerm, ct, bad)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	if s.apiInvalid(c, bad) {
		return
	}
	if err := s.contracts.CreateContract(c.Request.Context(), ct); err != nil {
		s.apiFail(c, err)
		return
	}
	if ct, ok := s.apiContractByID(c, ct.ID); ok {
		c.JSON(http.StatusCreated, apiContractOf(ct, true))
	}
}

// apiContractUpdate answers PATCH /api/v1/contracts/:id: only the fields present change
// (the body is read over the stored contract); 200 with the contract. Terms are not
// patched: renew and decision have their own endpoints.
func (s *Server) apiContractUpdate(c *gin.Context) {
	ct, ok := s.apiLoadContract(c)
	if !ok {
		return
	}
	in := input.ContractOf(ct)
	if !s.readJSON(c, &in) {
		return
	}
	terms := ct.Terms
	ct.Terms = nil // checked when they were stored
	if s.apiInvalid(c, checkContract(apiRules, &in, nil, "", ct)) {
		return
	}
	ct.Terms = terms
	if err := s.contracts.UpdateContract(c.Request.Context(), ct); err != nil {
		s.apiFail(c, err)
		return
	}
	if ct, ok := s.apiContractByID(c, ct.ID); ok {
		c.JSON(http.StatusOK, apiContractOf(ct, true))
	}
}

// apiContractArchive answers DELETE /api/v1/contracts/:id by archiving: 204. Archiving
// an archived contract is also 204.
func (s *Server) apiContractArchive(c *gin.Context) {
	s.apiDeleteByID(c, "Contract", s.contracts.ArchiveContract)
}

// apiRenewBody is the optional body of POST /api/v1/contracts/:id/renew: the new term's
// length in months, price and billing, each defaulting to what the renew page prefills
// (the renewal term length, the current price raised by the uplift, the current
// billing), and the term the client means to renew, so that a request sent twice
// renews once.
type apiRenewBody struct {
	FromTermID input.Number `json:"from_term_id" validate:"id"`
	Months     input.Number `json:"months" validate:"count=0 120"`
	Price      string       `json:"price" validate:"max=40,text"`
	Billing    string       `json:"billing"`
}

// apiContractRenew answers POST /api/v1/contracts/:id/renew: 201 with the whole
// contract, whose current_term is the new term; 409 when the contract cannot be renewed
// (archived, cancelled, a fixed term, or already renewed: its latest term has not
// started yet, or is not from_term_id), 400 per field.
func (s *Server) apiContractRenew(c *gin.Context) {
	ct, ok := s.apiLoadContract(c)
	if !ok {
		return
	}
	var in apiRenewBody
	if c.Request.ContentLength != 0 && !s.readJSON(c, &in) {
		return
	}
	bad := apiRules.Check(&in)
	r := outlay.Renewal{Months: input.Int(string(in.Months)), Billing: in.Billing}
	if in.FromTermID != "" {
		r.FromTermID = input.ID(string(in.FromTermID))
	}
	if in.Price != "" {
		if p, err := money.Parse(in.Price, ct.Currency, false); err != nil {
			bad.Add("price", err.Error())
		} else {
			r.Price = &p
		}
	}
	if s.apiInvalid(c, bad) {
		return
	}
	if _, err := s.contracts.RenewContractWith(c.Request.Context(), ct.ID, r); err != nil {
		s.apiFail(c, err)
		return
	}
	if ct, ok := s.apiContractByID(c, ct.ID); ok {
		c.JSON(http.StatusCreated, apiContractOf(ct, true))
	}
}

// apiTermUpdate answers PATCH /api/v1/contracts/:id/terms/:term: a correction of the
// term's start_date, end_date, price and billing (the fields present change), 200 with
// the contract; 400 per field, also where terms would overlap or leave a gap.
func (s *Server) apiTermUpdate(c *gin.Context) {
	ct, t, ok := s.apiLoadTerm(c)
	if !ok {
		return
	}
	in := input.TermOf(t, ct.Currency)
	if !s.readJSON(c, &in) {
		return
	}
	fixed, bad := checkTerm(apiRules, &in, ct, t.ID)
	if s.apiInvalid(c, bad) {
		return
	}
	if _, err := s.contracts.UpdateTerm(c.Request.Context(), ct.ID, fixed); err != nil {
		s.apiFail(c, err)
		return
	}
	if ct, ok := s.apiContractByID(c, ct.ID); ok {
		c.JSON(http.StatusOK, apiContractOf(ct, true))
	}
}

// apiTermDelete answers DELETE /api/v1/contracts/:id/terms/:term: 204 when the latest
// term, not started yet, is removed; 409 for any other term.
func (s *Server) apiTermDelete(c *gin.Context) {
	ct, t, ok := s.apiLoadTerm(c)
	if !ok {
		return
	}
	if err := s.contracts.DeleteTerm(c.Request.Context(), ct.ID, t.ID); err != nil {
		s.apiFail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiLoadTerm finds the contract and the term of the URL, or answers 404.
func (s *Server) apiLoadTerm(c *gin.Context) (*outlay.Contract, *outlay.Term, bool) {
	ct, ok := s.apiLoadContract(c)
	if !ok {
		return nil, nil, false
	}
	id, err := strconv.ParseInt(c.Param("term"), 10, 64)
	i := ct.TermIndex(id)
	if err != nil || i < 0 {
		s.apiFail(c, outlay.Errorf(outlay.ENOTFOUND, "Term not found."))
		return nil, nil, false
	}
	return ct, ct.Terms[i], true
}

// apiContractDecide records a decision on the current term: 200 with the contract.
func (s *Server) apiContractDecide(c *gin.Context) {
	id, err := pathID(c, "Contract")
	if err != nil {
		s.apiFail(c, err)
		return
	}
	var in input.Decision
	if !s.readJSON(c, &in) || s.apiInvalid(c, apiRules.Check(&in)) {
		return
	}
	if err := s.contracts.DecideTerm(c.Request.Context(), id, outlay.Decision{Kind: in.Decision, Note: in.Note}); err != nil {
		s.apiFail(c, err)
		return
	}
	if ct, ok := s.apiContractByID(c, id); ok {
		c.JSON(http.StatusOK, apiContractOf(ct, true))
	}
}
