package server

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// contractListShown bounds each related list on a contract's page; the rest is a link
// away on the filtered list.
const contractListShown = 20

type contractShowView struct {
	C         contractView
	Terms     []contractTermRow
	Decision  *outlay.Decision // on the current term, or nil
	Form      *Form            // the decision form
	Decisions []Option
	Renewable bool
	Audit     []*outlay.AuditEntry

	Invoices      []*outlay.SpendEntry // newest first, at most contractListShown
	InvoiceTotal  int
	InvoicesURL   string
	Payments      []contractPaymentRow
	PaymentsFrom  time.Time // the schedule shown: the running term and the next one
	PaymentsTo    time.Time
	Licences      []*outlay.Licence
	LicenceTotal  int
	LicencesURL   string
	BaseCurrency  string
	ShowBase      bool // the contract is in another currency than the books
	RelatedFailed bool // a related list could not be read; the page still shows the contract
}

// contractPaymentRow is one scheduled payment as the contract's page shows it.
type contractPaymentRow struct {
	outlay.ContractPayment
	Overdue bool // due date passed, not invoiced: someone should chase the invoice
}

// contractShow is a contract's page: key dates, fields, term history, the decision on
// the current term, the payment schedule, invoices and licences, and the audit trail.
func (s *Server) contractShow(c *gin.Context) {
	ct, ok := s.loadContract(c)
	if !ok {
		return
	}
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: contractDecisionFields}
	if d := ct.Decision(); d != "" {
		f.Set("decision", d)
	}
	s.renderContractShow(c, http.StatusOK, ct, f)
}

func (s *Server) renderContractShow(c *gin.Context, status int, ct *outlay.Contract, f *Form) {
	ctx := c.Request.Context()
	entries, _, err := s.audit.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "contract", EntityID: &ct.ID, Limit: 200})
	if err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	today := s.today()
	v := contractShowView{
		C:            contractView{Contract: ct, Window: st.WindowDays(), SettingsOffsets: st.ReminderOffsets},
		Terms:        contractTermRows(ct.Terms),
		Form:         f,
		Decisions:    contractOptions(outlay.DecisionKinds, "Choose…"),
		Renewable:    ct.CheckRenewableOn(today) == nil,
		Audit:        entries,
		BaseCurrency: st.BaseCurrency,
		ShowBase:     ct.Currency != st.BaseCurrency,
	}
	for i := range v.Terms {
		v.Terms[i].Removable = !ct.Archived() && ct.CheckTermRemoval(today, v.Terms[i].ID) == nil
	}
	if t := ct.CurrentTerm(); t != nil {
		v.Decision = t.Decision
	}
	if !s.contractRelated(c, ct, today, &v) {
		v.RelatedFailed = true
	}
	p := s.page(c, ct.Title, "contracts", Crumb{"Contracts", "/contracts"}, Crumb{ct.Title, ""})
	p.Data = v
	s.render(c, status, "contract_show", p)
}

// contractRelated reads the lists below a contract's fields, one query each: its latest
// invoices, its payment schedule for the running and the next term, its licences. It
// reports false (logged) when one could not be read.
func (s *Server) contractRelated(c *gin.Context, ct *outlay.Contract, today time.Time, v *contractShowView) bool {
	ctx := c.Request.Context()
	id := strconv.FormatInt(ct.ID, 10)
	vendor := strconv.FormatInt(ct.VendorID, 10)
	v.InvoicesURL = "/spend?" + url.Values{"vendor_id": {vendor}, "contract_id": {id}}.Encode()
	v.LicencesURL = "/licences?" + url.Values{"vendor": {vendor}}.Encode()
	ok := true
	invoices, total, _, err := s.spend().FindSpend(ctx, outlay.SpendFilter{ContractID: &ct.ID, Sort: "date", Desc: true, Limit: contractListShown})
	if err == nil {
		v.Invoices, v.InvoiceTotal = invoices, total
	} else {
		s.logIfInternal(c, err)
		ok = false
	}
	licences, ltotal, err := s.licenceSvc.FindLicences(ctx, outlay.LicenceFilter{ContractID: &ct.ID, Limit: contractListShown})
	if err == nil {
		v.Licences, v.LicenceTotal = licences, ltotal
	} else {
		s.logIfInternal(c, err)
		ok = false
	}
	if from, to, found := scheduleSpan(ct, today); found {
		v.PaymentsFrom, v.PaymentsTo = from, to
		ps, err := s.contracts.FindContractPayments(ctx, ct.ID, from, to)
		if err != nil {
			s.logIfInternal(c, err)
			return false
		}
		for _, p := range ps {
			v.Payments = append(v.Payments, contractPaymentRow{ContractPayment: p, Overdue: p.Overdue(today)})
		}
	}
	return ok
}

// scheduleSpan is the stretch of a contract's schedule its page shows: from the start of
// the term running today (or the first term, before it starts; the latest, after it
// ended) to the end of the term after it, stored or, for an auto contract that will
// roll, the term it rolls into.
func scheduleSpan(ct *outlay.Contract, today time.Time) (from, to time.Time, ok bool) {
	if len(ct.Terms) == 0 {
		return from, to, false
	}
	i := 0
	for j, t := range ct.Terms {
		if !t.StartDate.After(today) {
			i = j
		}
	}
	from, to = ct.Terms[i].StartDate, ct.Terms[i].EndDate
	switch {
	case i+1 < len(ct.Terms):
		to = ct.Terms[i+1].EndDate
	case ct.RenewalType == renewal.RenewalAuto && ct.Decision() != renewal.DecisionCancel:
		if next := ct.NextTerm(); next != nil {
			to = next.EndDate
		}
	}
	return from, to, true
}
