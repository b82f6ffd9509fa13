// Command hello-loadgen sends GET requests to one URL from a fixed number of
// keep-alive connections for a fixed time, and prints one JSON line with the
// throughput and latency percentiles. It is the benchmark's load generator.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

// Result is what one run measured.
type Result struct {
	Requests     int     `json:"requests"`
	Errors       int     `json:"errors"`
	Seconds      float64 `json:"seconds"`
	RequestsPerS float64 `json:"requests_per_second"`
	P50Millis    float64 `json:"p50_ms"`
	P99Millis    float64 `json:"p99_ms"`
	Connections  int     `json:"connections"`
}

func main() {
	url := flag.String("url", "http://127.0.0.1:8080/", "URL to GET")
	connections := flag.Int("c", 64, "concurrent connections")
	duration := flag.Duration("d", 5*time.Second, "how long to send load")
	flag.Parse()
	result, err := run(*url, *connections, *duration)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hello-loadgen:", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		fmt.Fprintln(os.Stderr, "hello-loadgen:", err)
		os.Exit(1)
	}
}

func run(url string, connections int, duration time.Duration) (Result, error) {
	transport := &http.Transport{MaxIdleConnsPerHost: connections, MaxConnsPerHost: connections}
	client := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()

	var mu sync.Mutex
	var latencies []time.Duration
	errors := 0
	var wg sync.WaitGroup
	start := time.Now()
	for range connections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 1<<14)
			localErrors := 0
			for ctx.Err() == nil {
				t := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					localErrors++
					continue
				}
				local = append(local, time.Since(t))
			}
			mu.Lock()
			latencies = append(latencies, local...)
			errors += localErrors
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(latencies) == 0 {
		return Result{}, fmt.Errorf("no successful requests to %s (%d errors)", url, errors)
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	return Result{
		Requests:     len(latencies),
		Errors:       errors,
		Seconds:      elapsed.Seconds(),
		RequestsPerS: float64(len(latencies)) / elapsed.Seconds(),
		P50Millis:    pct(0.50),
		P99Millis:    pct(0.99),
		Connections:  connections,
	}, nil
}
