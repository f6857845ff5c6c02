package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

func TestUserAdminRoles(t *testing.T) {
	h := newHarness(t)
	h.user("admin")
	for _, role := range []string{"editor", "viewer"} {
		c, _ := h.signIn(role)
		for _, p := range []string{"/admin/users", "/admin/users/new", "/admin/users/1/edit"} {
			if res := c.get(p); res.Code != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", role, p, res.Code)
			}
		}
		res := c.postForm("/admin/users", url.Values{"name": {"Eve"}, "email": {"eve@example.com"}, "role": {"admin"}, "password": {testPassword}})
		if res.Code != http.StatusForbidden {
			t.Errorf("%s POST /admin/users: %d, want 403", role, res.Code)
		}
		res = c.postForm("/admin/users/1", url.Values{"name": {"Eve"}, "role": {"viewer"}})
		if res.Code != http.StatusForbidden {
			t.Errorf("%s POST /admin/users/1: %d, want 403", role, res.Code)
		}
	}
	if _, err := h.DB.FindUserByEmail(context.Background(), "eve@example.com"); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatal("a refused request created a user")
	}
}

func TestUserAdminCreate(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")

	res := admin.get("/admin/users/new")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, `<option value="viewer" selected>`) {
		t.Fatalf("new user form: %d (viewer should be the default role)", res.Code)
	}

	tests := []struct {
		name       string
		form       url.Values
		field, msg string
	}{
		{"short password", url.Values{"name": {"Ed Itor"}, "email": {"ed@example.com"}, "role": {"editor"}, "password": {"short"}}, "password", "use at least 10 characters"},
		{"bad role", url.Values{"name": {"Ed Itor"}, "email": {"ed@example.com"}, "role": {"owner"}, "password": {testPassword}}, "role", "must be one of"},
		{"bad email", url.Values{"name": {"Ed Itor"}, "email": {"ed-at-example"}, "role": {"editor"}, "password": {testPassword}}, "email", "not a valid email"},
		{"taken email", url.Values{"name": {"Ed Itor"}, "email": {"ADMIN@example.com"}, "role": {"editor"}, "password": {testPassword}}, "email", "already in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := admin.postForm("/admin/users", tt.form)
			if res.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Code)
			}
			if !strings.Contains(res.Body, `id="e-`+tt.field+`">`+tt.msg) {
				t.Errorf("no %q beside %s", tt.msg, tt.field)
			}
			if !strings.Contains(res.Body, `value="Ed Itor"`) || !strings.Contains(res.Body, `value="`+tt.form.Get("email")+`"`) {
				t.Error("typed name or email not kept")
			}
			if tt.form.Get("role") == "editor" && !strings.Contains(res.Body, `<option value="editor" selected>`) {
				t.Error("chosen role not kept")
			}
			if strings.Contains(res.Body, testPassword) {
				t.Error("the password was sent back into the page")
			}
		})
	}
	if !strings.Contains(admin.postForm("/admin/users", tests[3].form).Body, "A user with this email already exists.") {
		t.Error("the duplicate is not explained at the top")
	}

	res = admin.postForm("/admin/users", url.Values{"name": {"Ed Itor"}, "email": {"Ed@Example.com"}, "role": {"editor"}, "password": {testPassword}})
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users" {
		t.Fatalf("create: %d %q", res.Code, res.Header.Get("Location"))
	}
	res = admin.get("/admin/users")
	for _, want := range []string{"User Ed Itor (ed@example.com) added.", "ed@example.com", ">editor<", `<p class="count">2 users</p>`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("users page lacks %q", want)
		}
	}
	// The new editor signs in and edits, but cannot manage users.
	ed := h.client()
	if res := ed.postForm("/login", url.Values{"email": {"ed@example.com"}, "password": {testPassword}}); res.Code != http.StatusSeeOther {
		t.Fatalf("new editor signs in: %d", res.Code)
	}
	if res := ed.get("/admin/users"); res.Code != http.StatusForbidden {
		t.Errorf("editor on /admin/users: %d", res.Code)
	}
	u, _ := h.DB.FindUserByEmail(context.Background(), "ed@example.com")
	entries, _, _ := h.DB.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "user", EntityID: &u.ID})
	if len(entries) != 1 || entries[0].Action != "create" || entries[0].UserEmail != "admin@example.com" || entries[0].Before != nil {
		t.Errorf("create not audited as the admin: %+v", entries)
	}
	if strings.Contains(string(entries[0].After), "argon2") {
		t.Error("the audit log holds the password hash")
	}
}

func TestUserAdminListFiltersAndSorts(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	h.user("editor", "zed@example.com")
	h.user("viewer", "amy@example.com")
	res := admin.get("/admin/users?sort=email")
	a, z := strings.Index(res.Body, "amy@example.com"), strings.Index(res.Body, "zed@example.com")
	if a < 0 || z < 0 || a > z {
		t.Errorf("sort by email: amy at %d, zed at %d", a, z)
	}
	if !strings.Contains(res.Body, `aria-sort="ascending"`) {
		t.Error("sorted header not marked")
	}
	res = admin.get("/admin/users?sort=email&dir=desc")
	if strings.Index(res.Body, "amy@example.com") < strings.Index(res.Body, "zed@example.com") {
		t.Error("descending sort ignored")
	}
	res = admin.get("/admin/users?role=viewer")
	if !strings.Contains(res.Body, "amy@example.com") || strings.Contains(res.Body, "zed@example.com") || !strings.Contains(res.Body, "1 user<") {
		t.Error("role filter")
	}
	res = admin.get("/admin/users?q=ZED")
	if !strings.Contains(res.Body, "zed@example.com") || strings.Contains(res.Body, "amy@example.com") {
		t.Error("search")
	}
	res = admin.get("/admin/users?status=deactivated")
	if !strings.Contains(res.Body, "No users match these filters.") {
		t.Error("empty state")
	}
}

