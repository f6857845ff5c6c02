package remind

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"outlay/internal/figures"
	"outlay/internal/letters"
	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// todoStep is one step of the plan with the status it is recorded with.
type todoStep struct {
	renewal.Step
	status string
}

// planSteps lists the plan's steps in one order: reminders to send, then skipped ones,
// then passed notices, each in the plan's order.
func planSteps(p renewal.Plan) []todoStep {
	out := make([]todoStep, 0, len(p.Send)+len(p.Skip)+len(p.Passed))
	for _, s := range p.Send {
		out = append(out, todoStep{s, renewal.StepSent})
	}
	for _, s := range p.Skip {
		out = append(out, todoStep{s, renewal.StepSkipped})
	}
	for _, s := range p.Passed {
		out = append(out, todoStep{s, renewal.StepPassed})
	}
	return out
}

// writer records steps and writes their emails.
type writer struct {
	opts     Options
	site     letters.Site
	settings outlay.Settings
	domain   string
}

func newWriter(opts Options, st outlay.Settings) *writer {
	site := opts.Site
	if site.OrgName == "" {
		site.OrgName = st.OrgName
	}
	site.BaseURL = strings.TrimRight(site.BaseURL, "/")
	return &writer{opts: opts, site: site, settings: st, domain: outlay.Domain(opts.From)}
}

// EmailKey is the outbox key of a reminder step's email:
// reminder/<kind>/<id>/<key date>/<offset>/<recipient in lower case>.
func EmailKey(kind string, id int64, keyDate string, offset int, recipient string) string {
	return "reminder/" + kind + "/" + strconv.FormatInt(id, 10) + "/" + keyDate + "/" +
		strconv.Itoa(offset) + "/" + strings.ToLower(strings.TrimSpace(recipient))
}

// write records steps in tx and, for each one recorded now (not by another run before)
// that is sent or passed, writes its letter to the outbox and links it to the step.
// Counts and the emails go into sum.
func (w *writer) write(ctx context.Context, tx outlay.ReminderTx, steps []todoStep, sum *Summary) error {
	facts := map[string]*letters.KeyDate{} // by kind/id: an item's recipients share them
	for _, s := range steps {
		rec := &outlay.ReminderStep{Kind: s.Kind, ItemID: s.ID, KeyDate: s.KeyDate, Offset: s.Offset,
			Recipient: s.Recipient, Status: s.status, What: s.What}
		wrote, err := tx.RecordReminderStep(ctx, rec)
		if err != nil {
			return err
		}
		if !wrote {
			continue // another run recorded it: its email, if any, is that run's
		}
		if s.status == renewal.StepSkipped {
			sum.Skipped++
			continue
		}
		ref := s.Kind + "/" + strconv.FormatInt(s.ID, 10)
		k, ok := facts[ref]
		if !ok {
			if k, err = w.facts(ctx, tx, s.Step); err != nil {
				return fmt.Errorf("%s %d: %w", s.Kind, s.ID, err)
			}
			facts[ref] = k
		}
		kd := *k
		kd.KeyDate, kd.What, kd.DaysLeft = s.KeyDate, s.What, s.DaysLeft
		var l letters.Letter
		kind := outlay.EmailReminder
		if s.status == renewal.StepPassed {
			kind = outlay.EmailPassed
			l = letters.Passed(kd, w.site)
		} else {
			l = letters.Reminder(kd, s.Offset, w.site)
		}
		key := EmailKey(s.Kind, s.ID, outlay.FormatDate(s.KeyDate), s.Offset, s.Recipient)
		e := &outlay.Email{Kind: kind, Key: key, To: s.Recipient, Subject: l.Subject, Text: l.Text, HTML: l.HTML,
			MessageID: outlay.MessageID(key, w.domain)}
		written, err := tx.EnqueueEmail(ctx, e)
		if err != nil {
			return err
		}
		if !written {
			continue
		}
		if err := tx.LinkReminderStep(ctx, rec, e.ID); err != nil {
			return err
		}
		sum.Planned++
		if s.status == renewal.StepPassed {
			sum.Passed++
		}
		sum.Emails = append(sum.Emails, Planned{Kind: s.Kind, ID: s.ID, KeyDate: s.KeyDate, What: s.What,
			Offset: s.Offset, Title: kd.Title, Recipient: s.Recipient})
	}
	return nil
}

// facts reads what a letter says about the step's item: only the few items mailed are
// read in full.
func (w *writer) facts(ctx context.Context, tx outlay.ReminderTx, s renewal.Step) (*letters.KeyDate, error) {
	k := &letters.KeyDate{Kind: s.Kind, ID: s.ID, What: s.What, KeyDate: s.KeyDate, DaysLeft: s.DaysLeft}
	if s.Kind == renewal.ReminderLicence {
		l, err := tx.FindLicenceByID(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		k.Title, k.Vendor, k.Owner = l.Product, l.VendorName, l.OwnerEmail
		k.Price = money.Money{Amount: l.SeatsPurchased * l.UnitPrice, Currency: l.Currency}
		k.PriceBase, err = w.inBase(ctx, tx, k.Price)
		return k, err
	}
	c, err := tx.FindContractByID(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	k.Title, k.Reference, k.Vendor = c.Title, c.Reference, c.VendorName
	k.RenewalType, k.Owner, k.BackupOwner, k.Decision = c.RenewalType, c.OwnerEmail, c.BackupOwnerEmail, c.Decision()
	if t := c.CurrentTerm(); t != nil {
		k.TermStart, k.TermEnd = t.StartDate, t.EndDate
		k.RenewsOn = renewal.RenewsOn(t.EndDate)
		k.Price = money.Money{Amount: t.Price, Currency: c.Currency}
		if c.RenewalType == renewal.RenewalAuto {
			k.RenewalPrice = &money.Money{Amount: c.NextTerm().Price, Currency: c.Currency}
		}
	}
	k.Notice = noticeWords(c.Notice())
	k.PriceBase, err = w.inBase(ctx, tx, k.Price)
	return k, err
}

// inBase converts m to the base currency at the rate effective on the run's day; nil when
// m is in the base currency already or no rate is known (the letter then shows m alone).
func (w *writer) inBase(ctx context.Context, tx outlay.ReminderTx, m money.Money) (*money.Money, error) {
	base := w.settings.BaseCurrency
	if m.Currency == "" || m.Currency == base {
		return nil, nil
	}
	r, err := tx.RateOn(ctx, m.Currency, w.opts.AsOf)
	if outlay.ErrorCode(err) == outlay.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	from, _ := money.Digits(m.Currency)
	to, _ := money.Digits(base)
	amount, ok := figures.ConvertChecked(m.Amount, from, to, r.RateMicros)
	if !ok {
		return nil, nil
	}
	return &money.Money{Amount: amount, Currency: base}, nil
}

// noticeWords writes a notice period for people: "3 months", "1 day"; "" for none.
func noticeWords(n renewal.Notice) string {
	if n.Value == 0 {
		return ""
	}
	unit := "days"
	if n.Unit == renewal.UnitMonths {
		unit = "months"
	}
	if n.Value == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return strconv.Itoa(n.Value) + " " + unit
}
