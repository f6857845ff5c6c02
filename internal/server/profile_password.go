package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// profilePassword changes the signed-in user's password. The current password is asked
// for so that a session left open on someone's desk cannot be used to take the account.
// The change ends the user's other sessions: whoever may have learnt the old password
// and signed in with it is signed out with it.
func (s *Server) profilePassword(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	f := newForm(c, passwordFields...)
	ok := false
	if f.Get("current_password") == "" {
		f.Errors["current_password"] = "required"
	} else {
		var err error
		if ok, err = s.hasher.Verify(ctx, f.Get("current_password"), u.PasswordHash); err != nil {
			s.failHash(c, err)
			return
		} else if !ok {
			f.Errors["current_password"] = "is not right"
		}
	}
	checkNewPassword(f, "new_password", "new_password_confirm")
	if ok && f.Errors["new_password"] == "" && f.Get("new_password") == f.Get("current_password") {
		f.Errors["new_password"] = "must differ from the current password"
	}
	if f.HasErrors() {
		s.renderProfile(c, http.StatusUnprocessableEntity, profileView{Password: f})
		return
	}
	hash, err := s.hasher.Hash(ctx, f.Get("new_password"))
	if err != nil {
		s.failHash(c, err)
		return
	}
	if err := s.users.SetPasswordHash(ctx, u.ID, hash); err != nil {
		s.fail(c, err)
		return
	}
	// A new session id, so that one captured before the change is worth nothing.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.endSessionsOf(ctx, u.ID, s.sessions.Token(ctx)); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "success", "Your password has been changed.")
	redirect(c, "/profile")
}
