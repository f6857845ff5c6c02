package server_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
)

// writeAuditEntry writes one audit entry as the user (nil for system work), as storage does.
func (h *harness) writeAuditEntry(by *outlay.User, action, entity string, id int64, before, after any) {
	h.t.Helper()
	ctx := context.Background()
	if by != nil {
		ctx = outlay.NewContextWithUser(ctx, by)
	}
	tx, err := h.DB.BeginTx(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.Audit(action, entity, id, before, after); err != nil {
		h.t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		h.t.Fatal(err)
	}
}

// pageText is a page's text without tags, entities decoded and spaces collapsed, so a
// test reads what a person reads ("Name: Acme → Acme Cloud").
func pageText(body string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(body, " "))), " ")
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

func TestAuditPage(t *testing.T) {
	h := newHarness(t)
	admin, me := h.signIn("admin")
	ed := h.user("editor")
	h.writeAuditEntry(ed, "create", "vendor", 7, nil, map[string]any{"name": "Acme", "archived": false})
	h.writeAuditEntry(ed, "update", "contract", 3, map[string]any{"title": "Old", "notes": "same"}, map[string]any{"title": "New", "notes": "same"})
	h.writeAuditEntry(me, "archive", "vendor", 7, map[string]any{"status": "active"}, map[string]any{"status": "archived"})

	res := admin.get("/admin/audit")
	if res.Code != http.StatusOK {
		t.Fatalf("audit page: %d", res.Code)
	}
	text := pageText(res.Body)
	// Newest first: the archive, the contract update, the vendor create, then the two
	// user creations of the set-up (written as system work).
	archive := strings.Index(text, "Archived Vendor #7")
	update := strings.Index(text, "Updated Contract #3")
	create := strings.Index(text, "Created Vendor #7")
	if archive < 0 || update < 0 || create < 0 || !(archive < update && update < create) {
		t.Errorf("not newest first: archive %d, update %d, create %d: %s", archive, update, create, text)
	}
	// An update lists the fields that changed, before → after; a create its values.
	mustContain(t, "audit page", text, "5 changes", "Title: Old → New", "Status: active → archived",
		"Created Vendor #7 Archived: no Name: Acme", "User #"+itoa(ed.ID), "system", "editor@example.com", "Editor User (editor@example.com)")
	mustContain(t, "audit page", res.Body, `<a href="/contracts/3">Contract #3</a>`, `<a href="/vendors/7">Vendor #7</a>`,
		`<option value="token">API token</option>`, `<option value="budget_line">Budget line</option>`,
		`<option value="remove_term">Term removed</option>`, `href="/admin/audit/export.xlsx"`)
	for _, raw := range []string{"Notes", `"title"`, "&#34;title&#34;", `<pre class="json">`} {
		if strings.Contains(res.Body, raw) {
			t.Errorf("audit page shows %q: unchanged fields or raw JSON", raw)
		}
	}

	// By entity.
	res = admin.get("/admin/audit?entity=vendor")
	mustContain(t, "entity filter", res.Body, `<p class="count">2 changes</p>`, `<option value="vendor" selected>`,
		`href="/admin/audit/export.xlsx?entity=vendor"`)
	if strings.Contains(res.Body, "Contract #3") {
		t.Error("entity filter shows a contract")
	}
	res = admin.get("/admin/audit?entity=vendor&id=8")
	mustContain(t, "entity and id", res.Body, "No changes match these filters.")
	// By user.
	res = admin.get("/admin/audit?user_id=" + itoa(ed.ID))
	mustContain(t, "user filter", res.Body, `<p class="count">2 changes</p>`, `<option value="`+itoa(ed.ID)+`" selected>`)
	if strings.Contains(res.Body, "Archived Vendor") {
		t.Error("user filter shows another user's change")
	}
	// By action.
	res = admin.get("/admin/audit?action=update")
	mustContain(t, "action filter", pageText(res.Body), "1 change", "Title: Old → New")
	mustContain(t, "action filter", res.Body, `<option value="update" selected>`)
	// By date: every entry was written on the 25th.
	mustContain(t, "date filter", admin.get("/admin/audit?from=2026-11-25&to=2026-11-25").Body, `<p class="count">5 changes</p>`, `value="2026-11-25"`)
	mustContain(t, "date filter", admin.get("/admin/audit?to=2026-11-24").Body, "No changes match these filters.")
	mustContain(t, "date filter", admin.get("/admin/audit?from=2026-11-26").Body, "No changes match these filters.")
	// A bad filter is explained and kept, the rest still applies; never a 500.
	res = admin.get("/admin/audit?id=seven&entity=contract")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, "The record number must be a whole number above zero.") ||
		!strings.Contains(res.Body, `value="seven"`) || !strings.Contains(res.Body, `<p class="count">1 change</p>`) {
		t.Errorf("bad id: %d", res.Code)
	}
	res = admin.get("/admin/audit?from=2026-13-01&to=soon")
	mustContain(t, "bad dates", res.Body, "The start date must be a date such as 2026-01-31.", "The end date must be a date such as 2026-01-31.",
		`<p class="count">5 changes</p>`)
	res = admin.get("/admin/audit?from=2026-11-25&to=2026-11-01")
	mustContain(t, "dates reversed", res.Body, "The end date must not be before the start date.")
}

