// Command hello-loadgen sends GET requests to one URL from a fixed number of
// keep-alive connections and prints one JSON line: throughput, latency
// percentiles, failures, and which greetings and hostnames answered. It is
// the benchmark's load generator and the end-to-end tier's traffic during
// rollouts, drains and restarts.
//
// Every run is bounded: by -d (time), -n (requests) and SIGINT/SIGTERM, which
// end it early and still print the result. -rate paces the whole run
// (0: as fast as the connections go). Only loopback URLs are accepted unless
// -allow-remote is set, so a test can never send traffic off the machine.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Result is what one run measured.
type Result struct {
	Requests      int            `json:"requests"`        // answered 200
	Errors        int            `json:"errors"`          // failed: transport error or another status
	StartedUnixMs int64          `json:"started_unix_ms"` // wall clock at the start: what per_second counts from
	Seconds       float64        `json:"seconds"`
	RequestsPerS  float64        `json:"requests_per_second"`
	P50Millis     float64        `json:"p50_ms"`
	P99Millis     float64        `json:"p99_ms"`
	Connections   int            `json:"connections"`
	Greetings     map[string]int `json:"greetings"` // first line of each 200 body
	Hostnames     map[string]int `json:"hostnames"` // "Hostname:" line of each 200 body
	// The order of a rollout's answers, in ms from the start: the last answer
	// with the first greeting seen, and the first with any other (-1: none).
	FirstGreeting string   `json:"first_greeting"`
	LastFirstMs   float64  `json:"last_first_greeting_ms"`
	FirstOtherMs  float64  `json:"first_other_greeting_ms"`
	ErrorSamples  []string `json:"error_samples"`
	ErrorTimesMs  []int64  `json:"error_times_ms"`
	// The run second by second (answers by when they were sent, failures by when
	// they failed): what the charts draw.
	PerSecond []Second `json:"per_second"`
}

// Second is one second of a run: its answers and failures.
type Second struct {
	OK        int            `json:"ok"`
	Failed    int            `json:"failed"`
	Greetings map[string]int `json:"greetings"`
	Hostnames map[string]int `json:"hostnames"`
}

// options bound one run.
type options struct {
	url         string
	connections int
	duration    time.Duration
	maxRequests int
	rate        float64
	// newConnections opens a connection per request, so each one is balanced anew.
	newConnections bool
}

func main() {
	var opts options
	flag.StringVar(&opts.url, "url", "http://127.0.0.1:8080/", "URL to GET")
	flag.IntVar(&opts.connections, "c", 64, "concurrent connections")
	flag.DurationVar(&opts.duration, "d", 5*time.Second, "longest run")
	flag.IntVar(&opts.maxRequests, "n", 0, "most requests to send (0: no limit but -d)")
	flag.Float64Var(&opts.rate, "rate", 0, "requests per second across all connections (0: unpaced)")
	flag.BoolVar(&opts.newConnections, "new-conn", false, "a new connection per request (no keep-alive), so a load balancer picks a backend for each")
	allowRemote := flag.Bool("allow-remote", false, "accept a URL whose host is not a loopback address")
	flag.Parse()
	if err := checkTarget(opts.url, *allowRemote); err != nil {
		fmt.Fprintln(os.Stderr, "hello-loadgen:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	result, err := run(ctx, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hello-loadgen:", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		fmt.Fprintln(os.Stderr, "hello-loadgen:", err)
		os.Exit(1)
	}
}

// checkTarget refuses URLs that are not http(s) to a loopback address, unless allowed.
func checkTarget(raw string, allowRemote bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return fmt.Errorf("-url: invalid value %q: want an http(s) URL", raw)
	}
	if allowRemote {
		return nil
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-url: invalid value %q: not a loopback address (pass -allow-remote to load another host)", raw)
	}
	return nil
}

// sample is one answered request.
type sample struct {
	at       time.Duration
	latency  time.Duration
	greeting string
	hostname string
}

