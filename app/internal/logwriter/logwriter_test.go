package logwriter

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is an output that remembers each write it received.
type recorder struct {
	mu     sync.Mutex
	writes []string
	fail   error
}

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, string(p))
	return len(p), r.fail
}

func (r *recorder) all() (string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.writes, ""), len(r.writes)
}

func TestKeepsEveryLineWholeAndInOrder(t *testing.T) {
	tests := []struct {
		name     string
		lines    int
		limit    int
		oneWrite bool // all fit and no interval passes: one write, at Close
	}{
		{"all fit: one write at close", 10, 1024, true},
		{"a limit of 3 lines: batches as the flusher is woken", 1000, 30, false},
		{"a line larger than the limit", 20, 5, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := &recorder{}
			w := New(out, time.Hour, tt.limit)
			var want bytes.Buffer
			for i := range tt.lines {
				line := fmt.Sprintf("line %03d\n", i) // 9 bytes
				want.WriteString(line)
				if _, err := w.Write([]byte(line)); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			got, writes := out.all()
			if got != want.String() {
				t.Errorf("output = %q, want %q", got, want.String())
			}
			if tt.oneWrite && writes != 1 {
				t.Errorf("%d writes to the output, want 1", writes)
			}
			for _, batch := range out.writes {
				if !strings.HasSuffix(batch, "\n") {
					t.Errorf("batch %q splits a line", batch)
				}
			}
		})
	}
}

// stalled is an output whose writes wait until it is released.
type stalled struct {
	recorder
	entered chan struct{}
	release chan struct{}
}

func (s *stalled) Write(p []byte) (int, error) {
	select {
	case s.entered <- struct{}{}:
	default:
	}
	<-s.release
	return s.recorder.Write(p)
}

func TestWriteNeverWaitsForTheOutput(t *testing.T) {
	out := &stalled{entered: make(chan struct{}, 1), release: make(chan struct{})}
	w := New(out, time.Millisecond, 16)
	if _, err := w.Write([]byte("first line over the limit\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-out.entered: // the flusher is now stuck in the output's Write
	case <-time.After(5 * time.Second):
		t.Fatal("the flusher never wrote")
	}
	wrote := make(chan struct{})
	go func() {
		for i := range 1000 {
			_, _ = fmt.Fprintf(w, "line %03d\n", i)
		}
		close(wrote)
	}()
	select {
	case <-wrote:
	case <-time.After(5 * time.Second):
		t.Fatal("Write waited for a stalled output")
	}
	close(out.release)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := out.all()
	if n := strings.Count(got, "\n"); n != 1001 {
		t.Errorf("%d lines reached the output, want 1001", n)
	}
}

func TestAFullBufferIsFlushedWithoutWaitingForTheInterval(t *testing.T) {
	out := &recorder{}
	w := New(out, time.Hour, 16)
	defer w.Close()
	_, _ = w.Write([]byte("a line of more than 16 bytes\n"))
	waitForOutput(t, out, "a line of more than 16 bytes\n", "the full buffer was not flushed")
}

func TestFlushesEveryInterval(t *testing.T) {
	out := &recorder{}
	w := New(out, 10*time.Millisecond, 1024)
	defer w.Close()
	_, _ = w.Write([]byte("hello\n"))
	waitForOutput(t, out, "hello\n", "the line was not flushed by the periodic flush")
}

// waitForOutput polls out for up to 5 s until it holds want.
func waitForOutput(t *testing.T, out *recorder, want, failure string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if got, _ := out.all(); got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(failure)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestReportsTheOutputsError(t *testing.T) {
	out := &recorder{fail: errors.New("disk full")}
	w := New(out, time.Hour, 1024)
	_, _ = w.Write([]byte("x\n"))
	if err := w.Close(); err == nil || err.Error() != "disk full" {
		t.Errorf("Close() = %v, want disk full", err)
	}
}
