package remind

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"outlay/internal/books"
	"outlay/internal/letters"
	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/reports"
)

// PackContentType is the media type of the finance pack's workbook.
const PackContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// PackGeneratedBy is who the emailed pack's About sheet says made it.
const PackGeneratedBy = "Outlay (scheduled email)"

// PackMaxAttachment is the largest workbook PlanPack attaches, in bytes. Base64 makes
// an attachment a third larger on the wire, and many mail servers refuse messages over
// 10 to 25 MB (on-premises Exchange's default is 10 MB) — for good, so such an email
// would only fail. A larger pack (the large demo set's is 17.7 MB) goes out as the cover
// note alone, which then says the pack is in Outlay and links to the Reports page.
const PackMaxAttachment = 10 << 20

// PackStore is what the scheduled finance pack reads and writes (sqlite.DB's Work):
// the snapshot the pack is built from, whether the quarter's pack is in the outbox
// already, and the unit of work that writes it.
type PackStore interface {
	outlay.Work
	// EmailKeyWritten reports whether an email whose key starts with prefix is in the
	// outbox.
	EmailKeyWritten(ctx context.Context, prefix string) (bool, error)
}

// PackCatchUpDays is how far into a quarter a run still sends the quarter just ended:
// an outage over the quarter's first days delays the pack, but a new installation, or a
// finance list filled in mid-quarter, does not mail finance a pack months old.
const PackCatchUpDays = 14

// PlanPack emails the just-ended fiscal quarter's finance pack to each address of the
// finance list (Settings.FinanceEmails) and returns how many emails it wrote. Its day
// is the first day of a quarter; a run that missed it catches up on a later day, up to
// PackCatchUpDays into the quarter, since each email is keyed "pack/FY<fy>-Q<q>/<recipient>" and the pack is
// built only while no email of the quarter's is in the outbox: once a quarter, and no
// second workbook for an address added to the list later (the Reports page has it).
// Nothing is written when Settings.PackEmail is off or the finance list is empty.
//
// The workbook is the Reports page's and `outlay export quarterly`'s: books.FinancePack
// read in one snapshot on the settings' basis, written by reports.QuarterlyPack, once,
// outside the write transaction; then every email is written in one unit of work. The
// cover note's figures are the pack's totals over every line and unbudgeted code: the
// quarter's plan (Budget) and actual (Actual), as the Summary's "Quarter plan" and
// "Quarter actual", and the whole year's forecast (Forecast), its "Forecast" column.
//
// A workbook over PackMaxAttachment is not attached (see there).
func PlanPack(ctx context.Context, s PackStore, asOf time.Time, site letters.Site, from string) (int, error) {
	return packPlan(ctx, s, asOf, site, from, PackMaxAttachment)
}

// packPlan is PlanPack with the attachment limit as a parameter, for its test.
func packPlan(ctx context.Context, s PackStore, asOf time.Time, site letters.Site, from string, maxAttachment int) (int, error) {
	var st outlay.Settings
	if err := s.View(ctx, func(tx outlay.ReadTx) (err error) {
		st, err = tx.GetSettings(ctx)
		return err
	}); err != nil {
		return 0, err
	}
	to := packRecipients(st.FinanceEmails)
	if !st.PackEmail || len(to) == 0 {
		return 0, nil
	}
	today := digestCivil(asOf)
	fy, q := st.Calendar().Quarter(today)
	if start, _ := st.Calendar().QuarterBounds(fy, q); today.After(start.AddDate(0, 0, PackCatchUpDays-1)) {
		return 0, nil
	}
	fy, q = packEndedQuarter(fy, q)
	prefix := fmt.Sprintf("pack/FY%d-Q%d/", fy, q)
	if written, err := s.EmailKeyWritten(ctx, prefix); err != nil || written {
		return 0, err
	}

	p, err := books.FinancePack(ctx, s, outlay.PackQuery{FY: fy, Quarter: q, Now: asOf, By: PackGeneratedBy})
	if err != nil {
		return 0, fmt.Errorf("finance pack FY%d Q%d: %w", fy, q, err)
	}
	var buf bytes.Buffer
	if err := reports.QuarterlyPack(&buf, p, reports.PackOptions{}); err != nil {
		return 0, fmt.Errorf("finance pack FY%d Q%d: %w", fy, q, err)
	}
	var attach *outlay.Attachment
	name := reports.PackFileName(fy, q)
	if buf.Len() <= maxAttachment {
		attach = &outlay.Attachment{Name: name, ContentType: PackContentType, Data: buf.Bytes()}
	} else {
		name = "" // the letter then points to the Reports page instead
	}
	tot := p.Totals.Figures
	l := letters.Pack(letters.PackInput{FY: fy, Quarter: q, FileName: name, Basis: p.Basis,
		Budget:   money.Money{Amount: tot.Planned, Currency: p.Base},
		Actual:   money.Money{Amount: tot.Actual, Currency: p.Base},
		Forecast: money.Money{Amount: tot.Forecast, Currency: p.Base},
	}, site)

	domain := outlay.Domain(from)
	emails := make([]*outlay.Email, 0, len(to))
	for _, addr := range to {
		key := prefix + addr
		emails = append(emails, &outlay.Email{Kind: outlay.EmailPack, Key: key, To: addr,
			Subject: l.Subject, Text: l.Text, HTML: l.HTML, MessageID: outlay.MessageID(key, domain), Attachment: attach})
	}
	return enqueueAll(ctx, s, emails)
}

// packEndedQuarter is the quarter before quarter q of fiscal year fy: the one that has
// just ended on the first day of q.
func packEndedQuarter(fy, q int) (int, int) {
	if q == 1 {
		return fy - 1, 4
	}
	return fy, q - 1
}

// packRecipients are the finance list's addresses, normalized, each once, in order.
func packRecipients(list []string) []string {
	var out []string
	for _, a := range list {
		if a = outlay.NormalizeEmail(a); a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}
