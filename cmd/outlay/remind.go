package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"outlay/internal/letters"
	"outlay/internal/mail"
	"outlay/internal/outlay"
	"outlay/internal/remind"
	"outlay/internal/renewal"
	"outlay/internal/sqlite"
)

// remindCmd is `outlay remind [--as-of YYYY-MM-DD] [--dry-run]`: one reminder run, as
// the server's scheduler makes every hour, then (with mail configured, not in a dry run)
// the delivery of what is due. It exits non-zero when another run holds the lease or
// when any email could not be delivered, so a cron job's owner hears of it.
func remindCmd(args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("remind", &cfg, stderr)
	asOfText := fs.String("as-of", "", "plan as of this day (YYYY-MM-DD) instead of today")
	dry := fs.Bool("dry-run", false, "show what would be planned and change nothing")
	if err := parse(fs, args); err != nil {
		return err
	}
	asOf := outlay.Today()
	if *asOfText != "" {
		d, err := outlay.ParseDate(*asOfText)
		if err != nil {
			return usageError{fmt.Sprintf("--as-of %q is not a date (use YYYY-MM-DD)", *asOfText)}
		}
		asOf = d
	}
	mc, err := mailConfig(os.Getenv)
	if err != nil {
		return err
	}
	db, err := sqlite.Open(cfg.DBPath())
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	log, err := newLogger(stderr, envDefault(os.Getenv, "OUTLAY_LOG_LEVEL", "warn"))
	if err != nil {
		return err
	}
	opts := remind.Options{AsOf: asOf, DryRun: *dry, Site: letters.Site{BaseURL: mc.BaseURL}, From: mc.From, Log: log,
		Extra: reminderExtras(db)}
	deliver := mc.Configured() && !*dry
	if deliver {
		sender, err := mail.NewSender(mc)
		if err != nil {
			return err
		}
		worker := &mail.Worker{Outbox: db, Sender: sender, Log: log}
		opts.Deliver = func(ctx context.Context) (remind.Delivered, error) {
			d, err := worker.DeliverDue(ctx)
			return remind.Delivered{Sent: d.Sent, Retried: d.Retried, Failed: d.Failed}, err
		}
	}
	sum, err := remind.Run(ctx, db.Work(), opts)
	if remind.IsLeaseTaken(err) {
		return errors.New("another reminder run is in progress (the server's scheduler or another `outlay remind`); nothing was done")
	}
	printSummary(stdout, sum, *dry)
	if err != nil {
		return err
	}
	switch {
	case *dry:
		fmt.Fprintln(stdout, "dry run: nothing was changed and nothing sent")
		return nil
	case !deliver:
		fmt.Fprintln(stdout, "sent: 0 (mail is not configured: the emails wait in the outbox)")
		return nil
	}
	fmt.Fprintf(stdout, "sent: %d\n", sum.Sent)
	fmt.Fprintf(stdout, "failed: %d\n", sum.Failed)
	if sum.Retried > 0 {
		fmt.Fprintf(stdout, "retry: %d emails failed for now and will be tried again (see Notifications)\n", sum.Retried)
	}
	if sum.Failed > 0 || sum.Retried > 0 {
		return fmt.Errorf("%d emails not delivered (%d failed, %d to retry)", sum.Failed+sum.Retried, sum.Failed, sum.Retried)
	}
	return nil
}

// printSummary writes one line for what the run planned, each email planned, then what
// it skipped and rolled.
func printSummary(w io.Writer, sum remind.Summary, dry bool) {
	would := ""
	if dry {
		would = " (dry run)"
	}
	fmt.Fprintf(w, "planned: %d emails as of %s%s\n", sum.Planned, outlay.FormatDate(sum.AsOf), would)
	for _, e := range sum.Emails {
		fmt.Fprintf(w, "  %s  %s  %s  %s\n", outlay.FormatDate(e.KeyDate), whatWords(e), e.Title, e.Recipient)
	}
	if sum.Extra > 0 {
		fmt.Fprintf(w, "  and %d weekly digests and finance pack emails\n", sum.Extra)
	}
	fmt.Fprintf(w, "skipped: %d steps\n", sum.Skipped)
	fmt.Fprintf(w, "rolled: %d terms\n", sum.Rolled)
	if sum.NoRecipient > 0 {
		fmt.Fprintf(w, "no recipient: %d key dates have nobody to remind\n", sum.NoRecipient)
	}
}

// whatWords says what an email is about: "cancel by, 30 days before", "term ends,
// deadline passed".
func whatWords(e remind.Planned) string {
	what := map[string]string{renewal.WhatCancelBy: "cancel by", renewal.WhatTermEnd: "term ends",
		renewal.WhatLicenceExpiry: "licence expires"}[e.What]
	if what == "" {
		what = strings.ReplaceAll(e.What, "_", " ")
	}
	if e.Offset == renewal.OffsetPassed {
		return what + ", deadline passed"
	}
	return fmt.Sprintf("%s, %d days before", what, e.Offset)
}
