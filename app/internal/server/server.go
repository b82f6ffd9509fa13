// Package server serves hello-app's HTTP endpoints and shuts down gracefully.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/hello-k8s/hello-k8s/app/internal/config"
)

// App holds what the handlers need: the configuration, identity and readiness.
type App struct {
	cfg      config.Config
	version  string
	hostname string
	logger   *slog.Logger
	ready    atomic.Bool
	hello    []byte // GET /'s body, the same for every request
	metrics  *metrics
}

// New returns an App that reports ready until Run begins to shut down.
func New(cfg config.Config, version, hostname string, logger *slog.Logger) *App {
	a := &App{cfg: cfg, version: version, hostname: hostname, logger: logger, metrics: newMetrics(version)}
	a.hello = fmt.Appendf(nil, "%s\nVersion: %s\nHostname: %s\n", cfg.Greeting, version, hostname)
	a.ready.Store(true)
	return a
}

// Handler returns the app's routes, wrapped in request logging. Only the
// app's own route is in the request metrics: probes and scrapes would
// otherwise outnumber the traffic they watch.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", a.metrics.instrument(http.HandlerFunc(a.handleHello)))
	mux.HandleFunc("GET /healthz", a.handleHealthz)
	mux.HandleFunc("GET /readyz", a.handleReadyz)
	mux.Handle("GET /metrics", a.metrics.handler())
	return a.logRequests(mux)
}

// handleHello answers like the GKE hello-app sample: greeting, version, hostname.
func (a *App) handleHello(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write(a.hello) // an error here is the client's disconnect; the access log has the status
}

// handleHealthz is the liveness probe: 200 for as long as the process serves.
func (a *App) handleHealthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

// handleReadyz is the readiness probe: 200 until shutdown begins, then 503 so
// the Service stops routing new traffic here before the listener closes.
func (a *App) handleReadyz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !a.ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "shutting down")
		return
	}
	fmt.Fprintln(w, "ok")
}

// statusRecorder remembers the status code a handler wrote, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// logRequests writes one JSON log line per request.
func (a *App) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		a.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		)
	})
}

// Run serves on ln until ctx is done, then drains: /readyz turns 503 at once,
// the listener stays open for DrainDelay, and Shutdown lets in-flight
// requests finish within ShutdownTimeout. A clean shutdown returns nil.
func (a *App) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	a.logger.Info("listening", slog.String("addr", ln.Addr().String()), slog.String("version", a.version))

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	a.ready.Store(false)
	a.logger.Info("shutdown started", slog.Duration("drain_delay", a.cfg.DrainDelay))
	time.Sleep(a.cfg.DrainDelay)

	shutdownCtx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	a.logger.Info("shutdown complete")
	return nil
}
