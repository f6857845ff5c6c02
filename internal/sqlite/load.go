package sqlite

import (
	"context"
	"fmt"
	"slices"

	"outlay/internal/outlay"
)

// loadTables are the tables whose rows make a database "hold data": LoadEmpty runs only
// where none of them has a row, so a generated dataset never mixes with real records.
var loadTables = []string{"users", "vendors", "contracts", "licences", "budget_lines", "spend_entries", "fx_rates"}

// errNotEmpty is LoadEmpty's refusal of a database that holds data.
func errNotEmpty() error {
	return outlay.Errorf(outlay.ECONFLICT, "The database already holds data; demo data loads only into an empty one — use another --data folder.")
}

// HoldsData reports whether the database has any user, vendor, contract, licence, budget
// line, spend entry or exchange rate. The demo command asks before it spends time
// generating a dataset that LoadEmpty would refuse.
func (d *DB) HoldsData(ctx context.Context) (bool, error) {
	return holdsData(ctx, d.read)
}

func holdsData(ctx context.Context, q queryer) (bool, error) {
	for _, t := range loadTables {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+`)`).Scan(&n); err != nil {
			return false, err
		}
		if n != 0 {
			return true, nil
		}
	}
	return false, nil
}

// Stages LoadEmpty reports through its progress function, after fn has returned.
const (
	LoadStageDerived = "payment schedules and summaries"
	LoadStageCommit  = "writing to disk"
)

// bulkLoad is what a LoadEmpty transaction defers to its end. The helpers keep their
// derived rows right after every change; done per record over hundreds of thousands of
// records, the same recomputation would run hundreds of thousands of times over the same
// lines, vendors and contracts. Instead each helper records what it touched, and the end
// of the load runs the very same recomputation once per touched line, vendor and contract:
// the contracts' denormalised columns (refreshContracts, which refreshContract runs for
// one), their payment schedules and invoiced flags, the spend summaries. It also keeps the
// rows the checks read (loadRefs).
type bulkLoad struct {
	keys      *spendKeys     // budget lines and vendors whose spend summaries are rebuilt
	payments  map[int64]bool // contracts whose payment schedules are recomputed
	invoiced  map[int64]bool // contracts whose invoiced flags are recomputed
	contracts map[int64]bool // contracts whose denormalised columns are derived
	refs      *loadRefs      // rows the checks read, kept for the load
}

// refreshPayments recomputes the payment schedules of contracts, or defers it to the end
// of a bulk load.
func (tx *Tx) refreshPayments(ctx context.Context, ids ...int64) error {
	if tx.bulk != nil {
		for _, id := range ids {
			tx.bulk.payments[id] = true
		}
		return nil
	}
	return refreshContractPayments(ctx, tx, ids...)
}

// markInvoiced recomputes a contract's invoiced flags, or defers it.
func (tx *Tx) markInvoiced(ctx context.Context, contractID *int64) error {
	if contractID == nil {
		return nil
	}
	if tx.bulk != nil {
		tx.bulk.invoiced[*contractID] = true
		return nil
	}
	if tx.deferred != nil {
		tx.deferred.invoiced[*contractID] = true
		return nil
	}
	return spendMarkInvoiced(ctx, tx, contractID)
}

// rebuildSummaries rebuilds the spend summaries of keys, or defers it.
func (tx *Tx) rebuildSummaries(ctx context.Context, keys *spendKeys) error {
	if tx.bulk != nil {
		tx.bulk.keys.merge(keys)
		return nil
	}
	if tx.deferred != nil {
		tx.deferred.keys.merge(keys)
		return nil
	}
	return keys.rebuild(ctx, tx)
}

// finishBulk runs what the load deferred, with the helpers the normal path runs. A
// contract whose schedule is recomputed gets its invoiced flags with it. Every contract
// of the database was created by the load, so all schedules are now projected to the
// current horizon, which is recorded: the next EnsurePaymentHorizon has nothing to do.
func (tx *Tx) finishBulk(ctx context.Context) error {
	b := tx.bulk
	tx.bulk = nil
	if err := refreshContracts(ctx, tx, sortedIDs(b.contracts), nil); err != nil {
		return err
	}
	if err := refreshContractPayments(ctx, tx, sortedIDs(b.payments)...); err != nil {
		return err
	}
	for id := range b.invoiced {
		if !b.payments[id] {
			if err := spendMarkInvoiced(ctx, tx, &id); err != nil {
				return err
			}
		}
	}
	if err := b.keys.rebuild(ctx, tx); err != nil {
		return err
	}
	return storeCurrentHorizon(ctx, tx)
}

// storedIndex is an index as the schema holds it: its name and its CREATE statement.
type storedIndex struct{ name, sql string }

// paymentsKeptIndex is the index of contract_payments a load keeps: the end of the load
// deletes and marks payments by contract through it.
const paymentsKeptIndex = "contract_payments_contract_idx"

