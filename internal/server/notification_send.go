package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"outlay/internal/letters"
	"outlay/internal/outlay"
)

// notificationTest is the test email form's field rules.
type notificationTest struct {
	To string `form:"to" validate:"required,max=254,email,text"`
}

// notificationTestSend writes a test email to the outbox, in one transaction like every
// email, and wakes the worker so it goes out now. A bad address comes back on the page
// with status 422 and what was typed.
func (s *Server) notificationTestSend(c *gin.Context) {
	f := newForm(c, notificationFields...)
	f.Set("to", strings.TrimSpace(f.Get("to")))
	var in notificationTest
	bindForm(f, &in)
	if bad := pageRules.Check(&in); len(bad) > 0 {
		for k, v := range bad {
			f.Errors[k] = v
		}
	} else if !outlay.ValidEmail(in.To) {
		f.Errors["to"] = "not a valid email address"
	}
	if len(f.Errors) > 0 {
		s.renderNotifications(c, http.StatusUnprocessableEntity, f)
		return
	}
	ctx := c.Request.Context()
	st, err := s.settings.GetSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	now := s.Now().UTC()
	e := testEmail(in.To, now, letters.Site{OrgName: st.OrgName, BaseURL: s.cfg.Mail.BaseURL}, s.cfg.Mail.From)
	err = s.work.Update(ctx, func(tx outlay.Tx) error {
		_, err := tx.EnqueueEmail(ctx, e)
		return err
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.wakeMail()
	msg := "Test email to " + in.To + " is in the outbox."
	if !s.cfg.Mail.Configured {
		msg += " It waits there until email is set up."
	}
	s.flash(c, "success", msg)
	redirect(c, "/notifications")
}

// testEmail is the outbox's test email to to, written at now: its key is new at every
// send (an admin may test as often as they like), its Message-ID at the sender's domain.
func testEmail(to string, now time.Time, site letters.Site, from string) *outlay.Email {
	key := "test/" + strconv.FormatInt(now.UnixNano(), 10) + "/" + to
	l := letters.Test(to, now, site)
	return &outlay.Email{
		Kind: outlay.EmailTest, Key: key, To: to,
		Subject: l.Subject, Text: l.Text, HTML: l.HTML,
		MessageID: outlay.MessageID(key, outlay.Domain(from)),
	}
}

// wakeMail tells the outbox worker that an email is waiting, when one runs here.
func (s *Server) wakeMail() {
	if s.cfg.WakeMail != nil {
		s.cfg.WakeMail()
	}
}
