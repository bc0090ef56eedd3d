package output

import (
	"errors"
	"os"
	"runtime"
	"sync"
	"syscall"
	"unsafe"
)

// directWriter writes a large output file past the page cache (O_DIRECT)
// once it has filled a buffer, and through the page cache until then and
// for the last partial block.
//
// Why: the file is fsynced before it is renamed into place, so its data
// goes to the disk at once either way; the page cache only adds a copy of
// every byte into pages that must first be found and zeroed by the
// system. On a virtual machine whose pages are handed back to the host when
// free, that copy into fresh pages can cost more CPU than formatting the
// text (the commit that brought this in has the measurements). Written
// directly, the data goes from our aligned buffers to the device.
//
// A direct write waits for the device, so full buffers are written by a
// goroutine of their own, in order, while the caller fills the next (up to
// directBufs buffers in all): the cores that format the text do not wait.
//
// A direct write also holds its goroutine's P (Go's right to run on a
// core) while it waits in the system call: the scheduler hands the P on
// only when its monitor notices a long call, after up to 10 ms, and a write
// of a buffer takes less. So while the writing goroutine runs, GOMAXPROCS
// is one above its setting (see holdIOProc), and the goroutines that format
// keep every core.
//
// A file system that refuses direct writes (EINVAL, as tmpfs on older
// kernels) is written through the page cache instead.
type directWriter struct {
	f    *os.File
	cur  []byte // the buffer being filled: directAlign-aligned, len directBuf
	n    int    // bytes in cur
	bufs int    // buffers made
	skew int    // misalignment of the buffers made (tests only)

	// The writing goroutine, while it runs, owns f, direct, failed, wrote
	// and err; queue is nil when it does not run.
	queue chan []byte   // full buffers to write, in order
	free  chan []byte   // written buffers, for reuse
	done  chan struct{} // closed when the goroutine ends

	direct bool  // O_DIRECT is set on f
	failed bool  // direct writes were refused: write through the cache
	wrote  int64 // bytes written directly
	err    error // the first write error
}

const (
	directAlign = 4096    // address, length and offset of a direct write
	directBuf   = 1 << 20 // a multiple of directAlign
	directBufs  = 4       // buffers at most: one filled, the others queued or written
)

func newFileWriter(f *os.File) flushWriter {
	w := &directWriter{f: f}
	w.cur = w.newBuf()
	return w
}

// newBuf makes an aligned buffer.
func (w *directWriter) newBuf() []byte {
	w.bufs++
	raw := make([]byte, directBuf+directAlign)
	off := int(-uintptr(unsafe.Pointer(&raw[0]))&(directAlign-1)) + w.skew
	return raw[off : off+directBuf]
}

func (w *directWriter) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		c := copy(w.cur[w.n:], p)
		w.n += c
		p = p[c:]
		if w.n == len(w.cur) {
			if err := w.handOff(); err != nil {
				return total - len(p), err
			}
		}
	}
	return total, nil
}

// handOff queues the full buffer for the writing goroutine, started if
// need be, and takes another; it returns an error the goroutine has met.
func (w *directWriter) handOff() error {
	if w.queue == nil {
		if w.err != nil {
			return w.err
		}
		w.queue = make(chan []byte, directBufs)
		w.free = make(chan []byte, directBufs)
		w.done = make(chan struct{})
		holdIOProc()
		go w.writeQueued(w.queue, w.free, w.done)
	}
	select {
	case <-w.done: // stopped by an error
		return w.wait()
	case w.queue <- w.cur:
	}
	w.n = 0
	select {
	case w.cur = <-w.free:
	default:
		if w.bufs < directBufs {
			w.cur = w.newBuf()
		} else {
			select {
			case w.cur = <-w.free:
			case <-w.done:
				return w.wait()
			}
		}
	}
	return nil
}

// writeQueued writes the queued buffers until the queue is closed or a
// write fails.
func (w *directWriter) writeQueued(queue <-chan []byte, free chan<- []byte, done chan<- struct{}) {
	defer close(done)
	defer releaseIOProc() // held by handOff
	for b := range queue {
		if w.err = w.writeBlocks(b); w.err != nil {
			return
		}
		free <- b
	}
}

// ioProcs counts the writing goroutines under way; GOMAXPROCS is one
// above prev while there are any.
var ioProcs struct {
	sync.Mutex
	n, prev int
}

// holdIOProc adds a P for a goroutine that waits in system calls.
func holdIOProc() {
	ioProcs.Lock()
	defer ioProcs.Unlock()
	if ioProcs.n == 0 {
		ioProcs.prev = runtime.GOMAXPROCS(0)
		runtime.GOMAXPROCS(ioProcs.prev + 1)
	}
	ioProcs.n++
}

// releaseIOProc takes back the P of holdIOProc.
func releaseIOProc() {
	ioProcs.Lock()
	defer ioProcs.Unlock()
	if ioProcs.n--; ioProcs.n == 0 {
		runtime.GOMAXPROCS(ioProcs.prev)
	}
}

// wait ends the writing goroutine, once it has written what was queued,
// and returns its error.
func (w *directWriter) wait() error {
	if w.queue != nil {
		close(w.queue)
		<-w.done
		w.queue = nil
	}
	return w.err
}

// writeBlocks writes b, whole blocks, directly unless refused.
func (w *directWriter) writeBlocks(b []byte) error {
	if !w.direct && !w.failed {
		w.failed = setDirect(w.f, true) != nil
		w.direct = !w.failed
	}
	n, err := w.f.Write(b)
	if err != nil && w.direct && errors.Is(err, syscall.EINVAL) {
		// Refused (a file system without direct I/O, a misaligned
		// buffer, or a short write that left the offset unaligned): the
		// rest goes through the cache.
		w.failed = true
		if err = setDirect(w.f, false); err == nil {
			w.direct = false
			_, err = w.f.Write(b[n:])
		}
	} else if err == nil && w.direct {
		w.wrote += int64(len(b))
	}
	return err
}

// Flush writes everything: once the file is being written directly, its
// whole blocks directly and the last partial block through the page cache;
// a file smaller than a buffer all through the page cache.
func (w *directWriter) Flush() error {
	if err := w.wait(); err != nil {
		return err
	}
	b := w.cur[:w.n]
	if w.direct {
		m := w.n &^ (directAlign - 1)
		if err := w.writeBlocks(b[:m]); err != nil {
			return err
		}
		b = b[m:]
		if w.direct {
			if err := setDirect(w.f, false); err != nil {
				return err
			}
			w.direct = false
		}
	}
	if _, err := w.f.Write(b); err != nil {
		return err
	}
	w.n = 0
	return nil
}

// stop ends the writing goroutine without a care for its error: the output
// is abandoned.
func (w *directWriter) stop() { _ = w.wait() }

// setDirect sets or clears O_DIRECT on f.
func setDirect(f *os.File, on bool) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	err = rc.Control(func(fd uintptr) {
		flags, err := fcntl(fd, syscall.F_GETFL, 0)
		if err != nil {
			serr = err
			return
		}
		if on {
			flags |= syscall.O_DIRECT
		} else {
			flags &^= syscall.O_DIRECT
		}
		_, serr = fcntl(fd, syscall.F_SETFL, flags)
	})
	if err != nil {
		return err
	}
	return serr
}

func fcntl(fd uintptr, cmd, arg int) (int, error) {
	r, _, e := syscall.Syscall(syscall.SYS_FCNTL, fd, uintptr(cmd), uintptr(arg))
	if e != 0 {
		return 0, e
	}
	return int(r), nil
}
