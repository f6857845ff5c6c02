package buildinfo

import (
	"runtime/debug"
	"testing"
)

func vcsBuild(rev, time, modified string) *debug.BuildInfo {
	return &debug.BuildInfo{Settings: []debug.BuildSetting{
		{Key: "-compiler", Value: "gc"},
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: rev},
		{Key: "vcs.time", Value: time},
		{Key: "vcs.modified", Value: modified},
	}}
}

func TestResolve(t *testing.T) {
	const rev, when = "c91ceca1234567890abcdef1234567890abcdef0", "2026-12-03T08:00:00Z"
	for _, tc := range []struct {
		name            string
		version, commit string
		bi              *debug.BuildInfo
		want            Info
		line            string
	}{
		{"make build in a checkout", "0.10.0-3-gc91ceca", rev, vcsBuild(rev, when, "false"),
			Info{Version: "0.10.0-3-gc91ceca", Commit: rev, Time: when},
			"outlay 0.10.0-3-gc91ceca (commit " + rev + ", " + when + ")"},
		{"a tag's v is dropped", "v0.10.0", rev, vcsBuild(rev, when, "false"),
			Info{Version: "0.10.0", Commit: rev, Time: when},
			"outlay 0.10.0 (commit " + rev + ", " + when + ")"},
		{"git describe --dirty", "0.10.0-dirty", rev, vcsBuild(rev, when, "false"),
			Info{Version: "0.10.0+dirty", Commit: rev, Time: when, Modified: true},
			"outlay 0.10.0+dirty (commit " + rev + ", " + when + ")"},
		{"go build in a changed checkout", "", "", vcsBuild(rev, when, "true"),
			Info{Version: "dev+dirty", Commit: rev, Time: when, Modified: true},
			"outlay dev+dirty (commit " + rev + ", " + when + ")"},
		{"go build in a clean checkout", "", "", vcsBuild(rev, when, "false"),
			Info{Version: "dev", Commit: rev, Time: when},
			"outlay dev (commit " + rev + ", " + when + ")"},
		{"another commit stamped: Go's time is not its time", "0.10.0", "abcdef0", vcsBuild(rev, when, "false"),
			Info{Version: "0.10.0", Commit: "abcdef0"},
			"outlay 0.10.0 (commit abcdef0)"},
		{"a tarball built with make: git describe said dev", "dev", "", &debug.BuildInfo{},
			Info{Version: "dev"}, "outlay dev"},
		{"nothing known", "", "", nil, Info{Version: "dev"}, "outlay dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := resolve(tc.version, tc.commit, tc.bi)
			if got != tc.want {
				t.Fatalf("resolve = %+v, want %+v", got, tc.want)
			}
			if s := got.String(); s != tc.line {
				t.Fatalf("String = %q, want %q", s, tc.line)
			}
		})
	}
}

// TestReadUnstamped: a test binary is neither stamped nor built with VCS information, so
// Read falls back all the way to "dev".
func TestReadUnstamped(t *testing.T) {
	if Version != "" || Commit != "" {
		t.Skip("this test binary was stamped with -ldflags -X")
	}
	if in := Read(); in.Version != DevVersion && in.Version != DevVersion+"+dirty" {
		t.Fatalf("Read = %+v, want version %q", in, DevVersion)
	}
}
