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

func TestBatchesWholeLinesInOrder(t *testing.T) {
	tests := []struct {
		name       string
		lines      int
		limit      int
		wantWrites int
	}{
		{"all fit: one write at close", 10, 1024, 1},
		{"limit of 3 lines: a write per 3 lines", 10, 30, 4},
		{"a line larger than the limit goes out alone", 2, 5, 2},
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
			if writes != tt.wantWrites {
				t.Errorf("%d writes to the output, want %d", writes, tt.wantWrites)
			}
			for _, batch := range out.writes {
				if !strings.HasSuffix(batch, "\n") {
					t.Errorf("batch %q splits a line", batch)
				}
			}
		})
	}
}

func TestFlushesEveryInterval(t *testing.T) {
	out := &recorder{}
	w := New(out, 10*time.Millisecond, 1024)
	defer w.Close()
	_, _ = w.Write([]byte("hello\n"))
	deadline := time.Now().Add(5 * time.Second)
	for {
		if got, _ := out.all(); got == "hello\n" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the line was not flushed by the periodic flush")
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
