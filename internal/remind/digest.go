package remind

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"outlay/internal/books"
	"outlay/internal/letters"
	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/renewal"
)

// DigestStore is what the weekly digest reads and writes (sqlite.DB's Work): the key
// dates and the settings in one snapshot (View), the users once for all owners, whether
// the week's digests are in the outbox already, and the unit of work that writes them.
type DigestStore interface {
	outlay.UnitOfWork
	outlay.Viewer
	// DigestUsers returns every user, for each owner's name and choice.
	DigestUsers(ctx context.Context) ([]*outlay.User, error)
	// EmailKeysWritten returns the keys in the outbox that start with prefix.
	EmailKeysWritten(ctx context.Context, prefix string) (map[string]bool, error)
}

// PlanDigests writes the weekly digests of asOf's ISO week to the outbox and returns how
// many it wrote: to each owner of a key date that needs a person (books.NeedingAPerson,
// the dashboard's rule) up to letters.DigestDays ahead (the window the letter names) —
// a contract's owner and backup owner, a licence's owner — their dates, the missed ones
// apart, soonest first. An owner with nothing gets none. An owner who is a user and turned the digest off in their
// profile (or whose account is deactivated, so its links lead nowhere) gets none; an
// address that is not a user gets it, since it has no profile to turn it off in: only
// the settings' switch (Settings.WeeklyDigest) stops those, and it stops every digest.
//
// Monday is the digests' day. Each is keyed "digest/<ISO year>-W<week>/<recipient>", so
// it is written once a week however often Monday's runs plan it, and an owner who gets a
// key date during Monday still gets theirs. On a later day of the week the digests are a
// catch-up (the server was down on Monday): they are written only when no digest of the
// week is in the outbox yet, so a week never sends a second round, nor a late digest to
// the one owner who appeared on Wednesday. All of the week's digests are written in one
// unit of work: all of them or none.
func PlanDigests(ctx context.Context, s DigestStore, asOf time.Time, site letters.Site, from string) (int, error) {
	day := digestCivil(asOf)
	year, week := day.ISOWeek()
	prefix := fmt.Sprintf("digest/%d-W%02d/", year, week)
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))

	var st outlay.Settings
	if err := s.View(ctx, func(tx outlay.ReadTx) (err error) {
		st, err = tx.GetSettings(ctx)
		return err
	}); err != nil {
		return 0, err
	}
	if !st.WeeklyDigest {
		return 0, nil
	}
	written, err := s.EmailKeysWritten(ctx, prefix)
	if err != nil || (!day.Equal(monday) && len(written) > 0) {
		return 0, err
	}

	// The key dates once, for every owner: grouping them in memory keeps the large set's
	// run to one pair of queries instead of one per owner.
	var keys *books.KeyDates
	if err := s.View(ctx, func(tx outlay.ReadTx) (err error) {
		keys, err = books.NeedingAPerson(ctx, tx, tx, books.KeyDateQuery{
			Today: day, WindowDays: st.WindowDays(), HorizonDays: letters.DigestDays,
		})
		return err
	}); err != nil {
		return 0, err
	}
	users, err := s.DigestUsers(ctx)
	if err != nil {
		return 0, err
	}
	byEmail := make(map[string]*outlay.User, len(users))
	for _, u := range users {
		byEmail[outlay.NormalizeEmail(u.Email)] = u
	}

	groups := digestGroups(keys.Rows)
	domain := outlay.Domain(from)
	emails := make([]*outlay.Email, 0, len(groups))
	for _, g := range groups {
		key := prefix + g.to
		if written[key] {
			continue // an earlier run this week wrote it: no letter to draw
		}
		name, isUser := g.to, false
		if u := byEmail[g.to]; u != nil {
			isUser = true
			if !u.WeeklyDigest || !u.Active {
				continue
			}
			if u.Name != "" {
				name = u.Name
			}
		}
		in := letters.DigestInput{Name: name, Week: monday, Recipient: g.to, IsUser: isUser}
		for _, k := range g.rows {
			lk := digestKeyDate(k)
			if k.DaysLeft < 0 {
				in.Missed = append(in.Missed, lk)
			} else {
				in.Upcoming = append(in.Upcoming, lk)
			}
		}
		l := letters.Digest(in, site)
		emails = append(emails, &outlay.Email{Kind: outlay.EmailDigest, Key: key, To: g.to,
			Subject: l.Subject, Text: l.Text, HTML: l.HTML, MessageID: outlay.MessageID(key, domain)})
	}
	if len(emails) == 0 {
		return 0, nil
	}
	return enqueueAll(ctx, s, emails)
}

