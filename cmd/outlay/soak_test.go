//go:build soak

// The soak tests run Litestream (v0.5) beside a real `outlay serve` under write load,
// then restore its file replica and look for every write the API acknowledged. They
// are not part of `make test`: `make soak` installs Litestream into bin/tools and passes
// its path in OUTLAY_LITESTREAM. OUTLAY_SOAK_DURATION sets how long the load runs
// (default 60s).
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// soakWriters is how many API clients write at once: more than the one writer
// connection, so requests queue on it as they would on a busy server.
const soakWriters = 4

const soakAdmin = "soak-admin@example.com"

// soakSite is one data folder with its Litestream configuration and file replica.
type soakSite struct {
	dir, db, replica, config, socket string
	litestream                       string // the binary
	addr, token                      string
}

// newSoakSite makes a data folder with an administrator, an API token and a licence
// key, and writes the Litestream configuration for it.
func newSoakSite(t *testing.T) *soakSite {
	t.Helper()
	bin := os.Getenv("OUTLAY_LITESTREAM")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("litestream"); err != nil {
			t.Fatal("litestream not found: run `make soak`, which installs it, or set OUTLAY_LITESTREAM to its path")
		}
	}
	dir := t.TempDir()
	s := &soakSite{dir: dir, db: filepath.Join(dir, "outlay.db"), replica: filepath.Join(dir, "replica"),
		config: filepath.Join(dir, "litestream.yml"), socket: filepath.Join(dir, "litestream.sock"), litestream: bin}
	version, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", bin, err)
	}
	t.Logf("litestream %s", bytes.TrimSpace(version))

	var out, errs bytes.Buffer
	if err := run([]string{"user", "add", "--data", dir, "--email", soakAdmin, "--name", "Soak Admin", "--role", "admin", "--password-stdin"},
		strings.NewReader("soak-password-0123456789\n"), &out, &errs); err != nil {
		t.Fatalf("user add: %v\n%s", err, errs.String())
	}
	out.Reset()
	if err := run([]string{"token", "create", "--data", dir, "--email", soakAdmin}, nil, &out, &errs); err != nil {
		t.Fatalf("token create: %v\n%s", err, errs.String())
	}
	s.token = strings.TrimSpace(out.String())

	// A licence with its key, encrypted with the data folder's key file: the restores
	// at the end must come back readable with that file, which Litestream does not copy.
	db, err := sqlite.Open(s.db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: soakAdmin, Role: outlay.RoleAdmin, Active: true})
	v := &outlay.Vendor{Name: "Soak Licensor", Category: "software", Status: "active", Criticality: "medium"}
	if err := db.CreateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	key := "SOAK-KEY-0000-1111"
	if err := db.CreateLicence(ctx, &outlay.Licence{Product: "Soak Suite", VendorID: v.ID, Kind: "per_user", SeatsPurchased: 10,
		Currency: "EUR", Billing: "annual"}, &key); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// The README's file replica; then the control socket, for `litestream sync`, and
	// debug logs, which give Litestream's reasons for a new snapshot.
	config := fmt.Sprintf(`shutdown-timeout: 90s
dbs:
  - path: %s
    replica:
      type: file
      path: %s
socket:
  enabled: true
  path: %s
logging:
  level: debug
  stderr: true
`, s.db, s.replica, s.socket)
	if err := os.WriteFile(s.config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}

	// A free port for the server: it cannot listen on :0, as the test must know where
	// to send the load.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	l.Close()
	return s
}

// serveEnv is the environment of an `outlay serve` child on the site.
func (s *soakSite) serveEnv() []string {
	return append(os.Environ(), serveChildEnv+"=1", "OUTLAY_DATA="+s.dir, "OUTLAY_ADDR="+s.addr, "GIN_MODE=release")
}

// serveArgs is the command line of that child.
func serveArgs() []string {
	return []string{os.Args[0], "-test.run=^TestServeChild$", "-test.count=1"}
}

