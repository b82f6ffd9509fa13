// Command floor is the benchmark's floor for hello-app: a bare net/http
// handler that serves the same body as hello-app's GET / with nothing else
// (no routing, no logging, no config). hello-app's throughput and latency
// are reported as ratios to it, measured side by side.
package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	hostname, err := os.Hostname()
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	body := []byte(fmt.Sprintf("Hello, world!\nVersion: 1.0.0\nHostname: %s\n", hostname))
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(body)
	})
	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), handler); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}
