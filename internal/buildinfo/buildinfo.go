// Package buildinfo says which build of Outlay is running: the version and commit that
// `make build` stamps into the binary, or, for a plain `go build`, what Go itself records
// about the checkout it built from. An operator reads it in `outlay version`, /healthz and
// the admins' footer to know what is deployed without asking anyone.
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Version and Commit are set at link time by the Makefile:
//
//	go build -ldflags "-X outlay/internal/buildinfo.Version=0.10.0 -X outlay/internal/buildinfo.Commit=c91ceca…"
//
// They are variables only because -X can set nothing else; nothing assigns them at run
// time. Empty means not stamped (go build, go run, go test).
var (
	Version string
	Commit  string
)

// DevVersion is the version of a build that nobody stamped.
const DevVersion = "dev"

// Info is what is known of this build.
type Info struct {
	// Version is "0.10.0-3-gc91ceca", or DevVersion, with "+dirty" when Modified, so
	// that wherever the version alone is shown a changed tree still shows.
	Version  string `json:"version"`
	Commit   string `json:"commit"`   // the full commit hash; empty when unknown
	Time     string `json:"time"`     // the commit's time, RFC 3339, as Go records it; may be empty
	Modified bool   `json:"modified"` // built from a checkout with uncommitted changes
}

// Read returns this binary's build information.
func Read() Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(Version, Commit, bi)
}

// resolve prefers what was stamped and falls back, field by field, on what Go recorded
// from the checkout (vcs.revision, vcs.time, vcs.modified): a tarball without .git and
// without make still builds, and says "dev". bi may be nil.
func resolve(version, commit string, bi *debug.BuildInfo) Info {
	vcs := map[string]string{}
	if bi != nil {
		for _, s := range bi.Settings {
			if strings.HasPrefix(s.Key, "vcs.") {
				vcs[s.Key] = s.Value
			}
		}
	}
	in := Info{Version: strings.TrimSpace(version), Commit: strings.TrimSpace(commit)}
	if in.Commit == "" {
		in.Commit = vcs["vcs.revision"]
	}
	if in.Commit == vcs["vcs.revision"] {
		in.Time = vcs["vcs.time"] // the time of that commit, not of another stamped one
	}
	// git describe --dirty says "-dirty"; Go says vcs.modified. Either is enough: a
	// stamped version can come from a clean describe of a tree Go then saw changed.
	if v, ok := strings.CutSuffix(in.Version, "-dirty"); ok {
		in.Version, in.Modified = v, true
	}
	if vcs["vcs.modified"] == "true" {
		in.Modified = true
	}
	// A tag v0.10.0 is version 0.10.0, as people say it.
	if len(in.Version) > 1 && in.Version[0] == 'v' && in.Version[1] >= '0' && in.Version[1] <= '9' {
		in.Version = in.Version[1:]
	}
	if in.Version == "" {
		in.Version = DevVersion
	}
	if in.Modified {
		in.Version += "+dirty"
	}
	return in
}

// String is the one line `outlay version` prints, with the parts that are known:
// "outlay 0.10.0-3-gc91ceca (commit c91ceca1234…, 2026-12-03T08:00:00Z)".
func (in Info) String() string {
	s := "outlay " + in.Version
	var about []string
	if in.Commit != "" {
		about = append(about, "commit "+in.Commit)
	}
	if in.Time != "" {
		about = append(about, in.Time)
	}
	if len(about) > 0 {
		s += " (" + strings.Join(about, ", ") + ")"
	}
	return s
}
