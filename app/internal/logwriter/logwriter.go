// Package logwriter batches log lines into few writes. A request log writes a
// line per request; written one by one to stdout that is a system call per
// request, more than the request itself costs. Writer keeps every line, in
// order, and hands them to the output in batches: when the buffer fills, and
// at least every interval, so a line is never older than that when it leaves.
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
	mu    sync.Mutex
	out   io.Writer
	buf   []byte
	limit int
	err   error // the first error the output returned
	stop  chan struct{}
	done  chan struct{}
}

// New returns a Writer that flushes to out when limit bytes are buffered and
// every interval. Close it to flush the rest.
func New(out io.Writer, interval time.Duration, limit int) *Writer {
	w := &Writer{out: out, buf: make([]byte, 0, limit), limit: limit, stop: make(chan struct{}), done: make(chan struct{})}
	go w.flushEvery(interval)
	return w
}

// Write buffers p, flushing first if p would not fit.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf)+len(p) > w.limit {
		w.flushLocked()
	}
	if len(p) > w.limit {
		w.write(p)
	} else {
		w.buf = append(w.buf, p...)
	}
	return len(p), w.err
}

// Flush writes out what is buffered.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flushLocked()
	return w.err
}

// Close stops the periodic flush and flushes the rest.
func (w *Writer) Close() error {
	close(w.stop)
	<-w.done
	return w.Flush()
}

func (w *Writer) flushEvery(interval time.Duration) {
	defer close(w.done)
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-ticker.C:
			_ = w.Flush()
		}
	}
}

func (w *Writer) flushLocked() {
	if len(w.buf) > 0 {
		w.write(w.buf)
		w.buf = w.buf[:0]
	}
}

func (w *Writer) write(p []byte) {
	if _, err := w.out.Write(p); err != nil && w.err == nil {
		w.err = err
	}
}