// digestGroup is one owner's key dates, soonest first.
type digestGroup struct {
	to   string // normalized address
	rows []books.KeyDate
}

// digestGroups gives each owner the rows they answer for, in the rows' order (soonest
// first), the owners by address. A contract whose owner is also its backup owner is
// listed once.
func digestGroups(rows []books.KeyDate) []digestGroup {
	index := map[string]int{}
	var out []digestGroup
	add := func(addr string, k books.KeyDate) {
		addr = outlay.NormalizeEmail(addr)
		if addr == "" {
			return
		}
		i, ok := index[addr]
		if !ok {
			i = len(out)
			index[addr] = i
			out = append(out, digestGroup{to: addr})
		}
		out[i].rows = append(out[i].rows, k)
	}
	for _, k := range rows {
		switch {
		case k.Contract != nil:
			add(k.Contract.OwnerEmail, k)
			if outlay.NormalizeEmail(k.Contract.BackupOwnerEmail) != outlay.NormalizeEmail(k.Contract.OwnerEmail) {
				add(k.Contract.BackupOwnerEmail, k)
			}
		case k.Licence != nil:
			add(k.Licence.OwnerEmail, k)
		}
	}
	slices.SortFunc(out, func(a, b digestGroup) int { return cmp.Compare(a.to, b.to) })
	return out
}

// digestKeyDate describes a key date for a letter. Prices stay in their own currency
// (PriceBase nil): the digest lists dates for a person to act on, and converting would
// need the pack's rate reads for a figure the reminder itself carries.
func digestKeyDate(k books.KeyDate) letters.KeyDate {
	out := letters.KeyDate{KeyDate: k.Date, DaysLeft: k.DaysLeft}
	if c := k.Contract; c != nil {
		out.Kind, out.ID, out.Title, out.Reference, out.Vendor = renewal.ReminderContract, c.ID, c.Title, c.Reference, c.VendorName
		out.RenewalType, out.Owner, out.BackupOwner, out.Decision = c.RenewalType, c.OwnerEmail, c.BackupOwnerEmail, c.Decision()
		out.What = renewal.WhatTermEnd
		out.Notice = digestNotice(c.Notice())
		if t := c.CurrentTerm(); t != nil {
			out.TermStart, out.TermEnd = t.StartDate, t.EndDate
			out.Price = money.Money{Amount: t.Price, Currency: c.Currency}
		}
		if c.RenewalType == renewal.RenewalAuto {
			out.What, out.RenewsOn = renewal.WhatCancelBy, c.RenewsOn
			if next := c.NextTerm(); next != nil {
				out.RenewalPrice = &money.Money{Amount: next.Price, Currency: c.Currency}
			}
		}
		return out
	}
	if l := k.Licence; l != nil {
		out.Kind, out.ID, out.What, out.Title, out.Vendor = renewal.ReminderLicence, l.ID, renewal.WhatLicenceExpiry, l.Product, l.VendorName
		out.Owner = l.OwnerEmail
		out.Price = money.Money{Amount: l.SeatsPurchased * l.UnitPrice, Currency: l.Currency}
	}
	return out
}

// digestNotice is a notice period in words ("3 months", "1 day"), "" when there is none.
func digestNotice(n renewal.Notice) string {
	if n.Value <= 0 {
		return ""
	}
	unit := "day"
	if n.Unit == renewal.UnitMonths {
		unit = "month"
	}
	if n.Value != 1 {
		unit += "s"
	}
	return strconv.Itoa(n.Value) + " " + unit
}

// digestCivil is asOf's calendar date at 00:00 UTC, the "today" of the rules.
func digestCivil(asOf time.Time) time.Time {
	y, m, d := asOf.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
