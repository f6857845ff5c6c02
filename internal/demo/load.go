package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"outlay/internal/figures"
	"outlay/internal/money"
	"outlay/internal/outlay"
	"outlay/internal/password"
)

// Stages Load reports progress for, in order. Storage reports the stages of its own
// end of the load (the derived rows, the commit) under its names.
const (
	StageSetup     = "users, settings and rates"
	StageVendors   = "vendors"
	StageBudget    = "budget lines"
	StageContracts = "contracts"
	StageLicences  = "licences"
	StageSpend     = "spend entries"
)

// Store is where Load writes: storage's load of a dataset into an empty database, in
// one transaction whose changes go through the domain's Tx (sqlite.Work.LoadEmpty).
type Store interface {
	LoadEmpty(ctx context.Context, fn func(tx outlay.Tx) error, progress func(stage string, done, total int)) error
}

// Load stores a generated dataset in an empty database, reporting progress through
// progress (which may be nil). Every record goes through the change a person's form or
// the API makes — the same checks, conversions, allocations and derived rows — so the
// demo holds nothing a user could not have entered. Only the ids are the dataset's own
// concern: records point at each other by them, so Load checks that each one is stored
// under the id the dataset gave it. The whole load is one transaction; cancelled, it
// leaves the database empty. Records of ds are copied, never changed, so the same
// dataset can be loaded again.
func Load(ctx context.Context, s Store, ds *Dataset, progress func(stage string, done, total int)) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	// Hashing is slow on purpose; do it before the write lock is taken.
	hashes := make([]string, len(ds.Users))
	for i := range ds.Users {
		h, err := password.Hash(Password)
		if err != nil {
			return err
		}
		hashes[i] = h
	}
	return s.LoadEmpty(ctx, func(tx outlay.Tx) error {
		// Statements run on a context that is never cancelled, and the loader checks the
		// caller's at every progress step instead: the driver watches a cancellable
		// context with a goroutine per statement, which doubles the time of a million
		// inserts. A cancel still stops the load within a hundredth of a stage.
		l := &loader{ctx: context.WithoutCancel(ctx), stop: ctx, tx: tx, ds: ds, progress: progress}
		for _, step := range []func() error{
			func() error { return l.setup(hashes) },
			l.vendors, l.budgetLines, l.contracts, l.licences, l.spend,
		} {
			if err := step(); err != nil {
				return err
			}
		}
		c := ds.Counts()
		return tx.Audit(outlay.ActionCreate, "demo", 0, nil, map[string]any{
			"size": ds.Size, "users": c.Users, "rates": c.Rates, "vendors": c.Vendors, "budget_lines": c.BudgetLines,
			"contracts": c.Contracts, "terms": c.Terms, "licences": c.Licences, "spend_entries": c.Spend,
			"allocations": c.Allocations,
		})
	}, progress)
}

// loader writes one dataset inside one transaction.
type loader struct {
	ctx      context.Context // for statements: never cancelled
	stop     context.Context // the caller's: checked between records
	tx       outlay.Tx
	ds       *Dataset
	progress func(string, int, int)
	base     string
}

// invalid wraps a record's refusal with what the record was, which points at a
// generator bug rather than at anything a person typed.
func invalid(what string, id int64, err error) error {
	if fields := outlay.ErrorFields(err); len(fields) > 0 {
		return fmt.Errorf("demo %s %d: %s %v", what, id, outlay.ErrorMessage(err), fields)
	}
	return fmt.Errorf("demo %s %d: %w", what, id, err)
}

// stored checks that a record got the id the dataset gave it.
func stored(what string, want, got int64) error {
	if got != want {
		return fmt.Errorf("demo %s %d was stored as %d: the dataset's references would point at the wrong records", what, want, got)
	}
	return nil
}

