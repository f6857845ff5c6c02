package server

import (
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// notificationRetry makes a failed email pending again (a new 48-hour series) and wakes
// the worker, then goes back to the outbox's tab and page the button was on. An email
// that is not failed (sent meanwhile, retried in another tab), or a reset link that was
// discarded when it failed, is said so in the flash.
func (s *Server) notificationRetry(c *gin.Context) {
	back := notificationsURL(retryBackStatus(c.PostForm("status")), retryBackPage(c.PostForm("page")))
	id, err := pathID(c, "Email")
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	found, _, err := s.outbox.FindEmails(ctx, outlay.EmailFilter{ID: &id, Limit: 1})
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(found) == 0 {
		s.fail(c, outlay.Errorf(outlay.ENOTFOUND, "Email not found."))
		return
	}
	e := found[0]
	switch err := s.outbox.RetryEmail(ctx, id); {
	case outlay.ErrorCode(err) == outlay.ECONFLICT:
		s.flash(c, "error", outlay.ErrorMessage(err))
		redirect(c, back)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.wakeMail()
	s.flash(c, "success", "The email to "+e.To+" is pending again and goes out at the next attempt.")
	redirect(c, back)
}

// retryBackStatus is the tab a Retry button came from, "" (All) unless it is a status.
func retryBackStatus(v string) string {
	if slices.Contains(outlay.EmailStatuses, v) {
		return v
	}
	return ""
}

// retryBackPage is the page a Retry button came from, 1 unless a page number.
func retryBackPage(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 1
	}
	return n
}
