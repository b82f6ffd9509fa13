// Command hello-app is the sample workload: it greets, reports its version
// and hostname, exposes health endpoints and shuts down gracefully.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/hello-k8s/hello-k8s/app/internal/config"
	"github.com/hello-k8s/hello-k8s/app/internal/logwriter"
	"github.com/hello-k8s/hello-k8s/app/internal/server"
)

// version is stamped at build time: -ldflags "-X main.version=1.2.3".
var version = "1.0.0"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "hello-app:", err)
		os.Exit(1)
	}
}

func run() (err error) {
	cfg, err := config.Load(os.Getenv, os.ReadFile)
	if err != nil {
		return err
	}
	// A request log line per request, batched into few writes to stdout.
	logs := logwriter.New(os.Stdout, 100*time.Millisecond, 64<<10)
	defer func() {
		if closeErr := logs.Close(); err == nil && closeErr != nil {
			err = fmt.Errorf("log: %w", closeErr)
		}
	}()
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: cfg.LogLevel}))
	hostname, err := os.Hostname()
	if err != nil {
		return fmt.Errorf("hostname: %w", err)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("", strconv.Itoa(cfg.Port)))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return server.New(cfg, version, hostname, logger).Run(ctx, ln)
}
