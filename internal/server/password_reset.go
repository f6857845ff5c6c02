package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// resetFields are the reset form's fields in page order.
var resetFields = []string{"new_password", "new_password_confirm"}

type resetView struct {
	Form  *Form
	Token string // the link's secret, for the form's own address
}

// resetHeaders keep the page of a reset link out of caches and its address, which holds
// the secret, out of every Referer.
func resetHeaders(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer")
}

// passwordResetForm shows the form of a working link. Opening the link changes nothing,
// so a mail scanner that follows it does not use it up.
func (s *Server) passwordResetForm(c *gin.Context) {
	resetHeaders(c)
	token := c.Param("token")
	if _, err := s.resets.FindPasswordReset(c.Request.Context(), token); err != nil {
		s.resetGone(c, err)
		return
	}
	s.renderReset(c, http.StatusOK, freshForm(resetFields...), token)
}

func (s *Server) renderReset(c *gin.Context, status int, f *Form, token string) {
	for _, name := range resetFields {
		f.Values[name] = "" // passwords are never sent back into a page
	}
	p := s.page(c, "Choose a new password", "")
	p.Bare = true
	p.Data = resetView{Form: f, Token: token}
	s.render(c, status, "password_reset", p)
}

// resetGone answers a link that does not work (any more): one page for every reason, so
// it tells nothing about the account. 410: the address worked once and never will again.
func (s *Server) resetGone(c *gin.Context, err error) {
	if outlay.ErrorCode(err) != outlay.ENOTFOUND {
		s.fail(c, err)
		return
	}
	p := s.page(c, "This link no longer works", "")
	p.Bare = true
	p.Data = errorView{Heading: "This link no longer works",
		Message: "This link has expired or was already used — ask for a new one.",
		Back:    "/password/forgot", BackLabel: "Ask for a new link"}
	s.render(c, http.StatusGone, "error", p)
}

// passwordResetSubmit sets the new password of a working link. The link is checked
// before the password is hashed, so that only a holder of a link can start a hash, and
// again in the transaction that sets it, so that it works once. Every session of the
// user ends, this browser's included when it was theirs: whoever had got into the
// account is out. The account's failed sign-ins from this address are forgotten, as a
// correct sign-in forgets them. The user's API tokens stay: they are revoked on the profile page,
// one by one, and a script that runs on one should not stop because its owner forgot a
// password.
func (s *Server) passwordResetSubmit(c *gin.Context) {
	resetHeaders(c)
	ctx := c.Request.Context()
	token := c.Param("token")
	if _, err := s.resets.FindPasswordReset(ctx, token); err != nil {
		s.resetGone(c, err)
		return
	}
	f := newForm(c, resetFields...)
	checkNewPassword(f, "new_password", "new_password_confirm")
	if f.HasErrors() {
		s.renderReset(c, http.StatusUnprocessableEntity, f, token)
		return
	}
	hash, err := s.hasher.Hash(ctx, f.Get("new_password"))
	if err != nil {
		s.failHash(c, err)
		return
	}
	userID, err := s.resets.ResetPassword(ctx, token, hash)
	if err != nil {
		s.resetGone(c, err)
		return
	}
	// This browser's session: a new id, and signed out when it was the user's, so that
	// the commit of this very request does not write back a session the reset ended.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	if s.sessions.GetInt64(ctx, sessionUser) == userID {
		s.sessions.Remove(ctx, sessionUser)
	}
	if err := s.endSessionsOf(ctx, userID, ""); err != nil {
		s.fail(c, err)
		return
	}
	// The failed sign-ins that may have led here would otherwise keep the owner, who has
	// just proved the address is theirs, from signing in from this address for a while.
	if u, err := s.users.FindUserByID(ctx, userID); err != nil {
		s.log.Warn("find user after password reset", "err", err)
	} else if err := s.throttle.ClearLoginFailures(ctx, u.Email, c.ClientIP()); err != nil {
		s.log.Warn("clear login failures", "err", err)
	}
	s.flash(c, "success", "Password changed; sign in with your new password.")
	redirect(c, "/login")
}
