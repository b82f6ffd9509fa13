package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestExitsOnTerm runs the real program and checks that SIGTERM ends it with status 0.
func TestExitsOnTerm(t *testing.T) {
	if os.Getenv("PAUSE_UNDER_TEST") == "1" {
		run(func() { fmt.Println("ready") })
		return
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestExitsOnTerm$")
		cmd.Env = append(os.Environ(), "PAUSE_UNDER_TEST=1")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Signal only once its handlers are in: a loaded machine may start it slowly.
		if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
			t.Fatalf("%v: the program did not say ready: %q %v", sig, line, err)
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%v: exited with %v, want status 0", sig, err)
			}
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("%v: still running after 5 s", sig)
		}
	}
}
