package books

import (
	"context"
	"time"

	"outlay/internal/outlay"
)

// packLicences lists the licences in use on today, those the dashboard's shelfware
// counts (not archived, not expired), each with its unused seats' cost converted to
// the base currency at the rate on today: one conversion per licence, so the rows add
// up to the dashboard's shelfware figure.
func packLicences(ctx context.Context, tx outlay.ReadTx, today time.Time, conv *converter) ([]outlay.PackLicence, error) {
	ls, _, err := tx.FindLicences(ctx, outlay.LicenceFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]outlay.PackLicence, 0, len(ls))
	for _, l := range ls {
		if !l.ExpiryDate.IsZero() && l.ExpiryDate.Before(today) {
			continue
		}
		pl := outlay.PackLicence{Licence: l}
		if pl.UnusedCostBase, pl.Converted, err = conv.convert(ctx, l.ShelfwareCost(), l.Currency); err != nil {
			return nil, err
		}
		out = append(out, pl)
	}
	return out, nil
}