func TestUserAdminEdit(t *testing.T) {
	h := newHarness(t)
	admin, me := h.signIn("admin")
	other, u := h.signIn("editor")
	path := "/admin/users/" + strconv.FormatInt(u.ID, 10)

	res := admin.get(path + "/edit")
	if res.Code != http.StatusOK || !strings.Contains(res.Body, `value="Editor User"`) || !strings.Contains(res.Body, "editor@example.com") ||
		!strings.Contains(res.Body, `name="active" value="1" checked`) || strings.Contains(res.Body, `name="email"`) {
		t.Fatalf("edit form: %d %s", res.Code, res.Body)
	}
	for _, p := range []string{"/admin/users/999/edit", "/admin/users/abc/edit"} {
		if res := admin.get(p); res.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.Code)
		}
	}

	// Role change.
	res = admin.postForm(path, url.Values{"name": {"Eddie"}, "role": {"viewer"}, "active": {"1"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("role change: %d %s", res.Code, res.Body)
	}
	got, _ := h.DB.FindUserByID(context.Background(), u.ID)
	if got.Role != "viewer" || got.Name != "Eddie" || !got.Active || got.Email != u.Email {
		t.Fatalf("after role change: %+v", got)
	}
	if res := admin.get("/admin/users"); !strings.Contains(res.Body, "User Eddie saved.") {
		t.Error("no flash after save")
	}
	// The change takes effect on the user's next request.
	if res := other.get("/profile"); !strings.Contains(res.Body, "Eddie") || !strings.Contains(res.Body, "Viewer") {
		t.Error("the user's session does not see the new role")
	}

	// Bad input comes back with what was typed.
	res = admin.postForm(path, url.Values{"name": {""}, "role": {"viewer"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-name">required`) ||
		strings.Contains(res.Body, `name="active" value="1" checked`) {
		t.Fatalf("empty name: %d", res.Code)
	}

	// Deactivation ends the user's session and sign-in.
	res = admin.postForm(path, url.Values{"name": {"Eddie"}, "role": {"viewer"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.Code)
	}
	if res := other.get("/profile"); res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("deactivated user's session: %d %q", res.Code, res.Header.Get("Location"))
	}
	if res := h.client().postForm("/login", url.Values{"email": {u.Email}, "password": {testPassword}}); res.Code != http.StatusUnauthorized {
		t.Errorf("deactivated user signs in: %d", res.Code)
	}
	if res := admin.get("/admin/users"); !strings.Contains(res.Body, "Deactivated") {
		t.Error("list does not show the deactivation")
	}
	if res := admin.get(path + "/edit"); !strings.Contains(res.Body, "History (3 changes)") || !strings.Contains(res.Body, `<span class="change-field">Active:</span> <del>yes</del> → <ins>no</ins>`) {
		t.Error("the edit page lacks the user's history")
	}
	entries, _, _ := h.DB.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "user", EntityID: &u.ID, Limit: 1})
	if len(entries) != 1 || !strings.Contains(string(entries[0].Before), `"active":true`) || !strings.Contains(string(entries[0].After), `"active":false`) {
		t.Errorf("deactivation audit: %+v", entries)
	}

	// An administrator cannot deactivate themselves.
	mine := "/admin/users/" + strconv.FormatInt(me.ID, 10)
	res = admin.postForm(mine, url.Values{"name": {me.Name}, "role": {"admin"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "You cannot deactivate your own account") {
		t.Fatalf("self-deactivation: %d", res.Code)
	}
	// The last active administrator cannot be demoted.
	res = admin.postForm(mine, url.Values{"name": {me.Name}, "role": {"editor"}, "active": {"1"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "This is the last active administrator") ||
		!strings.Contains(res.Body, `<option value="editor" selected>`) {
		t.Fatalf("last admin demoted: %d", res.Code)
	}
	if got, _ := h.DB.FindUserByID(context.Background(), me.ID); got.Role != "admin" || !got.Active {
		t.Fatalf("last admin changed: %+v", got)
	}
	// With a second administrator, the first may step down.
	h.user("admin", "second@example.com")
	if res := admin.postForm(mine, url.Values{"name": {me.Name}, "role": {"editor"}, "active": {"1"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("demotion with another admin: %d", res.Code)
	}
	if res := admin.get("/admin/users"); res.Code != http.StatusForbidden {
		t.Errorf("demoted admin still on the admin pages: %d", res.Code)
	}
}

func TestUserAdminListPaginates(t *testing.T) {
	h := newHarness(t)
	admin, me := h.signIn("admin")
	for i := 1; i <= 54; i++ {
		u := &outlay.User{Email: "u" + strconv.Itoa(100+i) + "@example.com", Name: "U" + strconv.Itoa(100+i), Role: "viewer", PasswordHash: me.PasswordHash}
		if err := h.DB.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	res := admin.get("/admin/users?sort=email")
	if !strings.Contains(res.Body, `<p class="count">55 users</p>`) || strings.Count(res.Body, `/edit">`) != 50 || !strings.Contains(res.Body, `page=2`) {
		t.Fatal("first page")
	}
	res = admin.get("/admin/users?sort=email&page=2")
	if strings.Count(res.Body, `/edit">`) != 5 || !strings.Contains(res.Body, "u154@example.com") || strings.Contains(res.Body, "u149@example.com") {
		t.Fatal("second page")
	}
}
