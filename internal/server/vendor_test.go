package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// vendor stores a vendor directly, as a fixture.
func (h *harness) vendor(name, category string, edit ...func(*outlay.Vendor)) *outlay.Vendor {
	h.t.Helper()
	v := &outlay.Vendor{Name: name, Category: category}
	for _, e := range edit {
		e(v)
	}
	if err := h.DB.CreateVendor(context.Background(), v); err != nil {
		h.t.Fatal(err)
	}
	return v
}

// vendorAudit returns the vendor's audit entries, newest first.
func (h *harness) vendorAudit(id int64) []*outlay.AuditEntry {
	h.t.Helper()
	entries, _, err := h.DB.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "vendor", EntityID: &id})
	if err != nil {
		h.t.Fatal(err)
	}
	return entries
}

func vendorForm(edit map[string]string) url.Values {
	v := url.Values{
		"name": {"Acme Cloud"}, "category": {"cloud"}, "status": {"active"}, "criticality": {"high"},
		"website": {"https://acme.example"}, "contact_name": {"Ann Smith"}, "contact_email": {"ann@acme.example"},
		"contact_phone": {"+44 20 7946 0000"}, "support_contact": {"support.acme.example"}, "notes": {"Main IaaS provider."},
	}
	for k, val := range edit {
		v.Set(k, val)
	}
	return v
}

func TestVendorCreateViaForm(t *testing.T) {
	h := newHarness(t)
	c, u := h.signIn("editor")
	if res := c.get("/vendors/new"); res.Code != http.StatusOK || !strings.Contains(res.Body, `action="/vendors"`) {
		t.Fatalf("new form: %d", res.Code)
	}
	res := c.postForm("/vendors", vendorForm(nil))
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/vendors/") {
		t.Fatalf("create: %d %q %s", res.Code, res.Header.Get("Location"), res.Body)
	}
	page := c.get(res.Header.Get("Location"))
	if page.Code != http.StatusOK {
		t.Fatalf("detail: %d", page.Code)
	}
	mustContain(t, "page", page.Body, "Vendor saved.", "<h1>Acme Cloud", `<a href="https://acme.example" rel="noopener noreferrer"`,
		`href="mailto:ann@acme.example"`, "Ann Smith", "support.acme.example", "Main IaaS provider.",
		`href="/vendors/1/edit"`, `href="/vendors/1/archive"`, "History (1 change)")
	// The flash shows once.
	if strings.Contains(c.get("/vendors/1").Body, "Vendor saved.") {
		t.Error("flash shown twice")
	}
	entries := h.vendorAudit(1)
	if len(entries) != 1 || entries[0].Action != "create" || entries[0].UserEmail != u.Email {
		t.Fatalf("audit: %+v", entries)
	}
}

func TestVendorFormInvalidKeepsInput(t *testing.T) {
	tests := []struct {
		name, field, value, message string
	}{
		{"empty name", "name", "  ", "required"},
		{"bad email", "contact_email", "ann-at-acme", "not a valid email address"},
		{"bad website", "website", "acme.example", "must be a full address starting with https:// or http://"},
		{"no category", "category", "", "required"},
	}
	h := newHarness(t)
	c, _ := h.signIn("editor")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := vendorForm(map[string]string{tt.field: tt.value, "notes": "Typed <notes> stay."})
			res := c.postForm("/vendors", form)
			if res.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Code)
			}
			mustContain(t, "page", res.Body, `id="e-`+tt.field+`">`+tt.message+`</p>`, "data-error-summary",
				`value="&#43;44 20 7946 0000"`, `value="Ann Smith"`, "Typed &lt;notes&gt; stay.</textarea>")
			if tt.field != "name" {
				mustContain(t, "page", res.Body, `value="Acme Cloud"`)
			}
			if tt.field == "contact_email" {
				mustContain(t, "page", res.Body, `value="ann-at-acme"`)
			}
			if tt.field == "website" {
				mustContain(t, "page", res.Body, `value="acme.example"`)
			}
		})
	}
	if _, n, _ := h.DB.FindVendors(context.Background(), outlay.VendorFilter{}); n != 0 {
		t.Fatalf("%d vendors stored from invalid forms", n)
	}
}

