package books

import (
	"context"
	"time"

	"outlay/internal/figures"
	"outlay/internal/money"
	"outlay/internal/outlay"
)

// RateReader reads the exchange rate of a currency on a day: the rate service, or a
// read transaction.
type RateReader interface {
	RateOn(ctx context.Context, currency string, on time.Time) (*outlay.Rate, error)
}

// converter converts single amounts into the base currency at the rates effective on
// one day, reading each currency's rate once: the pack's annual values and licences,
// and ConvertShelfware. It converts each amount and never a sum (DOMAIN.md,
// "Currencies and exchange rates").
type converter struct {
	rates  RateReader
	base   string
	digits int
	day    time.Time
	micros map[string]int64 // 0: no rate
}

func newConverter(rates RateReader, base string, day time.Time) *converter {
	d, _ := money.Digits(base)
	return &converter{rates: rates, base: base, digits: d, day: day, micros: map[string]int64{}}
}

// convert returns amount in currency converted to the base currency; ok is false when
// the currency has no rate on the day (or the result does not fit).
func (c *converter) convert(ctx context.Context, amount int64, currency string) (int64, bool, error) {
	if currency == c.base {
		return amount, true, nil
	}
	rate, seen := c.micros[currency]
	if !seen {
		r, err := c.rates.RateOn(ctx, currency, c.day)
		switch {
		case outlay.ErrorCode(err) == outlay.ENOTFOUND:
		case err != nil:
			return 0, false, err
		default:
			rate = r.RateMicros
		}
		c.micros[currency] = rate
	}
	if rate == 0 {
		return 0, false, nil
	}
	fd, _ := money.Digits(currency)
	v, ok := figures.ConvertChecked(amount, fd, c.digits, rate)
	return v, ok, nil
}
