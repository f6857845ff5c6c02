package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// licenceTestVendor adds a vendor row directly, so licence tests do not depend on the
// vendor pages.
func licenceTestVendor(h *harness, name string) int64 {
	h.t.Helper()
	res, err := h.DB.WriteDB().Exec(`INSERT INTO vendors (name, name_key, category, status, criticality, created_at, updated_at)
		VALUES (?, lower(?), 'software', 'active', 'medium', 'x', 'x')`, name, name)
	if err != nil {
		h.t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// licenceTestContract adds a contract row directly for the vendor.
func licenceTestContract(h *harness, vendorID int64, title string) int64 {
	h.t.Helper()
	res, err := h.DB.WriteDB().Exec(`INSERT INTO contracts (vendor_id, title, kind, owner_email, renewal_type, notice_unit, currency, created_at, updated_at)
		VALUES (?, ?, 'subscription', 'ann@example.com', 'auto', 'days', 'EUR', 'x', 'x')`, vendorID, title)
	if err != nil {
		h.t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// licenceFormValues is a valid licence form: 60 of 100 seats at 600.00 EUR, so 24,000.00
// EUR of shelfware.
func licenceFormValues(vendorID int64) url.Values {
	return url.Values{"product": {"Creative Cloud"}, "vendor_id": {itoa(vendorID)}, "kind": {"per_user"}, "billing": {"annual"},
		"seats_purchased": {"100"}, "seats_assigned": {"60"}, "unit_price": {"600.00"}, "currency": {"EUR"},
		"start_date": {"2026-01-01"}, "expiry_date": {"2027-01-31"}, "owner_email": {"Ann@Example.com"},
		"budget_line_code": {"sw-design"}, "notes": {"Design team"}}
}

const testLicenceKey = "ZX9Q-SECRET-KEY-7731"

// mustNotLeak fails when a page or API answer contains the licence key.
func mustNotLeak(t *testing.T, what string, res response) {
	t.Helper()
	if strings.Contains(res.Body, testLicenceKey) || strings.Contains(res.Body, "SECRET-KEY") {
		t.Fatalf("%s shows the licence key", what)
	}
}

func TestLicenceFormKeepsInputAndCreates(t *testing.T) {
	h := newHarness(t)
	adobe := licenceTestVendor(h, "Adobe")
	editor, _ := h.signIn("editor")

	res := editor.get("/licences")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, "No licences yet. Add the first one.") || !strings.Contains(res.Body, `href="/licences/new"`) {
		t.Fatalf("empty list: %d", res.Code)
	}
	if res := editor.get("/licences/new"); res.Code != http.StatusOK || !strings.Contains(res.Body, `name="vendor_id"`) || !strings.Contains(res.Body, `value="EUR"`) {
		t.Fatalf("new form: %d", res.Code)
	}

	bad := licenceFormValues(adobe)
	bad.Set("unit_price", "10.999")
	bad.Set("seats_purchased", "abc")
	bad.Set("seats_assigned", "")
	bad.Set("expiry_date", "2025-12-31")
	bad.Set("key", testLicenceKey)
	res = editor.postForm("/licences", bad)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", res.Code)
	}
	for _, want := range []string{"EUR allows at most 2 decimals", `id="e-seats_purchased">a whole number, such as 3<`, `id="e-seats_assigned">required<`, "must be on or after the start date",
		`value="10.999"`, `value="abc"`, `value="Creative Cloud"`, `value="2025-12-31"`, `value="sw-design"`, "Design team",
		"Type the key again"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	mustNotLeak(t, "the refused form", res)
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("refused form with a typed key is cacheable")
	}

	good := licenceFormValues(adobe)
	good.Set("key", testLicenceKey)
	res = editor.postForm("/licences", good)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/licences/1" {
		t.Fatalf("create: %d %q %s", res.Code, res.Header.Get("Location"), res.Body)
	}
	show := editor.get("/licences/1")
	for _, want := range []string{"Licence saved.", "Creative Cloud", "Adobe", "60.0 % low", "24,000.00", "2027-01-31", "in 67 days",
		"ann@example.com", "SW-DESIGN", "•••• ••••</span> (set)", "only an administrator can reveal it"} {
		if !strings.Contains(show.Body, want) {
			t.Errorf("detail page lacks %q", want)
		}
	}
	if strings.Contains(show.Body, "Reveal key") {
		t.Error("an editor sees the Reveal key button")
	}
	mustNotLeak(t, "the detail page", show)

	list := editor.get("/licences")
	for _, want := range []string{"1 licence ·", `id="shelfware-base">24,000.00 EUR<`, "Creative Cloud", "60 / 100", "60.0 % low",
		"600.00", `aria-sort="ascending"`} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	mustNotLeak(t, "the list", list)

	entries, _, _ := h.DB.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "licence"})
	if len(entries) != 1 || entries[0].Action != "create" || entries[0].UserEmail != "editor@example.com" ||
		strings.Contains(string(entries[0].After), "SECRET") || !strings.Contains(string(entries[0].After), `"key":"set"`) {
		t.Fatalf("audit = %+v", entries)
	}
}

