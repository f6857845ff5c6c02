package server

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// siteBaseURL is the address links to Outlay start with: the mail settings' base URL
// when one is set (what emails link to, so every link agrees), else the scheme and host
// this request came to.
func (s *Server) siteBaseURL(c *gin.Context) string {
	if b := strings.TrimRight(strings.TrimSpace(s.cfg.Mail.BaseURL), "/"); b != "" {
		return b
	}
	scheme := "http"
	if c.Request.TLS != nil || s.cfg.CookieSecure {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}
