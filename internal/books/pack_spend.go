package books

import (
	"context"
	"time"

	"outlay/internal/outlay"
)

// readPackSpend fills the pack's Spend: every allocation the quarter counts under the
// basis, streamed from storage with the amount counted. Storage reads the rows the
// budget figures' monthly summaries are built from, so for every code the Counted
// amounts add up to its quarter actual (the tests hold it to that, on both bases).
func readPackSpend(ctx context.Context, tx outlay.ReadTx, p *outlay.FinancePack) error {
	p.Spend = nil
	return tx.EachPackCharge(ctx, outlay.ChargeQuery{From: p.From, To: p.To, Basis: p.Basis}, func(c *outlay.PackCharge) error {
		p.Spend = append(p.Spend, *c)
		return nil
	})
}

// readPackCommitments fills the pack's Commitments: the uninvoiced scheduled payments
// due from the quarter's start to the fiscal year's end, by code then due date, those
// due before today Overdue. What holds, and the tests check: the BaseKnown amounts
// due within the quarter add up to Totals.Figures.Committed (those Overdue to its
// Overdue), and all of them to the quarter's and the later quarters' Committed added
// up, which is Totals.Figures.YearCommitted less what fell due in the year before the
// quarter (all of YearCommitted for Q1).
func readPackCommitments(ctx context.Context, tx outlay.ReadTx, p *outlay.FinancePack, today time.Time) error {
	rows, err := tx.PackCommitments(ctx, p.From, p.YearTo)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(p.Lines))
	for _, l := range p.Lines {
		names[l.Line.Code] = l.Line.Name
	}
	for i := range rows {
		rows[i].BudgetLineName = names[rows[i].BudgetLineCode]
		rows[i].Overdue = rows[i].Due.Before(today)
	}
	p.Commitments = rows
	return nil
}

// packVendorSpend returns each vendor's counted spend in the quarter (from the pack's
// Spend, so the vendors add up to the quarter's actual) and in the year to date
// through the quarter's end (one aggregate of the same rule), and which vendors had
// any spend counted in the year to date.
func packVendorSpend(ctx context.Context, tx outlay.ReadTx, p *outlay.FinancePack) (quarter, ytd map[int64]int64, err error) {
	quarter = map[int64]int64{}
	var s sums
	for i := range p.Spend {
		c := &p.Spend[i]
		v := quarter[c.Entry.VendorID]
		s.add(&v, c.Counted)
		quarter[c.Entry.VendorID] = v
	}
	rows, err := tx.VendorCharges(ctx, outlay.ChargeQuery{From: p.YearFrom, To: p.To, Basis: p.Basis})
	if err != nil {
		return nil, nil, err
	}
	ytd = make(map[int64]int64, len(rows))
	for _, r := range rows {
		ytd[r.VendorID] = r.Amount
	}
	return quarter, ytd, s.err()
}