// dropIndexes drops the indexes of tables that only speed up reads, and returns them so
// that createIndexes can build them again from their own CREATE statements. An index
// kept up to date row by row over hundreds of thousands of inserts costs far more than
// building it once from the finished table, and the schema ends as it was. UNIQUE
// indexes stay: they are checks (a vendor's invoice number is recorded once), and a
// failing insert must fail as it does on a form. Nothing read while the load runs
// needs the others: its checks look records up by their primary keys.
func dropIndexes(ctx context.Context, tx *Tx, keep []string, tables ...string) ([]storedIndex, error) {
	var out []storedIndex
	for _, t := range tables {
		rows, err := tx.Tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?
			AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name`, t)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var ix storedIndex
			if err := rows.Scan(&ix.name, &ix.sql); err != nil {
				rows.Close()
				return nil, err
			}
			if !slices.Contains(keep, ix.name) {
				out = append(out, ix)
			}
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, err
		}
		rows.Close()
	}
	for _, ix := range out {
		if _, err := tx.Tx.ExecContext(ctx, `DROP INDEX "`+ix.name+`"`); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// createIndexes builds again the indexes dropIndexes dropped.
func createIndexes(ctx context.Context, tx *Tx, indexes []storedIndex) error {
	for _, ix := range indexes {
		if _, err := tx.Tx.ExecContext(ctx, ix.sql); err != nil {
			return fmt.Errorf("index %s: %w", ix.name, err)
		}
	}
	return nil
}

// sortedIDs returns the ids of a set in ascending order.
func sortedIDs(set map[int64]bool) []int64 {
	ids := make([]int64, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// LoadEmpty loads a dataset into an empty database in one transaction: fn makes its
// changes through tx's methods, the same helpers every form and the API use, with the
// same checks. A database that holds data is refused with ECONFLICT, checked again under
// the write lock. Interrupted (ctx cancelled) or failed, it leaves the database empty.
//
// A few things differ from Update, because the database was empty and fn writes a whole
// organisation at once: derived rows (contracts' denormalised columns, spend summaries,
// payment schedules, invoiced flags) are recomputed once at the end, by the same
// helpers, for everything the changes touched, so that until then a read inside fn sees
// them as not yet derived, and a created contract comes back as given, with its ids;
// the indexes that only speed up reads of spend and payments are built at the end, from
// their own definitions, rather than row by row; and the changes write no audit entry
// each — fn writes one entry that describes the load (tx.Audit), since a quarter of a
// million "create" entries by nobody would bury the log's real history. The checks are
// the forms' own, reading the rows they check once per load (loadRefs). progress, when
// not nil, hears of LoadStageDerived and LoadStageCommit.
//
// Statements run on the context fn passes to the helpers; a caller that checks ctx
// between records may pass context.WithoutCancel(ctx) to them, as the driver watches a
// cancellable context with a goroutine per statement.
func (d *DB) LoadEmpty(ctx context.Context, fn func(tx *Tx) error, progress func(stage string, done, total int)) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if full, err := d.HoldsData(ctx); err != nil {
		return err
	} else if full {
		return errNotEmpty()
	}
	// The load runs on the one write connection, held for its duration, so that a
	// larger page cache can be set for it and put back afterwards: with SQLite's default
	// of 2 MB, inserts into five indexes over 250,000 rows spill pages again and again.
	conn, err := d.write.Conn(ctx)
	if err != nil {
		return err
	}
	err = func() error {
		var cacheSize int64
		if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cacheSize); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil { // 256 MiB
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d`, cacheSize))
		sqlTx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		tx := d.newTx(ctx, sqlTx)
		defer tx.Rollback()
		if full, err := holdsData(ctx, tx); err != nil {
			return err
		} else if full {
			return errNotEmpty()
		}
		tx.bulk = &bulkLoad{keys: newSpendKeys(), payments: map[int64]bool{}, invoiced: map[int64]bool{},
			contracts: map[int64]bool{}, refs: newLoadRefs()}
		spendIndexes, err := dropIndexes(ctx, tx, nil, "spend_entries", "spend_allocations", "spend_accruals")
		if err != nil {
			return err
		}
		paymentIndexes, err := dropIndexes(ctx, tx, []string{paymentsKeptIndex}, "contract_payments")
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		progress(LoadStageDerived, 0, 1)
		bg := context.WithoutCancel(ctx)
		if err := createIndexes(bg, tx, spendIndexes); err != nil {
			return err
		}
		if err := tx.finishBulk(bg); err != nil {
			return err
		}
		if err := createIndexes(bg, tx, paymentIndexes); err != nil {
			return err
		}
		progress(LoadStageDerived, 1, 1)
		if err := ctx.Err(); err != nil {
			return err
		}
		progress(LoadStageCommit, 0, 1)
		if err := tx.Commit(); err != nil {
			return err
		}
		progress(LoadStageCommit, 1, 1)
		return nil
	}()
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return cerr // a statement failed because the load was cancelled
		}
		return err
	}
	// One large transaction leaves a WAL file as large as the database; fold it back.
	_, err = d.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
