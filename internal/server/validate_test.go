package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// hostileWorld is one of each record, so every create and every change has something to
// work on, with admin clients for pages and the API (admins may post every form).
type hostileWorld struct {
	h                                      *harness
	page, api                              *client
	vendor, contract, line, licence, spend string
}

func newHostileWorld(t *testing.T) hostileWorld {
	h := newHarness(t)
	w := newSpendWorld(h)
	page, _ := h.signIn("admin")
	api, _ := h.apiClient("admin")
	ct := seedContract(t, h, w.acme, "Hosting", "2026-01-01", "2026-12-31")
	spend := strings.TrimPrefix(spendMustCreate(t, page.postForm("/spend", w.spendForm("INV-1"))), "/spend/")
	lic := licenceFormValues(w.acme)
	lic.Set("budget_line_code", "SW-LIC")
	res := page.postForm("/licences", lic)
	if res.Code != http.StatusSeeOther {
		t.Fatalf("seed licence: %d %s", res.Code, res.Body)
	}
	page.get("/") // shows the seeding's flash, so later pages carry only their own messages
	return hostileWorld{h: h, page: page, api: api, vendor: itoa(w.acme), contract: itoa(ct.ID), line: itoa(w.cloud),
		licence: strings.TrimPrefix(res.Header.Get("Location"), "/licences/"), spend: spend}
}

