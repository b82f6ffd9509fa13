// Package config loads hello-app's settings from an optional JSON file
// (mounted from a ConfigMap) and the environment, which wins over the file.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Config is the validated configuration of one hello-app process.
type Config struct {
	// Port is the TCP port the server listens on.
	Port int
	// Greeting is the first line of every response to GET /.
	Greeting string
	// LogLevel is the minimum level of the JSON logs.
	LogLevel slog.Level
	// DrainDelay is how long /readyz answers 503 before the listener closes,
	// so that load balancers stop sending traffic first.
	DrainDelay time.Duration
	// ShutdownTimeout bounds how long in-flight requests may take to finish.
	ShutdownTimeout time.Duration
}

// Defaults are the values used when neither the file nor the environment sets one.
var Defaults = Config{
	Port:            8080,
	Greeting:        "Hello, world!",
	LogLevel:        slog.LevelInfo,
	DrainDelay:      5 * time.Second,
	ShutdownTimeout: 20 * time.Second,
}

// MaxGreetingBytes bounds the greeting so a bad ConfigMap cannot bloat every response.
const MaxGreetingBytes = 256

// file is the shape of the optional JSON config file; every key is optional.
type file struct {
	Greeting        *string `json:"greeting"`
	LogLevel        *string `json:"logLevel"`
	DrainDelay      *string `json:"drainDelay"`
	ShutdownTimeout *string `json:"shutdownTimeout"`
}

// Load builds a Config from the defaults, then the JSON file named by
// CONFIG_FILE (if set), then the environment variables PORT, GREETING,
// LOG_LEVEL, DRAIN_DELAY and SHUTDOWN_TIMEOUT. Each error names the variable
// (or file key) and the bad value, on one line.
func Load(getenv func(string) string, readFile func(string) ([]byte, error)) (Config, error) {
	cfg := Defaults
	if path := getenv("CONFIG_FILE"); path != "" {
		if err := cfg.applyFile(path, readFile); err != nil {
			return Config{}, err
		}
	}
	if err := cfg.applyEnv(getenv); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func (c *Config) applyFile(path string, readFile func(string) ([]byte, error)) error {
	data, err := readFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("CONFIG_FILE: file %q does not exist", path)
		}
		return fmt.Errorf("CONFIG_FILE: cannot read %q: %v", path, err)
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	// A misspelled key is a mistake, not something to ignore silently.
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("CONFIG_FILE: invalid JSON in %q: %v", path, err)
	}
	set := func(key string, v *string, apply func(string, string) error) error {
		if v == nil {
			return nil
		}
		return apply(path+": "+key, *v)
	}
	return errors.Join(
		set("greeting", f.Greeting, c.setGreeting),
		set("logLevel", f.LogLevel, c.setLogLevel),
		set("drainDelay", f.DrainDelay, durationSetter(&c.DrainDelay)),
		set("shutdownTimeout", f.ShutdownTimeout, durationSetter(&c.ShutdownTimeout)),
	)
}

func (c *Config) applyEnv(getenv func(string) string) error {
	vars := []struct {
		name  string
		apply func(string, string) error
	}{
		{"PORT", c.setPort},
		{"GREETING", c.setGreeting},
		{"LOG_LEVEL", c.setLogLevel},
		{"DRAIN_DELAY", durationSetter(&c.DrainDelay)},
		{"SHUTDOWN_TIMEOUT", durationSetter(&c.ShutdownTimeout)},
	}
	for _, v := range vars {
		value, ok := lookup(getenv, v.name)
		if !ok {
			continue
		}
		if err := v.apply(v.name, value); err != nil {
			return err
		}
	}
	return nil
}

// lookup treats an empty variable as unset, as Kubernetes env from an empty
// ConfigMap key would otherwise wipe a default.
func lookup(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

func (c *Config) setPort(name, value string) error {
	port, err := strconv.Atoi(value)
	if err != nil || port < 1 || port > 65535 {
		return fmt.Errorf("%s: invalid value %q: must be an integer from 1 to 65535", name, value)
	}
	c.Port = port
	return nil
}

func (c *Config) setGreeting(name, value string) error {
	if strings.TrimSpace(value) == "" {
		return fmt.Errorf("%s: invalid value %q: must not be blank", name, value)
	}
	if len(value) > MaxGreetingBytes {
		return fmt.Errorf("%s: invalid value %q: must be at most %d bytes", name, value, MaxGreetingBytes)
	}
	if strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("%s: invalid value %q: must be a single line", name, value)
	}
	c.Greeting = value
	return nil
}

func (c *Config) setLogLevel(name, value string) error {
	var level slog.Level
	switch strings.ToLower(value) {
	case "debug":
		level = slog.LevelDebug
	case "info":
		level = slog.LevelInfo
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	default:
		return fmt.Errorf("%s: invalid value %q: must be one of debug, info, warn, error", name, value)
	}
	c.LogLevel = level
	return nil
}

func durationSetter(dst *time.Duration) func(string, string) error {
	return func(name, value string) error {
		d, err := time.ParseDuration(value)
		if err != nil || d < 0 {
			return fmt.Errorf("%s: invalid value %q: must be a non-negative duration such as 5s", name, value)
		}
		*dst = d
		return nil
	}
}