func TestVendorDuplicateNameForm(t *testing.T) {
	h := newHarness(t)
	h.vendor("Acme Cloud", "cloud")
	c, _ := h.signIn("editor")
	res := c.postForm("/vendors", vendorForm(map[string]string{"name": "ACME cloud"}))
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.Code)
	}
	mustContain(t, "page", res.Body, `id="e-name">a vendor with this name already exists</p>`, `value="ACME cloud"`, `value="Ann Smith"`)

	// The same rule on the edit form.
	other := h.vendor("Globex", "software")
	res = c.postForm(fmt.Sprintf("/vendors/%d", other.ID), vendorForm(map[string]string{"name": "acme CLOUD"}))
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("edit: status %d, want 422", res.Code)
	}
	mustContain(t, "page", res.Body, `id="e-name">a vendor with this name already exists</p>`, `value="acme CLOUD"`)
}

func TestVendorListFilterSortPaginate(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	if res := c.get("/vendors"); !strings.Contains(res.Body, "No vendors yet. Add the first one.") || !strings.Contains(res.Body, `href="/vendors/new"`) {
		t.Fatalf("empty state missing: %d", res.Code)
	}
	for i := 1; i <= 60; i++ {
		h.vendor(fmt.Sprintf("Vendor %02d", i), "software", func(v *outlay.Vendor) {
			if i%10 == 0 {
				v.Status, v.Category = "prospect", "cloud"
			}
		})
	}
	rows := func(body string) int { return strings.Count(body, "<tr data-id=") }

	p1 := c.get("/vendors")
	if p1.Code != http.StatusOK || rows(p1.Body) != 50 {
		t.Fatalf("page 1: %d, %d rows", p1.Code, rows(p1.Body))
	}
	mustContain(t, "page", p1.Body, `<p class="count">60 vendors</p>`, `href="/vendors?page=2"`, `aria-sort="ascending"`,
		`href="/vendors/export.xlsx"`, "New vendor")
	p2 := c.get("/vendors?page=2")
	if rows(p2.Body) != 10 || !strings.Contains(p2.Body, "Vendor 60") || strings.Contains(p2.Body, ">Vendor 01<") {
		t.Fatalf("page 2: %d rows", rows(p2.Body))
	}

	search := c.get("/vendors?q=vendor+0")
	if rows(search.Body) != 9 || !strings.Contains(search.Body, "9 vendors") {
		t.Fatalf("search: %d rows", rows(search.Body))
	}
	filtered := c.get("/vendors?status=prospect&category=cloud&sort=name&dir=desc")
	if rows(filtered.Body) != 6 || !strings.Contains(filtered.Body, "6 vendors") {
		t.Fatalf("filtered: %d rows", rows(filtered.Body))
	}
	if first := strings.Index(filtered.Body, "Vendor 60"); first < 0 || first > strings.Index(filtered.Body, "Vendor 10") {
		t.Error("sort by name descending: Vendor 60 should come first")
	}
	mustContain(t, "page", filtered.Body, `aria-sort="descending"`, `value="prospect" selected`, "Reset filters",
		`href="/vendors/export.xlsx?category=cloud&amp;dir=desc&amp;sort=name&amp;status=prospect"`)

	none := c.get("/vendors?q=nothing-like-this")
	mustContain(t, "page", none.Body, "No vendors match these filters.", `<a class="btn" href="/vendors">Reset filters</a>`)
	if strings.Contains(none.Body, "No vendors yet") {
		t.Error("filtered empty state shows the first-run message")
	}
	// An unknown filter value is ignored rather than breaking the page.
	if res := c.get("/vendors?status=bogus&sort=evil"); res.Code != http.StatusOK || rows(res.Body) != 50 {
		t.Fatalf("bogus filter: %d", res.Code)
	}
}

func TestVendorViewerReadOnly(t *testing.T) {
	h := newHarness(t)
	v := h.vendor("Acme", "cloud")
	c, _ := h.signIn("viewer")
	list := c.get("/vendors")
	if list.Code != http.StatusOK || !strings.Contains(list.Body, "Acme") || strings.Contains(list.Body, `href="/vendors/new"`) {
		t.Fatalf("viewer list: %d, or it shows the New button", list.Code)
	}
	mustContain(t, "page", list.Body, "Export to Excel")
	show := c.get(fmt.Sprintf("/vendors/%d", v.ID))
	if show.Code != http.StatusOK || strings.Contains(show.Body, "/edit") || strings.Contains(show.Body, "/archive") {
		t.Fatalf("viewer detail: %d, or it shows edit actions", show.Code)
	}
	for _, p := range []string{"/vendors", fmt.Sprintf("/vendors/%d", v.ID), fmt.Sprintf("/vendors/%d/archive", v.ID)} {
		if res := c.postForm(p, vendorForm(nil)); res.Code != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d, want 403", p, res.Code)
		}
	}
	if res := c.get("/vendors/new"); res.Code != http.StatusForbidden {
		t.Errorf("viewer new form: %d, want 403", res.Code)
	}
	if got, _ := h.DB.FindVendorByID(context.Background(), v.ID); got.ArchivedAt != nil {
		t.Error("viewer archived a vendor")
	}
}