// rows counts what a refused request must not change: every record table, and the audit
// log, which every change (an update too) writes to.
func (w hostileWorld) rows(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"vendors", "contracts", "contract_terms", "budget_lines", "licences", "spend_entries",
		"spend_allocations", "fx_rates", "users", "api_tokens", "audit_log"} {
		var n int
		if err := w.h.DB.ReadDB().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// TestHostileInputIsRefusedAndStoresNothing posts every form and every API write with
// wrong types, overlong strings, control characters, out-of-range numbers and dates and
// missing fields: each answer is a 4xx with a message at the field, never a 500, and no
// row is written.
func TestHostileInputIsRefusedAndStoresNothing(t *testing.T) {
	w := newHostileWorld(t)
	long := func(n int) string { return strings.Repeat("x", n) }
	nul, bidi, bell := "Acme\x00", "Acme\u202egnp.exe", "Acme\a"

	forms := []struct {
		name, path string
		values     url.Values
		field      string
	}{
		{"vendor: name too long", "/vendors", url.Values{"name": {long(201)}, "category": {"cloud"}}, "name"},
		{"vendor: NUL in name", "/vendors", url.Values{"name": {nul}, "category": {"cloud"}}, "name"},
		{"vendor: direction override", "/vendors", url.Values{"name": {bidi}, "category": {"cloud"}}, "name"},
		{"vendor: invalid UTF-8 in notes", "/vendors", url.Values{"name": {"Acme 2"}, "category": {"cloud"}, "notes": {"bad \xff"}}, "notes"},
		{"vendor: no name", "/vendors", url.Values{"category": {"cloud"}}, "name"},
		{"vendor: script address", "/vendors", url.Values{"name": {"Acme 2"}, "category": {"cloud"}, "website": {"javascript:alert(1)"}}, "website"},
		{"vendor edit: bell in phone", "/vendors/" + w.vendor, url.Values{"name": {"Acme"}, "category": {"cloud"}, "contact_phone": {bell}}, "contact_phone"},
		{"contract: year 1", "/contracts", contractHostile(w.vendor, "start_date", "0001-01-01"), "start_date"},
		{"contract: year 2200", "/contracts", contractHostile(w.vendor, "end_date", "2200-01-01"), "end_date"},
		{"contract: notice out of range", "/contracts", contractHostile(w.vendor, "notice_value", "99999"), "notice_value"},
		{"contract: notice not a number", "/contracts", contractHostile(w.vendor, "notice_value", "1e3"), "notice_value"},
		{"contract: uplift over 100", "/contracts", contractHostile(w.vendor, "uplift_percent", "101"), "uplift_percent"},
		{"contract: price beyond every bound", "/contracts", contractHostile(w.vendor, "price", "99999999999999999999"), "price"},
		{"contract: newline in title", "/contracts", contractHostile(w.vendor, "title", "Hosting\nEU"), "title"},
		{"contract: no owner", "/contracts", contractHostile(w.vendor, "owner_email", ""), "owner_email"},
		{"contract edit: negative term length", "/contracts/" + w.contract, contractHostile(w.vendor, "renewal_term_months", "-1"), "renewal_term_months"},
		{"decision: note too long", "/contracts/" + w.contract + "/decision", url.Values{"decision": {"renew"}, "note": {long(2001)}}, "note"},
		{"decision: unknown", "/contracts/" + w.contract + "/decision", url.Values{"decision": {"maybe"}}, "decision"},
		{"budget: plan beyond every bound", "/budget", budgetHostile("planned", "99999999999999.00"), "planned"},
		{"budget: NUL in name", "/budget", budgetHostile("name", nul), "name"},
		{"budget: bad code", "/budget", budgetHostile("code", "1X"), "code"},
		{"budget edit: bell in justification", "/budget/" + w.line, budgetHostile("justification", bell), "justification"},
		{"licence: product too long", "/licences", licenceHostile(w.vendor, "product", long(201)), "product"},
		{"licence: year 1", "/licences", licenceHostile(w.vendor, "start_date", "0001-01-01"), "start_date"},
		{"licence: negative seats", "/licences", licenceHostile(w.vendor, "seats_purchased", "-5"), "seats_purchased"},
		{"licence: vendor not an id", "/licences", licenceHostile(w.vendor, "vendor_id", "acme"), "vendor_id"},
		{"licence: contract not an id", "/licences", licenceHostile(w.vendor, "contract_id", "-2"), "contract_id"},
		{"licence: seats beyond every bound", "/licences", licenceHostile(w.vendor, "seats_assigned", "99999999999999999999"), "seats_assigned"},
		{"licence: expiry not a date", "/licences", licenceHostile(w.vendor, "expiry_date", "2026-02-30"), "expiry_date"},
		{"licence edit: NUL in notes", "/licences/" + w.licence, licenceHostile(w.vendor, "notes", nul), "notes"},
		{"licence: NUL in key", "/licences", licenceHostile(w.vendor, "key", "a\x00b"), "key"},
		{"licence edit: direction override in key", "/licences/" + w.licence, licenceHostile(w.vendor, "key", "AB\u202eCD"), "key"},
		{"spend: year 2200", "/spend", spendHostile(w.vendor, w.line, "date", "2200-01-01"), "date"},
		{"spend: direction override", "/spend", spendHostile(w.vendor, w.line, "description", bidi), "description"},
		{"spend: amount not a number", "/spend", spendHostile(w.vendor, w.line, "amount", "1e5"), "amount"},
		{"spend: vendor not an id", "/spend", spendHostile(w.vendor, w.line, "vendor", "acme"), "vendor"},
		{"spend: contract not an id", "/spend", spendHostile(w.vendor, w.line, "contract", "0"), "contract"},
		{"spend: licence not an id", "/spend", spendHostile(w.vendor, w.line, "licence", "12a"), "licence"},
		{"spend: budget line not an id", "/spend", spendHostile(w.vendor, w.line, "budget_line_1", "INF"), "budget_line_1"},
		{"spend: service from year 1", "/spend", spendHostile(w.vendor, w.line, "service_from", "0001-01-01"), "service_from"},
		{"spend: no date", "/spend", spendHostile(w.vendor, w.line, "date", " "), "date"},
		{"spend edit: invoice too long", "/spend/" + w.spend, spendHostile(w.vendor, w.line, "invoice_number", long(101)), "invoice_number"},
		{"settings: newline in name", "/admin/settings", settingsHostile("org_name", "Acme\nCorp"), "org_name"},
		{"settings: no offsets", "/admin/settings", settingsHostile("reminder_offsets", "0"), "reminder_offsets"},
		{"settings: direction override in a finance email", "/admin/settings", settingsHostile("finance_emails", "x\u202e@demo.example"), "finance_emails"},
		{"user: NUL in name", "/admin/users", url.Values{"name": {nul}, "email": {"new@example.com"}, "role": {"viewer"}, "password": {testPassword}}, "name"},
		{"user: direction override in email", "/admin/users", url.Values{"name": {"New"}, "email": {"new\u202e@example.com"}, "role": {"viewer"}, "password": {testPassword}}, "email"},
		{"user: NUL in email", "/admin/users", url.Values{"name": {"New"}, "email": {"new\x00@example.com"}, "role": {"viewer"}, "password": {testPassword}}, "email"},
		{"user: no email", "/admin/users", url.Values{"name": {"New"}, "role": {"viewer"}, "password": {testPassword}}, "email"},
		{"user edit: direction override", "/admin/users/1", url.Values{"name": {bidi}, "role": {"admin"}, "active": {"1"}}, "name"},
		{"token: newline in name", "/profile/tokens", url.Values{"name": {"ci\nbot"}}, "name"},
		{"token: name too long", "/profile/tokens", url.Values{"name": {long(101)}}, "name"},
		{"rate: year 1", "/admin/rates", url.Values{"currency": {"USD"}, "effective_from": {"0001-01-01"}, "rate": {"0.92"}}, "effective_from"},
	}
	for _, tt := range forms {
		before := w.rows(t)
		res := w.page.postForm(tt.path, tt.values)
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-`+tt.field+`"`) {
			t.Errorf("form %s: %d, want 422 with a message at %s\n%.600s", tt.name, res.Code, tt.field, res.Body)
		}
		if after := w.rows(t); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("form %s wrote rows: %v -> %v", tt.name, before, after)
		}
	}

	api := []struct {
		name, method, path string
		body               string
		field              string
	}{
		{"vendor: name of the wrong type", "POST", "/api/v1/vendors", `{"name": 5, "category": "cloud"}`, "name"},
		{"vendor: name too long", "POST", "/api/v1/vendors", `{"name": "` + long(201) + `", "category": "cloud"}`, "name"},
		{"vendor: NUL in name", "POST", "/api/v1/vendors", `{"name": "Acme\u0000", "category": "cloud"}`, "name"},
		{"vendor: nothing", "POST", "/api/v1/vendors", `{}`, "name"},
		{"vendor: invalid UTF-8 bytes in name", "POST", "/api/v1/vendors", "{\"name\": \"a\xff\xfeb\", \"category\": \"cloud\"}", "name"},
		{"vendor: lone surrogate in name", "POST", "/api/v1/vendors", `{"name": "a\ud800b", "category": "cloud"}`, "name"},
		{"vendor patch: invalid UTF-8 bytes in notes", "PATCH", "/api/v1/vendors/" + w.vendor, "{\"notes\": \"two\\nlines \xc3\"}", "notes"},
		{"contract: lone surrogate in notes", "POST", "/api/v1/contracts", contractJSON(w.vendor, `"notes": "line\nand \udfff"`), "notes"},
		{"spend: invalid UTF-8 bytes in description", "POST", "/api/v1/spend", "{\"date\": \"2026-03-01\", \"vendor_id\": " + w.vendor + ", \"description\": \"X\xff\", \"amount\": \"1.00\", \"budget_line_id\": " + w.line + "}", "description"},
		{"vendor patch: not a web address", "PATCH", "/api/v1/vendors/" + w.vendor, `{"website": "ftp://acme.example"}`, "website"},
		{"contract: notice not a number", "POST", "/api/v1/contracts", contractJSON(w.vendor, `"notice_value": "abc"`), "notice_value"},
		{"contract: uplift over 100", "POST", "/api/v1/contracts", contractJSON(w.vendor, `"uplift_percent": 250`), "uplift_percent"},
		{"contract: count as an object", "POST", "/api/v1/contracts", contractJSON(w.vendor, `"renewal_term_months": {}`), "renewal_term_months"},
		{"contract: title of the wrong type", "POST", "/api/v1/contracts", contractJSON(w.vendor, `"title": ["Hosting"]`), "title"},
		{"contract: year 1", "POST", "/api/v1/contracts", `{"vendor_id": ` + w.vendor + `, "title": "X", "kind": "subscription", "owner_email": "ann@example.com", "renewal_type": "auto", "currency": "EUR",
			"first_term": {"start_date": "0001-01-01", "end_date": "2027-01-01", "price": "1.00", "billing": "annual"}}`, "first_term.start_date"},
		{"contract: no first term", "POST", "/api/v1/contracts", `{"vendor_id": ` + w.vendor + `, "title": "X"}`, "first_term"},
		{"contract patch: term length out of range", "PATCH", "/api/v1/contracts/" + w.contract, `{"renewal_term_months": 1000}`, "renewal_term_months"},
		{"contract patch: direction override", "PATCH", "/api/v1/contracts/" + w.contract, `{"title": "Hosting\u202e"}`, "title"},
		{"decision: note too long", "POST", "/api/v1/contracts/" + w.contract + "/decision", `{"decision": "renew", "note": "` + long(2001) + `"}`, "note"},
		{"decision: of the wrong type", "POST", "/api/v1/contracts/" + w.contract + "/decision", `{"decision": 5}`, "decision"},
		{"budget: plan beyond every bound", "POST", "/api/v1/budget-lines", `{"code": "INF-X", "name": "X", "category": "cloud", "expense_type": "opex", "planned": "99999999999999.00"}`, "planned"},
		{"budget: control character", "POST", "/api/v1/budget-lines", `{"code": "INF-X", "name": "X\u0001", "category": "cloud", "expense_type": "opex", "planned": "1.00"}`, "name"},
		{"budget patch: cost centre too long", "PATCH", "/api/v1/budget-lines/" + w.line, `{"cost_centre": "` + long(51) + `"}`, "cost_centre"},
		{"budget copy: year of the wrong type", "POST", "/api/v1/budget-lines/copy", `{"from_fy": "twenty"}`, "from_fy"},
		{"licence: seats not a number", "POST", "/api/v1/licences", `{"product": "X", "vendor_id": ` + w.vendor + `, "seats_purchased": "many"}`, "seats_purchased"},
		{"licence: year 1", "POST", "/api/v1/licences", `{"product": "X", "vendor_id": ` + w.vendor + `, "start_date": "0001-01-01"}`, "start_date"},
		{"licence patch: NUL in notes", "PATCH", "/api/v1/licences/" + w.licence, `{"notes": "a\u0000b"}`, "notes"},
		{"licence patch: NUL and override in key", "PATCH", "/api/v1/licences/" + w.licence, `{"key": "AB\u0000\u202eCD"}`, "key"},
		{"licence patch: lone surrogate in product", "PATCH", "/api/v1/licences/" + w.licence, `{"product": "\ud800"}`, "product"},
		{"spend: year 1", "POST", "/api/v1/spend", `{"date": "0001-01-01", "vendor_id": ` + w.vendor + `, "description": "X", "amount": "1.00", "budget_line_id": ` + w.line + `}`, "date"},
		{"spend: direction override", "POST", "/api/v1/spend", `{"date": "2026-03-01", "vendor_id": ` + w.vendor + `, "description": "X\u2066", "amount": "1.00", "budget_line_id": ` + w.line + `}`, "description"},
		{"spend patch: amount of the wrong type", "PATCH", "/api/v1/spend/" + w.spend, `{"amount": 5}`, "amount"},
		{"spend patch: service to not a date", "PATCH", "/api/v1/spend/" + w.spend, `{"service_to": "2026-02-30"}`, "service_to"},
		{"spend patch: no date", "PATCH", "/api/v1/spend/" + w.spend, `{"date": ""}`, "date"},
		{"licence patch: expiry in year 2200", "PATCH", "/api/v1/licences/" + w.licence, `{"expiry_date": "2200-01-01"}`, "expiry_date"},
		{"licence patch: seats beyond every bound", "PATCH", "/api/v1/licences/" + w.licence, `{"seats_assigned": 99999999999999999999}`, "seats_assigned"},
		{"settings: month not a number", "PATCH", "/api/v1/settings", `{"fy_start_month": "July"}`, "fy_start_month"},
		{"settings: month out of range", "PATCH", "/api/v1/settings", `{"fy_start_month": 13}`, "fy_start_month"},
		{"settings: offset not a number", "PATCH", "/api/v1/settings", `{"reminder_offsets": [30, "soon"]}`, "reminder_offsets"},
		{"settings: offset of the wrong type", "PATCH", "/api/v1/settings", `{"reminder_offsets": [true]}`, "reminder_offsets"},
		{"settings: offset out of range", "PATCH", "/api/v1/settings", `{"reminder_offsets": ["400"]}`, "reminder_offsets"},
		{"settings: NUL in name", "PATCH", "/api/v1/settings", `{"org_name": "A\u0000"}`, "org_name"},
		{"settings: direction override in a finance email", "PATCH", "/api/v1/settings", `{"finance_emails": ["x\u202e@demo.example"]}`, "finance_emails"},
		{"settings: NUL in a finance email", "PATCH", "/api/v1/settings", `{"finance_emails": ["x\u0000@demo.example"]}`, "finance_emails"},
		{"rate: year 2200", "POST", "/api/v1/rates", `{"currency": "USD", "effective_from": "2200-01-01", "rate": "0.92"}`, "effective_from"},
	}
	for _, tt := range api {
		before := w.rows(t)
		res := w.api.sendJSON(tt.method, tt.path, tt.body)
		var e struct {
			Error  string            `json:"error"`
			Fields map[string]string `json:"fields"`
		}
		res.JSON(t, &e)
		if res.Code != http.StatusBadRequest || e.Error == "" || e.Fields[tt.field] == "" {
			t.Errorf("API %s: %d %.400s, want 400 with a message at %s", tt.name, res.Code, res.Body, tt.field)
		}
		for field, msg := range e.Fields {
			if !outlay.CleanText(msg, false) {
				t.Errorf("API %s: the message at %s echoes what was typed: %q", tt.name, field, msg)
			}
		}
		if after := w.rows(t); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("API %s wrote rows: %v -> %v", tt.name, before, after)
		}
	}

	// A write that is not JSON is refused before it is read, whatever it holds.
	before := w.rows(t)
	for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain", ""} {
		res := w.api.do(http.MethodPost, "/api/v1/vendors", strings.NewReader(`{"name": "Acme 3", "category": "cloud"}`), ct)
		if res.Code != http.StatusUnsupportedMediaType {
			t.Errorf("Content-Type %q: %d %s, want 415", ct, res.Code, res.Body)
		}
	}
	if after := w.rows(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a body that is not JSON wrote rows: %v -> %v", before, after)
	}
}

