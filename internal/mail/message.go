package mail

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email ready to send.
type Message struct {
	// MessageID is the Message-ID header with its angle brackets, e.g. from MessageID; it
	// is required so that a retry carries the same id and the recipient's mail program can
	// tell a resend from a new message.
	MessageID string
	// From overrides Config.From when set.
	From string
	// To are the recipients; at least one.
	To []string
	// Subject is the subject line.
	Subject string
	// Text is the plain-text body; HTML, when set too, is its alternative.
	Text, HTML string
	// Attachments are added after the body, in order.
	Attachments []Attachment
}

// Attachment is a file sent with a Message.
type Attachment struct {
	// Name is the file name the recipient sees.
	Name string
	// ContentType is the MIME type, e.g. "text/calendar"; empty means
	// application/octet-stream.
	ContentType string
	// Data are the file's bytes.
	Data []byte
}

// errInvalidMessage marks a Message that no retry can send; Classify calls it Permanent.
var errInvalidMessage = errors.New("invalid message")

// validate reports what makes m unsendable, before any connection is made.
func (m Message) validate() error {
	var errs []error
	id := strings.TrimSpace(m.MessageID)
	if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, ">") || !strings.Contains(id, "@") {
		errs = append(errs, fmt.Errorf("Message-ID %q must look like <id@domain>", m.MessageID))
	}
	if len(m.To) == 0 {
		errs = append(errs, errors.New("no recipient"))
	}
	for _, to := range m.To {
		if _, err := mail.ParseAddress(to); err != nil {
			errs = append(errs, fmt.Errorf("recipient %q is not an email address", to))
		}
	}
	if m.Text == "" && m.HTML == "" {
		errs = append(errs, errors.New("no body: neither text nor HTML"))
	}
	for i, a := range m.Attachments {
		if strings.TrimSpace(a.Name) == "" {
			errs = append(errs, fmt.Errorf("attachment %d has no name", i+1))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %w", errInvalidMessage, errors.Join(errs...))
}

// build turns m into a go-mail message from the sender from.
func (m Message) build(from string) (*gomail.Msg, error) {
	if m.From != "" {
		from = m.From
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("%w: sender %q: %w", errInvalidMessage, from, err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("%w: recipients: %w", errInvalidMessage, err)
	}
	// go-mail adds the angle brackets itself.
	msg.SetMessageIDWithValue(strings.Trim(strings.TrimSpace(m.MessageID), "<>"))
	msg.SetDate()
	msg.Subject(m.Subject)
	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.Text != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	default:
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		msg.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(ct)))
	}
	return msg, nil
}
