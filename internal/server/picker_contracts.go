package server

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// contractNameField is the form input that carries a contract's name as typed.
const contractNameField = "contract_name"

// contractPickJSON is one suggestion of a contract field.
type contractPickJSON struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Vendor string `json:"vendor"`
}

// contractPickName is how a contract field names a contract: its title, with its
// reference when it has one, since titles repeat ("Support", year after year).
func contractPickName(ct *outlay.Contract) string {
	if ct.Reference == "" {
		return ct.Title
	}
	return ct.Title + " (" + ct.Reference + ")"
}

// contractNamed reports whether text names the contract: its field name, its title or
// its reference, in any letter case.
func contractNamed(ct *outlay.Contract, text string) bool {
	return strings.EqualFold(contractPickName(ct), text) || strings.EqualFold(ct.Title, text) ||
		(ct.Reference != "" && strings.EqualFold(ct.Reference, text))
}

// pickContracts answers GET /pickers/contracts?q=host&vendor_id=3 with at most
// pickerLimit contracts that are not archived whose title, reference or vendor holds q,
// of the vendor when one is given, by title.
func (s *Server) pickContracts(c *gin.Context) {
	bad := outlay.FieldErrors{}
	q := c.Query("q")
	if utf8.RuneCountInString(q) > maxSearch {
		bad.Add("q", "too long (at most "+strconv.Itoa(maxSearch)+" characters)")
	}
	f := outlay.ContractFilter{Query: strings.TrimSpace(q), Sort: "title", Limit: pickerLimit, Today: s.today()}
	if v := strings.TrimSpace(c.Query("vendor_id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			bad.Add("vendor_id", "must be a record id, such as 12")
		}
		f.VendorID = &id
	}
	if err := bad.Err(); err != nil {
		s.apiFail(c, err)
		return
	}
	cs, _, err := s.contracts.FindContracts(c.Request.Context(), f)
	if err != nil {
		s.apiFail(c, err)
		return
	}
	out := make([]contractPickJSON, 0, len(cs))
	for _, ct := range cs {
		out = append(out, contractPickJSON{ID: ct.ID, Name: contractPickName(ct), Vendor: ct.VendorName})
	}
	c.JSON(http.StatusOK, out)
}

// resolveFormContract turns a form's optional contract field into the id under
// idField, as resolveFormVendor does for the vendor: the id a suggestion chose stands
// while the text still names it; otherwise the text must name one contract that is not
// archived (of the form's vendor, in vendorField, once known) by its title, reference
// or both, or be a contract's number. Empty text is no contract.
func (s *Server) resolveFormContract(c *gin.Context, f *Form, idField, vendorField string) (problem string, err error) {
	typed, ok := c.GetPostForm(contractNameField)
	if !ok {
		return "", nil
	}
	f.Values[contractNameField] = typed
	text := strings.TrimSpace(typed)
	if text == "" {
		f.Set(idField, "")
		return "", nil
	}
	ctx := c.Request.Context()
	if id, err := strconv.ParseInt(strings.TrimSpace(f.Get(idField)), 10, 64); err == nil && id > 0 {
		ct, err := s.contracts.FindContractByID(ctx, id)
		if err != nil && outlay.ErrorCode(err) != outlay.ENOTFOUND {
			return "", err
		}
		if err == nil && contractNamed(ct, text) {
			return "", nil
		}
	}
	filter := outlay.ContractFilter{Query: text, Sort: "title", Limit: pickerLimit, Today: s.today()}
	of := ""
	if v, err := strconv.ParseInt(strings.TrimSpace(f.Get(vendorField)), 10, 64); err == nil && v > 0 {
		filter.VendorID, of = &v, " of this vendor"
	}
	cs, _, err := s.contracts.FindContracts(ctx, filter)
	if err != nil {
		return "", err
	}
	var named []*outlay.Contract
	for _, ct := range cs {
		if contractNamed(ct, text) {
			named = append(named, ct)
		}
	}
	switch {
	case len(named) == 1:
		f.Set(idField, strconv.FormatInt(named[0].ID, 10))
		return "", nil
	case len(named) > 1:
		f.Set(idField, "")
		return strconv.Itoa(len(named)) + " contracts" + of + " are called “" + text + "”; type its reference, or its number from its page", nil
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(text, "#"), 10, 64); err == nil && id > 0 {
		f.Set(idField, strconv.FormatInt(id, 10)) // a number: the form's own checks find it, or say it is not there
		return "", nil
	}
	f.Set(idField, "")
	return "no contract" + of + " is called “" + text + "”", nil
}

// formContractPicker is the optional contract field of a form as the page shows it:
// the text typed, or the chosen contract's name looked up from its id.
func (s *Server) formContractPicker(c *gin.Context, f *Form, idField, vendorField, help string) pickerField {
	p := pickerField{IDName: idField, TextName: contractNameField, InputID: "f-" + idField, ID: f.Get(idField),
		Name: f.Get(contractNameField), Problem: f.Error(idField), URL: "/pickers/contracts", With: vendorField,
		Label: "Contract", Placeholder: "Type to search the vendor's contracts",
		Help: strings.TrimSpace(help + " Type part of its title or reference and choose it, or type its title or reference whole.")}
	if _, typed := f.Values[contractNameField]; typed {
		return p
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(p.ID), 10, 64); err == nil && id > 0 {
		if ct, err := s.contracts.FindContractByID(c.Request.Context(), id); err == nil {
			p.Name = contractPickName(ct)
		} else {
			p.Name = strconv.FormatInt(id, 10)
		}
	}
	return p
}
