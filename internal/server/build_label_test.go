package server

import "testing"

func TestBuildLabel(t *testing.T) {
	const commit = "c91cecababc500a8b67124c2d9986a0afc152aa7"
	for _, tc := range []struct{ version, commit, want string }{
		{"0.10.0", commit, "0.10.0 (c91ceca)"},
		{"0.10.0+dirty", commit, "0.10.0+dirty (c91ceca)"},
		{"0.10.0-3-gc91ceca", commit, "0.10.0-3-gc91ceca"}, // git describe names the commit
		{"c91ceca", commit, "c91ceca"},                     // describe --always, no tag yet
		{"dev", "", "dev"},
		{"dev", "abc", "dev (abc)"},
	} {
		if got := buildLabel(tc.version, tc.commit); got != tc.want {
			t.Errorf("buildLabel(%q, %q) = %q, want %q", tc.version, tc.commit, got, tc.want)
		}
	}
}