func TestLicenceOverDeployedFlagged(t *testing.T) {
	h := newHarness(t)
	ms := licenceTestVendor(h, "Microsoft")
	editor, _ := h.signIn("editor")
	v := licenceFormValues(ms)
	v.Set("product", "Visio")
	v.Set("seats_purchased", "10")
	v.Set("seats_assigned", "12")
	if res := editor.postForm("/licences", v); res.Code != http.StatusSeeOther {
		t.Fatalf("over-deployed refused: %d", res.Code)
	}
	show := editor.get("/licences/1")
	if !strings.Contains(show.Body, "Over-deployed: 12 seats assigned above the 10 purchased.") || !strings.Contains(show.Body, "120.0 % over-deployed") {
		t.Fatalf("detail page does not flag over-deployment")
	}
	if list := editor.get("/licences"); !strings.Contains(list.Body, "120.0 % over-deployed") || !strings.Contains(list.Body, "Shelfware on this filter: none") {
		t.Fatalf("list does not flag over-deployment")
	}
}

func TestLicenceRolesAndAuditedReveal(t *testing.T) {
	h := newHarness(t)
	adobe := licenceTestVendor(h, "Adobe")
	editor, _ := h.signIn("editor")
	v := licenceFormValues(adobe)
	v.Set("key", testLicenceKey)
	if res := editor.postForm("/licences", v); res.Code != http.StatusSeeOther {
		t.Fatalf("create: %d", res.Code)
	}

	viewer, _ := h.signIn("viewer")
	if res := viewer.get("/licences"); res.Code != http.StatusOK || strings.Contains(res.Body, `href="/licences/new"`) {
		t.Fatalf("viewer list: %d, or shows New licence", res.Code)
	}
	show := viewer.get("/licences/1")
	if show.Code != http.StatusOK || strings.Contains(show.Body, "/licences/1/edit") || strings.Contains(show.Body, "Reveal key") {
		t.Fatalf("viewer detail: %d, or shows edit/reveal", show.Code)
	}
	for path, form := range map[string]url.Values{"/licences": v, "/licences/1": v, "/licences/1/archive": nil, "/licences/1/reveal": nil} {
		if res := viewer.postForm(path, form); res.Code != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d", path, res.Code)
		}
	}
	if res := editor.postForm("/licences/1/reveal", nil); res.Code != http.StatusForbidden {
		t.Fatalf("editor reveal: %d", res.Code)
	}
	mustNotLeak(t, "the refused reveal", editor.postForm("/licences/1/reveal", nil))

	admin, _ := h.signIn("admin")
	show = admin.get("/licences/1")
	if !strings.Contains(show.Body, `action="/licences/1/reveal"`) || !strings.Contains(show.Body, "Reveal key") {
		t.Fatalf("admin sees no Reveal key button")
	}
	mustNotLeak(t, "the admin's detail page", show)
	res := admin.postForm("/licences/1/reveal", nil)
	if res.Code != http.StatusOK || !strings.Contains(res.Body, "<code>"+testLicenceKey+"</code>") || !strings.Contains(res.Body, `class="secret"`) {
		t.Fatalf("reveal: %d", res.Code)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("revealed key page is cacheable")
	}
	mustNotLeak(t, "the detail page after a reveal", admin.get("/licences/1"))
	id := int64(1)
	entries, _, _ := h.DB.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "licence", EntityID: &id})
	if len(entries) != 2 || entries[0].Action != "reveal" || entries[0].UserEmail != "admin@example.com" ||
		strings.Contains(string(entries[0].After)+string(entries[0].Before), "SECRET") {
		t.Fatalf("audit after reveal = %+v", entries)
	}
	// The reveal shows in the licence's history, without the key.
	if page := admin.get("/licences/1"); !strings.Contains(page.Body, "reveal licence #1") {
		t.Fatal("the reveal is not in the licence's audit trail")
	}
	if res := admin.postForm("/licences/99/reveal", nil); res.Code != http.StatusNotFound {
		t.Fatalf("reveal unknown licence: %d", res.Code)
	}
}

