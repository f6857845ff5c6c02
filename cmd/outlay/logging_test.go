package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With OUTLAY_LOG_FORMAT=json every line is one JSON object with slog's keys and the
// attributes; the level filters.
func TestLoggerJSON(t *testing.T) {
	var buf bytes.Buffer
	log, err := newLogger(&buf, envOf(map[string]string{"OUTLAY_LOG_FORMAT": "JSON", "OUTLAY_LOG_LEVEL": "debug"}))
	if err != nil {
		t.Fatal(err)
	}
	log.Debug("request", "request_id", "abc", "status", 200)
	log.Warn("mail is not configured")
	sc := bufio.NewScanner(&buf)
	var lines []map[string]any
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON (%v): %s", err, sc.Text())
		}
		lines = append(lines, m)
	}
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	first := lines[0]
	for k, want := range map[string]any{"level": "DEBUG", "msg": "request", "request_id": "abc", "status": float64(200)} {
		if first[k] != want {
			t.Errorf("%s = %v, want %v", k, first[k], want)
		}
	}
	if _, ok := first["time"]; !ok {
		t.Error("no time key")
	}
	if lines[1]["level"] != "WARN" {
		t.Errorf("second line: %v", lines[1])
	}
}

// Text is the default, at info: a debug line is dropped. remind's default is warn,
// unless OUTLAY_LOG_LEVEL says otherwise.
func TestLoggerTextAndLevels(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		warn  bool
		lines []string // what Debug, Info and Warn lines appear, by level
	}{
		{"default", nil, false, []string{"INFO", "WARN"}},
		{"error only", map[string]string{"OUTLAY_LOG_LEVEL": "error"}, false, nil},
		{"remind default", nil, true, []string{"WARN"}},
		{"remind with a level", map[string]string{"OUTLAY_LOG_LEVEL": "info"}, true, []string{"INFO", "WARN"}},
	}
	for _, tc := range cases {
		getenv := envOf(tc.env)
		if tc.warn {
			getenv = envDefault(getenv, "OUTLAY_LOG_LEVEL", "warn")
		}
		var buf bytes.Buffer
		log, err := newLogger(&buf, getenv)
		if err != nil {
			t.Fatal(err)
		}
		log.Debug("d", "k", "v")
		log.Info("i", "k", "v")
		log.Warn("w", "k", "v")
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			if l == "" {
				continue
			}
			if !strings.HasPrefix(l, "time=") || !strings.Contains(l, " k=v") {
				t.Errorf("%s: not a text line: %s", tc.name, l)
			}
			got = append(got, strings.TrimPrefix(strings.Fields(l)[1], "level="))
		}
		if strings.Join(got, ",") != strings.Join(tc.lines, ",") {
			t.Errorf("%s: levels %v, want %v", tc.name, got, tc.lines)
		}
	}
}

// A value the logger does not know is a usage error that names the variable.
func TestLoggerRefusesBadValues(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"OUTLAY_LOG_FORMAT": {"OUTLAY_LOG_FORMAT": "logfmt"},
		"OUTLAY_LOG_LEVEL":  {"OUTLAY_LOG_LEVEL": "verbose"},
	} {
		_, err := newLogger(&bytes.Buffer{}, envOf(env))
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), env[name]) {
			t.Errorf("%s=%q: %v", name, env[name], err)
		}
	}
	// serve refuses to start with one, before it opens anything.
	t.Setenv("OUTLAY_LOG_FORMAT", "xml")
	dir := t.TempDir()
	err := run([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, nil, &bytes.Buffer{}, &bytes.Buffer{})
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "OUTLAY_LOG_FORMAT") {
		t.Fatalf("serve with OUTLAY_LOG_FORMAT=xml: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "outlay.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve made a database before refusing its log settings: %v", err)
	}
}