// TestAuditViewersRead: auditors are viewers. Viewers and editors read the page, with
// the menu entry, the filters and the export link, and nothing that changes anything.
func TestAuditViewersRead(t *testing.T) {
	h := newHarness(t)
	ed := h.user("editor")
	h.writeAuditEntry(ed, "update", "vendor", 7, map[string]any{"name": "Acme"}, map[string]any{"name": "Acme Cloud"})
	for _, role := range []string{"viewer", "editor"} {
		c, _ := h.signIn(role)
		res := c.get("/admin/audit")
		if res.Code != http.StatusOK {
			t.Fatalf("%s: %d", role, res.Code)
		}
		mustContain(t, role, res.Body, `href="/admin/audit" aria-current="page"`, "Export to Excel", `<select id="entity" name="entity">`)
		mustContain(t, role, pageText(res.Body), "Name: Acme → Acme Cloud")
		main := res.Body[strings.Index(res.Body, "<main"):]
		for _, edit := range []string{`method="post"`, "btn-primary", "/edit", "/archive", "<textarea"} {
			if strings.Contains(main, edit) {
				t.Errorf("%s sees an edit control: %q", role, edit)
			}
		}
		if n := strings.Count(main, "<button"); n != 1 {
			t.Errorf("%s: %d buttons, want the filter's only", role, n)
		}
		if res := c.get("/admin/audit/export.xlsx"); res.Code != http.StatusOK {
			t.Errorf("%s export: %d", role, res.Code)
		}
	}
	if res := h.client().get("/admin/audit"); res.Code != http.StatusSeeOther {
		t.Errorf("signed out: %d", res.Code)
	}
}

// TestAuditFilterByEachKind: every kind of record that writes audit entries is in the
// filter, labelled, and selects its own entries only.
func TestAuditFilterByEachKind(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	for i, k := range outlay.AuditEntities {
		h.writeAuditEntry(nil, "update", k.Value, int64(100+i), map[string]any{"n": i}, map[string]any{"n": i + 1})
	}
	for i, k := range outlay.AuditEntities {
		res := c.get("/admin/audit?entity=" + k.Value)
		text := pageText(res.Body)
		mustContain(t, k.Value, res.Body, `<option value="`+k.Value+`" selected>`+k.Label+`</option>`)
		mustContain(t, k.Value, text, "Updated "+k.Label+" #"+itoa(int64(100+i)), "N: "+strconv.Itoa(i)+" → "+strconv.Itoa(i+1))
		for j, other := range outlay.AuditEntities {
			if j != i && strings.Contains(text, other.Label+" #"+itoa(int64(100+j))) {
				t.Errorf("filter %s shows %s #%d", k.Value, other.Value, 100+j)
			}
		}
	}
}

