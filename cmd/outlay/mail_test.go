package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outlay/internal/mail"
)

// envOf is a getenv over a map, so each case sets exactly what it names.
func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestMailConfigFromTheEnvironment(t *testing.T) {
	pwFile := filepath.Join(t.TempDir(), "smtp-password")
	if err := os.WriteFile(pwFile, []byte("s3cret from file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	full := map[string]string{
		"OUTLAY_SMTP_HOST": "smtp.example.com", "OUTLAY_SMTP_PORT": "2525", "OUTLAY_SMTP_USER": "outlay",
		"OUTLAY_SMTP_PASSWORD": "hunter2 x", "OUTLAY_SMTP_FROM": "Outlay <outlay@example.com>",
		"OUTLAY_SMTP_TLS": "TLS", "OUTLAY_BASE_URL": "https://outlay.example.com/",
	}
	with := func(changes map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		for k, v := range changes {
			if v == "" {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}

	c, err := mailConfig(envOf(full))
	if err != nil {
		t.Fatal(err)
	}
	want := mail.Config{Host: "smtp.example.com", Port: 2525, User: "outlay", Password: "hunter2 x",
		From: "Outlay <outlay@example.com>", TLS: "tls", BaseURL: "https://outlay.example.com"}
	if c != want {
		t.Fatalf("config %s, want %s", c, want)
	}
	st := mailStatus(c)
	if !st.Configured || st.Host != "smtp.example.com:2525" || st.TLS != "tls" || st.BaseURL != "https://outlay.example.com" || st.Problem != "" {
		t.Fatalf("status %+v", st)
	}

	// Defaults: STARTTLS on 587; nothing set at all is "not configured", not an error.
	c, err = mailConfig(envOf(with(map[string]string{"OUTLAY_SMTP_PORT": "", "OUTLAY_SMTP_TLS": ""})))
	if err != nil || c.Mode() != mail.TLSStartTLS || c.PortOrDefault() != 587 {
		t.Fatalf("defaults: %s %v", c, err)
	}
	c, err = mailConfig(envOf(nil))
	if err != nil || c.Configured() {
		t.Fatalf("nothing set: %s %v", c, err)
	}
	if st := mailStatus(c); st.Configured || !strings.Contains(st.Problem, "OUTLAY_SMTP_HOST") {
		t.Fatalf("unconfigured status %+v", st)
	}

	// The password from a file, its trailing newline trimmed.
	c, err = mailConfig(envOf(with(map[string]string{"OUTLAY_SMTP_PASSWORD": "", "OUTLAY_SMTP_PASSWORD_FILE": pwFile})))
	if err != nil || c.Password != "s3cret from file" {
		t.Fatalf("password file: %q %v", c.Password, err)
	}

	for _, tc := range []struct {
		name    string
		changes map[string]string
		want    string
	}{
		{"both passwords", map[string]string{"OUTLAY_SMTP_PASSWORD_FILE": pwFile}, "not both"},
		{"missing password file", map[string]string{"OUTLAY_SMTP_PASSWORD": "", "OUTLAY_SMTP_PASSWORD_FILE": pwFile + ".gone"}, "cannot read"},
		{"bad TLS", map[string]string{"OUTLAY_SMTP_TLS": "ssl"}, `OUTLAY_SMTP_TLS "ssl" must be starttls, tls or none`},
		{"bad port", map[string]string{"OUTLAY_SMTP_PORT": "smtp"}, "OUTLAY_SMTP_PORT"},
		{"no base URL", map[string]string{"OUTLAY_BASE_URL": ""}, "OUTLAY_BASE_URL must be set when OUTLAY_SMTP_HOST is"},
		{"port out of range", map[string]string{"OUTLAY_SMTP_PORT": "70000"}, "OUTLAY_SMTP_PORT"},
		{"base URL without scheme", map[string]string{"OUTLAY_BASE_URL": "outlay.example.com"}, "OUTLAY_BASE_URL"},
		{"base URL of another scheme", map[string]string{"OUTLAY_BASE_URL": "ftp://outlay.example.com"}, "OUTLAY_BASE_URL"},
		{"bad sender", map[string]string{"OUTLAY_SMTP_FROM": "not an address"}, "sender address"},
		{"user without password", map[string]string{"OUTLAY_SMTP_PASSWORD": ""}, "password is empty"},
		{"password in clear", map[string]string{"OUTLAY_SMTP_TLS": "none"}, "in clear"},
		{"settings without a host", map[string]string{"OUTLAY_SMTP_HOST": ""}, "OUTLAY_SMTP_HOST is not set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := mailConfig(envOf(with(tc.changes)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
			// No message ever holds the password, from the variable or the file.
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "s3cret") {
				t.Fatalf("the error shows the password: %v", err)
			}
		})
	}
}

func TestServeAndRemindRefuseBadMailSettings(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("OUTLAY_SMTP_HOST", "smtp.example.com")
	t.Setenv("OUTLAY_SMTP_USER", "outlay")
	t.Setenv("OUTLAY_SMTP_PASSWORD", "hunter2")
	t.Setenv("OUTLAY_SMTP_FROM", "outlay@example.com")
	t.Setenv("OUTLAY_SMTP_TLS", "sometimes")
	for _, args := range [][]string{{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, {"remind", "--data", dir}} {
		var out, errOut strings.Builder
		err := run(args, strings.NewReader(""), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "OUTLAY_SMTP_TLS") || strings.Contains(err.Error(), "hunter2") {
			t.Fatalf("%s with a bad TLS mode: %v", args[0], err)
		}
	}
}
