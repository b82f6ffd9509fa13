package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckTarget(t *testing.T) {
	tests := []struct {
		url         string
		allowRemote bool
		wantErr     string
	}{
		{"http://127.0.0.1/", false, ""},
		{"http://127.0.0.2:8080/", false, ""},
		{"http://localhost:80/x", false, ""},
		{"http://[::1]:80/", false, ""},
		{"http://10.96.0.10/", false, `-url: invalid value "http://10.96.0.10/": not a loopback address (pass -allow-remote to load another host)`},
		{"http://example.com/", false, `-url: invalid value "http://example.com/": not a loopback address (pass -allow-remote to load another host)`},
		{"http://example.com/", true, ""},
		{"ftp://127.0.0.1/", false, `-url: invalid value "ftp://127.0.0.1/": want an http(s) URL`},
	}
	for _, tt := range tests {
		err := checkTarget(tt.url, tt.allowRemote)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.wantErr {
			t.Errorf("checkTarget(%q, %v) = %q, want %q", tt.url, tt.allowRemote, got, tt.wantErr)
		}
	}
}

// TestRunCountsAnswersAndFailures checks the counts against a server that
// switches greeting half way and fails every tenth request.
func TestRunCountsAnswersAndFailures(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		if n%10 == 0 {
			http.Error(w, "draining", http.StatusServiceUnavailable)
			return
		}
		greeting := "Hello, old!"
		if n > 50 {
			greeting = "Hello, new!"
		}
		fmt.Fprintf(w, "%s\nVersion: 1\nHostname: pod-%d\n", greeting, n%2)
	}))
	defer srv.Close()

	got, err := run(context.Background(), options{url: srv.URL, connections: 1, duration: 10 * time.Second, maxRequests: 100})
	if err != nil {
		t.Fatal(err)
	}
	if got.Requests != 90 || got.Errors != 10 {
		t.Errorf("requests, errors = %d, %d; want 90, 10", got.Requests, got.Errors)
	}
	if got.Greetings["Hello, old!"] != 45 || got.Greetings["Hello, new!"] != 45 {
		t.Errorf("greetings = %v", got.Greetings)
	}
	if len(got.Hostnames) != 2 {
		t.Errorf("hostnames = %v, want pod-0 and pod-1", got.Hostnames)
	}
	if got.FirstGreeting != "Hello, old!" || got.FirstOtherMs < got.LastFirstMs {
		t.Errorf("rollout order: first %q, last old at %.1f ms, first new at %.1f ms", got.FirstGreeting, got.LastFirstMs, got.FirstOtherMs)
	}
	if got.ErrorSamples[0] != "503 Service Unavailable" {
		t.Errorf("error sample = %q", got.ErrorSamples[0])
	}
}

// TestRunIsBoundedByRate checks that -rate paces the run: 20 requests at 100/s take about 0.2 s.
func TestRunIsBoundedByRate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "Hello\nHostname: a\n")
	}))
	defer srv.Close()
	start := time.Now()
	got, err := run(context.Background(), options{url: srv.URL, connections: 4, duration: 10 * time.Second, maxRequests: 20, rate: 100})
	if err != nil {
		t.Fatal(err)
	}
	if got.Requests != 20 {
		t.Errorf("requests = %d, want 20", got.Requests)
	}
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Errorf("20 requests at 100/s took %v, want about 200 ms", elapsed)
	}
}

// TestPerSecond checks how answers and failures fall into the run's seconds.
func TestPerSecond(t *testing.T) {
	at := func(ms int) time.Duration { return time.Duration(ms) * time.Millisecond }
	samples := []sample{
		{at: at(10), greeting: "old", hostname: "a"},
		{at: at(990), greeting: "old", hostname: "b"},
		{at: at(1000), greeting: "new", hostname: "a"},
		{at: at(2999), greeting: "new", hostname: "b"}, // sent in the last, partial second
	}
	got := perSecond(samples, []int64{500, 1500, 3100}, at(3000))
	want := []Second{
		{OK: 2, Failed: 1, Greetings: map[string]int{"old": 2}, Hostnames: map[string]int{"a": 1, "b": 1}},
		{OK: 1, Failed: 1, Greetings: map[string]int{"new": 1}, Hostnames: map[string]int{"a": 1}},
		{OK: 1, Greetings: map[string]int{"new": 1}, Hostnames: map[string]int{"b": 1}},
		{Failed: 1, Greetings: map[string]int{}, Hostnames: map[string]int{}}, // failed after the run's end: its last second
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("perSecond =\n%+v\nwant\n%+v", got, want)
	}
}
