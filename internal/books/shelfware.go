package books

import (
	"context"
	"time"

	"outlay/internal/money"
	"outlay/internal/outlay"
)

// Shelfware is what unused licence seats cost: in the base currency where a rate
// converts them, and per currency as recorded.
type Shelfware struct {
	// Base is the sum of each licence's unused cost converted at the rate of the day:
	// each licence converted, then added (DOMAIN: never a conversion of a sum).
	Base int64
	// ByCurrency are the unconverted sums per currency, for the list's note.
	ByCurrency []money.Money
	// Unconverted are the sums of the currencies without a rate: left out of Base and
	// named, never counted as zero.
	Unconverted []money.Money
}

// ConvertShelfware converts grouped shelfware costs into the base currency at the rates
// effective on day. A group is Licences licences of one cost: its cost converts once
// and counts Licences times, which is exactly each licence converted and then added.
func (b *Books) ConvertShelfware(ctx context.Context, groups []outlay.ShelfwareGroup, base string, day time.Time) (Shelfware, error) {
	var out Shelfware
	var s sums
	conv := newConverter(b.Rates, base, day)
	byCur := map[string]*int64{}   // original sums by currency
	missing := map[string]*int64{} // sums without a rate
	var order []string
	for _, g := range groups {
		sum := byCur[g.Currency]
		if sum == nil {
			sum = new(int64)
			byCur[g.Currency] = sum
			order = append(order, g.Currency)
		}
		s.add(sum, s.mul(g.Cost, g.Licences))
		v, ok, err := conv.convert(ctx, g.Cost, g.Currency)
		if err != nil {
			return out, err
		}
		if !ok {
			m := missing[g.Currency]
			if m == nil {
				m = new(int64)
				missing[g.Currency] = m
			}
			s.add(m, s.mul(g.Cost, g.Licences))
			continue
		}
		s.add(&out.Base, s.mul(v, g.Licences))
	}
	for _, cur := range order {
		out.ByCurrency = append(out.ByCurrency, money.Money{Amount: *byCur[cur], Currency: cur})
		if m := missing[cur]; m != nil {
			out.Unconverted = append(out.Unconverted, money.Money{Amount: *m, Currency: cur})
		}
	}
	return out, s.err()
}
