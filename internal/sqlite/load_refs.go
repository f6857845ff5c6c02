package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"outlay/internal/outlay"
)

// loadRefs are the rows a bulk load's checks read again and again: every spend entry
// looks up its vendor, contract, licence, budget lines and exchange rate, and a large
// load has a quarter of a million entries over a few thousand of those rows. Each row is
// read with the query the normal path runs the first time it is asked for and kept for
// the rest of the load. Only rows that exist are kept, so a row created later is read
// when first asked for; a write to a row the load has kept drops what is kept of its
// table (forget, called by Tx.ExecContext for every statement), so the checks see what
// the normal path would see.
type loadRefs struct {
	vendors   map[int64]string         // name
	contracts map[int64]refOwner       // vendor and title
	licences  map[int64]int64          // vendor
	lines     map[int64]lineRef        // fiscal year, code and name
	rates     map[string][]paymentRate // every rate by currency, oldest first; nil until read
	// writes classifies each statement text once: which kept table it may change.
	writes map[string]string
}

type refOwner struct {
	vendor int64
	title  string
}

type lineRef struct {
	fy         int
	code, name string
}

func newLoadRefs() *loadRefs {
	return &loadRefs{vendors: map[int64]string{}, contracts: map[int64]refOwner{}, licences: map[int64]int64{},
		lines: map[int64]lineRef{}, writes: map[string]string{}}
}

// refTables are the tables loadRefs keeps rows of.
var refTables = map[string]bool{"vendors": true, "contracts": true, "licences": true, "budget_lines": true, "fx_rates": true}

// writtenTable returns the kept table a statement may change: "" for none, "*" when it
// cannot tell. A plain INSERT adds a row under a new id, which nothing kept can describe
// (only rows found are kept), so it changes nothing kept, except for the rates, which
// are kept whole. A SELECT or PRAGMA changes nothing; any other statement that names a
// kept table after UPDATE, DELETE FROM, INSERT or REPLACE changes it, and any other
// statement at all that mentions a kept table may change any of them.
func writtenTable(query string) string {
	q := strings.ToLower(query)
	w := strings.Fields(q)
	if len(w) == 0 || w[0] == "select" || w[0] == "pragma" {
		return ""
	}
	name := func(i int) string {
		if i >= len(w) {
			return "*"
		}
		t := strings.SplitN(w[i], "(", 2)[0]
		t = strings.TrimPrefix(strings.Trim(t, "\"`[];"), "main.")
		return strings.Trim(t, "\"`[]")
	}
	var table string
	switch {
	case w[0] == "update" && len(w) > 1 && w[1] != "or":
		table = name(1)
	case w[0] == "update":
		table = name(3) // UPDATE OR <conflict> table
	case w[0] == "delete" && len(w) > 1 && w[1] == "from":
		table = name(2)
	case w[0] == "insert" || w[0] == "replace":
		i := 1
		for i < len(w) && w[i] != "into" {
			i++
		}
		table = name(i + 1)
		plain := w[0] == "insert" && i == 1 && !strings.Contains(q, "on conflict")
		if plain && table != "fx_rates" {
			return ""
		}
	default:
		table = "*"
	}
	if table == "*" {
		for t := range refTables {
			if strings.Contains(q, t) {
				return "*"
			}
		}
		return ""
	}
	if !refTables[table] {
		return ""
	}
	return table
}

// forget drops what is kept of the table a statement about to run may change.
func (r *loadRefs) forget(query string) {
	table, ok := r.writes[query]
	if !ok {
		table = writtenTable(query)
		r.writes[query] = table
	}
	switch table {
	case "vendors":
		clear(r.vendors)
	case "contracts":
		clear(r.contracts)
	case "licences":
		clear(r.licences)
	case "budget_lines":
		clear(r.lines)
	case "fx_rates":
		r.rates = nil
	case "*":
		clear(r.vendors)
		clear(r.contracts)
		clear(r.licences)
		clear(r.lines)
		r.rates = nil
	}
}

// refs returns the load's kept rows, or nil outside a bulk load.
func (tx *Tx) refs() *loadRefs {
	if tx.bulk == nil {
		return nil
	}
	return tx.bulk.refs
}

// spendVendor returns a vendor's name, and false when there is no such vendor.
func spendVendor(ctx context.Context, tx *Tx, id int64) (string, bool, error) {
	r := tx.refs()
	if r != nil {
		if name, ok := r.vendors[id]; ok {
			return name, true, nil
		}
	}
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM vendors WHERE id = ?`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	} else if err != nil {
		return "", false, err
	}
	if r != nil {
		r.vendors[id] = name
	}
	return name, true, nil
}

// spendContract returns a contract's vendor and title, and false when there is none.
func spendContract(ctx context.Context, tx *Tx, id int64) (refOwner, bool, error) {
	r := tx.refs()
	if r != nil {
		if c, ok := r.contracts[id]; ok {
			return c, true, nil
		}
	}
	var c refOwner
	err := tx.QueryRowContext(ctx, `SELECT vendor_id, title FROM contracts WHERE id = ?`, id).Scan(&c.vendor, &c.title)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	} else if err != nil {
		return c, false, err
	}
	if r != nil {
		r.contracts[id] = c
	}
	return c, true, nil
}

// spendLicence returns a licence's vendor, and false when there is no such licence.
func spendLicence(ctx context.Context, tx *Tx, id int64) (int64, bool, error) {
	r := tx.refs()
	if r != nil {
		if v, ok := r.licences[id]; ok {
			return v, true, nil
		}
	}
	var vendor int64
	err := tx.QueryRowContext(ctx, `SELECT vendor_id FROM licences WHERE id = ?`, id).Scan(&vendor)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, err
	}
	if r != nil {
		r.licences[id] = vendor
	}
	return vendor, true, nil
}

// spendLine returns a budget line's fiscal year, code and name, and false when there is
// no such line.
func spendLine(ctx context.Context, tx *Tx, id int64) (lineRef, bool, error) {
	r := tx.refs()
	if r != nil {
		if l, ok := r.lines[id]; ok {
			return l, true, nil
		}
	}
	var l lineRef
	err := tx.QueryRowContext(ctx, `SELECT fy, code, name FROM budget_lines WHERE id = ?`, id).Scan(&l.fy, &l.code, &l.name)
	if errors.Is(err, sql.ErrNoRows) {
		return l, false, nil
	} else if err != nil {
		return l, false, err
	}
	if r != nil {
		r.lines[id] = l
	}
	return l, true, nil
}

// spendRateOn returns the rate of a currency effective on a date, by rateOn's rule. In a
// bulk load it is looked up among every rate, read once; when none is effective it asks
// rateOn, whose answer (and message) is the normal path's.
func spendRateOn(ctx context.Context, tx *Tx, currency string, on time.Time) (int64, error) {
	if r := tx.refs(); r != nil {
		if r.rates == nil {
			rates, err := paymentRates(ctx, tx)
			if err != nil {
				return 0, err
			}
			r.rates = rates
		}
		if micros, ok := paymentRateOn(r.rates[currency], outlay.FormatDate(on)); ok {
			return micros, nil
		}
	}
	rate, err := rateOn(ctx, tx, currency, on)
	if err != nil {
		return 0, err
	}
	return rate.RateMicros, nil
}
