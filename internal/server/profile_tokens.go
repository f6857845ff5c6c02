package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// profileTokenCreate makes an API token for the signed-in user and shows its secret on
// the answer itself. A redirect would have to carry the secret through the session
// store; this way it exists only in this one response and is never stored or logged.
func (s *Server) profileTokenCreate(c *gin.Context) {
	u := currentUser(c)
	f := newForm(c, "name")
	err := pageRules.Check(&nameText{Name: f.Get("name")}).Err()
	var secret string
	var t *outlay.Token
	if err == nil {
		secret, t, err = s.tokens.CreateToken(c.Request.Context(), u.ID, f.Get("name"))
	}
	if err != nil {
		if !f.Fail(err, nil) {
			s.fail(c, err)
			return
		}
		s.renderProfile(c, http.StatusUnprocessableEntity, profileView{TokenForm: f})
		return
	}
	// The page holds a secret: no cache, no copy kept by a proxy or the back button.
	c.Header("Cache-Control", "no-store")
	s.renderProfile(c, http.StatusOK, profileView{NewSecret: secret, NewToken: t})
}

// profileTokenRevoke revokes one of the signed-in user's own tokens; another user's
// token id is not found.
func (s *Server) profileTokenRevoke(c *gin.Context) {
	u := currentUser(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return
	}
	name := ""
	if tokens, err := s.tokens.FindTokens(c.Request.Context(), u.ID); err == nil {
		for _, t := range tokens {
			if t.ID == id {
				name = t.Name
			}
		}
	}
	if err := s.tokens.RevokeToken(c.Request.Context(), u.ID, id); err != nil {
		s.fail(c, err)
		return
	}
	msg := "Token revoked. Programs using it can no longer reach Outlay."
	if name != "" {
		msg = fmt.Sprintf("Token “%s” revoked. Programs using it can no longer reach Outlay.", name)
	}
	s.flash(c, "success", msg)
	redirect(c, "/profile")
}
