package config

import (
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func files(contents map[string]string) func(string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		c, ok := contents[path]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return []byte(c), nil
	}
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		files map[string]string
		want  Config
	}{
		{name: "defaults", want: Defaults},
		{
			name: "environment",
			env:  map[string]string{"PORT": "9090", "GREETING": "Hi!", "LOG_LEVEL": "DEBUG", "DRAIN_DELAY": "0s", "SHUTDOWN_TIMEOUT": "3s"},
			want: Config{Port: 9090, Greeting: "Hi!", LogLevel: slog.LevelDebug, DrainDelay: 0, ShutdownTimeout: 3 * time.Second},
		},
		{
			name:  "file",
			env:   map[string]string{"CONFIG_FILE": "/etc/hello-app/config.json"},
			files: map[string]string{"/etc/hello-app/config.json": `{"greeting":"From file","logLevel":"warn","drainDelay":"2s","shutdownTimeout":"7s"}`},
			want:  Config{Port: 8080, Greeting: "From file", LogLevel: slog.LevelWarn, DrainDelay: 2 * time.Second, ShutdownTimeout: 7 * time.Second},
		},
		{
			name:  "environment wins over file",
			env:   map[string]string{"CONFIG_FILE": "c.json", "GREETING": "From env"},
			files: map[string]string{"c.json": `{"greeting":"From file"}`},
			want:  Config{Port: 8080, Greeting: "From env", LogLevel: slog.LevelInfo, DrainDelay: 5 * time.Second, ShutdownTimeout: 20 * time.Second},
		},
		{
			name: "empty variable keeps default",
			env:  map[string]string{"GREETING": ""},
			want: Defaults,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(env(tt.env), files(tt.files))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got != tt.want {
				t.Errorf("Load = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		files map[string]string
		want  string
	}{
		{name: "port not a number", env: map[string]string{"PORT": "abc"}, want: `PORT: invalid value "abc": must be an integer from 1 to 65535`},
		{name: "port too large", env: map[string]string{"PORT": "70000"}, want: `PORT: invalid value "70000": must be an integer from 1 to 65535`},
		{name: "port zero", env: map[string]string{"PORT": "0"}, want: `PORT: invalid value "0": must be an integer from 1 to 65535`},
		{name: "unknown log level", env: map[string]string{"LOG_LEVEL": "verbose"}, want: `LOG_LEVEL: invalid value "verbose": must be one of debug, info, warn, error`},
		{name: "blank greeting", env: map[string]string{"GREETING": "  "}, want: `GREETING: invalid value "  ": must not be blank`},
		{name: "multi-line greeting", env: map[string]string{"GREETING": "a\nb"}, want: `GREETING: invalid value "a\nb": must be a single line`},
		{name: "long greeting", env: map[string]string{"GREETING": strings.Repeat("x", 257)}, want: `GREETING: invalid value "` + strings.Repeat("x", 257) + `": must be at most 256 bytes`},
		{name: "bad duration", env: map[string]string{"DRAIN_DELAY": "5"}, want: `DRAIN_DELAY: invalid value "5": must be a non-negative duration such as 5s`},
		{name: "negative duration", env: map[string]string{"SHUTDOWN_TIMEOUT": "-1s"}, want: `SHUTDOWN_TIMEOUT: invalid value "-1s": must be a non-negative duration such as 5s`},
		{name: "missing file", env: map[string]string{"CONFIG_FILE": "nope.json"}, want: `CONFIG_FILE: file "nope.json" does not exist`},
		{
			name:  "unknown file key",
			env:   map[string]string{"CONFIG_FILE": "c.json"},
			files: map[string]string{"c.json": `{"greting":"typo"}`},
			want:  `CONFIG_FILE: invalid JSON in "c.json": json: unknown field "greting"`,
		},
		{
			name:  "bad file value",
			env:   map[string]string{"CONFIG_FILE": "c.json"},
			files: map[string]string{"c.json": `{"logLevel":"loud"}`},
			want:  `c.json: logLevel: invalid value "loud": must be one of debug, info, warn, error`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env), files(tt.files))
			if err == nil {
				t.Fatalf("Load succeeded, want error %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err.Error(), tt.want)
			}
		})
	}
}