// TestAuditShowsRealChangesReadably goes through the real forms and storage: a vendor
// renamed by an editor reads "Name: Acme → Acme Cloud", and no secret a change touched
// (password hashes, token secrets, licence keys) reaches the page.
func TestAuditShowsRealChangesReadably(t *testing.T) {
	h := newHarness(t)
	v := h.vendor("Acme", "cloud")
	ed, edUser := h.signIn("editor")
	if res := ed.postForm("/vendors/"+itoa(v.ID), vendorForm(map[string]string{"name": "Acme Cloud"})); res.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.Code)
	}
	admin, me := h.signIn("admin")
	ctx := outlay.NewContextWithUser(context.Background(), me)
	secret, _, err := h.DB.CreateToken(ctx, me.ID, "CI")
	if err != nil {
		t.Fatal(err)
	}
	noteSecret("API token", secret)
	key := "LIC-KEY-9876-5432"
	noteSecret("licence key", key)
	lic := &outlay.Licence{Product: "Acrobat Pro", VendorID: v.ID, Kind: "per_user", SeatsPurchased: 10, SeatsAssigned: 6,
		UnitPrice: 1500, Currency: "EUR", Billing: "annual"}
	if err := h.DB.CreateLicence(ctx, lic, &key); err != nil {
		t.Fatal(err)
	}
	if _, err := h.DB.RevealLicenceKey(ctx, lic.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.DB.SetPasswordHash(ctx, edUser.ID, "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA"); err != nil {
		t.Fatal(err)
	}

	res := admin.get("/admin/audit?entity=vendor&id=" + itoa(v.ID))
	text := pageText(res.Body)
	mustContain(t, "vendor", text, "Updated Vendor #"+itoa(v.ID), "Name: Acme → Acme Cloud", "Website: — → https://acme.example")
	upd, _, _ := strings.Cut(text[strings.Index(text, "Updated Vendor"):], "Created Vendor")
	if strings.Contains(upd, "Category:") || !strings.Contains(text, "Created Vendor #"+itoa(v.ID)+" Archived: no Category: cloud") {
		t.Error("the rename lists the category, which did not change")
	}
	res = admin.get("/admin/audit")
	text = pageText(res.Body)
	mustContain(t, "secrets", text, "Key revealed Licence #"+itoa(lic.ID), "Key: revealed", "Key set: yes", "Password: changed", "Created API token")
	for _, s := range []string{secret, key, edUser.PasswordHash, me.PasswordHash, "$argon2id$", "hash"} {
		if strings.Contains(res.Body, s) {
			t.Errorf("the audit page shows a secret: %q", s)
		}
	}
}

func TestAuditPagePaginates(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	for i := 1; i <= 60; i++ {
		h.writeAuditEntry(nil, "update", "vendor", int64(i), nil, map[string]any{"n": i})
	}
	res := admin.get("/admin/audit?entity=vendor")
	if !strings.Contains(res.Body, `<p class="count">60 changes</p>`) || !strings.Contains(res.Body, "Vendor #60<") ||
		strings.Contains(res.Body, "Vendor #10<") || !strings.Contains(res.Body, `href="/admin/audit?entity=vendor&amp;page=2"`) {
		t.Fatal("first page")
	}
	res = admin.get("/admin/audit?entity=vendor&page=2")
	if strings.Count(res.Body, `<a href="/vendors/`) != 10 || !strings.Contains(res.Body, "Vendor #10<") || strings.Contains(res.Body, "Vendor #11<") {
		t.Fatal("second page")
	}
}

type apiAudit struct {
	ID        int64          `json:"id"`
	At        string         `json:"at"`
	UserID    *int64         `json:"user_id"`
	UserEmail string         `json:"user_email"`
	Action    string         `json:"action"`
	Entity    string         `json:"entity"`
	EntityID  int64          `json:"entity_id"`
	Before    map[string]any `json:"before"`
	After     map[string]any `json:"after"`
	Changes   []struct{ Field, Before, After string }
}