func TestVendorEditAndArchive(t *testing.T) {
	h := newHarness(t)
	v := h.vendor("Acme", "cloud")
	c, u := h.signIn("editor")
	path := fmt.Sprintf("/vendors/%d", v.ID)

	edit := c.get(path + "/edit")
	if edit.Code != http.StatusOK {
		t.Fatalf("edit form: %d", edit.Code)
	}
	mustContain(t, "page", edit.Body, `value="Acme"`, `<option value="cloud" selected>`, `action="`+path+`"`)
	res := c.postForm(path, vendorForm(map[string]string{"name": "Acme Corp", "status": "inactive"}))
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("update: %d %q", res.Code, res.Header.Get("Location"))
	}
	mustContain(t, "page", c.get(path).Body, "Vendor saved.", "<h1>Acme Corp", ">Inactive</span>")

	confirm := c.get(path + "/archive")
	if confirm.Code != http.StatusOK {
		t.Fatalf("confirm: %d", confirm.Code)
	}
	mustContain(t, "page", confirm.Body, "Archive Acme Corp?", `action="`+path+`/archive"`, "Archive vendor")
	res = c.postForm(path+"/archive", nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/vendors" {
		t.Fatalf("archive: %d %q", res.Code, res.Header.Get("Location"))
	}
	list := c.get("/vendors")
	mustContain(t, "page", list.Body, "Vendor archived.", "Every vendor is archived.", `href="/vendors?archived=1"`)
	mustContain(t, "page", c.get("/vendors?archived=1").Body, "Acme Corp", `badge badge-grey">archived</span>`, "1 vendor")

	show := c.get(path)
	mustContain(t, "page", show.Body, `badge badge-grey">archived</span>`)
	if strings.Contains(show.Body, path+"/edit") || strings.Contains(show.Body, path+"/archive") {
		t.Error("archived vendor still offers edit or archive")
	}
	if res := c.get(path + "/edit"); res.Code != http.StatusConflict {
		t.Errorf("edit archived: %d, want 409", res.Code)
	}
	if res := c.postForm(path+"/archive", nil); res.Code != http.StatusConflict {
		t.Errorf("archive twice: %d, want 409", res.Code)
	}

	entries := h.vendorAudit(v.ID)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, ",") != "archive,update,create" || entries[0].UserEmail != u.Email || entries[1].UserEmail != u.Email {
		t.Fatalf("audit actions %v", actions)
	}
	var before, after map[string]any
	json.Unmarshal(entries[1].Before, &before)
	json.Unmarshal(entries[1].After, &after)
	if before["name"] != "Acme" || after["name"] != "Acme Corp" || after["status"] != "inactive" {
		t.Fatalf("update audit: before %v after %v", before, after)
	}
	mustContain(t, "page", show.Body, "History (3 changes)")
}

func TestVendorPagesUnknownID(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("editor")
	for _, p := range []string{"/vendors/999", "/vendors/abc", "/vendors/-1", "/vendors/999/edit", "/vendors/abc/archive"} {
		if res := c.get(p); res.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.Code)
		}
	}
	if res := c.postForm("/vendors/999", vendorForm(nil)); res.Code != http.StatusNotFound {
		t.Errorf("POST unknown: %d, want 404", res.Code)
	}
}

// apiVendor is the API's vendor object as a test reads it.
type apiVendor struct {
	ID             int64   `json:"id"`
	Name           string  `json:"name"`
	Category       string  `json:"category"`
	Status         string  `json:"status"`
	Criticality    string  `json:"criticality"`
	Website        string  `json:"website"`
	Notes          string  `json:"notes"`
	ContactName    string  `json:"contact_name"`
	ContactEmail   string  `json:"contact_email"`
	ContactPhone   string  `json:"contact_phone"`
	SupportContact string  `json:"support_contact"`
	Archived       bool    `json:"archived"`
	ArchivedAt     *string `json:"archived_at"`
	CreatedAt      string  `json:"created_at"`
	UpdatedAt      string  `json:"updated_at"`
	ContractCount  int     `json:"contract_count"`
}

