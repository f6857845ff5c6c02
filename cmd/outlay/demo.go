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
	"time"

	"outlay/internal/demo"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
	"outlay/internal/upkeep"
)

// demoLoad fills an empty database with the demo dataset, reporting progress on stderr
// and the sign-in on stdout. It refuses a database that holds data before generating
// anything. When it created the database and the load fails or is interrupted
// (Ctrl-C), it removes the file again, so that `make demo`, which loads only where no
// database file exists, never goes on to serve an empty one.
func demoLoad(args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("demo", &cfg, stderr)
	size := fs.String("size", demo.SizeSmall, "small (40 vendors, 3,000 spend entries) or large (2,000 vendors, 250,000 spend entries)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, err := demo.SpecFor(*size); err != nil {
		return usageError{fmt.Sprintf("--size must be %s or %s, not %q", demo.SizeSmall, demo.SizeLarge, *size)}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	path := cfg.DBPath()
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, os.ErrNotExist)
	db, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	ds, err := demoFill(ctx, db, *size, stderr)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if created {
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Remove(p)
			}
		}
		if errors.Is(err, context.Canceled) {
			return errors.New("interrupted: nothing was loaded")
		}
		return err
	}
	c := ds.Counts()
	cal := ds.Settings.Calendar()
	fy := cal.Year(ds.Today)
	fyStart, fyEnd := cal.Bounds(fy)
	fmt.Fprintf(stdout, "Loaded the %s demo dataset into %s:\n", *size, path)
	fmt.Fprintf(stdout, "  %d vendors, %d contracts (%d terms), %d licences, %d budget lines, %d spend entries, %d exchange rates.\n",
		c.Vendors, c.Contracts, c.Terms, c.Licences, c.BudgetLines, c.Spend, c.Rates)
	fmt.Fprintf(stdout, "  Base currency %s; the fiscal year starts in %s (%s runs from %s to %s).\n",
		ds.Settings.BaseCurrency, time.Month(ds.Settings.FYStartMonth), cal.Label(fy), fyStart.Format("2 Jan 2006"), fyEnd.Format("2 Jan 2006"))
	fmt.Fprintf(stdout, "Serve it with:  outlay serve --data %s   and open http://localhost:8080\n", cfg.DataDir)
	fmt.Fprintf(stdout, "Sign in as:     %s   password: %s\n", demo.AdminEmail, demo.Password)
	var others []string
	for _, u := range ds.Users[1:] {
		others = append(others, u.Email+" ("+u.Role+")")
	}
	fmt.Fprintf(stdout, "Other users, same password: %s\n", strings.Join(others, ", "))
	return nil
}

// demoStageRolls is the stage of the upkeep that runs right after the load.
const demoStageRolls = "rolling lapsed auto contracts"

// demoFill generates the dataset of a size and loads it into db, printing progress.
// Once the load is committed, auto contracts whose generated term has already ended roll
// on, as they would have in a running Outlay.
func demoFill(ctx context.Context, db *sqlite.DB, size string, stderr io.Writer) (*demo.Dataset, error) {
	start := time.Now()
	if full, err := db.HoldsData(ctx); err != nil {
		return nil, err
	} else if full {
		return nil, fmt.Errorf("%s already holds data; demo data loads only into an empty database — use another --data folder", db.Path())
	}
	fmt.Fprintf(stderr, "generating the %s demo dataset...\n", size)
	ds, err := demo.Generate(size, outlay.Today(), demo.Calendar())
	if err != nil {
		return nil, cliError(err)
	}
	var last string
	lastPercent := -1
	progress := func(stage string, done, total int) {
		percent := 100
		if total > 0 {
			percent = done * 100 / total
		}
		// A line when a stage ends, and for long stages when they start and at every
		// tenth: readable in a terminal and in a log alike.
		switch {
		case done == total && total > 0:
		case done == 0 && (total >= 10_000 || total == 1):
		case done > 0 && stage == last && percent/10 != lastPercent/10:
		default:
			return
		}
		last, lastPercent = stage, percent
		fmt.Fprintf(stderr, "  %-31s %9d / %-9d %3d%%  %5.1fs\n", stage, done, total, percent, time.Since(start).Seconds())
	}
	if err := demo.Load(ctx, db.Work(), ds, progress); err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, cliError(err)
	}
	// The data is committed: the rolls that go with it are finished even if the caller
	// cancels now.
	progress(demoStageRolls, 0, 1)
	if _, err := upkeep.Run(context.WithoutCancel(ctx), db.Work(), ds.Today); err != nil {
		return nil, fmt.Errorf("demo data is loaded, but rolling the lapsed auto contracts failed: %w", err)
	}
	progress(demoStageRolls, 1, 1)
	fmt.Fprintf(stderr, "done in %.1fs\n", time.Since(start).Seconds())
	return ds, nil
}
