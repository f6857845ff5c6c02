package figures

import "math/big"

// Convert converts amount, in minor units of a currency with fromDigits
// minor digits, to minor units of the base currency with toDigits, at
// rateMicros: base-currency units per one unit of the foreign currency,
// scaled by 10^6, as rates are stored ("1 USD = 0.92 EUR" is 920000). The
// result is rounded half away from zero to the base currency's minor unit,
// so a credit note converts to exactly the negative of its invoice.
//
// DOMAIN.md converts each entry when it is recorded and sums converted
// amounts, so Convert takes one amount, never a total. Intermediate products
// use big.Int (amounts up to 10^15 and rates up to 10^12 do not fit in
// int64 together). A result beyond int64, or negative digits, panics: both
// are bugs upstream, and a wrong amount would be worse.
//
// Examples: 123.45 USD at 0.92 is 113.574 EUR, 11357 cents; 1,000,000 JPY at
// 0.0062 is 620000 cents; 1.250 KWD at 3.0 is 375 cents.
func Convert(amount int64, fromDigits, toDigits int, rateMicros int64) int64 {
	v, ok := ConvertChecked(amount, fromDigits, toDigits, rateMicros)
	if !ok {
		panic("figures.Convert: result overflows int64")
	}
	return v
}

// ConvertChecked is Convert for amounts typed by people, where a result beyond int64 is
// bad input to refuse rather than a bug: it reports false instead of panicking.
func ConvertChecked(amount int64, fromDigits, toDigits int, rateMicros int64) (int64, bool) {
	if fromDigits < 0 || toDigits < 0 {
		panic("figures.Convert: negative currency digits")
	}
	ten := big.NewInt(10)
	num := new(big.Int).Mul(big.NewInt(amount), big.NewInt(rateMicros))
	num.Mul(num, new(big.Int).Exp(ten, big.NewInt(int64(toDigits)), nil))
	den := new(big.Int).Exp(ten, big.NewInt(int64(6+fromDigits)), nil)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int)) // truncates toward zero
	if r.Abs(r).Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(int64(num.Sign())))
	}
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}
