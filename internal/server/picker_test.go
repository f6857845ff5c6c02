package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

type pickJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Archived bool   `json:"archived"`
}

func pickNames(ps []pickJSON) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return strings.Join(out, ", ")
}

// The vendor picker answers a signed-in user with at most 20 vendors, names starting
// with the text first, then names holding it; archived vendors only when asked for.
func TestPickerVendors(t *testing.T) {
	h := newHarness(t)
	for i := 1; i <= 30; i++ {
		seedContractVendor(t, h, fmt.Sprintf("Northwind %02d", i))
	}
	acme := seedContractVendor(t, h, "Acme Cloud")
	seedContractVendor(t, h, "Dacme Hosting")
	old := seedContractVendor(t, h, "Acme Old")
	h.DB.WriteDB().Exec(`UPDATE vendors SET archived_at = '2026-01-02T00:00:00.000000Z' WHERE id = ?`, old)

	viewer, _ := h.signIn("viewer")
	if res := h.client().get("/pickers/vendors?q=acm"); res.Code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d, want 401", res.Code)
	}
	var got []pickJSON
	res := viewer.get("/pickers/vendors?q=ACM")
	if res.Code != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("viewer: %d %s", res.Code, res.Header.Get("Content-Type"))
	}
	res.JSON(t, &got)
	expect(t, "ACM", pickNames(got), "Acme Cloud, Dacme Hosting")
	if len(got) == 0 || got[0].ID != acme {
		t.Errorf("first pick %+v, want id %d", got, acme)
	}
	viewer.get("/pickers/vendors?q=acme&archived=1").JSON(t, &got)
	expect(t, "acme with archived", pickNames(got), "Acme Cloud, Acme Old, Dacme Hosting")
	if !got[1].Archived || got[0].Archived {
		t.Errorf("archived flags: %+v", got)
	}

	viewer.get("/pickers/vendors?q=north").JSON(t, &got)
	if len(got) != 20 || got[0].Name != "Northwind 01" || got[19].Name != "Northwind 20" {
		t.Errorf("30 matches: got %d, %q … %q; want the first 20 by name", len(got), got[0].Name, got[len(got)-1].Name)
	}
	if res := viewer.get("/pickers/vendors?q=zzz"); res.Body != "[]" {
		t.Errorf("no match: %s, want []", res.Body)
	}
	if res := viewer.get("/pickers/vendors?q=" + strings.Repeat("a", 201)); res.Code != http.StatusBadRequest || !strings.Contains(res.Body, `"q":"too long`) {
		t.Errorf("overlong q: %d %s", res.Code, res.Body)
	}
}

// Without JavaScript the vendor filter is a plain search: the name typed (vendor_q)
// filters the list, a part held by one vendor's name only as well; several matches are
// offered as links, none says so; and an id left behind by a changed text gives way.
func TestListFilterByTypedVendorName(t *testing.T) {
	h := newHarness(t)
	acme := seedContractVendor(t, h, "Acme Cloud")
	globex := seedContractVendor(t, h, "Globex")
	seedContractVendor(t, h, "Acme Hosting")
	seedContract(t, h, acme, "Acme storage", "2026-04-01", "2027-03-31")
	seedContract(t, h, globex, "Globex mail", "2026-04-01", "2027-03-31")
	c, _ := h.signIn("viewer")

	for _, tc := range []struct {
		name, query string
		want        []string
		not         []string
	}{
		{"whole name, other case", "vendor_q=acme+cloud", []string{"Acme storage", `name="vendor_q" value="Acme Cloud"`, `name="vendor" value="` + itoa(acme) + `"`}, []string{"Globex mail"}},
		{"a part one vendor holds", "vendor_q=lobe", []string{"Globex mail", `value="Globex"`}, []string{"Acme storage"}},
		{"an id from a link", "vendor=" + itoa(globex), []string{"Globex mail", `value="Globex"`}, []string{"Acme storage"}},
		{"text changed after an id", "vendor=" + itoa(globex) + "&vendor_q=Acme+Cloud", []string{"Acme storage"}, []string{"Globex mail"}},
		{"text cleared", "vendor=" + itoa(globex) + "&vendor_q=", []string{"Acme storage", "Globex mail"}, nil},
		{"several match", "vendor_q=acme", []string{"2 vendors match “acme”: choose one.", `href="/contracts?vendor=` + itoa(acme) + `"`, ">Acme Hosting</a>", `value="acme"`}, []string{"Acme storage", "Globex mail"}},
		{"none match", "vendor_q=initech", []string{"No vendor’s name holds “initech”.", `value="initech"`, "No contracts match these filters."}, []string{"Acme storage", "Globex mail"}},
	} {
		res := c.get("/contracts?" + tc.query)
		if res.Code != http.StatusOK {
			t.Errorf("%s: %d", tc.name, res.Code)
			continue
		}
		mustContain(t, tc.name, res.Body, tc.want...)
		for _, n := range tc.not {
			if strings.Contains(res.Body, n) {
				t.Errorf("%s: shows %q", tc.name, n)
			}
		}
	}
	// The export of a filtered list holds the same vendor: the export link carries the
	// resolved id, and the export reads a typed name the same way.
	res := c.get("/contracts?vendor_q=acme+cloud")
	mustContain(t, "export link", res.Body, `href="/contracts/export.xlsx?vendor=`+itoa(acme)+`"`)
	if res := c.get("/contracts/export.xlsx?vendor_q=nobody"); res.Code != http.StatusOK {
		t.Errorf("export by an unknown name: %d", res.Code)
	}
}

