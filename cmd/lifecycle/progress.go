package main

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progress shows, on a terminal, how far a long read has got: bytes read and
// rows per second, on one line of standard error rewritten in place. It
// stays silent for reads shorter than a second, when standard error is not a
// terminal, and with -q.
type progress struct {
	mu    sync.Mutex // held while writing to w
	w     io.Writer
	bytes atomic.Int64
	rows  atomic.Int64
	start time.Time
	stop  chan struct{}
	done  sync.WaitGroup
	shown bool
}

// startProgress starts the display; stop it with finish. It returns nil when
// no display is wanted (a nil *progress is valid and does nothing).
func startProgress(w io.Writer, enabled bool) *progress {
	if !enabled {
		return nil
	}
	p := &progress{w: w, start: time.Now(), stop: make(chan struct{})}
	p.done.Add(1)
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer p.done.Done()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			p.mu.Lock()
			if p.shown {
				fmt.Fprint(p.w, "\r\033[K")
			}
			p.mu.Unlock()
			return
		case now := <-t.C:
			el := now.Sub(p.start)
			if el < time.Second {
				continue
			}
			p.mu.Lock()
			p.shown = true
			mb := float64(p.bytes.Load()) / 1e6
			rows := p.rows.Load()
			fmt.Fprintf(p.w, "\r\033[Klifecycle: read %.0f MB, %d rows (%.1f MB/s, %.2fM rows/s)",
				mb, rows, mb/el.Seconds(), float64(rows)/1e6/el.Seconds())
			p.mu.Unlock()
		}
	}
}

// pause clears the progress line, if shown, while f writes to the same
// stream; the next tick draws it again.
func (p *progress) pause(f func()) {
	if p == nil {
		f()
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
	f()
}

// reader counts the bytes read through r.
func (p *progress) reader(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return &countingReader{r: r, n: &p.bytes}
}

// rowCounter is where the reader reports rows read, or nil.
func (p *progress) rowCounter() *atomic.Int64 {
	if p == nil {
		return nil
	}
	return &p.rows
}

func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.done.Wait()
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}
