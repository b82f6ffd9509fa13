package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/hello-k8s/hello-k8s/app/internal/config"
)

func newTestApp(logs io.Writer) *App {
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	return New(config.Defaults, "1.2.3", "pod-abc", logger)
}

func TestHandlers(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		path       string
		notReady   bool
		wantStatus int
		wantBody   string
	}{
		{name: "hello", method: "GET", path: "/", wantStatus: 200, wantBody: "Hello, world!\nVersion: 1.2.3\nHostname: pod-abc\n"},
		{name: "healthz", method: "GET", path: "/healthz", wantStatus: 200, wantBody: "ok\n"},
		{name: "healthz while shutting down", method: "GET", path: "/healthz", notReady: true, wantStatus: 200, wantBody: "ok\n"},
		{name: "readyz", method: "GET", path: "/readyz", wantStatus: 200, wantBody: "ok\n"},
		{name: "readyz while shutting down", method: "GET", path: "/readyz", notReady: true, wantStatus: 503, wantBody: "shutting down\n"},
		{name: "unknown path", method: "GET", path: "/nope", wantStatus: 404, wantBody: "404 page not found\n"},
		{name: "wrong method", method: "POST", path: "/", wantStatus: 405, wantBody: "Method Not Allowed\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newTestApp(io.Discard)
			app.ready.Store(!tt.notReady)
			rec := httptest.NewRecorder()
			app.Handler().ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := rec.Body.String(); got != tt.wantBody {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
		})
	}
}

func TestHelloContentType(t *testing.T) {
	srv := httptest.NewServer(newTestApp(io.Discard).Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if got, want := resp.Header.Get("Content-Type"), "text/plain; charset=utf-8"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
}

func TestRequestLog(t *testing.T) {
	var logs bytes.Buffer
	app := newTestApp(&logs)
	app.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/missing", nil))

	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("log line is not one JSON object: %v: %q", err, logs.String())
	}
	for key, want := range map[string]any{"msg": "request", "method": "GET", "path": "/missing", "status": float64(404)} {
		if line[key] != want {
			t.Errorf("log %s = %v, want %v", key, line[key], want)
		}
	}
	if _, ok := line["duration_ms"].(float64); !ok {
		t.Errorf("log duration_ms missing or not a number: %v", line["duration_ms"])
	}
}

func TestMetrics(t *testing.T) {
	app := newTestApp(io.Discard)
	h := app.Handler()
	for _, path := range []string{"/", "/", "/", "/healthz", "/readyz", "/metrics"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("GET /metrics: %d %q, want 200 in the Prometheus text format", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	tests := []struct {
		name string
		line string
	}{
		{"requests by code and method: the app's route only", `http_requests_total{code="200",method="get"} 3`},
		{"the latency histogram", `http_request_duration_seconds_count{code="200",method="get"} 3`},
		{"in flight", `http_requests_in_flight 0`},
		{"build info", `hello_app_build_info{goversion="` + runtime.Version() + `",version="1.2.3"} 1`},
		{"the Go runtime", `go_goroutines `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(body, tt.line) {
				t.Errorf("/metrics lacks %q", tt.line)
			}
		})
	}
	if strings.Count(body, "http_requests_total{") != 1 {
		t.Errorf("probes or scrapes were counted:\n%s", body)
	}
}