// The spend and licence lists read a typed vendor name the same way, archived vendors
// included (their invoices and licences stay).
func TestSpendAndLicenceFiltersByTypedVendorName(t *testing.T) {
	h := newHarness(t)
	w := newSpendWorld(h)
	editor, _ := h.signIn("editor")
	spendMustCreate(t, editor.postForm("/spend", w.spendForm("INV-1")))
	other := w.spendForm("INV-2")
	other.Set("vendor", itoa(w.globex))
	other.Set("description", "Globex support")
	spendMustCreate(t, editor.postForm("/spend", other))
	h.DB.WriteDB().Exec(`UPDATE vendors SET archived_at = '2026-06-01T00:00:00.000000Z' WHERE id = ?`, w.globex)

	res := editor.get("/spend?vendor_q=GLOBEX")
	mustContain(t, "spend by archived vendor name", res.Body, "Globex support", `name="vendor_id" value="`+itoa(w.globex)+`"`)
	if strings.Contains(res.Body, "Hosting March") {
		t.Error("spend filtered by Globex shows Acme's invoice")
	}
	mustContain(t, "spend export link", res.Body, "/spend/export.xlsx?vendor_id="+itoa(w.globex))

	lic := licenceFormValues(w.acme)
	lic.Set("budget_line_code", "")
	if res := editor.postForm("/licences", lic); res.Code != http.StatusSeeOther {
		t.Fatalf("licence: %d\n%s", res.Code, res.Body)
	}
	res = editor.get("/licences?vendor_q=acme")
	mustContain(t, "licences by name", res.Body, "Creative Cloud", `value="Acme Cloud"`)
	res = editor.get("/licences?vendor_q=globex")
	mustContain(t, "licences of another vendor", res.Body, "No licences match these filters.")
}

