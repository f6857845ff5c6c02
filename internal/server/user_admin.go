package server

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/internal/password"
)

// userStatuses are the choices of the users list's status filter.
var userStatuses = []string{"active", "deactivated"}

// userListView is the users page.
type userListView struct {
	List     *List
	Count    string // "12 users"
	Users    []*outlay.User
	Roles    []Option
	Statuses []Option
}

// userList shows every user. outlay.UserFilter has no search, role or sort fields, and
// an organisation has tens of users, not thousands, so the page filters, sorts and
// pages the full list here rather than in SQL.
func (s *Server) userList(c *gin.Context) {
	l := newList(c, "name", false, "name", "email", "role", "status", "last_login", "created")
	all, _, err := s.users.FindUsers(c.Request.Context(), outlay.UserFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	users := filterUsers(all, l.Filter("q"), l.Filter("role"), l.Filter("status"))
	sortUsers(users, l.Sort, l.Desc)
	l.Total = len(users)
	from := min(l.Offset(), len(users))
	to := min(from+l.PerPage, len(users))
	p := s.page(c, "Users", "users", Crumb{Label: "Users"})
	p.Data = userListView{
		List:     l,
		Count:    countOf(l.Total, "user", "users"),
		Users:    users[from:to],
		Roles:    options(outlay.Roles, "Any role"),
		Statuses: options(userStatuses, "Any status"),
	}
	s.render(c, http.StatusOK, "user_list", p)
}

func filterUsers(all []*outlay.User, q, role, status string) []*outlay.User {
	q = strings.ToLower(strings.TrimSpace(q))
	var out []*outlay.User
	for _, u := range all {
		if q != "" && !strings.Contains(strings.ToLower(u.Name), q) && !strings.Contains(u.Email, q) {
			continue
		}
		if role != "" && u.Role != role {
			continue
		}
		if (status == "active" && !u.Active) || (status == "deactivated" && u.Active) {
			continue
		}
		out = append(out, u)
	}
	return out
}

// sortUsers orders users by a whitelisted key; ties fall back to the email, which is
// unique, so the order (and so the paging) is stable.
func sortUsers(users []*outlay.User, key string, desc bool) {
	less := func(a, b *outlay.User) int {
		switch key {
		case "email":
			return strings.Compare(a.Email, b.Email)
		case "role":
			return userRoleRank(a.Role) - userRoleRank(b.Role)
		case "status":
			return userInactiveRank(a) - userInactiveRank(b)
		case "last_login":
			return compareLastLogin(a, b)
		case "created":
			return a.CreatedAt.Compare(b.CreatedAt)
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	}
	sort.SliceStable(users, func(i, j int) bool {
		n := less(users[i], users[j])
		if n == 0 {
			return users[i].Email < users[j].Email
		}
		if desc {
			return n > 0
		}
		return n < 0
	})
}

// userRoleRank orders roles from most to least powerful, as outlay.Roles lists them.
func userRoleRank(role string) int {
	for i, r := range outlay.Roles {
		if r == role {
			return i
		}
	}
	return len(outlay.Roles)
}

// userInactiveRank puts active users before deactivated ones.
func userInactiveRank(u *outlay.User) int {
	if u.Active {
		return 0
	}
	return 1
}

// compareLastLogin orders by last sign-in; never signed in counts as the earliest.
func compareLastLogin(a, b *outlay.User) int {
	switch {
	case a.LastLoginAt == nil && b.LastLoginAt == nil:
		return 0
	case a.LastLoginAt == nil:
		return -1
	case b.LastLoginAt == nil:
		return 1
	}
	return a.LastLoginAt.Compare(*b.LastLoginAt)
}

// userFormView is the add-user and edit-user form. Editing is nil when adding.
type userFormView struct {
	Form    *Form
	Editing *outlay.User
	Roles   []Option
	Self    bool // the administrator is editing their own account
	// History is the edited user's audit trail, shown collapsed under the form.
	History []*outlay.AuditEntry
}

var (
	userNewFields  = []string{"name", "email", "role", "password"}
	userEditFields = []string{"name", "role", "active"}
)

func (s *Server) renderUserForm(c *gin.Context, status int, v userFormView) {
	v.Form.Values["password"] = "" // a password is never sent back into a page
	v.Roles = options(outlay.Roles, "")
	title, crumb := "Add a user", "Add a user"
	if v.Editing != nil {
		title, crumb = "Edit "+v.Editing.Name, "Edit"
		v.Self = v.Editing.ID == currentUser(c).ID
		id := v.Editing.ID
		history, _, err := s.audit.FindAuditEntries(c.Request.Context(), outlay.AuditFilter{Entity: "user", EntityID: &id, Limit: 100})
		if err != nil {
			s.fail(c, err)
			return
		}
		v.History = history
	}
	p := s.page(c, title, "users", Crumb{Label: "Users", Href: "/admin/users"}, Crumb{Label: crumb})
	p.Data = v
	s.render(c, status, "user_form", p)
}

func (s *Server) userNew(c *gin.Context) {
	f := freshForm(userNewFields...)
	f.Set("role", outlay.RoleViewer) // the least power is the safe default
	s.renderUserForm(c, http.StatusOK, userFormView{Form: f})
}

func (s *Server) userCreate(c *gin.Context) {
	f := newForm(c, userNewFields...)
	u := &outlay.User{Name: f.Get("name"), Email: f.Get("email"), Role: f.Get("role")}
	u.Normalize()
	f.Fail(u.Validate(), nil)
	for k, v := range pageRules.Check(&nameText{Name: u.Name}) {
		f.Errors[k] = v
	}
	if f.Get("password") == "" {
		f.Errors["password"] = "required"
	} else if err := password.Validate(f.Get("password")); err != nil {
		f.Errors["password"] = err.Error()
	}
	if f.HasErrors() {
		s.renderUserForm(c, http.StatusUnprocessableEntity, userFormView{Form: f})
		return
	}
	hash, err := s.hasher.Hash(c.Request.Context(), f.Get("password"))
	if err != nil {
		s.failHash(c, err)
		return
	}
	u.PasswordHash = hash
	if err := s.users.CreateUser(c.Request.Context(), u); err != nil {
		if !f.Fail(err, nil) {
			s.fail(c, err)
			return
		}
		s.renderUserForm(c, http.StatusUnprocessableEntity, userFormView{Form: f})
		return
	}
	s.flash(c, "success", "User "+u.Name+" ("+u.Email+") added. Give them their password; they can change it on their profile page.")
	redirect(c, "/admin/users")
}

// loadUser reads the user named by the :id parameter; an unparsable id is a 404 page.
func (s *Server) loadUser(c *gin.Context) (*outlay.User, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return nil, false
	}
	u, err := s.users.FindUserByID(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return u, true
}

func (s *Server) userEdit(c *gin.Context) {
	u, ok := s.loadUser(c)
	if !ok {
		return
	}
	f := freshForm(userEditFields...)
	f.Set("name", u.Name)
	f.Set("role", u.Role)
	if u.Active {
		f.Set("active", "1")
	}
	s.renderUserForm(c, http.StatusOK, userFormView{Form: f, Editing: u})
}

func (s *Server) userUpdate(c *gin.Context) {
	before, ok := s.loadUser(c)
	if !ok {
		return
	}
	f := newForm(c, userEditFields...)
	u := *before
	u.Name, u.Role, u.Active = f.Get("name"), f.Get("role"), f.Get("active") != ""
	if u.Active {
		f.Set("active", "1")
	}
	if !u.Active && u.ID == currentUser(c).ID {
		f.Errors["active"] = "you cannot deactivate your own account"
		f.Message = "You cannot deactivate your own account: another administrator has to do it."
		s.renderUserForm(c, http.StatusUnprocessableEntity, userFormView{Form: f, Editing: before})
		return
	}
	if bad := pageRules.Check(&nameText{Name: u.Name}); len(bad) > 0 {
		f.Fail(bad.Err(), nil)
		s.renderUserForm(c, http.StatusUnprocessableEntity, userFormView{Form: f, Editing: before})
		return
	}
	if err := s.users.UpdateUser(c.Request.Context(), &u); err != nil {
		if !f.Fail(err, nil) {
			s.fail(c, err)
			return
		}
		s.renderUserForm(c, http.StatusUnprocessableEntity, userFormView{Form: f, Editing: before})
		return
	}
	if before.Active && !u.Active {
		// Their sessions end now rather than at their next request, so that reactivating
		// the account later does not bring back a session left open somewhere.
		if err := s.endSessionsOf(c.Request.Context(), u.ID, ""); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.flash(c, "success", "User "+u.Name+" saved.")
	redirect(c, "/admin/users")
}

// countOf writes a list's count line: "1 user", "1,284 changes".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(int64(n)) + " " + many
}