func TestAuditAPI(t *testing.T) {
	h := newHarness(t)
	// Auditors are viewers: the API is open to them.
	api, viewer := h.apiClient("viewer")
	ed := h.user("editor")
	h.writeAuditEntry(ed, "create", "contract", 3, nil, map[string]any{"title": "Support"})
	h.writeAuditEntry(ed, "update", "contract", 3, map[string]any{"title": "Support"}, map[string]any{"title": "Support 2027"})
	h.writeAuditEntry(ed, "update", "contract", 4, map[string]any{"title": "X"}, map[string]any{"title": "Y"})

	res := api.get("/api/v1/audit?entity=contract&id=3")
	if res.Code != http.StatusOK {
		t.Fatalf("audit API: %d %s", res.Code, res.Body)
	}
	var list struct {
		Items   []apiAudit `json:"items"`
		Total   int        `json:"total"`
		Page    int        `json:"page"`
		PerPage int        `json:"per_page"`
	}
	res.JSON(t, &list)
	if list.Total != 2 || len(list.Items) != 2 || list.Page != 1 || list.PerPage != 50 {
		t.Fatalf("envelope: %+v", list)
	}
	upd, cre := list.Items[0], list.Items[1]
	if upd.Action != "update" || cre.Action != "create" || upd.ID <= cre.ID {
		t.Errorf("not newest first: %+v", list.Items)
	}
	if upd.Entity != "contract" || upd.EntityID != 3 || upd.UserID == nil || *upd.UserID != ed.ID || upd.UserEmail != "editor@example.com" ||
		upd.At != "2026-11-25T09:30:00Z" || upd.Before["title"] != "Support" || upd.After["title"] != "Support 2027" {
		t.Errorf("update entry: %+v", upd)
	}
	if !strings.Contains(res.Body, `"before":null`) || cre.After["title"] != "Support" {
		t.Errorf("create entry: before must be null: %s", res.Body)
	}
	// The readable list is the page's.
	if len(upd.Changes) != 1 || upd.Changes[0].Field != "Title" || upd.Changes[0].Before != "Support" || upd.Changes[0].After != "Support 2027" ||
		!strings.Contains(res.Body, `"changes":[{"field":"Title","before":"","after":"Support"}]`) {
		t.Errorf("changes: %+v / %s", upd.Changes, res.Body)
	}

	// By action and by dates (both days included).
	res = api.get("/api/v1/audit?entity=contract&action=update")
	res.JSON(t, &list)
	if list.Total != 2 || list.Items[0].EntityID != 4 {
		t.Errorf("action filter: %+v", list)
	}
	res = api.get("/api/v1/audit?entity=contract&from=2026-11-25&to=2026-11-25")
	res.JSON(t, &list)
	if list.Total != 3 {
		t.Errorf("date filter: %+v", list)
	}
	res = api.get("/api/v1/audit?entity=contract&to=2026-11-24")
	res.JSON(t, &list)
	if list.Total != 0 {
		t.Errorf("date filter before: %+v", list)
	}

	// By user, with paging.
	res = api.get("/api/v1/audit?user_id=" + strconv.FormatInt(ed.ID, 10) + "&per_page=2&page=2")
	res.JSON(t, &list)
	if list.Total != 3 || len(list.Items) != 1 || list.Items[0].EntityID != 3 || list.Items[0].Action != "create" || list.PerPage != 2 || list.Page != 2 {
		t.Errorf("user filter and paging: %+v", list)
	}
	res = api.get("/api/v1/audit?user_id=" + strconv.FormatInt(viewer.ID, 10))
	if !strings.Contains(res.Body, `"items":[]`) || !strings.Contains(res.Body, `"total":0`) {
		t.Errorf("no entries: %s", res.Body)
	}

	// Bad input is a 400 that names the parameter.
	res = api.get("/api/v1/audit?entity=contract&id=abc")
	var apiErr struct {
		Error  string            `json:"error"`
		Fields map[string]string `json:"fields"`
	}
	res.JSON(t, &apiErr)
	if res.Code != http.StatusBadRequest || apiErr.Fields["id"] == "" {
		t.Errorf("id=abc: %d %s", res.Code, res.Body)
	}
	res = api.get("/api/v1/audit?from=25/11/2026&to=2026-11-20")
	res.JSON(t, &apiErr)
	if res.Code != http.StatusBadRequest || apiErr.Fields["from"] != "must be a date such as 2026-01-31" {
		t.Errorf("from=25/11/2026: %d %s", res.Code, res.Body)
	}
	res = api.get("/api/v1/audit?from=2026-11-25&to=2026-11-20")
	res.JSON(t, &apiErr)
	if res.Code != http.StatusBadRequest || apiErr.Fields["to"] != "must not be before the start date" {
		t.Errorf("reversed dates: %d %s", res.Code, res.Body)
	}
	if res := h.client().get("/api/v1/audit"); res.Code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", res.Code)
	}
}

