package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/secretbox"
	"outlay/internal/sqlite"
)

const backupTestKey = "RESTORE-ME-2026-XYZ"

var backupAdmin = outlay.NewContextWithUser(context.Background(),
	&outlay.User{ID: 1, Email: "seed@example.com", Role: outlay.RoleAdmin, Active: true})

// licenceDB makes a data folder whose database holds one licence with a key, and
// returns the folder and the licence's id.
func licenceDB(t *testing.T) (string, int64) {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v := &outlay.Vendor{Name: "Adobe", Category: "software", Status: "active", Criticality: "high"}
	if err := db.CreateVendor(backupAdmin, v); err != nil {
		t.Fatal(err)
	}
	key := backupTestKey
	l := &outlay.Licence{Product: "Creative Cloud", VendorID: v.ID, Kind: "per_user", SeatsPurchased: 10, SeatsAssigned: 7,
		UnitPrice: 1500, Currency: "EUR", Billing: "annual", StartDate: backupDay(t, "2026-01-01"), ExpiryDate: backupDay(t, "2026-12-31")}
	if err := db.CreateLicence(backupAdmin, l, &key); err != nil {
		t.Fatal(err)
	}
	return dir, l.ID
}

func backupDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := outlay.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// runCmd runs the command line and returns its standard output.
func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(args, strings.NewReader(""), &out, &errOut)
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			t.Fatalf("%v: usage error %v, want exit status 1", args, err)
		}
	}
	return out.String(), err
}

