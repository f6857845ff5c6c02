package server

import (
	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// MailBanner is what the banner at the top of an admin's every page says about
// outgoing mail: when mail is not set up, how much waits in the outbox; when it is, how
// many emails failed for good. Admins are the only ones who can fix either, so only
// they see it.
type MailBanner struct {
	Configured bool
	Pending    int // emails waiting in the outbox (mail not set up)
	Failed     int // emails that failed for good (mail set up)
	// Show is whether the banner has anything to say.
	Show bool
}

// ctxMailCounts is the gin context key of the outbox's counts read for this request.
const ctxMailCounts = "mail_counts"

// mailBanner reads the outbox's counts (one grouped count) for an admin's page. A
// failed read is logged and leaves the banner out: a page does not fail for its banner.
func (s *Server) mailBanner(c *gin.Context) *MailBanner {
	counts, err := s.mailCounts(c)
	if err != nil {
		s.log.Error("count the outbox", "err", err, "request_id", c.GetString(ctxRequestID))
		return nil
	}
	b := &MailBanner{Configured: s.cfg.Mail.Configured}
	if b.Configured {
		b.Failed = counts[outlay.EmailFailed]
		b.Show = b.Failed > 0
	} else {
		b.Pending = counts[outlay.EmailPending]
		b.Show = true
	}
	return b
}

// mailCounts is the outbox's counts by status, read once per request: the banner and the
// Notifications page's tabs share them.
func (s *Server) mailCounts(c *gin.Context) (map[string]int, error) {
	if v, ok := c.Get(ctxMailCounts); ok {
		return v.(map[string]int), nil
	}
	counts, err := s.outbox.CountEmails(c.Request.Context())
	if err != nil {
		return nil, err
	}
	if counts == nil {
		counts = map[string]int{}
	}
	c.Set(ctxMailCounts, counts)
	return counts, nil
}