func contractHostile(vendor, field, value string) url.Values {
	v := contractForm(0)
	v.Set("vendor_id", vendor)
	v.Set(field, value)
	return v
}

func contractJSON(vendor, field string) string {
	return `{"vendor_id": ` + vendor + `, "title": "X", "kind": "subscription", "owner_email": "ann@example.com", "renewal_type": "auto", "currency": "EUR", ` + field + `,
		"first_term": {"start_date": "2026-01-01", "end_date": "2026-12-31", "price": "1.00", "billing": "annual"}}`
}

func budgetHostile(field, value string) url.Values {
	v := url.Values{"fy": {"2026"}, "code": {"INF-NEW"}, "name": {"New"}, "category": {"cloud"}, "expense_type": {"opex"}, "planned": {"1000.00"}}
	v.Set(field, value)
	return v
}

func licenceHostile(vendor, field, value string) url.Values {
	v := url.Values{"product": {"Creative Cloud 2"}, "vendor_id": {vendor}, "kind": {"per_user"}, "billing": {"annual"},
		"seats_purchased": {"10"}, "seats_assigned": {"5"}, "unit_price": {"1.00"}, "currency": {"EUR"}}
	v.Set(field, value)
	return v
}

func spendHostile(vendor, line, field, value string) url.Values {
	v := url.Values{"date": {"2026-03-20"}, "vendor": {vendor}, "description": {"Hosting April"}, "invoice_number": {"INV-2"},
		"amount": {"100.00"}, "currency": {"EUR"}, "budget_line_1": {line}}
	v.Set(field, value)
	return v
}

