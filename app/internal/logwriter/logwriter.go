// Package logwriter batches log lines into few writes, and keeps the writes
// off the callers' path. A request log writes a line per request; written one
// by one to stdout that is a system call per request, more than the request
// itself costs, and a slow reader of stdout would make requests wait.
//
// Write only appends to memory. One goroutine hands the lines to the output,
// in order and in batches: when the buffer passes its limit, and at least
// every interval, so a line is never much older than that when it leaves.
// Every line is kept: while the output is slow the buffer grows instead of
// making a caller wait, and Close writes whatever is left.
package logwriter

import (
	"io"
	"sync"
	"time"
)

// Writer is an io.Writer safe for concurrent use. Each Write is kept whole,
// so a caller that writes whole lines (as slog's handlers do) never has a
// line split across batches.
type Writer struct {
	out   io.Writer
	limit int

	mu    sync.Mutex
	buf   []byte // lines not yet handed to the flusher
	spare []byte // the flusher's last batch, reused
	err   error  // the first error the output returned

	full chan struct{} // the buffer passed its limit: flush now
	stop chan struct{}
	done chan struct{}
}

// New returns a Writer that flushes to out when limit bytes are buffered and
// every interval. Close it to flush the rest.
func New(out io.Writer, interval time.Duration, limit int) *Writer {
	w := &Writer{
		out: out, limit: limit, buf: make([]byte, 0, limit), spare: make([]byte, 0, limit),
		full: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
	go w.flushLoop(interval)
	return w
}

// Write appends p to the buffer; it never waits for the output.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.buf = append(w.buf, p...)
	over, err := len(w.buf) >= w.limit, w.err
	w.mu.Unlock()
	if over {
		select {
		case w.full <- struct{}{}:
		default: // a flush is already due
		}
	}
	return len(p), err
}

// Close stops the flusher after it has written every buffered line, and
// returns the first error the output returned.
func (w *Writer) Close() error {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *Writer) flushLoop(interval time.Duration) {
	defer close(w.done)
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-w.stop:
			w.flush()
			return
		case <-w.full:
		case <-ticker.C:
		}
		w.flush()
	}
}

// flush swaps the buffer for the spare under the lock and writes the batch
// outside it, so callers keep appending while the output is written.
func (w *Writer) flush() {
	w.mu.Lock()
	batch := w.buf
	w.buf = w.spare[:0]
	w.mu.Unlock()
	if len(batch) == 0 {
		w.spare = batch
		return
	}
	_, err := w.out.Write(batch)
	w.mu.Lock()
	if err != nil && w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
	w.spare = batch[:0]
}