// TestAuditExport: the filtered log as a workbook, one row per changed field, the time a
// real date-time cell, a value that looks like a formula kept as text, and the filter in
// words in the header.
func TestAuditExport(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	ed := h.user("editor")
	h.writeAuditEntry(ed, "update", "vendor", 12, map[string]any{"name": "Acme", "notes": "=HYPERLINK(\"http://x\")", "status": "active"},
		map[string]any{"name": "Acme Cloud", "notes": "-2+3", "status": "active"})
	h.writeAuditEntry(ed, "create", "contract", 12, nil, map[string]any{"title": "Support", "first_term": map[string]any{"price": "1200.00"}})
	h.writeAuditEntry(nil, "update", "vendor", 13, map[string]any{"name": "Other"}, map[string]any{"name": "Other Ltd"})

	page := c.get("/admin/audit?entity=vendor&id=12&action=update")
	mustContain(t, "page", page.Body, `href="/admin/audit/export.xlsx?action=update&amp;entity=vendor&amp;id=12"`)
	res := c.get("/admin/audit/export.xlsx?action=update&entity=vendor&id=12")
	if res.Code != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), `filename="outlay-audit-2026-11-25.xlsx"`) {
		t.Fatalf("export: %d %v", res.Code, res.Header)
	}
	f := openWorkbook(t, res.Body)
	rows, err := f.GetRows("Audit log")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 || rows[2][0] != "Filter: Vendor #12; action Updated" {
		t.Fatalf("filter line: %q", rows)
	}
	want := [][]string{
		{"When (UTC)", "User", "Action", "Entity", "Entity ID", "Field", "Before", "After"},
		{"2026-11-25 09:30:00", "editor@example.com", "Updated", "Vendor", "12", "Name", "Acme", "Acme Cloud"},
		{"2026-11-25 09:30:00", "editor@example.com", "Updated", "Vendor", "12", "Notes", `=HYPERLINK("http://x")`, "-2+3"}, // text with quotePrefix
	}
	if len(rows) != 4+len(want) {
		t.Fatalf("rows: %q", rows)
	}
	for i, w := range want {
		if strings.Join(rows[4+i], "|") != strings.Join(w, "|") {
			t.Errorf("row %d: %q, want %q", 5+i, rows[4+i], w)
		}
	}
	// The time is a number formatted as a date-time, not text.
	raw, _ := f.GetCellValue("Audit log", "A6", excelize.Options{RawCellValue: true})
	if n, err := strconv.ParseFloat(raw, 64); err != nil || n < 46351.39 || n > 46351.40 {
		t.Errorf("A6 raw %q: want the serial of 2026-11-25 09:30", raw)
	}
	if typ, _ := f.GetCellType("Audit log", "A6"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("A6 is text")
	}
	for _, cell := range []string{"G7", "H7"} {
		if formula, _ := f.GetCellFormula("Audit log", cell); formula != "" {
			t.Errorf("%s became a formula: %q", cell, formula)
		}
		if typ, _ := f.GetCellType("Audit log", cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s is not text: %v", cell, typ)
		}
	}

	// No filter: every entry, newest first; a create lists every field, nested ones flattened.
	f = openWorkbook(t, c.get("/admin/audit/export.xlsx").Body)
	rows, _ = f.GetRows("Audit log")
	if rows[2][0] != "Filter: all records" {
		t.Errorf("filter line: %q", rows[2])
	}
	var got []string
	for _, r := range rows[5:] {
		got = append(got, r[3]+" "+r[4]+" "+r[5]+" "+strings.Join(r[6:], "→"))
	}
	mustContain(t, "export", strings.Join(got, "\n"), "Vendor 13 Name Other→Other Ltd\nContract 12 First term · Price →1200.00\nContract 12 Title →Support\nVendor 12 Name Acme→Acme Cloud")
	if last := rows[len(rows)-1]; last[1] != "system" || last[2] != "Created" || last[3] != "User" {
		t.Errorf("oldest row: %q", last)
	}

	// The words of each filter.
	f = openWorkbook(t, c.get("/admin/audit/export.xlsx?entity=contract&user_id="+itoa(ed.ID)+"&from=2026-11-01&to=2026-11-30").Body)
	rows, _ = f.GetRows("Audit log")
	if rows[2][0] != "Filter: every contract; by editor@example.com; from 2026-11-01 to 2026-11-30" || len(rows) != 7 {
		t.Errorf("filter line: %q (%d rows)", rows[2], len(rows))
	}
}