// waitServing waits for the server to answer /healthz.
func (s *soakSite) waitServing(t *testing.T, logs ...*serveChild) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get("http://" + s.addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			var all strings.Builder
			for _, l := range logs {
				all.WriteString(l.logged())
			}
			t.Fatalf("the server did not answer /healthz within 60s: %v\n%s", err, all.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// litestreamCmd runs one Litestream command to its end and returns its output.
func (s *soakSite) litestreamCmd(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(s.litestream, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("litestream %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// sync asks the running Litestream to ship the WAL to the replica now and waits until
// it has: every write committed before the call is then in the replica.
func (s *soakSite) sync(t *testing.T) (txid, replicaTXID uint64) {
	t.Helper()
	out := s.litestreamCmd(t, "sync", "-wait", "-json", "-timeout", "120", "-socket", s.socket, s.db)
	var r struct {
		TXID        uint64 `json:"txid"`
		ReplicaTXID uint64 `json:"replica_txid"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("litestream sync: %v\n%s", err, out)
	}
	// Under live writes Litestream's own sync may add a local transaction file after
	// this one reached the replica, so replica_txid can trail txid by one: the restore
	// that follows is the check.
	if r.ReplicaTXID == 0 {
		t.Fatalf("litestream sync: nothing in the replica:\n%s", out)
	}
	return r.TXID, r.ReplicaTXID
}

// restore restores the replica into a new file, as the README tells an operator to,
// and says how long it took.
func (s *soakSite) restore(t *testing.T, out string) time.Duration {
	t.Helper()
	began := time.Now()
	s.litestreamCmd(t, "restore", "-integrity-check", "full", "-o", out, "file://"+s.replica)
	return time.Since(began)
}

// ack is a write the API answered 201.
type ack struct {
	table string // vendors or contracts
	id    int64
	name  string // the vendor's name or the contract's title
	at    time.Time
}

// soakLoad is the write load: API clients creating vendors, and a contract for every
// third one, recording each write acknowledged with 201.
type soakLoad struct {
	site   *soakSite
	label  string // in every name, so that two loads on one site write different names
	client *http.Client

	mu       sync.Mutex
	acks     []ack
	refused  []string // answers other than 201
	failed   []string // requests without an answer
	cutOff   []ack    // the writes of those requests: unacknowledged, they may or may not have committed
	began    time.Time
	walPeak  int64
	finished time.Time
}

func newSoakLoad(s *soakSite, label string) *soakLoad {
	return &soakLoad{site: s, label: label, client: &http.Client{Timeout: 60 * time.Second}}
}

// run writes until ctx is done; a writer also stops at its first request without an
// answer (the server is gone). Requests in flight finish: they are not cancelled, so
// every write that commits is either acknowledged or counted as failed.
func (l *soakLoad) run(ctx context.Context) {
	l.began = time.Now()
	var wg sync.WaitGroup
	for w := range soakWriters {
		wg.Go(func() { l.writer(ctx, w) })
	}
	wg.Go(func() { l.sampleWAL(ctx) })
	wg.Wait()
	l.finished = time.Now()
}

func (l *soakLoad) writer(ctx context.Context, w int) {
	today := outlay.Today()
	for i := 0; ctx.Err() == nil; i++ {
		name := fmt.Sprintf("Soak vendor %s%d-%06d", l.label, w, i)
		var v struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		}
		created, answered := l.post("/api/v1/vendors", ack{table: "vendors", name: name}, map[string]any{"name": name, "category": "software", "notes": strings.Repeat("soak ", 40)}, &v)
		if !answered {
			return
		}
		if !created {
			continue
		}
		l.record(ack{table: "vendors", id: v.ID, name: v.Name, at: time.Now()})
		if i%3 != 0 {
			continue
		}
		var c struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		}
		body := map[string]any{"vendor_id": v.ID, "title": "Support for " + name, "kind": "support", "owner_email": soakAdmin,
			"renewal_type": "auto", "currency": "EUR", "first_term": map[string]any{
				"start_date": today.AddDate(0, 0, -30).Format(time.DateOnly), "end_date": today.AddDate(0, 11, 0).Format(time.DateOnly),
				"price": "1200.00", "billing": "annual"}}
		created, answered = l.post("/api/v1/contracts", ack{table: "contracts", name: "Support for " + name}, body, &c)
		if !answered {
			return
		}
		if created {
			l.record(ack{table: "contracts", id: c.ID, name: c.Title, at: time.Now()})
		}
	}
}

// post sends one write, w, and decodes a 201's body into v. It reports whether the
// write was created, and whether there was an answer at all: without one the server is
// gone and the writer stops. A refusal is recorded and the writer goes on.
func (l *soakLoad) post(path string, w ack, body any, v any) (created, answered bool) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, "http://"+l.site.addr+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+l.site.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := l.client.Do(req)
	if err != nil {
		l.mu.Lock()
		l.failed = append(l.failed, fmt.Sprintf("POST %s: %v", path, err))
		l.cutOff = append(l.cutOff, w)
		l.mu.Unlock()
		return false, false
	}
	defer res.Body.Close()
	var raw bytes.Buffer
	raw.ReadFrom(res.Body)
	if res.StatusCode != http.StatusCreated {
		l.mu.Lock()
		l.refused = append(l.refused, fmt.Sprintf("POST %s: %d %s", path, res.StatusCode, raw.String()))
		l.mu.Unlock()
		return false, true
	}
	if err := json.Unmarshal(raw.Bytes(), v); err != nil {
		l.mu.Lock()
		l.refused = append(l.refused, fmt.Sprintf("POST %s: 201 with %q: %v", path, raw.String(), err))
		l.mu.Unlock()
		return false, true
	}
	return true, true
}

func (l *soakLoad) record(a ack) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acks = append(l.acks, a)
}

// acked is a copy of the writes acknowledged so far.
func (l *soakLoad) acked() []ack {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]ack(nil), l.acks...)
}

// sampleWAL keeps the largest size the WAL file reached: Litestream's read lock holds
// back the server's own checkpoints, and this shows the WAL stays bounded all the same.
func (l *soakLoad) sampleWAL(ctx context.Context) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		if fi, err := os.Stat(l.site.db + "-wal"); err == nil {
			l.mu.Lock()
			l.walPeak = max(l.walPeak, fi.Size())
			l.mu.Unlock()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// report logs the load's figures and fails the test on any refused write.
func (l *soakLoad) report(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	took := l.finished.Sub(l.began)
	var vendors, contracts int
	for _, a := range l.acks {
		if a.table == "vendors" {
			vendors++
		} else {
			contracts++
		}
	}
	t.Logf("load: %d writers for %s: %d writes acknowledged (%d vendors, %d contracts), %.0f writes/s; WAL peak %.1f MB",
		soakWriters, took.Round(time.Millisecond), len(l.acks), vendors, contracts, float64(len(l.acks))/took.Seconds(), float64(l.walPeak)/1e6)
	if len(l.acks) < 100 {
		t.Errorf("only %d writes were acknowledged: too few to say anything", len(l.acks))
	}
	for i, r := range l.refused {
		if i == 5 {
			t.Errorf("… %d refused writes in all", len(l.refused))
			break
		}
		t.Errorf("refused: %s", r)
	}
}

// openSQLite opens a database file with database/sql only, so nothing is migrated or
// created beside it.
func openSQLite(t *testing.T, path string, readOnly bool) *sql.DB {
	t.Helper()
	dsn := "file:" + path + "?_busy_timeout=5000"
	if readOnly {
		dsn += "&mode=ro"
	}
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// checkRestored opens a restored database and wants it whole, with every acknowledged
// write present under its own name.
func checkRestored(t *testing.T, path string, acks []ack) {
	t.Helper()
	db := openSQLite(t, path, true)
	var integrity string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if integrity != "ok" {
		t.Fatalf("%s: integrity_check says %s", path, integrity)
	}
	stored := map[string]map[int64]string{"vendors": {}, "contracts": {}}
	for table, column := range map[string]string{"vendors": "name", "contracts": "title"} {
		rows, err := db.Query(`SELECT id, ` + column + ` FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				t.Fatal(err)
			}
			stored[table][id] = name
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	missing := 0
	for _, a := range acks {
		if got, ok := stored[a.table][a.id]; !ok || got != a.name {
			if missing++; missing <= 5 {
				t.Errorf("%s: %s %d %q, acknowledged at %s, is missing (found %q)", filepath.Base(path), a.table, a.id, a.name, a.at.Format(time.StampMilli), got)
			}
		}
	}
	if missing > 0 {
		t.Fatalf("%s: %d of %d acknowledged writes are missing", filepath.Base(path), missing, len(acks))
	}
}

// tableCounts counts the rows of every table: a restore after a clean stop holds
// exactly what the database holds, background work (reminder runs, backups, the audit
// log, token use) included.
func tableCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, name := range tables {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM "` + name + `"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[name] = n
	}
	return counts
}

// sameTables wants the restored database to hold as many rows in each table as the
// source, after both processes have stopped.
func sameTables(t *testing.T, source, restored string) {
	t.Helper()
	want := tableCounts(t, openSQLite(t, source, false))
	got := tableCounts(t, openSQLite(t, restored, true))
	for name, n := range want {
		if got[name] != n {
			t.Errorf("table %s: %d rows restored, %d in the database", name, got[name], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d tables restored, %d in the database", len(got), len(want))
	}
	t.Logf("restored tables match the database: vendors %d, contracts %d, audit_log %d, reminder_runs %d, backup_runs %d",
		want["vendors"], want["contracts"], want["audit_log"], want["reminder_runs"], want["backup_runs"])
}

// outlayRestore puts a Litestream restore into a new data folder the way the README
// does: the key file, kept apart, goes beside it, and `outlay restore` checks the file
// and that the key opens its licence keys.
func outlayRestore(t *testing.T, s *soakSite, restored string) {
	t.Helper()
	key, err := os.ReadFile(filepath.Join(s.dir, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(restored+".key", key, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "data")
	var out, errs bytes.Buffer
	if err := run([]string{"restore", restored, "--data", dir}, nil, &out, &errs); err != nil {
		t.Fatalf("outlay restore: %v\n%s", err, errs.String())
	}
	if !strings.Contains(out.String(), "licence keys: 1, all readable") {
		t.Fatalf("outlay restore of the Litestream restore:\n%s", out.String())
	}
}

func soakDuration(t *testing.T) time.Duration {
	t.Helper()
	v := os.Getenv("OUTLAY_SOAK_DURATION")
	if v == "" {
		return 60 * time.Second
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 2*time.Second {
		t.Fatalf("OUTLAY_SOAK_DURATION=%q: want a duration of 2s or more, such as 60s or 10m", v)
	}
	return d
}

// TestSoakReplicationUnderLoad runs Outlay as the README deploys it with Litestream:
// `litestream replicate -exec "outlay serve"`, a file replica, several API clients
// writing. Halfway, a restore from the live replica (after a forced sync) holds every
// write acknowledged before the sync; after the load, the replica catches up by itself
// within seconds; after SIGTERM (Litestream passes it to the server, waits for it, then
// ships the rest), a restore holds every acknowledged write and matches the database
// table by table.
func TestSoakReplicationUnderLoad(t *testing.T) {
	duration := soakDuration(t)
	s := newSoakSite(t)
	ls := start(t, s.serveEnv(), s.litestream, "replicate", "-config", s.config, "-exec", strings.Join(serveArgs(), " "))
	s.waitServing(t, ls)

	load := newSoakLoad(s, "")
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	loaded := make(chan struct{})
	go func() { load.run(ctx); close(loaded) }()

	// Halfway: point-in-time restore from the replica while the server writes on.
	time.Sleep(duration / 2)
	before := load.acked()
	synced := time.Now()
	txid, replicaTXID := s.sync(t)
	syncTook := time.Since(synced)
	mid := filepath.Join(t.TempDir(), "live.db")
	took := s.restore(t, mid)
	checkRestored(t, mid, before)
	t.Logf("live restore: %d writes acknowledged before the sync all present; sync took %s (txid %d, replica at %d), restore %s",
		len(before), syncTook.Round(time.Millisecond), txid, replicaTXID, took.Round(time.Millisecond))

	<-loaded
	load.report(t)
	if len(load.failed) > 0 {
		t.Fatalf("writes without an answer while the server ran: %v\n%s", load.failed, ls.logged())
	}

	// Replica lag: how long the last acknowledged write takes to reach the replica on
	// Litestream's own schedule, nothing forced.
	acks := load.acked()
	last := acks[len(acks)-1]
	lagDir := t.TempDir()
	var lag time.Duration
	for i := 0; ; i++ {
		out := filepath.Join(lagDir, fmt.Sprintf("lag-%d.db", i))
		s.restore(t, out)
		db := openSQLite(t, out, true)
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM `+last.table+` WHERE id = ?`, last.id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if n == 1 {
			lag = time.Since(last.at)
			break
		}
		if time.Since(last.at) > 2*time.Minute {
			t.Fatalf("the last acknowledged write (%s %d) was not in the replica 2 minutes later\n%s", last.table, last.id, ls.logged())
		}
	}
	t.Logf("replica lag: the last acknowledged write was in a restore %s after its 201 (restores included)", lag.Round(time.Millisecond))

	// A clean stop: SIGTERM to Litestream, which signals the server and waits for it.
	stopped := time.Now()
	ls.stop(t)
	if !strings.Contains(ls.logged(), `msg="shutting down"`) {
		t.Errorf("the server did not log its shutdown:\n%s", ls.logged())
	}
	t.Logf("stop: server and litestream exited 0 in %s", time.Since(stopped).Round(time.Millisecond))

	restored := filepath.Join(t.TempDir(), "restored.db")
	took = s.restore(t, restored)
	checkRestored(t, restored, acks)
	fi, err := os.Stat(restored)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("restore after stop: %d acknowledged writes present, restore of %.1f MB took %s", len(acks), float64(fi.Size())/1e6, took.Round(time.Millisecond))
	sameTables(t, s.db, restored)
	outlayRestore(t, s, restored)
}

// checkAhead compares a restore taken after the server was killed with the database
// as SQLite sees it: every vendor and contract in the database is in the restore, and
// anything more in the restore is the write of a request the kill cut off. Litestream
// reads the WAL file itself, so it can ship a transaction whose frames were written
// before the kill but which the server had not yet published in the WAL index: no
// client was told it succeeded, and SQLite treats it as never committed.
func checkAhead(t *testing.T, source, restored string, cutOff []ack) {
	t.Helper()
	names := func(db *sql.DB, table, column string) map[int64]string {
		rows, err := db.Query(`SELECT id, ` + column + ` FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[int64]string{}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				t.Fatal(err)
			}
			m[id] = name
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return m
	}
	src, rst := openSQLite(t, source, false), openSQLite(t, restored, true)
	extra := 0
	for table, column := range map[string]string{"vendors": "name", "contracts": "title"} {
		want, got := names(src, table, column), names(rst, table, column)
		for id, name := range want {
			if got[id] != name {
				t.Errorf("%s %d %q is in the database but not in the restore (found %q)", table, id, name, got[id])
			}
		}
		for id, name := range got {
			if _, ok := want[id]; ok {
				continue
			}
			extra++
			if !slices.ContainsFunc(cutOff, func(a ack) bool { return a.table == table && a.name == name }) {
				t.Errorf("%s %d %q is in the restore, not in the database, and no request cut off by the kill wrote it", table, id, name)
			}
		}
	}
	t.Logf("restore after kill: everything in the database is in it, and %d rows more, all written by requests the kill cut off", extra)
}

// TestSoakReplicationSurvivesKill kills the server with SIGKILL in the middle of the
// load, under `litestream replicate -exec` as the README runs it. Litestream sees its
// child die, ships what the WAL holds and exits; the database itself is intact (SQLite
// recovers it), and a restore holds every write the server acknowledged. systemd would
// start the unit again, and so does the test: after more writes and a clean stop, a
// restore holds the writes of both runs and matches the database table by table.
//
// Litestream v0.5.18 does not always pass: in 3 of 32 runs the restore after the kill
// failed its integrity check (also once in about 16 runs with Litestream and the server
// as two services, the restarted server writing under a Litestream that outlived the
// kill). The README says what an operator does about it.
func TestSoakReplicationSurvivesKill(t *testing.T) {
	duration := soakDuration(t)
	s := newSoakSite(t)
	unit := func() *serveChild {
		return start(t, s.serveEnv(), s.litestream, "replicate", "-config", s.config, "-exec", strings.Join(serveArgs(), " "))
	}
	ls := unit()
	s.waitServing(t, ls)

	first := newSoakLoad(s, "a")
	ctx, cancel := context.WithCancel(context.Background())
	loaded := make(chan struct{})
	go func() { first.run(ctx); close(loaded) }()
	time.Sleep(duration / 2)
	if err := syscall.Kill(execChild(t, ls), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- ls.cmd.Wait() }()
	select {
	case err := <-exited:
		t.Logf("litestream after its child was killed: %v", err)
	case <-time.After(2 * time.Minute):
		t.Fatalf("litestream did not exit within 2 minutes of its child's death\n%s", ls.logged())
	}
	cancel()
	<-loaded
	first.report(t)
	t.Logf("kill: the server was killed %s into the load; %d requests in flight were cut off",
		first.finished.Sub(first.began).Round(time.Millisecond), len(first.cutOff))
	if !strings.Contains(ls.logged(), "subprocess exited") {
		t.Errorf("litestream did not log its child's exit:\n%s", grepLines(ls.logged(), "level=INFO", "level=WARN", "level=ERROR"))
	}

	var integrity string
	if err := openSQLite(t, s.db, false).QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("the database after the kill: %v %s", err, integrity)
	}
	crashed := filepath.Join(t.TempDir(), "crashed.db")
	took := s.restore(t, crashed)
	checkRestored(t, crashed, first.acked())
	t.Logf("restore after kill: %d acknowledged writes present, restore took %s", len(first.acked()), took.Round(time.Millisecond))
	checkAhead(t, s.db, crashed, first.cutOff)

	ls = unit()
	s.waitServing(t, ls)
	second := newSoakLoad(s, "b")
	ctx, cancel = context.WithTimeout(context.Background(), duration/2)
	defer cancel()
	second.run(ctx)
	second.report(t)
	if len(second.failed) > 0 {
		t.Fatalf("writes without an answer after the restart: %v\n%s", second.failed, ls.logged())
	}
	ls.stop(t)
	// Litestream's reasons for a new snapshot (logged at debug level): what it made of
	// the WAL the killed server left.
	if seen := grepLines(ls.logged(), "reason="); seen != "" {
		t.Logf("litestream's reasons for snapshots after the restart:\n%s", seen)
	}

	restored := filepath.Join(t.TempDir(), "restored.db")
	took = s.restore(t, restored)
	acks := append(first.acked(), second.acked()...)
	checkRestored(t, restored, acks)
	t.Logf("restore after restart and stop: %d acknowledged writes of both runs present, restore took %s", len(acks), took.Round(time.Millisecond))
	sameTables(t, s.db, restored)
	outlayRestore(t, s, restored)
}

// execChild is the process id of the server that Litestream started with -exec. The
// kernel lists a child under the thread that started it, so every thread is read.
func execChild(t *testing.T, ls *serveChild) int {
	t.Helper()
	pid := ls.cmd.Process.Pid
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		b, err := os.ReadFile(task)
		if err != nil {
			t.Fatal(err)
		}
		var child int
		if _, err := fmt.Sscan(string(b), &child); err == nil {
			return child
		}
	}
	t.Fatalf("litestream (%d) has no child process", pid)
	return 0
}

// grepLines is the lines of a log that hold any of the words.
func grepLines(log string, words ...string) string {
	var b strings.Builder
	for line := range strings.Lines(log) {
		for _, w := range words {
			if strings.Contains(line, w) {
				b.WriteString(line)
				break
			}
		}
	}
	return b.String()
}