func settingsHostile(field, value string) url.Values {
	v := url.Values{"org_name": {"Acme"}, "base_currency": {"EUR"}, "fy_start_month": {"1"}, "basis": {"cash"}, "reminder_offsets": {"90, 30"}}
	v.Set(field, value)
	return v
}

// TestSearchTermsAreCapped: an overlong search term is refused with status 400 on every
// list page, which still shows the list of the cut term with a notice, and in every API
// list, never a 500; an unknown sort column is a 400 in the API.
func TestSearchTermsAreCapped(t *testing.T) {
	w := newHostileWorld(t)
	huge := url.QueryEscape(strings.Repeat("%_x", 20000))
	for _, p := range []string{"/vendors?", "/contracts?", "/licences?", "/budget?fy=2026&", "/spend?"} {
		res := w.page.get(p + "q=" + huge)
		if res.Code != http.StatusBadRequest || !strings.Contains(res.Body, "The search term was cut to its first 200 characters.") ||
			!strings.Contains(res.Body, `value="`+strings.Repeat("%_x", 67)[:200]+`"`) {
			t.Errorf("%s with a huge search: %d %s", p, res.Code, res.Body)
		}
		if res := w.page.get(p + "q=" + url.QueryEscape(strings.Repeat("é", 200))); res.Code != http.StatusOK || strings.Contains(res.Body, "was cut") {
			t.Errorf("%s with a 200-character search: %d", p, res.Code)
		}
	}
	for _, p := range []string{"/api/v1/vendors", "/api/v1/contracts", "/api/v1/licences", "/api/v1/budget-lines", "/api/v1/spend"} {
		var e struct{ Fields map[string]string }
		res := w.api.get(p + "?q=" + huge)
		res.JSON(t, &e)
		if res.Code != http.StatusBadRequest || e.Fields["q"] != "too long (at most 200 characters)" {
			t.Errorf("%s with a huge search: %d %.300s", p, res.Code, res.Body)
		}
		res = w.api.get(p + "?sort=password")
		res.JSON(t, &e)
		if res.Code != http.StatusBadRequest || !strings.HasPrefix(e.Fields["sort"], "must be one of") {
			t.Errorf("%s sorted by an unknown column: %d %.300s", p, res.Code, res.Body)
		}
		if res := w.api.get(p + "?q=" + url.QueryEscape(strings.Repeat("é", 200))); res.Code != http.StatusOK {
			t.Errorf("%s with a 200-character search: %d %.300s", p, res.Code, res.Body)
		}
	}
}