// step reports a long stage's progress every hundredth and checks for a cancel.
func (l *loader) step(stage string, i, total int) error {
	if n := i + 1; n%max(1, total/100) == 0 && n < total {
		if err := l.stop.Err(); err != nil {
			return err
		}
		l.progress(stage, n, total)
	}
	return nil
}

func (l *loader) setup(hashes []string) error {
	if err := l.tx.UpdateSettings(l.ctx, l.ds.Settings); err != nil {
		return invalid("settings", 0, err)
	}
	st, err := l.tx.GetSettings(l.ctx)
	if err != nil {
		return err
	}
	l.base = st.BaseCurrency
	for i, du := range l.ds.Users {
		u := *du
		u.PasswordHash = hashes[i]
		if err := l.tx.CreateUser(l.ctx, &u); err != nil {
			return invalid("user", du.ID, err)
		}
		if err := stored("user", du.ID, u.ID); err != nil {
			return err
		}
	}
	for _, dr := range l.ds.Rates {
		r := *dr
		if err := l.tx.CreateRate(l.ctx, &r); err != nil {
			return invalid("rate", dr.ID, err)
		}
		if err := stored("rate", dr.ID, r.ID); err != nil {
			return err
		}
	}
	l.progress(StageSetup, 1, 1)
	return nil
}

func (l *loader) vendors() error {
	total := len(l.ds.Vendors)
	l.progress(StageVendors, 0, total)
	for i, dv := range l.ds.Vendors {
		v := *dv
		if err := l.tx.CreateVendor(l.ctx, &v); err != nil {
			return invalid("vendor", dv.ID, err)
		}
		if err := stored("vendor", dv.ID, v.ID); err != nil {
			return err
		}
		if err := l.step(StageVendors, i, total); err != nil {
			return err
		}
	}
	l.progress(StageVendors, total, total)
	return nil
}

func (l *loader) budgetLines() error {
	total := len(l.ds.BudgetLines)
	l.progress(StageBudget, 0, total)
	for _, db := range l.ds.BudgetLines {
		b := *db
		if err := l.tx.CreateBudgetLine(l.ctx, &b); err != nil {
			return invalid("budget line", db.ID, err)
		}
		if err := stored("budget line", db.ID, b.ID); err != nil {
			return err
		}
	}
	l.progress(StageBudget, total, total)
	return nil
}

// contracts stores each contract with its whole term history, then archives the ones
// the dataset has archived, as a person putting an ended contract away would.
func (l *loader) contracts() error {
	total := len(l.ds.Contracts)
	l.progress(StageContracts, 0, total)
	for i, dc := range l.ds.Contracts {
		c := *dc
		c.ArchivedAt = nil
		c.Terms = make([]*outlay.Term, len(dc.Terms))
		for k, dt := range dc.Terms {
			t := *dt
			if dt.Decision != nil {
				dec := *dt.Decision
				t.Decision = &dec
			}
			c.Terms[k] = &t
		}
		if err := l.tx.CreateContract(l.ctx, &c); err != nil {
			return invalid("contract", dc.ID, err)
		}
		if err := stored("contract", dc.ID, c.ID); err != nil {
			return err
		}
		for k, t := range c.Terms {
			if err := stored("term", dc.Terms[k].ID, t.ID); err != nil {
				return err
			}
		}
		if dc.ArchivedAt != nil {
			if err := l.tx.ArchiveContract(l.ctx, c.ID); err != nil {
				return invalid("contract", dc.ID, err)
			}
		}
		if err := l.step(StageContracts, i, total); err != nil {
			return err
		}
	}
	l.progress(StageContracts, total, total)
	return nil
}