type apiErr struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields"`
}

func TestVendorAPICreateGetPatchDelete(t *testing.T) {
	h := newHarness(t)
	c, u := h.apiClient("editor")
	res := c.sendJSON(http.MethodPost, "/api/v1/vendors", map[string]any{
		"name": "Acme", "category": "cloud", "website": "https://acme.example", "contact_email": "Ann@Acme.Example",
	})
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	var v apiVendor
	res.JSON(t, &v)
	if v.ID == 0 || v.Name != "Acme" || v.Status != "active" || v.Criticality != "medium" || v.ContactEmail != "ann@acme.example" ||
		v.Archived || v.ArchivedAt != nil || v.CreatedAt == "" || v.ContractCount != 0 {
		t.Fatalf("created: %+v", v)
	}
	// Every documented field is present, and nothing else.
	var raw map[string]any
	res.JSON(t, &raw)
	want := []string{"id", "name", "category", "status", "criticality", "website", "notes", "contact_name", "contact_email",
		"contact_phone", "support_contact", "archived", "archived_at", "created_at", "updated_at", "contract_count"}
	if len(raw) != len(want) {
		t.Errorf("fields: %v", raw)
	}
	for _, k := range want {
		if _, ok := raw[k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}

	path := fmt.Sprintf("/api/v1/vendors/%d", v.ID)
	var got apiVendor
	if res := c.get(path); res.Code != http.StatusOK {
		t.Fatalf("get: %d", res.Code)
	} else {
		res.JSON(t, &got)
	}
	if got.Name != "Acme" || got.Website != "https://acme.example" {
		t.Fatalf("get: %+v", got)
	}

	res = c.sendJSON(http.MethodPatch, path, map[string]any{"criticality": "critical", "notes": "Key supplier."})
	if res.Code != http.StatusOK {
		t.Fatalf("patch: %d %s", res.Code, res.Body)
	}
	var patched apiVendor
	res.JSON(t, &patched)
	if patched.Criticality != "critical" || patched.Notes != "Key supplier." || patched.Name != "Acme" ||
		patched.Website != "https://acme.example" || patched.ContactEmail != "ann@acme.example" || patched.Category != "cloud" {
		t.Fatalf("patch changed other fields: %+v", patched)
	}

	if res := c.sendJSON(http.MethodPatch, path, map[string]any{"contact_email": "nope"}); res.Code != http.StatusBadRequest ||
		!strings.Contains(res.Body, `"contact_email"`) {
		t.Fatalf("bad patch: %d %s", res.Code, res.Body)
	}

	if res := c.do(http.MethodDelete, path, nil, ""); res.Code != http.StatusNoContent || res.Body != "" {
		t.Fatalf("delete: %d %q", res.Code, res.Body)
	}
	var archived apiVendor
	c.get(path).JSON(t, &archived)
	if !archived.Archived || archived.ArchivedAt == nil {
		t.Fatalf("after delete: %+v", archived)
	}
	if res := c.do(http.MethodDelete, path, nil, ""); res.Code != http.StatusConflict {
		t.Errorf("delete twice: %d, want 409", res.Code)
	}
	if res := c.sendJSON(http.MethodPatch, path, map[string]any{"notes": "x"}); res.Code != http.StatusConflict {
		t.Errorf("patch archived: %d, want 409", res.Code)
	}

	var actions []string
	for _, e := range h.vendorAudit(v.ID) {
		actions = append(actions, e.Action)
		if e.UserEmail != u.Email {
			t.Errorf("audit %s by %q", e.Action, e.UserEmail)
		}
	}
	if strings.Join(actions, ",") != "archive,update,create" {
		t.Fatalf("audit actions %v", actions)
	}
}

func TestVendorAPIErrors(t *testing.T) {
	h := newHarness(t)
	h.vendor("Acme", "cloud")
	c, _ := h.apiClient("editor")
	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		status     int
		field, msg string
	}{
		{"duplicate in another case", "POST", "/api/v1/vendors", map[string]any{"name": "ACME", "category": "cloud"}, 409, "name", "a vendor with this name already exists"},
		{"bad fields", "POST", "/api/v1/vendors", map[string]any{"name": "", "category": "food", "website": "ftp://x"}, 400, "category", "must be one of"},
		{"unknown field", "POST", "/api/v1/vendors", map[string]any{"name": "X", "category": "cloud", "colour": "red"}, 400, "colour", "unknown field"},
		{"read-only field", "POST", "/api/v1/vendors", map[string]any{"name": "X", "category": "cloud", "contract_count": 3}, 400, "contract_count", "unknown field"},
		{"wrong type", "POST", "/api/v1/vendors", map[string]any{"name": 12, "category": "cloud"}, 400, "name", "must be a string"},
		{"malformed JSON", "POST", "/api/v1/vendors", `{"name": "X",`, 400, "", ""},
		{"unknown id", "GET", "/api/v1/vendors/999", nil, 404, "", ""},
		{"non-numeric id", "GET", "/api/v1/vendors/abc", nil, 404, "", ""},
		{"patch unknown id", "PATCH", "/api/v1/vendors/999", map[string]any{"notes": "x"}, 404, "", ""},
		{"delete non-numeric id", "DELETE", "/api/v1/vendors/x1", nil, 404, "", ""},
		{"bad list filter", "GET", "/api/v1/vendors?status=sleeping", nil, 400, "status", "must be one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res response
			if tt.body == nil {
				res = c.do(tt.method, tt.path, nil, "")
			} else {
				res = c.sendJSON(tt.method, tt.path, tt.body)
			}
			if res.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Code, tt.status, res.Body)
			}
			var e apiErr
			res.JSON(t, &e)
			if e.Error == "" {
				t.Errorf("no error message: %s", res.Body)
			}
			if tt.field != "" && !strings.Contains(e.Fields[tt.field], tt.msg) {
				t.Errorf("fields = %v, want %s: %q", e.Fields, tt.field, tt.msg)
			}
		})
	}
	if _, n, _ := h.DB.FindVendors(context.Background(), outlay.VendorFilter{Archived: true}); n != 1 {
		t.Fatalf("%d vendors after refused requests, want 1", n)
	}
}

