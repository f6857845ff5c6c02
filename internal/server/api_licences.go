package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/input"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// licenceJSON is the API shape of a licence. The key never appears: key_set says
// whether one is stored, and only POST /licences/:id/reveal returns it.
type licenceJSON struct {
	ID                 int64     `json:"id"`
	Product            string    `json:"product"`
	VendorID           int64     `json:"vendor_id"`
	VendorName         string    `json:"vendor_name"`
	ContractID         *int64    `json:"contract_id"`
	ContractTitle      string    `json:"contract_title"`
	Kind               string    `json:"kind"`
	SeatsPurchased     int64     `json:"seats_purchased"`
	SeatsAssigned      int64     `json:"seats_assigned"`
	UnusedSeats        int64     `json:"unused_seats"`
	UtilisationPercent *string   `json:"utilisation_percent"` // null when no seats are purchased
	OverDeployed       bool      `json:"over_deployed"`
	UnitPrice          string    `json:"unit_price"`
	ShelfwareCost      string    `json:"shelfware_cost"`
	Currency           string    `json:"currency"`
	Billing            string    `json:"billing"`
	StartDate          *string   `json:"start_date"`
	ExpiryDate         *string   `json:"expiry_date"`
	OwnerEmail         string    `json:"owner_email"`
	BudgetLineCode     string    `json:"budget_line_code"`
	Notes              string    `json:"notes"`
	KeySet             bool      `json:"key_set"`
	Archived           bool      `json:"archived"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

func toLicenceJSON(l *outlay.Licence) licenceJSON {
	j := licenceJSON{ID: l.ID, Product: l.Product, VendorID: l.VendorID, VendorName: l.VendorName, ContractID: l.ContractID,
		ContractTitle: l.ContractTitle, Kind: l.Kind, SeatsPurchased: l.SeatsPurchased, SeatsAssigned: l.SeatsAssigned,
		UnusedSeats: l.UnusedSeats(), OverDeployed: l.OverDeployed(), UnitPrice: money.Decimal(l.UnitPrice, l.Currency),
		ShelfwareCost: money.Decimal(l.ShelfwareCost(), l.Currency), Currency: l.Currency, Billing: l.Billing,
		OwnerEmail: l.OwnerEmail, BudgetLineCode: l.BudgetLineCode, Notes: l.Notes, KeySet: l.KeySet,
		Archived: l.ArchivedAt != nil, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
	if p := l.UtilisationPercent(); p != "" {
		j.UtilisationPercent = &p
	}
	if d := outlay.FormatDate(l.StartDate); d != "" {
		j.StartDate = &d
	}
	if d := outlay.FormatDate(l.ExpiryDate); d != "" {
		j.ExpiryDate = &d
	}
	return j
}

// licenceInput is the body of POST and PATCH. Absent fields are left as they are (on
// create: empty). "key": "…" stores a key, "key": "" removes it.
type licenceInput struct {
	Product        *string         `json:"product"`
	VendorID       *int64          `json:"vendor_id"`
	ContractID     nullable[int64] `json:"contract_id"`
	Kind           *string         `json:"kind"`
	SeatsPurchased *input.Number   `json:"seats_purchased"` // 25 or "25"
	SeatsAssigned  *input.Number   `json:"seats_assigned"`
	UnitPrice      *string         `json:"unit_price"`
	Currency       *string         `json:"currency"`
	Billing        *string         `json:"billing"`
	StartDate      *string         `json:"start_date"`
	ExpiryDate     *string         `json:"expiry_date"`
	OwnerEmail     *string         `json:"owner_email"`
	BudgetLineCode *string         `json:"budget_line_code"`
	Notes          *string         `json:"notes"`
	Key            *string         `json:"key"`
}

// apply copies the given fields onto l. When only the currency changes, the price is
// read again as the same decimal in the new currency, so 10.50 EUR does not silently
// become 1,050 JPY.
func (in *licenceInput) apply(l *outlay.Licence, base string, create bool) error {
	parse := outlay.FieldErrors{}
	oldCurrency := l.Currency
	setIf(&l.VendorID, in.VendorID)
	if in.ContractID.Set {
		l.ContractID = in.ContractID.Val
	}
	// What was not sent is checked as the record holds it, so a PATCH is judged whole.
	typed := input.Licence{Product: l.Product, SeatsPurchased: strconv.FormatInt(l.SeatsPurchased, 10),
		SeatsAssigned: strconv.FormatInt(l.SeatsAssigned, 10), StartDate: outlay.FormatDate(l.StartDate),
		ExpiryDate: outlay.FormatDate(l.ExpiryDate), OwnerEmail: l.OwnerEmail, BudgetLineCode: l.BudgetLineCode, Notes: l.Notes}
	setIf(&typed.Product, in.Product)
	setIf((*input.Number)(&typed.SeatsPurchased), in.SeatsPurchased)
	setIf((*input.Number)(&typed.SeatsAssigned), in.SeatsAssigned)
	setIf(&typed.StartDate, in.StartDate)
	setIf(&typed.ExpiryDate, in.ExpiryDate)
	setIf(&typed.OwnerEmail, in.OwnerEmail)
	setIf(&typed.BudgetLineCode, in.BudgetLineCode)
	setIf(&typed.Notes, in.Notes)
	typed.Check(apiRules, parse, l)
	setIf(&l.Kind, in.Kind)
	setIf(&l.Currency, in.Currency)
	setIf(&l.Billing, in.Billing)
	switch {
	case in.UnitPrice != nil:
		l.UnitPrice = input.LicenceUnitPrice(parse, *in.UnitPrice, l.Currency, base)
	case create:
		parse.Add("unit_price", "required")
	case strings.ToUpper(strings.TrimSpace(l.Currency)) != oldCurrency:
		l.UnitPrice = input.LicenceUnitPrice(parse, money.Decimal(l.UnitPrice, oldCurrency), l.Currency, base)
	}
	return input.LicenceErrors(parse, l, in.Key)
}

// licenceQuery is the licence list's filters, with their field rules.
type licenceQuery struct {
	VendorID       string `json:"vendor_id" validate:"id"`
	ContractID     string `json:"contract_id" validate:"id"`
	ExpiringBefore string `json:"expiring_before" validate:"date"`
}

func (s *Server) apiLicenceList(c *gin.Context) {
	l, err := newAPIList(c, "product", false, outlay.LicenceSorts...)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	f := outlay.LicenceFilter{Query: l.Filter("q"), Kind: c.Query("kind"), Archived: c.Query("archived") == "true",
		Sort: l.Sort, Desc: l.Desc, Offset: l.Offset(), Limit: l.PerPage}
	q := licenceQuery{VendorID: c.Query("vendor_id"), ContractID: c.Query("contract_id"), ExpiringBefore: c.Query("expiring_before")}
	if err := apiRules.Check(&q).Err(); err != nil {
		s.apiFail(c, err)
		return
	}
	f.VendorID, f.ContractID = optionalID(q.VendorID), optionalID(q.ContractID)
	if q.ExpiringBefore != "" {
		d, _ := input.Date(q.ExpiringBefore)
		f.ExpiringBefore = &d
	}
	licences, total, err := s.licences().FindLicences(c.Request.Context(), f)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l.Total = total
	items := make([]licenceJSON, len(licences))
	for i, lic := range licences {
		items[i] = toLicenceJSON(lic)
	}
	c.JSON(http.StatusOK, newListResponse(items, l))
}

func (s *Server) apiLicenceGet(c *gin.Context) {
	l, err := s.loadLicence(c)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusOK, toLicenceJSON(l))
}

func (s *Server) apiLicenceCreate(c *gin.Context) {
	var in licenceInput
	if !s.readJSON(c, &in) {
		return
	}
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	l := &outlay.Licence{Currency: st.BaseCurrency}
	err = s.licenceReferences(ctx, in.apply(l, st.BaseCurrency, true), l, nil)
	if err == nil {
		err = s.licences().CreateLicence(ctx, l, in.Key)
	}
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toLicenceJSON(l))
}

func (s *Server) apiLicenceUpdate(c *gin.Context) {
	l, err := s.loadLicence(c)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	var in licenceInput
	if !s.readJSON(c, &in) {
		return
	}
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	before := *l
	err = s.licenceReferences(ctx, in.apply(l, st.BaseCurrency, false), l, &before)
	if err == nil {
		err = s.licences().UpdateLicence(ctx, l, in.Key)
	}
	if err != nil {
		s.apiFail(c, err)
		return
	}
	c.JSON(http.StatusOK, toLicenceJSON(l))
}

// apiLicenceArchive archives the licence and answers 204, like the other DELETEs.
func (s *Server) apiLicenceArchive(c *gin.Context) {
	s.apiDeleteByID(c, "Licence", s.licences().ArchiveLicence)
}

// apiLicenceReveal returns a licence key to an administrator; storage audits it.
func (s *Server) apiLicenceReveal(c *gin.Context) {
	id, err := pathID(c, "Licence")
	if err != nil {
		s.apiFail(c, err)
		return
	}
	key, err := s.licences().RevealLicenceKey(c.Request.Context(), id)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	licenceNoStore(c)
	c.JSON(http.StatusOK, gin.H{"key": key})
}
