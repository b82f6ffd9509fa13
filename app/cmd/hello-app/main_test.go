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
			cmd := exec.Command(binary)
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
// load, sends SIGTERM, and checks that /readyz turns 503 before the listener
// closes, that requests sent during the drain delay are still served, that no
// request fails, and that the process exits 0.
func TestGracefulShutdownUnderLoad(t *testing.T) {
	const (
		drainDelay = time.Second
		// endpointLag is how long load keeps arriving after /readyz says 503,
		// as it does while kube-proxy catches up; it must stay below drainDelay.
		endpointLag = 300 * time.Millisecond
		workers     = 8
		warmup      = 50 // requests served before the signal
	)
	port := freePort(t)
	base := "http://127.0.0.1:" + strconv.Itoa(port)

	cmd := exec.Command(binary)
	cmd.Env = []string{"PORT=" + strconv.Itoa(port), "DRAIN_DELAY=" + drainDelay.String(), "SHUTDOWN_TIMEOUT=5s", "LOG_LEVEL=warn"}
	cmd.Stderr = os.Stderr // config or shutdown errors show up in the test log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	waitReady(t, base)

	client := &http.Client{Timeout: 5 * time.Second}
	var (
		stopLoad  atomic.Bool
		succeeded atomic.Int64
		failed    atomic.Int64
		firstErr  atomic.Value
		wg        sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stopLoad.Load() {
				if err := get(client, base+"/"); err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				succeeded.Add(1)
				// Steady, not flat out: load enough, and leaves the cores to the
				// tests beside this one.
				time.Sleep(2 * time.Millisecond)
			}
		}()
	}
	t.Cleanup(func() { stopLoad.Store(true); wg.Wait() })

	// Counted, not timed, so a busy machine only makes the test slower.
	for deadline := time.Now().Add(10 * time.Second); succeeded.Load() < warmup; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d requests served in 10s before the signal", succeeded.Load())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	beforeSignal := succeeded.Load()

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
			time.AfterFunc(endpointLag, func() { stopLoad.Store(true) })
		}
	}
	stopLoad.Store(true)
	wg.Wait()
	// A spare connection the client dialled but never used counts as busy for
	// 5s in Shutdown (net/http, issue 22682); a departing client closes it.
	client.CloseIdleConnections()

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
	draining := succeeded.Load() - beforeSignal
	if draining == 0 {
		t.Error("no request was served after the signal: the drain delay was not exercised")
	}
	t.Logf("%d served (%d after the signal), %d failed; 503 after %v, closed after %v",
		succeeded.Load(), draining, failed.Load(), saw503.Sub(signalled).Round(time.Millisecond), closed.Sub(signalled).Round(time.Millisecond))
}

// get sends one request and reads the whole answer; anything but 200 is an error.
func get(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
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
