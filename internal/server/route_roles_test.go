package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"outlay/internal/outlay"
)

// Who may use a route. public needs no sign-in; the others are the least role.
const (
	public = "public"
	viewer = outlay.RoleViewer
	editor = outlay.RoleEditor
	admin  = outlay.RoleAdmin
)

// routeRoles holds every registered route to the least role it requires. A route added
// without an entry here fails TestEveryRouteChecksItsRole, so nobody adds one without
// deciding who may use it.
var routeRoles = []struct{ method, path, role string }{
	{"GET", "/", viewer},
	{"GET", "/admin/audit", viewer},
	{"GET", "/admin/audit/export.xlsx", viewer},
	{"GET", "/admin/rates", admin},
	{"POST", "/admin/rates", admin},
	{"GET", "/admin/rates/:id/delete", admin},
	{"POST", "/admin/rates/:id/delete", admin},
	{"GET", "/admin/settings", admin},
	{"POST", "/admin/settings", admin},
	{"GET", "/admin/users", admin},
	{"POST", "/admin/users", admin},
	{"POST", "/admin/users/:id", admin},
	{"GET", "/admin/users/:id/edit", admin},
	{"GET", "/admin/users/new", admin},
	{"GET", "/api/docs", public},
	{"GET", "/api/v1/openapi.json", public},
	{"GET", "/api/v1/audit", viewer},
	{"GET", "/api/v1/budget-lines", viewer},
	{"POST", "/api/v1/budget-lines", editor},
	{"DELETE", "/api/v1/budget-lines/:id", editor},
	{"GET", "/api/v1/budget-lines/:id", viewer},
	{"PATCH", "/api/v1/budget-lines/:id", editor},
	{"POST", "/api/v1/budget-lines/copy", editor},
	{"GET", "/api/v1/contracts", viewer},
	{"POST", "/api/v1/contracts", editor},
	{"DELETE", "/api/v1/contracts/:id", editor},
	{"GET", "/api/v1/contracts/:id", viewer},
	{"PATCH", "/api/v1/contracts/:id", editor},
	{"POST", "/api/v1/contracts/:id/decision", editor},
	{"POST", "/api/v1/contracts/:id/renew", editor},
	{"PATCH", "/api/v1/contracts/:id/terms/:term", editor},
	{"DELETE", "/api/v1/contracts/:id/terms/:term", editor},
	{"GET", "/api/v1/exports/audit", viewer},
	{"GET", "/api/v1/exports/budget", viewer},
	{"GET", "/api/v1/exports/contracts", viewer},
	{"GET", "/api/v1/exports/licences", viewer},
	{"GET", "/api/v1/exports/quarterly", viewer},
	{"GET", "/api/v1/exports/spend", viewer},
	{"GET", "/api/v1/exports/vendors", viewer},
	{"POST", "/api/v1/imports/:kind", editor},
	{"GET", "/api/v1/imports/:kind/template.xlsx", editor},
	{"GET", "/api/v1/licences", viewer},
	{"POST", "/api/v1/licences", editor},
	{"DELETE", "/api/v1/licences/:id", editor},
	{"GET", "/api/v1/licences/:id", viewer},
	{"PATCH", "/api/v1/licences/:id", editor},
	{"POST", "/api/v1/licences/:id/reveal", admin},
	{"GET", "/api/v1/rates", viewer},
	{"POST", "/api/v1/rates", admin},
	{"DELETE", "/api/v1/rates/:id", admin},
	{"GET", "/api/v1/settings", viewer},
	{"PATCH", "/api/v1/settings", admin},
	{"GET", "/api/v1/spend", viewer},
	{"POST", "/api/v1/spend", editor},
	{"DELETE", "/api/v1/spend/:id", editor},
	{"GET", "/api/v1/spend/:id", viewer},
	{"PATCH", "/api/v1/spend/:id", editor},
	{"GET", "/api/v1/vendors", viewer},
	{"POST", "/api/v1/vendors", editor},
	{"DELETE", "/api/v1/vendors/:id", editor},
	{"GET", "/api/v1/vendors/:id", viewer},
	{"PATCH", "/api/v1/vendors/:id", editor},
	{"GET", "/calendar/:file", public},
	// Monitoring's probes need no session: health.go.
	{"GET", "/healthz", public},
	{"GET", "/readyz", public},
	{"GET", "/metrics", public},
	{"GET", "/budget", viewer},
	{"POST", "/budget", editor},
	{"GET", "/budget/:id", viewer},
	{"POST", "/budget/:id", editor},
	{"GET", "/budget/:id/delete", editor},
	{"POST", "/budget/:id/delete", editor},
	{"GET", "/budget/:id/edit", editor},
	{"GET", "/budget/copy", editor},
	{"POST", "/budget/copy", editor},
	{"GET", "/budget/export.xlsx", viewer},
	{"GET", "/budget/new", editor},
	{"GET", "/contracts", viewer},
	{"POST", "/contracts", editor},
	{"GET", "/contracts/:id", viewer},
	{"POST", "/contracts/:id", editor},
	{"GET", "/contracts/:id/archive", editor},
	{"POST", "/contracts/:id/archive", editor},
	{"POST", "/contracts/:id/decision", editor},
	{"GET", "/contracts/:id/edit", editor},
	{"GET", "/contracts/:id/renew", editor},
	{"POST", "/contracts/:id/renew", editor},
	{"POST", "/contracts/:id/terms/:term", editor},
	{"GET", "/contracts/:id/terms/:term/delete", editor},
	{"POST", "/contracts/:id/terms/:term/delete", editor},
	{"GET", "/contracts/:id/terms/:term/edit", editor},
	{"GET", "/contracts/export.xlsx", viewer},
	{"GET", "/contracts/new", editor},
	{"GET", "/imports", editor},
	{"GET", "/imports/:ref", editor},
	{"POST", "/imports/:ref", editor},
	{"POST", "/imports/:ref/commit", editor},
	{"GET", "/imports/:ref/template.xlsx", editor},
	{"GET", "/licences", viewer},
	{"POST", "/licences", editor},
	{"GET", "/licences/:id", viewer},
	{"POST", "/licences/:id", editor},
	{"GET", "/licences/:id/archive", editor},
	{"POST", "/licences/:id/archive", editor},
	{"GET", "/licences/:id/edit", editor},
	{"POST", "/licences/:id/reveal", admin},
	{"GET", "/licences/export.xlsx", viewer},
	{"GET", "/licences/new", editor},
	{"GET", "/login", public},
	{"POST", "/login", public},
	{"POST", "/logout", public},
	{"GET", "/password/forgot", public},
	{"POST", "/password/forgot", public},
	{"GET", "/password/reset/:token", public},
	{"POST", "/password/reset/:token", public},
	{"GET", "/notifications", admin},
	{"POST", "/notifications/test", admin},
	{"POST", "/notifications/emails/:id/retry", admin},
	{"GET", "/pickers/contracts", viewer},
	{"GET", "/pickers/vendors", viewer},
	{"GET", "/profile", viewer},
	{"GET", "/renewals", viewer},
	{"GET", "/reports", viewer},
	{"GET", "/reports/quarterly.xlsx", viewer},
	{"POST", "/profile/calendar", viewer},
	{"POST", "/profile/calendar/revoke", viewer},
	{"POST", "/profile/digest", viewer},
	{"POST", "/profile/password", viewer},
	{"POST", "/profile/tokens", viewer},
	{"POST", "/profile/tokens/:id/revoke", viewer},
	{"GET", "/setup", public},
	{"POST", "/setup", public},
	{"GET", "/spend", viewer},
	{"POST", "/spend", editor},
	{"GET", "/spend/:id", viewer},
	{"POST", "/spend/:id", editor},
	{"GET", "/spend/:id/delete", editor},
	{"POST", "/spend/:id/delete", editor},
	{"GET", "/spend/:id/edit", editor},
	{"GET", "/spend/export.xlsx", viewer},
	{"GET", "/spend/new", editor},
	{"GET", "/vendors", viewer},
	{"POST", "/vendors", editor},
	{"GET", "/vendors/:id", viewer},
	{"POST", "/vendors/:id", editor},
	{"GET", "/vendors/:id/archive", editor},
	{"POST", "/vendors/:id/archive", editor},
	{"GET", "/vendors/:id/edit", editor},
	{"GET", "/vendors/export.xlsx", viewer},
	{"GET", "/vendors/new", editor},
}

