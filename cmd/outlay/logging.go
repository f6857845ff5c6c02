package main

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// The environment variables of the logs: every command that logs reads them.
const logUsage = `Logs (on stderr): OUTLAY_LOG_FORMAT=text|json (default text; json is one object a line,
for a log collector), OUTLAY_LOG_LEVEL=debug|info|warn|error (default info; remind: warn).
`

// newLogger is the logger of a command, writing to w as OUTLAY_LOG_FORMAT and
// OUTLAY_LOG_LEVEL say (getenv is os.Getenv outside tests). A value it does not know is
// refused, naming the variable, rather than silently logging in another shape: a
// collector that expects JSON would drop every text line.
func newLogger(w io.Writer, getenv func(string) string) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{}
	switch v := strings.ToLower(strings.TrimSpace(getenv("OUTLAY_LOG_LEVEL"))); v {
	case "debug":
		opts.Level = slog.LevelDebug
	case "", "info":
		opts.Level = slog.LevelInfo
	case "warn":
		opts.Level = slog.LevelWarn
	case "error":
		opts.Level = slog.LevelError
	default:
		return nil, usageError{fmt.Sprintf("OUTLAY_LOG_LEVEL %q must be debug, info, warn or error", getenv("OUTLAY_LOG_LEVEL"))}
	}
	switch v := strings.ToLower(strings.TrimSpace(getenv("OUTLAY_LOG_FORMAT"))); v {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, usageError{fmt.Sprintf("OUTLAY_LOG_FORMAT %q must be text or json", getenv("OUTLAY_LOG_FORMAT"))}
	}
}

// envDefault is getenv with def for the variable name when it is unset or empty: a
// command whose logs are quieter by default (remind prints its own summary) still lets
// OUTLAY_LOG_LEVEL decide when it is set.
func envDefault(getenv func(string) string, name, def string) func(string) string {
	return func(k string) string {
		if v := getenv(k); k != name || v != "" {
			return v
		}
		return def
	}
}