func TestVendorAPIList(t *testing.T) {
	h := newHarness(t)
	for i := 1; i <= 7; i++ {
		h.vendor(fmt.Sprintf("Vendor %d", i), "software", func(v *outlay.Vendor) {
			if i > 5 {
				v.Criticality = "critical"
			}
		})
	}
	arch := h.vendor("Old Vendor", "other")
	if err := h.DB.ArchiveVendor(context.Background(), arch.ID); err != nil {
		t.Fatal(err)
	}
	c, _ := h.apiClient("viewer")
	var list struct {
		Items   []apiVendor `json:"items"`
		Total   int         `json:"total"`
		Page    int         `json:"page"`
		PerPage int         `json:"per_page"`
	}
	res := c.get("/api/v1/vendors?per_page=3&page=2")
	if res.Code != http.StatusOK {
		t.Fatalf("list: %d %s", res.Code, res.Body)
	}
	res.JSON(t, &list)
	if list.Total != 7 || list.Page != 2 || list.PerPage != 3 || len(list.Items) != 3 || list.Items[0].Name != "Vendor 4" {
		t.Fatalf("page 2: %+v", list)
	}
	c.get("/api/v1/vendors?criticality=critical&sort=name&dir=desc").JSON(t, &list)
	if list.Total != 2 || list.Items[0].Name != "Vendor 7" {
		t.Fatalf("filtered: %+v", list)
	}
	c.get("/api/v1/vendors?archived=true&q=old").JSON(t, &list)
	if list.Total != 1 || !list.Items[0].Archived {
		t.Fatalf("archived: %+v", list)
	}
	c.get("/api/v1/vendors?q=nobody").JSON(t, &list)
	if list.Total != 0 || list.Items == nil {
		t.Fatalf("empty list: %+v", list)
	}

	// A viewer reads but does not write.
	for _, r := range []struct{ method, path string }{
		{"POST", "/api/v1/vendors"}, {"PATCH", fmt.Sprintf("/api/v1/vendors/%d", arch.ID)}, {"DELETE", "/api/v1/vendors/1"},
	} {
		if res := c.sendJSON(r.method, r.path, map[string]any{"name": "New", "category": "cloud"}); res.Code != http.StatusForbidden {
			t.Errorf("viewer %s %s: %d, want 403", r.method, r.path, res.Code)
		}
	}
	if got, _ := h.DB.FindVendorByID(context.Background(), 1); got.ArchivedAt != nil {
		t.Error("viewer archived a vendor")
	}
}