// TestAPICountsAndPercentagesAsNumbersOrStrings: a client may send a count or a
// percentage as a JSON number or as a string, and both mean the same.
func TestAPICountsAndPercentagesAsNumbersOrStrings(t *testing.T) {
	w := newHostileWorld(t)
	for i, fields := range []string{`"notice_value": 3, "notice_unit": "months", "renewal_term_months": 12, "uplift_percent": 2.5`,
		`"notice_value": "3", "notice_unit": "months", "renewal_term_months": "12", "uplift_percent": "2.5"`} {
		body := strings.Replace(contractJSON(w.vendor, fields), `"title": "X"`, fmt.Sprintf(`"title": "X%d"`, i), 1)
		res := w.api.sendJSON(http.MethodPost, "/api/v1/contracts", body)
		var got struct {
			NoticeValue       int    `json:"notice_value"`
			RenewalTermMonths int    `json:"renewal_term_months"`
			UpliftPercent     string `json:"uplift_percent"`
		}
		res.JSON(t, &got)
		if res.Code != http.StatusCreated || got.NoticeValue != 3 || got.RenewalTermMonths != 12 || got.UpliftPercent != "2.50" {
			t.Errorf("%s: %d %s", fields, res.Code, res.Body)
		}
	}
	res := w.api.sendJSON(http.MethodPatch, "/api/v1/licences/"+w.licence, `{"seats_purchased": "120", "seats_assigned": 80}`)
	var lic struct {
		SeatsPurchased int64 `json:"seats_purchased"`
		SeatsAssigned  int64 `json:"seats_assigned"`
	}
	res.JSON(t, &lic)
	if res.Code != http.StatusOK || lic.SeatsPurchased != 120 || lic.SeatsAssigned != 80 {
		t.Errorf("licence seats: %d %s", res.Code, res.Body)
	}
	if res := w.api.sendJSON(http.MethodPost, "/api/v1/budget-lines", `{"fy": "2026", "code": "INF-NEW", "name": "New", "category": "cloud", "expense_type": "opex", "planned": "10.00"}`); res.Code != http.StatusCreated || !strings.Contains(res.Body, `"fy":2026`) {
		t.Errorf("budget year as a string: %d %s", res.Code, res.Body)
	}
	// The fiscal calendar is fixed once lines exist (the world has some): the month is read
	// as a number all the same, and refused for what it would do, not for how it is typed.
	if res := w.api.sendJSON(http.MethodPatch, "/api/v1/settings", `{"fy_start_month": "7"}`); res.Code != http.StatusConflict || !strings.Contains(res.Body, `"fy_start_month":"cannot change`) {
		t.Errorf("settings month as a string, with budget lines: %d %s", res.Code, res.Body)
	}
	fresh := newHarness(t)
	admin, _ := fresh.apiClient("admin")
	if res := admin.sendJSON(http.MethodPatch, "/api/v1/settings", `{"fy_start_month": "7"}`); res.Code != http.StatusOK || !strings.Contains(res.Body, `"fy_start_month":7`) {
		t.Errorf("settings month as a string: %d %s", res.Code, res.Body)
	}
	if res := w.api.sendJSON(http.MethodPatch, "/api/v1/settings", `{"reminder_offsets": ["7", 30]}`); res.Code != http.StatusOK || !strings.Contains(res.Body, `"reminder_offsets":[30,7]`) {
		t.Errorf("settings offsets as numbers and strings: %d %s", res.Code, res.Body)
	}
	if res := w.api.get("/api/v1/licences?expiring_before=2200-01-01"); res.Code != http.StatusBadRequest || !strings.Contains(res.Body, `"expiring_before":"must be between 1900-01-01 and 2199-12-31"`) {
		t.Errorf("licences expiring before year 2200: %d %s", res.Code, res.Body)
	}
	if res := w.api.get("/api/v1/licences?vendor_id=acme"); res.Code != http.StatusBadRequest || !strings.Contains(res.Body, `"vendor_id":"must be a record id`) {
		t.Errorf("licences of vendor acme: %d %s", res.Code, res.Body)
	}
	form := licenceHostile(w.vendor, "seats_purchased", "1,200")
	form.Set("product", "Thousands")
	if res := w.page.postForm("/licences", form); res.Code != http.StatusSeeOther {
		t.Errorf("seats with a thousands separator: %d %.600s", res.Code, res.Body)
	}
}

