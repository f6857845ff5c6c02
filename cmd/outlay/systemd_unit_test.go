package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// unitFile is outlay.service as systemd reads it: each section's keys with their values
// in order (a key may be given more than once), comments and blank lines left out.
type unitFile map[string]map[string][]string

func parseUnit(t *testing.T, text string) unitFile {
	t.Helper()
	u, section := unitFile{}, ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "", strings.HasPrefix(line, "#"), strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			u[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Fatalf("outlay.service line %d is not key=value in a section: %q", n, line)
			}
			u[section][strings.TrimSpace(k)] = append(u[section][strings.TrimSpace(k)], strings.TrimSpace(v))
		}
	}
	return u
}

// TestSystemdUnitIsHardened reads the unit in the repository, which is what
// `outlay systemd-unit` prints, and checks every hardening directive the README promises
// with its value, and that its ExecStart runs serve with flags serve knows. Where
// systemd-analyze is installed, systemd checks the file too and rates its exposure.
func TestSystemdUnitIsHardened(t *testing.T) {
	onDisk, err := os.ReadFile("outlay.service")
	if err != nil {
		t.Fatal(err)
	}
	printed, err := runCmd(t, "systemd-unit")
	if err != nil {
		t.Fatal(err)
	}
	if printed != string(onDisk) {
		t.Fatal("outlay systemd-unit does not print outlay.service")
	}
	svc := parseUnit(t, printed)["Service"]
	if svc == nil {
		t.Fatal("outlay.service has no [Service] section")
	}
	for key, want := range map[string]string{
		"User": "outlay", "Group": "outlay", "StateDirectory": "outlay", "UMask": "0077",
		"ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes",
		"NoNewPrivileges": "yes", "ProtectKernelTunables": "yes", "ProtectKernelModules": "yes",
		"ProtectKernelLogs": "yes", "ProtectControlGroups": "yes", "RestrictNamespaces": "yes",
		"LockPersonality": "yes", "MemoryDenyWriteExecute": "yes", "CapabilityBoundingSet": "",
		"RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "SystemCallFilter": "@system-service",
		"Restart": "on-failure", "RestartSec": "5s", "KillSignal": "SIGTERM", "TimeoutStopSec": "45s",
		"EnvironmentFile": "-/etc/outlay/outlay.env",
	} {
		if got, ok := svc[key]; !ok || got[0] != want {
			t.Errorf("%s = %q, want %q first", key, got, want)
		}
	}

	// ExecStart runs serve on the state directory, with flags the real serve flag set
	// takes: a trailing -help makes serve stop after parsing them, before it opens
	// anything, with "help requested" — or with "flag provided but not defined" first.
	start := svc["ExecStart"]
	if len(start) != 1 {
		t.Fatalf("ExecStart = %q, want one command", start)
	}
	argv := strings.Fields(start[0])
	if len(argv) < 2 || argv[0] != "/usr/local/bin/outlay" || argv[1] != "serve" {
		t.Fatalf("ExecStart = %q, want /usr/local/bin/outlay serve …", start[0])
	}
	if !slicesContainsPair(argv, "--data", "/var/lib/"+svc["StateDirectory"][0]) {
		t.Errorf("ExecStart = %q: the data folder is not the state directory", start[0])
	}
	err = run(append(append([]string{"serve"}, argv[2:]...), "-help"), strings.NewReader(""), io.Discard, io.Discard)
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "help requested") {
		t.Fatalf("serve %q: %v, want the flags to parse", argv[2:], err)
	}
	// The check above can tell: a flag serve does not have is refused before -help.
	err = run([]string{"serve", "--no-such-flag", "-help"}, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || strings.Contains(err.Error(), "help requested") {
		t.Fatalf("an unknown serve flag: %v", err)
	}

	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze is not installed: the unit is not verified by systemd")
		return
	}
	systemdVerify(t, analyze, printed)
}

// slicesContainsPair reports whether flag is followed by value in argv.
func slicesContainsPair(argv []string, flag, value string) bool {
	for i := 0; i+1 < len(argv); i++ {
		if argv[i] == flag && argv[i+1] == value {
			return true
		}
	}
	return false
}

// exposureLine is systemd-analyze security's verdict.
var exposureLine = regexp.MustCompile(`Overall exposure level for outlay\.service: ([0-9.]+)`)

// systemdVerify has systemd check the unit: `verify` warns about an unknown key or a
// value it cannot parse (and exits 0 all the same, so any line naming the file fails the
// test), and `security --offline` rates what the service may do, 0 (locked down) to 10.
// ExecStart points at this test's binary, as verify wants an executable there.
func systemdVerify(t *testing.T, analyze, unit string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "outlay.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(unit, "/usr/local/bin/outlay", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(analyze, "verify", path)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil || strings.Contains(out.String(), "outlay.service") {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out.String())
	}
	res, err := exec.Command(analyze, "security", "--offline=yes", path).CombinedOutput()
	if err != nil {
		t.Logf("systemd-analyze security --offline is not available here (%v): exposure not rated", err)
		return
	}
	m := exposureLine.FindSubmatch(res)
	if m == nil {
		t.Fatalf("systemd-analyze security printed no exposure level:\n%s", res)
	}
	if level, err := strconv.ParseFloat(string(m[1]), 64); err != nil || level > 2.0 {
		t.Fatalf("exposure level %s, want at most 2.0 (systemd's \"OK\"):\n%s", m[1], res)
	}
}
