package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestServeRefusesMetricsTokenWithoutToken: OUTLAY_METRICS=token without a token stops
// serve at start, saying which variable is missing, rather than serving metrics to all.
func TestServeRefusesMetricsTokenWithoutToken(t *testing.T) {
	for _, env := range [][2]string{{"token", ""}, {"maybe", ""}} {
		t.Setenv("OUTLAY_METRICS", env[0])
		t.Setenv("OUTLAY_METRICS_TOKEN", env[1])
		var stdout, stderr bytes.Buffer
		err := run([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, nil, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "OUTLAY_METRICS") && !strings.Contains(err.Error(), "metrics must be") {
			t.Fatalf("OUTLAY_METRICS=%q: %v", env[0], err)
		}
	}
}