// A form takes the vendor by its name typed whole, in any letter case; an unknown or
// archived name is refused beside the field with the text kept.
func TestFormsTakeATypedVendorName(t *testing.T) {
	h := newHarness(t)
	acme := seedContractVendor(t, h, "Acme Cloud")
	seedContractVendor(t, h, "Acme Hosting")
	old := seedContractVendor(t, h, "Initech")
	h.DB.WriteDB().Exec(`UPDATE vendors SET archived_at = '2026-01-02T00:00:00.000000Z' WHERE id = ?`, old)
	c, _ := h.signIn("editor")

	typed := func(name string) url.Values {
		v := contractForm(0)
		v.Set("vendor_id", "")
		v.Set("vendor_name", name)
		v.Set("budget_line_code", "")
		return v
	}
	res := c.postForm("/contracts", typed("  acme CLOUD "))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("typed name: %d\n%s", res.Code, res.Body)
	}
	page := c.get(res.Header.Get("Location"))
	mustContain(t, "contract page", page.Body, "Acme Cloud")

	for _, tc := range []struct{ typed, msg string }{
		{"Acme", "no vendor is called exactly “Acme”; did you mean Acme Cloud or Acme Hosting?"},
		{"Umbrella", "no vendor is called “Umbrella”; add it on the Vendors page first"},
		{"initech", "the vendor Initech is archived; restore it or choose another"},
	} {
		res := c.postForm("/contracts", typed(tc.typed))
		if res.Code != http.StatusUnprocessableEntity {
			t.Errorf("%q: %d, want 422", tc.typed, res.Code)
			continue
		}
		mustContain(t, tc.typed, res.Body, `<p class="error" id="e-vendor_id">`+tc.msg+`</p>`,
			`name="vendor_name" value="`+tc.typed+`"`, `value="Acme hosting"`, `href="#f-vendor_id"`)
	}

	// A stale id (the text was changed without JavaScript) gives way to the text.
	v := typed("Acme Hosting")
	v.Set("vendor_id", itoa(acme))
	v.Set("title", "Second")
	res = c.postForm("/contracts", v)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("stale id: %d", res.Code)
	}
	mustContain(t, "second contract", c.get(res.Header.Get("Location")).Body, "Acme Hosting")

	// The edit form shows the contract's vendor by name.
	edit := c.get("/contracts/1/edit")
	mustContain(t, "edit form", edit.Body, `name="vendor_name" value="Acme Cloud"`, `name="vendor_id" value="`+itoa(acme)+`"`)

	// Spend and licence forms take the typed name too.
	w := spendWorldOn(h, acme)
	sf := w.spendForm("INV-7")
	sf.Set("vendor", "")
	sf.Set("vendor_name", "Acme cloud")
	spendMustCreate(t, c.postForm("/spend", sf))
	sf.Set("vendor_name", "Nobody")
	sf.Set("invoice_number", "INV-8")
	if res := c.postForm("/spend", sf); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `<p class="error" id="e-vendor">no vendor is called “Nobody”`) || !strings.Contains(res.Body, `value="Nobody"`) {
		t.Errorf("spend with an unknown vendor: %d", res.Code)
	}
	lf := licenceFormValues(0)
	lf.Set("vendor_id", "")
	lf.Set("vendor_name", "ACME CLOUD")
	lf.Set("budget_line_code", "")
	if res := c.postForm("/licences", lf); res.Code != http.StatusSeeOther {
		t.Errorf("licence with a typed vendor: %d\n%s", res.Code, res.Body)
	}
	lf.Set("vendor_name", "Acme")
	if res := c.postForm("/licences", lf); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "did you mean Acme Cloud or Acme Hosting?") {
		t.Errorf("licence with an ambiguous vendor: %d", res.Code)
	}
}

// spendWorldOn adds the budget line a spend form needs, for an existing vendor.
func spendWorldOn(h *harness, vendor int64) spendWorld {
	line := `INSERT INTO budget_lines (fy, code, name, category, expense_type, planned, q1, q2, q3, q4, created_at, updated_at)
		VALUES (2026, ?, ?, 'cloud', 'opex', 400000, 100000, 100000, 100000, 100000, 'x', 'x')`
	return spendWorld{acme: vendor, cloud: h.spendExec(line, "INF-CLOUD", "Cloud infrastructure")}
}