// outlay backup, taken while another connection (another process, for SQLite) keeps
// writing, restores with every row committed before it began, and the licence key
// decrypts in the restored folder.
func TestBackupThenRestoreKeepsRowsAndKeys(t *testing.T) {
	data, licenceID := licenceDB(t)
	writer, err := sqlite.Open(filepath.Join(data, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	var (
		mu        sync.Mutex
		committed int
		stop      = make(chan struct{})
		ready     = make(chan struct{})
		wg        sync.WaitGroup
	)
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			v := &outlay.Vendor{Name: fmt.Sprintf("Busy %05d", i), Category: "software", Status: "active", Criticality: "low"}
			if err := writer.CreateVendor(backupAdmin, v); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			committed++
			if committed == 50 {
				close(ready)
			}
			mu.Unlock()
			// A busy server, not a writer that never lets go: SQLite's busy wait is not
			// fair, and a tight loop could keep the backup's one-row record of its run
			// waiting past busy_timeout.
			time.Sleep(time.Millisecond)
		}
	})
	<-ready
	mu.Lock()
	before := committed
	mu.Unlock()
	file := filepath.Join(t.TempDir(), "nightly.db")
	out, err := runCmd(t, "backup", "--data", data, "-o", file)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	for _, want := range []string{"backup: " + file, "key file: " + file + ".key", "size: ", "bytes)", "duration: ", "integrity check: ok"} {
		if !strings.Contains(out, want) {
			t.Errorf("backup output lacks %q:\n%s", want, out)
		}
	}
	runs, err := writer.FindBackupRuns(context.Background(), 1)
	if err != nil || len(runs) != 1 || !runs[0].OK || runs[0].Kind != outlay.BackupManual || runs[0].Path != file {
		t.Fatalf("recorded runs = %+v, %v", runs, err)
	}

	target := filepath.Join(t.TempDir(), "restored") // missing: restore creates it
	out, err = runCmd(t, "restore", file, "--data", target)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if !strings.Contains(out, "restored "+file) || !strings.Contains(out, "licence keys: 1, all readable") {
		t.Errorf("restore output:\n%s", out)
	}
	for _, name := range []string{"outlay.db", "secret.key"} {
		fi, err := os.Stat(filepath.Join(target, name))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v, want mode 0600", name, fi, err)
		}
	}
	r, err := sqlite.Open(filepath.Join(target, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var n int
	if err := r.ReadDB().QueryRow(`SELECT count(*) FROM vendors WHERE name LIKE 'Busy %'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n < before {
		t.Fatalf("restored %d rows; %d were committed before the backup began", n, before)
	}
	if key, err := r.RevealLicenceKey(backupAdmin, licenceID); err != nil || key != backupTestKey {
		t.Fatalf("licence key after restore = %q, %v", key, err)
	}
}

// Without -o the backup goes into DATA/backups; a mistyped --data is refused rather
// than backed up as a new empty database.
func TestBackupDefaultsAndMissingData(t *testing.T) {
	data, _ := licenceDB(t)
	out, err := runCmd(t, "backup", "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(data, "backups", "outlay-*-*.db"))
	if len(files) != 1 || !strings.Contains(out, files[0]) {
		t.Fatalf("default backup: %v\n%s", files, out)
	}
	if _, err := os.Stat(files[0] + ".key"); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "typo")
	if _, err := runCmd(t, "backup", "--data", missing); err == nil || !strings.Contains(err.Error(), "there is no database") {
		t.Fatalf("missing data folder: %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("backup of a missing folder created it")
	}
}

// outlay restore refuses a folder that holds anything, a damaged file, a missing key
// file and a key that does not fit, leaving the target as it was; --without-key
// restores and removes the licence keys.
func TestRestoreRefusals(t *testing.T) {
	data, licenceID := licenceDB(t)
	backups := t.TempDir()
	file := filepath.Join(backups, "good.db")
	if _, err := runCmd(t, "backup", "--data", data, "-o", file); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	key, err := os.ReadFile(file + ".key")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(backups, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	truncated := write("truncated.db", good[:len(good)/2])
	write("truncated.db.key", key)
	garbage := write("garbage.db", bytes.Repeat([]byte("garbage!"), 4096))
	write("garbage.db.key", key)
	keyless := write("keyless.db", good)
	wrongKey := write("wrongkey.db", good)
	write("wrongkey.db.key", bytes.Repeat([]byte{7}, 32))

	busy := t.TempDir()
	if err := os.WriteFile(filepath.Join(busy, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, file, dir, want string
	}{
		{"non-empty folder", file, busy, "is not empty"},
		{"live data folder", file, data, "is not empty"},
		{"truncated file", truncated, filepath.Join(t.TempDir(), "a"), "refusing to restore"},
		{"garbage file", garbage, filepath.Join(t.TempDir(), "b"), "refusing to restore"},
		{"missing file", filepath.Join(backups, "nope.db"), filepath.Join(t.TempDir(), "c"), "there is no backup file"},
		{"missing key file", keyless, filepath.Join(t.TempDir(), "d"), "--without-key"},
		{"wrong key file", wrongKey, filepath.Join(t.TempDir(), "e"), "does not decrypt the licence keys"},
		{"a file as the folder", file, filepath.Join(busy, "notes.txt"), "is a file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := os.ReadDir(c.dir)
			_, err := runCmd(t, "restore", c.file, "--data", c.dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("restore = %v, want %q", err, c.want)
			}
			after, _ := os.ReadDir(c.dir)
			if len(after) != len(before) {
				t.Fatalf("the target changed: %v -> %v", before, after)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join(busy, "notes.txt")); string(b) != "mine" {
		t.Fatal("a refused restore changed the folder's file")
	}

	target := filepath.Join(t.TempDir(), "keyless")
	out, err := runCmd(t, "restore", "--without-key", "--data", target, keyless)
	if err != nil {
		t.Fatalf("restore --without-key: %v", err)
	}
	if !strings.Contains(out, "licence keys: 1 removed") {
		t.Errorf("output:\n%s", out)
	}
	r, err := sqlite.Open(filepath.Join(target, "outlay.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	l, err := r.FindLicenceByID(backupAdmin, licenceID)
	if err != nil || l.KeySet {
		t.Fatalf("licence after a keyless restore: %+v, %v", l, err)
	}
	if _, err := os.Stat(filepath.Join(target, secretbox.KeyFile)); err != nil {
		t.Fatalf("a new key file was not made: %v", err)
	}
}
