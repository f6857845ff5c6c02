package server_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
)

// testLogs receives what every harness of the package logs, beside the test's own
// buffer, so that TestMain can search the logs of the whole run for secrets.
var testLogs = &logBuffer{}

// testSecrets holds every secret the tests made or used, with its kind.
var testSecrets = struct {
	sync.Mutex
	kinds map[string]string
}{kinds: map[string]string{}}

// minSecretLen is the shortest secret noteSecret takes: a shorter string turns up in
// the logs by chance, and no secret Outlay makes or accepts is that short.
const minSecretLen = 8

// noteSecret registers a secret a test made or used (a password, an API token, a reset
// link's or a calendar feed's secret, a licence key, the metrics token) under its kind:
// after the run TestMain fails the package if any log line of any harness holds it.
func noteSecret(kind, secret string) {
	if len(secret) < minSecretLen {
		panic(fmt.Sprintf("noteSecret(%q): %d characters is too short to search the logs for", kind, len(secret)))
	}
	testSecrets.Lock()
	defer testSecrets.Unlock()
	testSecrets.kinds[secret] = kind
}

// leak is a log line that holds a secret, with the secret redacted.
type leak struct{ kind, line string }

// findSecrets returns the lines of logs that hold one of the secrets (kind by secret),
// as it is or percent-encoded as a form or a query carries it, each once per kind and
// with every secret it holds replaced by [kind], so the report does not leak it again.
func findSecrets(logs string, secrets map[string]string) []leak {
	type variant struct{ text, kind string }
	var variants []variant
	for s, kind := range secrets {
		variants = append(variants, variant{s, kind})
		if q := url.QueryEscape(s); q != s {
			variants = append(variants, variant{q, kind})
		}
	}
	var found []leak
	seen := map[leak]bool{}
	for _, v := range variants {
		rest := logs
		for {
			i := strings.Index(rest, v.text)
			if i < 0 {
				break
			}
			start := strings.LastIndexByte(rest[:i], '\n') + 1
			end := len(rest)
			if n := strings.IndexByte(rest[i:], '\n'); n >= 0 {
				end = i + n
			}
			line := rest[start:end]
			for _, w := range variants {
				line = strings.ReplaceAll(line, w.text, "["+w.kind+"]")
			}
			if l := (leak{v.kind, line}); !seen[l] {
				seen[l] = true
				found = append(found, l)
			}
			rest = rest[end:]
		}
	}
	return found
}

// TestMain runs the tests, then searches everything the harnesses logged for the
// secrets the tests noted: no password, token, reset link, feed address or licence key
// may reach a log, where whoever reads or collects the logs would have it.
func TestMain(m *testing.M) {
	// As server.New does, before any test builds an engine: no debug banner in the output.
	gin.SetMode(gin.ReleaseMode)
	noteSecret("test password", testPassword)
	noteSecret("licence key", testLicenceKey)
	code := m.Run()
	testSecrets.Lock()
	leaks := findSecrets(testLogs.String(), testSecrets.kinds)
	testSecrets.Unlock()
	for _, l := range leaks {
		line := l.line
		if len(line) > 400 {
			line = line[:400] + "…"
		}
		fmt.Fprintf(os.Stderr, "FAIL: a %s is in the server's log: %s\n", l.kind, line)
	}
	if len(leaks) > 0 && code == 0 {
		code = 1
	}
	os.Exit(code)
}

// TestSecretSearchFindsLoggedSecrets proves TestMain's search: a fake secret that the
// server really logs (in the path of a request it does not know) is found, redacted, as
// is one logged percent-encoded; one never logged is not. The fake secrets are searched
// for in this test's own log only, so they do not fail the package.
func TestSecretSearchFindsLoggedSecrets(t *testing.T) {
	h := newHarness(t)
	h.user("admin")
	const inPath, encoded, absent = "fake-token-4e1d9a0c77", "fake password with spaces", "never-logged-5b2f"
	if res := h.client().get("/no-such-page/" + inPath); res.Code != http.StatusNotFound {
		t.Fatalf("unknown page: %d", res.Code)
	}
	var own logBuffer
	slog.New(slog.NewTextHandler(&own, nil)).Info("form", "body", url.Values{"password": {encoded}}.Encode())
	secrets := map[string]string{inPath: "fake token", encoded: "fake password", absent: "absent secret"}

	leaks := findSecrets(h.Log.String()+own.String(), secrets)
	kinds := map[string]string{}
	for _, l := range leaks {
		kinds[l.kind] = l.line
		for s := range secrets {
			if strings.Contains(l.line, s) || strings.Contains(l.line, url.QueryEscape(s)) {
				t.Errorf("the report shows the secret: %s", l.line)
			}
		}
	}
	if line := kinds["fake token"]; !strings.Contains(line, "path=/no-such-page/[fake token]") {
		t.Errorf("the secret in a request path is not found, redacted: %q", line)
	}
	if line := kinds["fake password"]; !strings.Contains(line, "password=[fake password]") {
		t.Errorf("the percent-encoded secret is not found, redacted: %q", line)
	}
	if line, ok := kinds["absent secret"]; ok {
		t.Errorf("a secret never logged is reported: %q", line)
	}
}

// noteFeedSecret notes the secret of a calendar feed's address (…/calendar/SECRET.ics).
func noteFeedSecret(address string) {
	noteSecret("calendar feed secret", strings.TrimSuffix(address[strings.LastIndex(address, "/")+1:], ".ics"))
}