// With two thousand vendors no list page or form carries an option per vendor: the
// vendor fields are searchable, and a 50-row list stays small.
func TestPagesStaySmallWithManyVendors(t *testing.T) {
	h := newHarness(t)
	tx, err := h.DB.WriteDB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2000; i++ {
		name := fmt.Sprintf("Vendor number %04d Ltd", i)
		if _, err := tx.Exec(`INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at)
			VALUES (?, lower(?), 'software', 'active', 'medium', 'x', 'x')`, name, name); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for i := int64(1); i <= 60; i++ {
		seedContract(t, h, i, fmt.Sprintf("Contract %02d", i), "2026-04-01", "2027-03-31")
	}
	c, _ := h.signIn("editor")
	for _, path := range []string{"/contracts", "/spend", "/licences", "/contracts/new", "/spend/new", "/licences/new", "/contracts/1/edit"} {
		res := c.get(path)
		if res.Code != http.StatusOK {
			t.Errorf("%s: %d", path, res.Code)
			continue
		}
		if n := strings.Count(res.Body, "Vendor number "); n > 60 {
			t.Errorf("%s names %d vendors", path, n)
		}
		if n := strings.Count(res.Body, "<option"); n > 80 {
			t.Errorf("%s has %d options", path, n)
		}
		t.Logf("%-18s %6d bytes", path, len(res.Body))
		if len(res.Body) > 40_000 {
			t.Errorf("%s is %d bytes, want under 40 KB", path, len(res.Body))
		}
	}
	res := c.get("/contracts")
	if n := strings.Count(res.Body, `<a href="/contracts/`); n < 50 {
		t.Errorf("the contract list shows %d rows, want 50", n)
	}
}

// The contract picker suggests contracts by title, reference or vendor, of one vendor
// when asked, bounded; forms take a contract by its title or reference typed whole, or
// its number, and refuse an unknown or ambiguous one beside the field.
func TestContractPickerAndTypedContract(t *testing.T) {
	h := newHarness(t)
	adobe := seedContractVendor(t, h, "Adobe")
	ms := seedContractVendor(t, h, "Microsoft")
	vip := seedContract(t, h, adobe, "Creative Cloud VIP", "2026-01-01", "2026-12-31", func(c *outlay.Contract) { c.Reference = "VIP-7" })
	seedContract(t, h, ms, "Support", "2026-01-01", "2026-12-31", func(c *outlay.Contract) { c.Reference = "MS-1" })
	seedContract(t, h, ms, "Support", "2027-01-01", "2027-12-31", func(c *outlay.Contract) { c.Reference = "MS-2" })
	for i := 1; i <= 25; i++ {
		seedContract(t, h, ms, fmt.Sprintf("Azure %02d", i), "2026-01-01", "2026-12-31")
	}
	c, _ := h.signIn("editor")

	var got []struct {
		ID     int64  `json:"id"`
		Name   string `json:"name"`
		Vendor string `json:"vendor"`
	}
	c.get("/pickers/contracts?q=vip").JSON(t, &got)
	if len(got) != 1 || got[0].ID != vip.ID || got[0].Name != "Creative Cloud VIP (VIP-7)" || got[0].Vendor != "Adobe" {
		t.Errorf("vip: %+v", got)
	}
	c.get("/pickers/contracts?q=support&vendor_id="+itoa(adobe)).JSON(t, &got)
	if len(got) != 0 {
		t.Errorf("Adobe's support contracts: %+v, want none", got)
	}
	c.get("/pickers/contracts?q=azure").JSON(t, &got)
	if len(got) != 20 {
		t.Errorf("25 Azure contracts: %d suggested, want 20", len(got))
	}
	if res := c.get("/pickers/contracts?q=a&vendor_id=acme"); res.Code != http.StatusBadRequest || !strings.Contains(res.Body, `"vendor_id":"must be a record id`) {
		t.Errorf("bad vendor_id: %d %s", res.Code, res.Body)
	}

	form := func(vendor, contract string) url.Values {
		v := licenceFormValues(0)
		v.Set("vendor_id", "")
		v.Set("vendor_name", vendor)
		v.Set("contract_name", contract)
		v.Set("budget_line_code", "")
		return v
	}
	res := c.postForm("/licences", form("Adobe", "creative cloud vip"))
	if res.Code != http.StatusSeeOther {
		t.Fatalf("typed contract title: %d\n%s", res.Code, res.Body)
	}
	mustContain(t, "licence edit form", c.get(res.Header.Get("Location")+"/edit").Body,
		`name="contract_name" value="Creative Cloud VIP (VIP-7)"`, `name="contract_id" value="`+itoa(vip.ID)+`"`)
	if res := c.postForm("/licences", form("Microsoft", "MS-2")); res.Code != http.StatusSeeOther {
		t.Errorf("typed reference: %d", res.Code)
	}
	for _, tc := range []struct{ vendor, contract, msg string }{
		{"Microsoft", "Support", "2 contracts of this vendor are called “Support”; type its reference, or its number from its page"},
		{"Microsoft", "Sharepoint", "no contract of this vendor is called “Sharepoint”"},
		{"Adobe", "Support", "no contract of this vendor is called “Support”"},
	} {
		res := c.postForm("/licences", form(tc.vendor, tc.contract))
		if res.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s/%s: %d, want 422", tc.vendor, tc.contract, res.Code)
			continue
		}
		mustContain(t, tc.contract, res.Body, `<p class="error" id="e-contract_id">`+tc.msg+`</p>`, `name="contract_name" value="`+tc.contract+`"`)
	}
	// A contract's number still works, and is checked like any id.
	if res := c.postForm("/licences", form("Adobe", itoa(vip.ID))); res.Code != http.StatusSeeOther {
		t.Errorf("contract number: %d", res.Code)
	}
	if res := c.postForm("/licences", form("Microsoft", itoa(vip.ID))); res.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "this contract belongs to another vendor") {
		t.Errorf("another vendor's contract number: %d", res.Code)
	}
}