func TestLicenceEditKeyAndArchive(t *testing.T) {
	h := newHarness(t)
	adobe := licenceTestVendor(h, "Adobe")
	ms := licenceTestVendor(h, "Microsoft")
	msEA := licenceTestContract(h, ms, "Enterprise Agreement")
	editor, _ := h.signIn("editor")
	v := licenceFormValues(adobe)
	v.Set("key", testLicenceKey)
	editor.postForm("/licences", v)

	form := editor.get("/licences/1/edit")
	if form.Code != http.StatusOK || !strings.Contains(form.Body, `value="600.00"`) || !strings.Contains(form.Body, "Remove the stored key") ||
		!strings.Contains(form.Body, "A key is stored. Leave this empty to keep it") {
		t.Fatalf("edit form: %d", form.Code)
	}
	mustNotLeak(t, "the edit form", form)

	// Empty key: kept.
	v.Set("key", "")
	v.Set("seats_assigned", "90")
	if res := editor.postForm("/licences/1", v); res.Code != http.StatusSeeOther {
		t.Fatalf("update: %d %s", res.Code, res.Body)
	}
	if l, _ := h.DB.FindLicenceByID(context.Background(), 1); !l.KeySet || l.SeatsAssigned != 90 {
		t.Fatalf("after update: %+v", l)
	}
	// A contract of another vendor is refused beside the field.
	v.Set("contract_id", itoa(msEA))
	res := editor.postForm("/licences/1", v)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "this contract belongs to another vendor") {
		t.Fatalf("foreign contract: %d", res.Code)
	}
	v.Set("contract_id", "")
	// Typing a key and ticking remove is ambiguous.
	v.Set("key", "NEW")
	v.Set("remove_key", "1")
	if res := editor.postForm("/licences/1", v); res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "not both") {
		t.Fatalf("key and remove: %d", res.Code)
	}
	v.Set("key", "")
	if res := editor.postForm("/licences/1", v); res.Code != http.StatusSeeOther {
		t.Fatalf("remove key: %d", res.Code)
	}
	if l, _ := h.DB.FindLicenceByID(context.Background(), 1); l.KeySet {
		t.Fatal("key not removed")
	}
	if page := editor.get("/licences/1"); !strings.Contains(page.Body, "none stored") || !strings.Contains(page.Body, `<span class="change-field">Key:</span> <del>(hidden)</del> → <ins>removed</ins>`) && !strings.Contains(page.Body, `<span class="change-field">Key:</span> <span class="muted">—</span> → <ins>removed</ins>`) {
		t.Fatal("detail page does not show the removed key and its audit entry")
	}

	if res := editor.get("/licences/1/archive"); res.Code != http.StatusOK || !strings.Contains(res.Body, "Archive the licence Creative Cloud?") {
		t.Fatalf("archive confirm: %d", res.Code)
	}
	res = editor.postForm("/licences/1/archive", nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/licences" {
		t.Fatalf("archive: %d", res.Code)
	}
	list := editor.get("/licences")
	if !strings.Contains(list.Body, "Licence archived: Creative Cloud.") || strings.Contains(list.Body, `href="/licences/1"`) {
		t.Fatal("archived licence still listed, or no message")
	}
	if list := editor.get("/licences?archived=1"); !strings.Contains(list.Body, `href="/licences/1"`) || !strings.Contains(list.Body, "archived</span>") {
		t.Fatal("archived licence not shown with Include archived")
	}
	for _, p := range []string{"/licences/99", "/licences/abc", "/licences/99/edit", "/licences/99/archive"} {
		if res := editor.get(p); res.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, res.Code)
		}
	}
}

