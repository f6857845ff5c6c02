package server

import (
	"github.com/gin-gonic/gin"
)

// profileDigest saves the signed-in user's own choice of the Monday digest of their key
// dates (audited by the store). An unticked checkbox sends nothing, so a form without
// the field turns the digest off.
func (s *Server) profileDigest(c *gin.Context) {
	u := currentUser(c)
	on := c.PostForm("weekly_digest") == "1"
	if err := s.users.SetWeeklyDigest(c.Request.Context(), u.ID, on); err != nil {
		s.fail(c, err)
		return
	}
	msg := "You will no longer get the weekly digest."
	if on {
		msg = "You will get a weekly digest of your key dates on Mondays."
		if st, err := s.settings.GetSettings(c.Request.Context()); err == nil && !st.WeeklyDigest {
			msg = "Saved. Weekly digests are turned off for the whole organisation at present: yours starts once an administrator turns them on."
		}
	}
	s.flash(c, "success", msg)
	redirect(c, "/profile")
}