// TestEveryRouteChecksItsRole sends every registered route as an anonymous visitor, as a
// deactivated user's API token, and as a viewer, an editor and an administrator, and holds
// each answer to the route's role: below it, pages send anonymous visitors to sign in and
// answer 403 to signed-in users, the API answers 401 and 403; at or above it, the request
// reaches its handler (whatever it answers, it is not 401, 403, a sign-in redirect or a
// server error).
func TestEveryRouteChecksItsRole(t *testing.T) {
	h := newHarness(t)
	h.user(outlay.RoleAdmin) // the installation is set up

	registered := map[string]bool{}
	for _, r := range h.Srv.Routes() {
		registered[r.Method+" "+r.Path] = true
	}
	want := map[string]string{}
	for _, r := range routeRoles {
		key := r.method + " " + r.path
		want[key] = r.role
		if !registered[key] {
			t.Errorf("%s is in routeRoles but not registered", key)
		}
	}
	for key := range registered {
		if _, ok := want[key]; !ok {
			t.Errorf("%s is registered but has no entry in routeRoles: decide its role", key)
		}
	}

	type identity struct {
		name string
		role string // "" for nobody
		page *client
		api  *client
	}
	anon := h.client()
	gone, goneUser := h.apiClient(outlay.RoleEditor)
	goneUser.Active = false
	if err := h.DB.UpdateUser(context.Background(), goneUser); err != nil {
		t.Fatal(err)
	}
	ids := []*identity{{name: "anonymous", page: anon, api: anon}, {name: "deactivated token", page: gone, api: gone}}
	for _, role := range []string{viewer, editor, admin} {
		page, _ := h.signIn(role)
		api, _ := h.apiClient(role)
		ids = append(ids, &identity{name: role, role: role, page: page, api: api})
	}

	for _, r := range routeRoles {
		path := strings.ReplaceAll(r.path, ":id", "999999")
		// The pickers answer JSON to outlay.js: like the API, 401 rather than a redirect.
		isAPI := strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/pickers/")
		for _, id := range ids {
			c := id.page
			if isAPI {
				c = id.api
			}
			var body = strings.NewReader("")
			ct := "application/x-www-form-urlencoded"
			if isAPI {
				body, ct = strings.NewReader("{}"), "application/json"
			}
			if r.method == http.MethodGet || r.method == http.MethodHead {
				ct = ""
			}
			res := c.do(r.method, path, body, ct)
			what := r.method + " " + path + " as " + id.name
			allowed := r.role == public || (id.role != "" && outlay.RoleAtLeast(id.role, r.role))
			switch {
			case r.role == public:
				// Sign-in, sign-out, set-up and assets answer everyone in their own way (a
				// deactivated token is refused before any handler); none may fail.
				if res.Code >= 500 {
					t.Errorf("%s: %d", what, res.Code)
				}
			case allowed:
				if res.Code == http.StatusUnauthorized || res.Code == http.StatusForbidden || res.Code >= 500 ||
					strings.HasPrefix(res.Header.Get("Location"), "/login") {
					t.Errorf("%s: %d (Location %q), want the handler's answer", what, res.Code, res.Header.Get("Location"))
				}
			case id.name == "anonymous" && !isAPI:
				if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
					t.Errorf("%s: %d (Location %q), want 303 to /login", what, res.Code, res.Header.Get("Location"))
				}
			case id.role == "":
				if res.Code != http.StatusUnauthorized {
					t.Errorf("%s: %d, want 401", what, res.Code)
				}
			default:
				if res.Code != http.StatusForbidden {
					t.Errorf("%s: %d, want 403", what, res.Code)
				}
			}
			if r.path == "/logout" && id.role != "" {
				// Signing out ended this identity's session: sign in again for the rest.
				id.page, _ = h.signIn(id.role)
			}
		}
	}
}