func TestLicenceListFiltersAndSort(t *testing.T) {
	h := newHarness(t)
	adobe := licenceTestVendor(h, "Adobe")
	ms := licenceTestVendor(h, "Microsoft")
	editor, _ := h.signIn("editor")
	add := func(vendor int64, product, kind, purchased, assigned, price, cur, expiry string) {
		v := licenceFormValues(vendor)
		v.Set("product", product)
		v.Set("kind", kind)
		v.Set("seats_purchased", purchased)
		v.Set("seats_assigned", assigned)
		v.Set("unit_price", price)
		v.Set("currency", cur)
		v.Set("expiry_date", expiry)
		if res := editor.postForm("/licences", v); res.Code != http.StatusSeeOther {
			t.Fatalf("create %s: %d %s", product, res.Code, res.Body)
		}
	}
	add(adobe, "Creative Cloud", "per_user", "100", "60", "600", "EUR", "2027-06-30")
	add(adobe, "Acrobat", "per_user", "50", "50", "200", "USD", "2026-12-15")
	add(ms, "Visio", "per_device", "20", "5", "1,000.00", "USD", "2027-01-10")

	order := func(body string, names ...string) bool {
		last := -1
		for _, n := range names {
			i := strings.Index(body, ">"+n+"</a>")
			if i < last || i < 0 {
				return false
			}
			last = i
		}
		return true
	}
	cases := []struct {
		query   string
		present []string
		absent  []string
	}{
		{"", []string{"3 licences", `id="shelfware-base">24,000.00 EUR</strong> + 15,000.00 USD <span class="muted">(no rate)</span>`}, nil},
		{"?q=acro", []string{"1 licence ", "Acrobat", "Shelfware on this filter: none"}, []string{"Visio"}},
		{"?vendor=" + itoa(ms), []string{"Visio", "15,000.00 USD"}, []string{"Acrobat", "Creative Cloud"}},
		{"?kind=per_device", []string{"Visio"}, []string{"Acrobat"}},
		{"?expiring=1", []string{"2 licences", "Acrobat", "Visio", "in 20 days", "due due-soon"}, []string{">Creative Cloud<"}},
		{"?q=nothing-like-this", []string{"No licences match these filters.", "Clear filters"}, nil},
	}
	for _, c := range cases {
		res := editor.get("/licences" + c.query)
		if res.Code != http.StatusOK {
			t.Fatalf("%s: %d", c.query, res.Code)
		}
		for _, p := range c.present {
			if !strings.Contains(res.Body, p) {
				t.Errorf("%s: lacks %q", c.query, p)
			}
		}
		for _, a := range c.absent {
			if strings.Contains(res.Body, a) {
				t.Errorf("%s: shows %q", c.query, a)
			}
		}
	}
	if res := editor.get("/licences?sort=utilisation"); !order(res.Body, "Visio", "Creative Cloud", "Acrobat") || !strings.Contains(res.Body, `aria-sort="ascending"`) {
		t.Error("sort by utilisation")
	}
	if res := editor.get("/licences?sort=shelfware&dir=desc"); !order(res.Body, "Creative Cloud", "Visio", "Acrobat") || !strings.Contains(res.Body, `aria-sort="descending"`) {
		t.Error("sort by shelfware, descending")
	}
	if res := editor.get("/licences?sort=expiry"); !order(res.Body, "Acrobat", "Visio", "Creative Cloud") {
		t.Error("sort by expiry")
	}
}

