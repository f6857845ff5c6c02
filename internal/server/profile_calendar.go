package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// profileCalendarCreate makes the signed-in user a calendar feed address, ending the one
// they had (so "Replace" is the same action), and shows the address on the answer itself,
// like a new API token: a redirect would have to carry the secret through the session
// store; this way it exists only in this one response.
func (s *Server) profileCalendarCreate(c *gin.Context) {
	u := currentUser(c)
	secret, feed, err := s.feeds.CreateCalendarFeed(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	// The page holds a secret: no cache, no copy kept by a proxy or the back button.
	c.Header("Cache-Control", "no-store")
	s.renderProfile(c, http.StatusOK, profileView{Feed: feed, NewFeedURL: s.siteBaseURL(c) + calendarPathPrefix + secret + ".ics"})
}

// profileCalendarRevoke ends the signed-in user's calendar feed: calendars subscribed to
// it get nothing more (404) from their next fetch.
func (s *Server) profileCalendarRevoke(c *gin.Context) {
	u := currentUser(c)
	err := s.feeds.RevokeCalendarFeed(c.Request.Context(), u.ID)
	switch {
	case outlay.ErrorCode(err) == outlay.ENOTFOUND:
		// Revoked already (another tab, a second click): the address is dead, as asked.
		s.flash(c, "success", "You have no calendar feed: there was nothing to revoke.")
	case err != nil:
		s.fail(c, err)
		return
	default:
		s.flash(c, "success", "Calendar feed revoked. Calendars subscribed to it no longer get your key dates.")
	}
	redirect(c, "/profile")
}