// TestNewContractDefaultsToTheBaseCurrency: the new-contract form proposes the currency
// the books are kept in.
func TestNewContractDefaultsToTheBaseCurrency(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("admin")
	api, _ := h.apiClient("admin")
	if res := api.sendJSON(http.MethodPatch, "/api/v1/settings", `{"base_currency": "GBP"}`); res.Code != http.StatusOK {
		t.Fatalf("set base currency: %d %s", res.Code, res.Body)
	}
	res := c.get("/contracts/new")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, `name="currency" type="text" value="GBP"`) {
		t.Fatalf("new contract form: %d\n%s", res.Code, res.Body)
	}
}

// TestHostileListParametersNeverFail: whatever a URL carries in a list's parameters, a
// list answers without a server error.
func TestHostileListParametersNeverFail(t *testing.T) {
	w := newHostileWorld(t)
	values := []string{"\x00", "\xff\xfe", "\u202e", strings.Repeat("%", 300), strings.Repeat("9", 40), "-1", "0001-01-01", "FY99999999999"}
	params := []string{"q", "owner", "code", "status", "category", "kind", "vendor_id", "vendor", "budget_line_id", "fy", "quarter",
		"sort", "dir", "page", "per_page", "expiring_before", "archived", "entity", "from", "to"}
	for _, p := range []string{"/vendors", "/contracts", "/licences", "/budget", "/spend", "/admin/audit", "/admin/rates", "/admin/users",
		"/api/v1/vendors", "/api/v1/contracts", "/api/v1/licences", "/api/v1/budget-lines", "/api/v1/spend", "/api/v1/audit", "/api/v1/rates"} {
		c := w.page
		if strings.HasPrefix(p, "/api/") {
			c = w.api
		}
		for _, name := range params {
			for _, v := range values {
				if res := c.get(p + "?" + url.Values{name: {v}}.Encode()); res.Code >= 500 {
					t.Errorf("%s?%s=%q: %d", p, name, v, res.Code)
				}
			}
		}
	}
}

