package mail

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	good := Config{Host: "smtp.example.com", From: "Outlay <outlay@example.com>", User: "outlay", Password: "pw", BaseURL: "https://outlay.example.com"}
	tests := []struct {
		name string
		edit func(*Config)
		want []string // parts of the message; none means valid
	}{
		{"complete", func(*Config) {}, nil},
		{"unconfigured is valid even when empty otherwise", func(c *Config) { *c = Config{Password: "x"} }, nil},
		{"tls mode tls", func(c *Config) { c.TLS = "TLS" }, nil},
		{"tls none without auth", func(c *Config) { c.TLS, c.User, c.Password = "none", "", "" }, nil},
		{"no base URL", func(c *Config) { c.BaseURL = "" }, nil},
		{"unknown tls mode", func(c *Config) { c.TLS = "ssl" }, []string{`TLS mode "ssl" must be starttls, tls or none`}},
		{"host with port", func(c *Config) { c.Host = "smtp.example.com:587" }, []string{"without port or scheme"}},
		{"port out of range", func(c *Config) { c.Port = 70000 }, []string{"port 70000 must be between 1 and 65535"}},
		{"user without password", func(c *Config) { c.Password = "" }, []string{"password is empty"}},
		{"password without user", func(c *Config) { c.User = "" }, []string{"user is empty"}},
		{"auth in clear", func(c *Config) { c.TLS = "none" }, []string{"password would travel in clear"}},
		{"no sender", func(c *Config) { c.From = "" }, []string{"sender address (From) is missing"}},
		{"bad sender", func(c *Config) { c.From = "outlay" }, []string{`sender address "outlay" is not an email address`}},
		{"relative base URL", func(c *Config) { c.BaseURL = "/outlay" }, []string{"must be an absolute http or https address"}},
		{"ftp base URL", func(c *Config) { c.BaseURL = "ftp://example.com" }, []string{"must be an absolute http or https address"}},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, []string{"must not be negative"}},
		{"every problem at once", func(c *Config) { c.TLS, c.From, c.Port = "x", "", -1 }, []string{"TLS mode", "From", "port -1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.edit(&c)
			err := c.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate = nil, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate = %q, want it to say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "pw") && c.Password == "pw" {
				t.Errorf("Validate shows the password: %q", err)
			}
		})
	}
}

func TestConfigConfiguredAndPort(t *testing.T) {
	tests := []struct {
		cfg        Config
		configured bool
		mode       string
		port       int
	}{
		{Config{}, false, "starttls", 587},
		{Config{Host: "  "}, false, "starttls", 587},
		{Config{Host: "smtp.example.com"}, true, "starttls", 587},
		{Config{Host: "smtp.example.com", TLS: "tls"}, true, "tls", 465},
		{Config{Host: "smtp.example.com", TLS: " None "}, true, "none", 25},
		{Config{Host: "smtp.example.com", TLS: "tls", Port: 2465}, true, "tls", 2465},
	}
	for _, tt := range tests {
		if got := tt.cfg.Configured(); got != tt.configured {
			t.Errorf("%+v Configured = %v, want %v", tt.cfg, got, tt.configured)
		}
		if got := tt.cfg.Mode(); got != tt.mode {
			t.Errorf("%+v Mode = %q, want %q", tt.cfg, got, tt.mode)
		}
		if got := tt.cfg.PortOrDefault(); got != tt.port {
			t.Errorf("%+v PortOrDefault = %d, want %d", tt.cfg, got, tt.port)
		}
	}
}

func TestNewSender(t *testing.T) {
	if _, err := NewSender(Config{}); !errors.Is(err, ErrNotConfigured) {
		t.Errorf("NewSender without host = %v, want ErrNotConfigured", err)
	}
	if _, err := NewSender(Config{Host: "smtp.example.com"}); err == nil || !strings.Contains(err.Error(), "From") {
		t.Errorf("NewSender without From = %v, want the missing sender", err)
	}
	s, err := NewSender(Config{Host: "smtp.example.com", From: "outlay@example.com"})
	if err != nil || s.Config().Host != "smtp.example.com" {
		t.Errorf("NewSender = %v, %v", s, err)
	}
}

func TestConfigNeverShowsThePassword(t *testing.T) {
	const secret = "hunter2-Zq9"
	c := Config{Host: "smtp.example.com", Port: 587, User: "outlay", Password: secret, From: "outlay@example.com", BaseURL: "https://outlay.example.com"}

	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("mail", "config", c)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("mail", "config", c)
	shown := map[string]string{
		"slog text": text.String(),
		"slog JSON": js.String(),
		"%v":        fmt.Sprintf("%v", c),
		"%+v":       fmt.Sprintf("%+v", c),
		"%#v":       fmt.Sprintf("%#v", c),
		"String":    c.String(),
		"pointer":   fmt.Sprintf("%v", &c),
	}
	for how, out := range shown {
		if strings.Contains(out, secret) {
			t.Errorf("%s shows the password: %s", how, out)
		}
		if !strings.Contains(out, "smtp.example.com") || !strings.Contains(out, "outlay") {
			t.Errorf("%s hides what an admin needs: %s", how, out)
		}
		if !strings.Contains(out, "********") {
			t.Errorf("%s does not say a password is set: %s", how, out)
		}
	}
	if !strings.Contains(js.String(), `"config":{"host":"smtp.example.com","port":587,"tls":"starttls","user":"outlay","password":"********"`) {
		t.Errorf("slog JSON is not a group of fields: %s", js.String())
	}
	c.Password = ""
	if s := c.String(); strings.Contains(s, "****") {
		t.Errorf("String claims a password that is not set: %s", s)
	}
}
