package server_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

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

func TestAuditPage(t *testing.T) {
	h := newHarness(t)
	admin, me := h.signIn("admin")
	ed := h.user("editor")
	h.writeAuditEntry(ed, "create", "vendor", 7, nil, map[string]any{"name": "Acme"})
	h.writeAuditEntry(ed, "update", "contract", 3, map[string]any{"title": "Old"}, map[string]any{"title": "New"})
	h.writeAuditEntry(me, "archive", "vendor", 7, map[string]any{"status": "active"}, map[string]any{"status": "archived"})

	res := admin.get("/admin/audit")
	if res.Code != http.StatusOK {
		t.Fatalf("audit page: %d", res.Code)
	}
	// Newest first: the archive, the contract update, the vendor create, then the two
	// user creations of the set-up (written as system work).
	archive := strings.Index(res.Body, ">archive<")
	update := strings.Index(res.Body, ">update<")
	create := strings.LastIndex(res.Body, `<a href="/vendors/7">vendor #7</a>`)
	if archive < 0 || update < 0 || create < 0 || !(archive < update && update < create) {
		t.Errorf("not newest first: archive %d, update %d, create %d", archive, update, create)
	}
	for _, want := range []string{`<p class="count">5 changes</p>`, `<a href="/contracts/3">contract #3</a>`, "user #" + strconv.FormatInt(ed.ID, 10),
		"system", "editor@example.com", `<pre class="json">{
  &#34;title&#34;: &#34;Old&#34;
}</pre>`, `<option value="token">Token</option>`, "Editor User (editor@example.com)"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}

	// By entity.
	res = admin.get("/admin/audit?entity=vendor")
	if !strings.Contains(res.Body, `<p class="count">2 changes</p>`) || strings.Contains(res.Body, "contract #3") ||
		!strings.Contains(res.Body, `<option value="vendor" selected>`) {
		t.Errorf("entity filter: %s", res.Body)
	}
	res = admin.get("/admin/audit?entity=vendor&id=8")
	if !strings.Contains(res.Body, "No changes match these filters.") {
		t.Error("entity and id filter")
	}
	// By user.
	res = admin.get("/admin/audit?user_id=" + strconv.FormatInt(ed.ID, 10))
	if !strings.Contains(res.Body, `<p class="count">2 changes</p>`) || strings.Contains(res.Body, ">archive<") ||
		!strings.Contains(res.Body, `<option value="`+strconv.FormatInt(ed.ID, 10)+`" selected>`) {
		t.Error("user filter")
	}
	// A bad id is explained, not a 500.
	res = admin.get("/admin/audit?id=seven")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, "The record number must be a whole number above zero.") || !strings.Contains(res.Body, `value="seven"`) {
		t.Errorf("bad id: %d", res.Code)
	}
}

func TestAuditPagePaginates(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	for i := 1; i <= 60; i++ {
		h.writeAuditEntry(nil, "update", "vendor", int64(i), nil, map[string]any{"n": i})
	}
	res := admin.get("/admin/audit?entity=vendor")
	if !strings.Contains(res.Body, `<p class="count">60 changes</p>`) || !strings.Contains(res.Body, "vendor #60<") ||
		strings.Contains(res.Body, "vendor #10<") || !strings.Contains(res.Body, `href="/admin/audit?entity=vendor&amp;page=2"`) {
		t.Fatal("first page")
	}
	res = admin.get("/admin/audit?entity=vendor&page=2")
	if strings.Count(res.Body, `<a href="/vendors/`) != 10 || !strings.Contains(res.Body, "vendor #10<") || strings.Contains(res.Body, "vendor #11<") {
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
	if res := h.client().get("/api/v1/audit"); res.Code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", res.Code)
	}
}
