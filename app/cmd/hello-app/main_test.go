package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// binary is the real command, built once by TestMain, so the tests exercise
// signal handling and exit codes exactly as a container runtime would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hello-app-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "hello-app")
	if out, err := exec.Command("go", "build", "-ldflags", "-X main.version=9.9.9", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestInvalidConfigExits(t *testing.T) {
	bin := binary
	tests := []struct {
		env  string
		want string
	}{
		{"PORT=abc", "hello-app: PORT: invalid value \"abc\": must be an integer from 1 to 65535\n"},
		{"PORT=70000", "hello-app: PORT: invalid value \"70000\": must be an integer from 1 to 65535\n"},
		{"LOG_LEVEL=loud", "hello-app: LOG_LEVEL: invalid value \"loud\": must be one of debug, info, warn, error\n"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			cmd := exec.Command(bin)
			cmd.Env = []string{tt.env}
			out, err := cmd.CombinedOutput()
			var exitErr *exec.ExitError
			if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 {
				t.Fatalf("exit = %v, want exit status 1", err)
			}
			if string(out) != tt.want {
				t.Errorf("output = %q, want %q", out, tt.want)
			}
		})
	}
}

// TestGracefulShutdownUnderLoad runs the real binary under steady concurrent
// load, sends SIGTERM, and checks that no request fails, that /readyz turns
// 503 before the listener closes, and that the process exits 0.
func TestGracefulShutdownUnderLoad(t *testing.T) {
	bin := binary
	port := freePort(t)
	base := "http://127.0.0.1:" + strconv.Itoa(port)

	cmd := exec.Command(bin)
	cmd.Env = []string{"PORT=" + strconv.Itoa(port), "DRAIN_DELAY=700ms", "SHUTDOWN_TIMEOUT=5s", "LOG_LEVEL=warn"}
	cmd.Stderr = os.Stderr // config or shutdown errors show up in the test log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	waitReady(t, base)

	client := &http.Client{Timeout: 5 * time.Second}
	var (
		stopLoad  atomic.Bool // set once /readyz says 503, as an endpoints controller would
		succeeded atomic.Int64
		failed    atomic.Int64
		firstErr  atomic.Value
		wg        sync.WaitGroup
	)
	const workers = 8
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stopLoad.Load() {
				resp, err := client.Get(base + "/")
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = errors.New(resp.Status)
					}
				}
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				succeeded.Add(1)
				// Steady, not flat out: a few hundred requests per second per worker
				// is load enough, and leaves the cores to the tests beside this one.
				time.Sleep(2 * time.Millisecond)
			}
		}()
	}

	time.Sleep(300 * time.Millisecond) // steady load before the signal
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()

	// Poll /readyz with fresh connections until the listener is gone.
	var saw503, closed time.Time
	probe := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := probe.Get(base + "/readyz")
		if err != nil {
			closed = time.Now()
			break
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable && saw503.IsZero() {
			saw503 = time.Now()
			stopLoad.Store(true)
		}
	}
	stopLoad.Store(true)
	wg.Wait()

	if err := cmd.Wait(); err != nil {
		t.Errorf("process exit: %v, want exit status 0", err)
	}
	if saw503.IsZero() {
		t.Fatal("/readyz never answered 503 before the listener closed")
	}
	if closed.IsZero() {
		t.Fatal("listener never closed")
	}
	if !saw503.Before(closed) {
		t.Errorf("/readyz 503 at %v, listener closed at %v: want 503 first", saw503.Sub(signalled), closed.Sub(signalled))
	}
	if n := failed.Load(); n != 0 {
		t.Errorf("%d of %d requests failed; first: %v", n, n+succeeded.Load(), firstErr.Load())
	}
	if succeeded.Load() < 100 {
		t.Errorf("only %d requests succeeded: the load was not steady", succeeded.Load())
	}
	t.Logf("%d requests, 0 failed; 503 after %v, closed after %v", succeeded.Load(), saw503.Sub(signalled).Round(time.Millisecond), closed.Sub(signalled).Round(time.Millisecond))
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	t.Fatal("server never became ready")
}