func (l *loader) licences() error {
	total := len(l.ds.Licences)
	l.progress(StageLicences, 0, total)
	for i, dl := range l.ds.Licences {
		li := *dl
		li.ArchivedAt = nil
		if dl.ContractID != nil {
			id := *dl.ContractID
			li.ContractID = &id
		}
		// No licence keys in the demo.
		if err := l.tx.CreateLicence(l.ctx, &li, nil); err != nil {
			return invalid("licence", dl.ID, err)
		}
		if err := stored("licence", dl.ID, li.ID); err != nil {
			return err
		}
		if dl.ArchivedAt != nil {
			if err := l.tx.ArchiveLicence(l.ctx, li.ID); err != nil {
				return invalid("licence", dl.ID, err)
			}
		}
		if err := l.step(StageLicences, i, total); err != nil {
			return err
		}
	}
	l.progress(StageLicences, total, total)
	return nil
}

func (l *loader) spend() error {
	total := len(l.ds.Spend)
	l.progress(StageSpend, 0, total)
	rates := newRateBook(l.ds.Rates)
	for i, s := range l.ds.Spend {
		id := int64(i + 1)
		e, err := l.spendEntry(id, s, rates)
		if err != nil {
			return err
		}
		if err := l.tx.CreateSpend(l.ctx, e); err != nil {
			return invalid("spend", id, err)
		}
		if err := stored("spend", id, e.ID); err != nil {
			return err
		}
		if err := l.step(StageSpend, i, total); err != nil {
			return err
		}
	}
	l.progress(StageSpend, total, total)
	return nil
}

// spendEntry turns a dataset entry into the entry a person would type: its base amount
// split over its lines by weight. Splitting needs the base amount first, so it converts
// at the rate of the day from the dataset's own rates, the way storage does; storage
// converts again and refuses the entry if the parts do not add up to its result.
func (l *loader) spendEntry(id int64, s *Spend, rates rateBook) (*outlay.SpendEntry, error) {
	e := &outlay.SpendEntry{Date: s.Date, VendorID: s.VendorID, Description: s.Description,
		InvoiceNumber: s.InvoiceNumber, PONumber: s.PONumber, Amount: s.Amount, Currency: s.Currency}
	if s.ContractID != 0 {
		e.ContractID = &s.ContractID
	}
	if s.LicenceID != 0 {
		e.LicenceID = &s.LicenceID
	}
	if !s.ServiceFrom.IsZero() || !s.ServiceTo.IsZero() {
		from, to := s.ServiceFrom, s.ServiceTo
		e.ServiceFrom, e.ServiceTo = &from, &to
	}
	base := e.Amount
	if e.Currency != l.base {
		micros, ok := rates.on(e.Currency, e.Date)
		if !ok {
			return nil, fmt.Errorf("demo spend %d: no %s exchange rate is effective on %s", id, e.Currency, outlay.FormatDate(e.Date))
		}
		fd, _ := money.Digits(e.Currency)
		bd, _ := money.Digits(l.base)
		if base, ok = figures.ConvertChecked(e.Amount, fd, bd, micros); !ok {
			return nil, fmt.Errorf("demo spend %d: amount too large to convert", id)
		}
	}
	weights := make([]int64, len(s.Lines))
	for i, ln := range s.Lines {
		weights[i] = ln.Weight
	}
	for i, part := range money.Allocate(base, weights) {
		e.Allocations = append(e.Allocations, outlay.Allocation{BudgetLineID: s.Lines[i].BudgetLineID, Amount: part})
	}
	return e, nil
}

// rateBook finds the rate effective on a date from the dataset's rates, with storage's
// rule: the latest rate of the currency effective on or before it.
type rateBook map[string][]*outlay.Rate

func newRateBook(rates []*outlay.Rate) rateBook {
	m := rateBook{}
	for _, r := range rates {
		m[r.Currency] = append(m[r.Currency], r)
	}
	for _, rs := range m {
		sort.Slice(rs, func(i, j int) bool { return rs[i].EffectiveFrom.Before(rs[j].EffectiveFrom) })
	}
	return m
}

func (m rateBook) on(currency string, date time.Time) (int64, bool) {
	rs := m[currency]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].EffectiveFrom.After(date) })
	if i == 0 {
		return 0, false
	}
	return rs[i-1].RateMicros, true
}
