package main

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"outlay/internal/buildinfo"
)

// TestVersionCommand: `outlay version` prints one line naming the build, and --json the
// same as an object. A test binary is not stamped, so it says "dev".
func TestVersionCommand(t *testing.T) {
	out, err := runCmd(t, "version")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "outlay dev") || strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Fatalf("outlay version printed %q", out)
	}
	if out, err = runCmd(t, "version", "--json"); err != nil {
		t.Fatal(err)
	}
	var in buildinfo.Info
	if err := json.Unmarshal([]byte(out), &in); err != nil || !strings.HasPrefix(in.Version, "dev") {
		t.Fatalf("outlay version --json printed %q (%v)", out, err)
	}
	var ue usageError
	if err := run([]string{"version", "extra"}, strings.NewReader(""), io.Discard, io.Discard); !errors.As(err, &ue) {
		t.Fatalf("an extra argument: %v, want a usage error", err)
	}
}

// repoRoot is the repository's top folder, where the Makefile is.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "Makefile")); err != nil {
		t.Fatal(err)
	}
	return root
}

// makeBuild runs `make build` in dir with the extra make variables, writing the binary to
// bin and returning its path. Whatever VERSION or COMMIT the environment holds is left
// out: the test says what it wants. The build cache makes this take seconds.
func makeBuild(t *testing.T, dir, bin string, vars ...string) string {
	t.Helper()
	makePath, err := exec.LookPath("make")
	if err != nil {
		t.Skip("make is not installed")
	}
	goPath, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	args := append([]string{"-C", dir, "build", "BIN=" + bin, "GO=" + goPath}, vars...)
	cmd := exec.Command(makePath, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "VERSION=") && !strings.HasPrefix(kv, "COMMIT=") && !strings.HasPrefix(kv, "MAKEFLAGS=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	// git stops at the copy's parent, so a temporary folder inside some other checkout
	// is still a tarball without .git.
	cmd.Env = append(cmd.Env, "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make build: %v\n%s", err, out)
	}
	return bin
}

// TestBuiltBinaryRunsAlone builds Outlay as `make build` does, stamped, and runs it from
// an empty folder with no source tree anywhere near: the templates, the assets and the
// migrations must all be inside the binary. It sets up a new data folder, serves the
// set-up page and the stylesheet, and /healthz names the stamped build.
func TestBuiltBinaryRunsAlone(t *testing.T) {
	const version, commit = "9.9.9-test", "0123456789abcdef0123456789abcdef01234567"
	bin := makeBuild(t, repoRoot(t), filepath.Join(t.TempDir(), "outlay"), "VERSION=v"+version, "COMMIT="+commit)
	alone := t.TempDir()

	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); !strings.HasPrefix(got, "outlay "+version+" (commit "+commit) {
		t.Fatalf("outlay version: %q", got)
	}

	addr := freeAddr(t)
	srv := exec.Command(bin, "serve", "--data", "data", "--addr", addr)
	srv.Dir = alone
	srv.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + alone} // no OUTLAY_* from the test's environment
	logs := &serveChild{cmd: srv}
	srv.Stdout, srv.Stderr = logs, logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if srv.ProcessState == nil {
			srv.Process.Kill()
			srv.Wait()
		}
	})
	base := "http://" + addr
	var health struct{ Status, Version, Commit string }
	waitFor(t, "/healthz answering", 30*time.Second, func() bool {
		res, err := http.Get(base + "/healthz")
		if err != nil {
			return false
		}
		defer res.Body.Close()
		return res.StatusCode == http.StatusOK && json.NewDecoder(res.Body).Decode(&health) == nil
	})
	if health.Status != "ok" || health.Version != version || health.Commit != commit {
		t.Fatalf("/healthz: %+v", health)
	}
	for path, want := range map[string]string{
		"/setup":             "Create the first administrator", // a template
		"/static/outlay.css": "{",                              // an asset
		"/readyz":            `"name":"migrations","ok":true`,
	} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if (res.StatusCode != http.StatusOK && path != "/readyz") || !strings.Contains(string(body), want) {
			t.Fatalf("GET %s: %d, want %q in\n%s\nlog:\n%s", path, res.StatusCode, want, body, logs.logged())
		}
	}
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v\n%s", err, logs.logged())
	}
	if _, err := os.Stat(filepath.Join(alone, "data", "outlay.db")); err != nil {
		t.Fatalf("no database in the new data folder: %v", err)
	}
}

// TestBuildFromTarball: `make build` in a copy of the sources without .git, as a release
// tarball is, still builds, and the binary says it is "dev" rather than failing or
// naming some other checkout's commit.
func TestBuildFromTarball(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles every package of a copy of the tree")
	}
	root, src := repoRoot(t), filepath.Join(t.TempDir(), "outlay-src")
	for _, name := range []string{"go.mod", "go.sum", "Makefile", "cmd", "internal", "web", "db", "reports"} {
		if err := copyTree(filepath.Join(root, name), filepath.Join(src, name)); err != nil {
			t.Fatal(err)
		}
	}
	bin := makeBuild(t, src, filepath.Join(src, "bin", "outlay"))
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "outlay dev" {
		t.Fatalf("outlay version from a tarball: %q, want %q", got, "outlay dev")
	}
}

// copyTree copies a file or a folder, leaving out the test data and build products the
// working tree may hold (bin/, data folders are not among the names copied).
func copyTree(from, to string) error {
	info, err := os.Stat(from)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		b, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	}
	return os.CopyFS(to, os.DirFS(from))
}

// freeAddr is a loopback address with a port nothing listens on. The port is released
// before serve takes it; another process taking it in between would fail the test loudly
// (serve exits, /healthz never answers), not pass it wrongly.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