func run(ctx context.Context, opts options) (Result, error) {
	transport := &http.Transport{MaxIdleConnsPerHost: opts.connections, MaxConnsPerHost: opts.connections, DisableKeepAlives: opts.newConnections}
	client := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	defer transport.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, opts.duration)
	defer cancel()

	var (
		mu      sync.Mutex
		samples []sample
		result  = Result{Connections: opts.connections, Greetings: map[string]int{}, Hostnames: map[string]int{}}
		sent    int
	)
	start := time.Now()
	result.StartedUnixMs = start.UnixMilli()
	// take reserves the next request slot: false once the run is over or the count is reached.
	take := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if ctx.Err() != nil || (opts.maxRequests > 0 && sent >= opts.maxRequests) {
			return false
		}
		sent++
		return true
	}
	var tick <-chan time.Time
	if opts.rate > 0 {
		ticker := time.NewTicker(time.Duration(float64(time.Second) / opts.rate))
		defer ticker.Stop()
		tick = ticker.C
	}
	var wg sync.WaitGroup
	for range opts.connections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if tick != nil {
					select {
					case <-ctx.Done():
						return
					case <-tick:
					}
				}
				if !take() {
					return
				}
				t := time.Now()
				s, err := get(client, opts.url)
				mu.Lock()
				if err != nil {
					result.Errors++
					result.ErrorTimesMs = append(result.ErrorTimesMs, time.Since(start).Milliseconds())
					if len(result.ErrorSamples) < 5 {
						result.ErrorSamples = append(result.ErrorSamples, err.Error())
					}
				} else {
					s.at, s.latency = t.Sub(start), time.Since(t)
					samples = append(samples, s)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(samples) == 0 {
		return Result{}, fmt.Errorf("no successful requests to %s (%d errors: %v)", opts.url, result.Errors, result.ErrorSamples)
	}
	summarize(&result, samples, elapsed)
	return result, nil
}

// summarize fills in the counts, percentiles and rollout order from the samples.
func summarize(result *Result, samples []sample, elapsed time.Duration) {
	slices.SortFunc(samples, func(a, b sample) int { return int(a.at - b.at) })
	result.FirstGreeting = samples[0].greeting
	result.FirstOtherMs = -1
	latencies := make([]time.Duration, len(samples))
	for i, s := range samples {
		latencies[i] = s.latency
		result.Greetings[s.greeting]++
		result.Hostnames[s.hostname]++
		ms := float64(s.at.Microseconds()) / 1000
		if s.greeting == result.FirstGreeting {
			result.LastFirstMs = ms
		} else if result.FirstOtherMs < 0 {
			result.FirstOtherMs = ms
		}
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	result.Requests = len(samples)
	result.Seconds = elapsed.Seconds()
	result.RequestsPerS = float64(len(samples)) / elapsed.Seconds()
	result.P50Millis, result.P99Millis = pct(0.50), pct(0.99)
	result.PerSecond = perSecond(samples, result.ErrorTimesMs, elapsed)
}

// perSecond buckets answers by the second they were sent in, failures by the second they failed in.
func perSecond(samples []sample, errorTimesMs []int64, elapsed time.Duration) []Second {
	seconds := make([]Second, int(elapsed/time.Second)+1)
	for i := range seconds {
		seconds[i] = Second{Greetings: map[string]int{}, Hostnames: map[string]int{}}
	}
	for _, s := range samples {
		second := &seconds[min(int(s.at/time.Second), len(seconds)-1)]
		second.OK++
		second.Greetings[s.greeting]++
		second.Hostnames[s.hostname]++
	}
	for _, ms := range errorTimesMs {
		seconds[min(int(ms/1000), len(seconds)-1)].Failed++
	}
	return seconds
}

// get sends one request; anything but a 200 with a readable body is an error.
func get(client *http.Client, url string) (sample, error) {
	resp, err := client.Get(url)
	if err != nil {
		return sample{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return sample{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return sample{}, errors.New(resp.Status)
	}
	lines := strings.Split(string(body), "\n")
	s := sample{greeting: lines[0]}
	for _, line := range lines[1:] {
		if host, ok := strings.CutPrefix(line, "Hostname: "); ok {
			s.hostname = host
		}
	}
	return s, nil
}