// TestContractProblemsShowOnTheFirstSubmit: a new contract with an unknown vendor, no
// title, an unknown currency, a price with too many decimals and a budget code no line
// carries is refused once with every one of those problems, on the page and in the API,
// and nothing is stored.
func TestContractProblemsShowOnTheFirstSubmit(t *testing.T) {
	w := newHostileWorld(t)
	before := w.rows(t)
	v := contractHostile("999999", "title", "")
	v.Set("currency", "XXX")
	v.Set("price", "12.345")
	v.Set("budget_line_code", "ZZ-NONE")
	res := w.page.postForm("/contracts", v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("form: %d", res.Code)
	}
	for _, want := range []string{`id="e-vendor_id">no such vendor<`, `id="e-title">required<`, `id="e-currency">`,
		`id="e-price">read in EUR until the currency is fixed: EUR allows at most 2 decimals`,
		`id="e-budget_line_code">no budget line has the code ZZ-NONE`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the first submit lacks %s", want)
		}
	}

	body := `{"vendor_id": 999999, "title": "", "kind": "subscription", "owner_email": "ann@example.com", "renewal_type": "auto",
		"currency": "XXX", "budget_line_code": "ZZ-NONE",
		"first_term": {"start_date": "2026-01-01", "end_date": "2026-12-31", "price": "12.345", "billing": "annual"}}`
	var e struct{ Fields map[string]string }
	res = w.api.sendJSON(http.MethodPost, "/api/v1/contracts", body)
	res.JSON(t, &e)
	for _, field := range []string{"vendor_id", "title", "currency", "first_term.price", "budget_line_code"} {
		if res.Code != http.StatusBadRequest || e.Fields[field] == "" {
			t.Errorf("API: %d %s, want a message at %s", res.Code, res.Body, field)
		}
	}
	if e.Fields["vendor_id"] != "no such vendor" {
		t.Errorf("API vendor: %q", e.Fields["vendor_id"])
	}
	if after := w.rows(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("refused contracts wrote rows: %v -> %v", before, after)
	}
	// An archived vendor is named on the first submit too.
	if res := w.page.postForm("/vendors/"+w.vendor+"/archive", url.Values{}); res.Code != http.StatusSeeOther {
		t.Fatalf("archive vendor: %d %.300s", res.Code, res.Body)
	}
	before = w.rows(t)
	res = w.page.postForm("/contracts", contractHostile(w.vendor, "title", ""))
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-vendor_id">the vendor is archived`) {
		t.Errorf("archived vendor: %d %.2000s", res.Code, res.Body)
	}
	if after := w.rows(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("refused contracts wrote rows: %v -> %v", before, after)
	}
}

