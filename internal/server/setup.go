package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
	"outlay/internal/password"
)

// setupFields are the first-run form's fields in page order.
var setupFields = []string{"name", "email", "password", "password_confirm"}

// setupOpen reports whether first-run set-up may still run. Once any user exists the
// page is gone (404), so it cannot be used to create a second administrator.
func (s *Server) setupOpen(c *gin.Context) bool {
	n, err := s.users.CountUsers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return false
	}
	if n > 0 {
		s.notFound(c)
		return false
	}
	return true
}

func (s *Server) setupForm(c *gin.Context) {
	if !s.setupOpen(c) {
		return
	}
	s.renderSetup(c, http.StatusOK, newForm(c, setupFields...))
}

func (s *Server) renderSetup(c *gin.Context, status int, f *Form) {
	// Passwords are never sent back into a page.
	f.Values["password"], f.Values["password_confirm"] = "", ""
	p := s.page(c, "Set up Outlay", "")
	p.Bare = true
	p.Data = f
	s.render(c, status, "setup", p)
}

func (s *Server) setupSubmit(c *gin.Context) {
	if !s.setupOpen(c) {
		return
	}
	ctx := c.Request.Context()
	f := newForm(c, setupFields...)
	u := &outlay.User{Name: f.Get("name"), Email: f.Get("email"), Role: outlay.RoleAdmin}
	u.Normalize()
	f.Fail(u.Validate(), nil)
	for k, v := range pageRules.Check(&nameText{Name: u.Name}) {
		f.Errors[k] = v
	}
	checkNewPassword(f, "password", "password_confirm")
	if f.HasErrors() {
		s.renderSetup(c, http.StatusUnprocessableEntity, f)
		return
	}
	hash, err := s.hasher.Hash(ctx, f.Get("password"))
	if err != nil {
		s.failHash(c, err)
		return
	}
	u.PasswordHash = hash
	if err := s.users.CreateFirstAdmin(ctx, u); err != nil {
		if outlay.ErrorCode(err) == outlay.EINVALID {
			f.Fail(err, nil)
			s.renderSetup(c, http.StatusUnprocessableEntity, f)
			return
		}
		// ECONFLICT: someone else finished set-up a moment earlier.
		s.fail(c, err)
		return
	}
	s.setUp.Store(true)
	// The new administrator is signed in at once, with a fresh session id.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, sessionUser, u.ID)
	if err := s.users.TouchLogin(ctx, u.ID, s.Now()); err != nil {
		s.log.Warn("touch login", "err", err)
	}
	s.flash(c, "success", "Welcome to Outlay. Start by adding your vendors.")
	redirect(c, "/")
}

// checkNewPassword applies the password rules to a new password and its confirmation,
// putting each message beside its field.
func checkNewPassword(f *Form, field, confirm string) {
	if f.Get(field) == "" {
		f.Errors[field] = "required"
	} else if err := password.Validate(f.Get(field)); err != nil {
		f.Errors[field] = err.Error()
	}
	if _, bad := f.Errors[field]; !bad && f.Get(confirm) != f.Get(field) {
		f.Errors[confirm] = "does not match the password above"
	}
}