func TestLicenceAPI(t *testing.T) {
	h := newHarness(t)
	adobe := licenceTestVendor(h, "Adobe")
	ms := licenceTestVendor(h, "Microsoft")
	adobeVIP := licenceTestContract(h, adobe, "VIP")
	msEA := licenceTestContract(h, ms, "EA")
	api, _ := h.apiClient("editor")

	type licence struct {
		ID                 int64   `json:"id"`
		Product            string  `json:"product"`
		VendorName         string  `json:"vendor_name"`
		ContractID         *int64  `json:"contract_id"`
		ContractTitle      string  `json:"contract_title"`
		UnitPrice          string  `json:"unit_price"`
		ShelfwareCost      string  `json:"shelfware_cost"`
		Currency           string  `json:"currency"`
		UtilisationPercent *string `json:"utilisation_percent"`
		UnusedSeats        int64   `json:"unused_seats"`
		OverDeployed       bool    `json:"over_deployed"`
		KeySet             bool    `json:"key_set"`
		ExpiryDate         *string `json:"expiry_date"`
		Archived           bool    `json:"archived"`
	}
	body := map[string]any{"product": "Creative Cloud", "vendor_id": adobe, "contract_id": adobeVIP, "kind": "per_user", "billing": "annual",
		"seats_purchased": 6, "seats_assigned": 5, "unit_price": "1200.50", "expiry_date": "2027-03-31", "key": testLicenceKey}
	res := api.sendJSON(http.MethodPost, "/api/v1/licences", body)
	var got licence
	res.JSON(t, &got)
	if res.Code != http.StatusCreated || got.ID == 0 || got.Currency != "EUR" || got.UnitPrice != "1200.50" || got.ShelfwareCost != "1200.50" ||
		got.UtilisationPercent == nil || *got.UtilisationPercent != "83.3" || got.UnusedSeats != 1 || !got.KeySet ||
		got.VendorName != "Adobe" || got.ContractTitle != "VIP" || got.OverDeployed {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	mustNotLeak(t, "the create answer", res)
	path := "/api/v1/licences/" + itoa(got.ID)

	res = api.get(path)
	mustNotLeak(t, "GET one", res)
	if res.Code != http.StatusOK || !strings.Contains(res.Body, `"key_set":true`) || strings.Contains(res.Body, `"key":`) {
		t.Fatalf("get: %d %s", res.Code, res.Body)
	}

	// Bad input: 400 with messages by field; never a 500.
	bad := []struct {
		body  any
		field string
	}{
		{map[string]any{"product": "X", "vendor_id": adobe, "kind": "floating", "billing": "annual", "unit_price": "10.999"}, "unit_price"},
		{map[string]any{"product": "X", "vendor_id": adobe, "kind": "floating", "billing": "annual", "unit_price": "1"}, "kind"},
		{map[string]any{"product": "X", "vendor_id": 999, "kind": "site", "billing": "annual", "unit_price": "1"}, "vendor_id"},
		{map[string]any{"product": "X", "vendor_id": adobe, "contract_id": msEA, "kind": "site", "billing": "annual", "unit_price": "1"}, "contract_id"},
		{map[string]any{"product": "X", "vendor_id": adobe, "kind": "site", "billing": "annual"}, "unit_price"},
		{map[string]any{"product": "X", "seats_purchased": "ten"}, "seats_purchased"},
		{map[string]any{"product": "X", "contract_id": "EA"}, "contract_id"},
		{map[string]any{"product": "X", "key_set": true}, "key_set"},
		{`{"product": `, ""},
	}
	for i, b := range bad {
		res := api.sendJSON(http.MethodPost, "/api/v1/licences", b.body)
		var e struct {
			Error  string            `json:"error"`
			Fields map[string]string `json:"fields"`
		}
		res.JSON(t, &e)
		if res.Code != http.StatusBadRequest || e.Error == "" || (b.field != "" && e.Fields[b.field] == "") {
			t.Errorf("bad %d: %d %s", i, res.Code, res.Body)
		}
	}
	if res := api.sendJSON(http.MethodPost, "/api/v1/licences", bad[0].body); !strings.Contains(res.Body, "EUR allows at most 2 decimals") {
		t.Errorf("unit price message: %s", res.Body)
	}

	// PATCH: only the given fields change; "key": "" removes the key; null clears the contract.
	res = api.sendJSON(http.MethodPatch, path, map[string]any{"seats_assigned": 8, "key": "", "contract_id": nil})
	got = licence{}
	res.JSON(t, &got)
	if res.Code != http.StatusOK || !got.OverDeployed || got.KeySet || got.ContractID != nil || got.Product != "Creative Cloud" ||
		got.UnitPrice != "1200.50" || *got.UtilisationPercent != "133.3" || got.ShelfwareCost != "0.00" {
		t.Fatalf("patch: %d %s", res.Code, res.Body)
	}
	// Changing only the currency reads the same price in the new one, or says why not.
	res = api.sendJSON(http.MethodPatch, path, map[string]any{"currency": "JPY"})
	if res.Code != http.StatusBadRequest || !strings.Contains(res.Body, "JPY has no decimals") {
		t.Fatalf("currency change: %d %s", res.Code, res.Body)
	}
	noteSecret("licence key", "NEW-SECRET-KEY")
	res = api.sendJSON(http.MethodPatch, path, map[string]any{"currency": "usd", "key": "NEW-SECRET-KEY", "expiry_date": ""})
	got = licence{}
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got.Currency != "USD" || got.UnitPrice != "1200.50" || !got.KeySet || got.ExpiryDate != nil {
		t.Fatalf("patch currency and key: %d %s", res.Code, res.Body)
	}
	mustNotLeak(t, "the PATCH answer", res)

	// List with filters.
	api.sendJSON(http.MethodPost, "/api/v1/licences", map[string]any{"product": "Visio", "vendor_id": ms, "contract_id": msEA, "kind": "per_device",
		"billing": "monthly", "seats_purchased": 10, "unit_price": "5", "expiry_date": "2026-12-01"})
	var list struct {
		Items   []licence `json:"items"`
		Total   int       `json:"total"`
		Page    int       `json:"page"`
		PerPage int       `json:"per_page"`
	}
	res = api.get("/api/v1/licences?vendor_id=" + itoa(ms))
	res.JSON(t, &list)
	if res.Code != http.StatusOK || list.Total != 1 || list.Items[0].Product != "Visio" || list.Page != 1 || list.PerPage != 50 {
		t.Fatalf("list by vendor: %s", res.Body)
	}
	for q, want := range map[string]int{"": 2, "?contract_id=" + itoa(msEA): 1, "?kind=per_user": 1, "?q=visio": 1,
		"?expiring_before=2027-01-01": 1} {
		res := api.get("/api/v1/licences" + q)
		res.JSON(t, &list)
		mustNotLeak(t, "the list "+q, res)
		if list.Total != want {
			t.Errorf("list %s: total %d, want %d", q, list.Total, want)
		}
	}
	list.Items = nil
	api.get("/api/v1/licences?per_page=1&sort=product&dir=desc").JSON(t, &list)
	if list.Total != 2 || list.PerPage != 1 || len(list.Items) != 1 || list.Items[0].Product != "Visio" {
		t.Errorf("per_page=1 sorted desc: %+v", list)
	}
	for _, q := range []string{"?vendor_id=abc", "?expiring_before=2027-02-30"} {
		if res := api.get("/api/v1/licences" + q); res.Code != http.StatusBadRequest {
			t.Errorf("list %s: %d", q, res.Code)
		}
	}

	for _, p := range []string{"/api/v1/licences/999", "/api/v1/licences/abc"} {
		if res := api.get(p); res.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, res.Code)
		}
		if res := api.sendJSON(http.MethodPatch, p, map[string]any{"product": "x"}); res.Code != http.StatusNotFound {
			t.Errorf("PATCH %s: %d", p, res.Code)
		}
	}

	// Roles: viewers read only; only administrators reveal, and each reveal is audited.
	viewer, _ := h.apiClient("viewer")
	if res := viewer.get(path); res.Code != http.StatusOK {
		t.Fatalf("viewer GET: %d", res.Code)
	}
	if res := viewer.sendJSON(http.MethodPost, "/api/v1/licences", body); res.Code != http.StatusForbidden {
		t.Fatalf("viewer POST: %d", res.Code)
	}
	if res := api.sendJSON(http.MethodPost, path+"/reveal", nil); res.Code != http.StatusForbidden {
		t.Fatalf("editor reveal: %d", res.Code)
	}
	admin, _ := h.apiClient("admin")
	res = admin.sendJSON(http.MethodPost, path+"/reveal", nil)
	var key struct {
		Key string `json:"key"`
	}
	res.JSON(t, &key)
	if res.Code != http.StatusOK || key.Key != "NEW-SECRET-KEY" || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("admin reveal: %d %s", res.Code, res.Body)
	}
	entries, _, _ := h.DB.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "licence", EntityID: &got.ID})
	if entries[0].Action != "reveal" || entries[0].UserEmail != "admin@example.com" {
		t.Fatalf("reveal not audited: %+v", entries[0])
	}
	for _, e := range entries {
		if strings.Contains(string(e.Before)+string(e.After), "SECRET") {
			t.Fatalf("audit %s holds a key: %s", e.Action, e.After)
		}
	}
	if res := admin.sendJSON(http.MethodPost, "/api/v1/licences/999/reveal", nil); res.Code != http.StatusNotFound {
		t.Fatalf("reveal unknown: %d", res.Code)
	}

	if res := api.do(http.MethodDelete, path, nil, ""); res.Code != http.StatusNoContent {
		t.Fatalf("delete: %d", res.Code)
	}
	got = licence{}
	api.get(path).JSON(t, &got)
	if !got.Archived {
		t.Fatal("not archived")
	}
	if res := api.get("/api/v1/licences"); !strings.Contains(res.Body, `"total":1`) {
		t.Fatalf("archived still listed: %s", res.Body)
	}
	if res := api.do(http.MethodDelete, "/api/v1/licences/999", nil, ""); res.Code != http.StatusNotFound {
		t.Fatalf("delete unknown: %d", res.Code)
	}
}