// TestLicenceProblemsShowOnTheFirstSubmit: a licence with an unknown vendor and
// contract, no product, an unknown currency, a price with too many decimals and a budget
// code no line carries is refused once with every one of those problems, on the page and
// in the API, and nothing is stored.
func TestLicenceProblemsShowOnTheFirstSubmit(t *testing.T) {
	w := newHostileWorld(t)
	before := w.rows(t)
	v := licenceHostile("999999", "product", "")
	v.Set("contract_id", "999998")
	v.Set("currency", "XXX")
	v.Set("unit_price", "1.999")
	v.Set("budget_line_code", "ZZ-NONE")
	res := w.page.postForm("/licences", v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("form: %d", res.Code)
	}
	for _, want := range []string{`id="e-vendor_id">no such vendor<`, `id="e-contract_id">no such contract<`, `id="e-product">required<`,
		`id="e-currency">`, `id="e-unit_price">read in EUR until the currency is fixed: EUR allows at most 2 decimals`,
		`id="e-budget_line_code">no budget line has the code ZZ-NONE`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the first submit lacks %s", want)
		}
	}
	var e struct{ Fields map[string]string }
	res = w.api.sendJSON(http.MethodPatch, "/api/v1/licences/"+w.licence,
		`{"product": "", "contract_id": 999998, "currency": "XXX", "unit_price": "1.999", "budget_line_code": "ZZ-NONE"}`)
	res.JSON(t, &e)
	for _, field := range []string{"product", "contract_id", "currency", "unit_price", "budget_line_code"} {
		if res.Code != http.StatusBadRequest || e.Fields[field] == "" {
			t.Errorf("API: %d %s, want a message at %s", res.Code, res.Body, field)
		}
	}
	if after := w.rows(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("refused licences wrote rows: %v -> %v", before, after)
	}
}

// TestSpendProblemsShowOnTheFirstSubmit: an entry with an unknown vendor and contract,
// no description, an unknown currency and an amount with too many decimals is refused
// once with every one of those problems, on the page and in the API, and nothing is
// stored.
func TestSpendProblemsShowOnTheFirstSubmit(t *testing.T) {
	w := newHostileWorld(t)
	before := w.rows(t)
	v := spendHostile("999999", w.line, "description", "")
	v.Set("contract", "999998")
	v.Set("currency", "XXX")
	v.Set("amount", "1.999")
	res := w.page.postForm("/spend", v)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("form: %d", res.Code)
	}
	for _, want := range []string{`id="e-vendor">no such vendor<`, `id="e-contract">no such contract<`, `id="e-description">required<`,
		`id="e-currency">`, `id="e-amount">read in EUR until the currency is fixed: EUR allows at most 2 decimals`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the first submit lacks %s", want)
		}
	}
	var e struct{ Fields map[string]string }
	res = w.api.sendJSON(http.MethodPost, "/api/v1/spend", `{"date": "2026-03-01", "vendor_id": 999999, "description": "", "amount": "1.999",
		"currency": "XXX", "licence_id": 999997, "budget_line_id": `+w.line+`}`)
	res.JSON(t, &e)
	for _, field := range []string{"vendor_id", "description", "currency", "amount", "licence_id"} {
		if res.Code != http.StatusBadRequest || e.Fields[field] == "" {
			t.Errorf("API: %d %s, want a message at %s", res.Code, res.Body, field)
		}
	}
	if after := w.rows(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("refused entries wrote rows: %v -> %v", before, after)
	}
}
