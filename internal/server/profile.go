package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// profileView is the profile page: the user's details, the change-password form, their
// API tokens, their calendar feed and their weekly digest choice. NewSecret is set only
// on the answer to creating a token, and NewFeedURL on the answer to making a feed: the
// one time each secret is ever shown.
type profileView struct {
	Password  *Form
	TokenForm *Form
	Tokens    []*outlay.Token
	NewSecret string
	NewToken  *outlay.Token
	// Feed is the user's live calendar feed, nil when they have none.
	Feed       *outlay.CalendarFeed
	NewFeedURL string
	// DigestOff says the settings send no weekly digests at all, whatever the user chose.
	DigestOff bool
}

// passwordFields are the change-password form's fields in page order.
var passwordFields = []string{"current_password", "new_password", "new_password_confirm"}

func (s *Server) profileShow(c *gin.Context) {
	s.renderProfile(c, http.StatusOK, profileView{})
}

// renderProfile fills what the view lacks (empty forms, the token list) and renders.
func (s *Server) renderProfile(c *gin.Context, status int, v profileView) {
	u := currentUser(c)
	if v.Password == nil {
		v.Password = freshForm(passwordFields...)
	}
	for _, name := range passwordFields {
		v.Password.Values[name] = "" // passwords are never sent back into a page
	}
	if v.TokenForm == nil {
		v.TokenForm = freshForm("name")
	}
	tokens, err := s.tokens.FindTokens(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	v.Tokens = tokens
	if v.Feed == nil {
		feed, err := s.feeds.FindCalendarFeed(c.Request.Context(), u.ID)
		if err != nil && outlay.ErrorCode(err) != outlay.ENOTFOUND {
			s.fail(c, err)
			return
		}
		v.Feed = feed
	}
	st, err := s.settings.GetSettings(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	v.DigestOff = !st.WeeklyDigest
	p := s.page(c, "Your profile", "", Crumb{Label: "Profile"})
	p.Data = v
	s.render(c, status, "profile", p)
}

// freshForm is a form with nothing typed yet, for a page that shows it empty.
func freshForm(order ...string) *Form {
	return &Form{Values: map[string]string{}, Errors: map[string]string{}, Order: order}
}
