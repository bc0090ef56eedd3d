package output

import (
	"errors"
	"os"
	"syscall"
	"unsafe"
)

// directWriter writes a large output file past the page cache (O_DIRECT)
// once it has a full buffer, and through the page cache until then and for
// the last partial block.
//
// Why: the file is fsynced before it is renamed into place, so its data
// goes to the disk at once either way; the page cache only adds a copy of
// every byte into pages that must first be found and zeroed by the
// system. On a virtual machine whose pages are handed back to the host when
// free (as here), that copy into fresh pages costs about 2 ms per MB of
// CPU, more than formatting the text; written directly, the data goes from
// our aligned buffer to the device, and the write waits for the device on
// one goroutine while the others format.
//
// A file system that refuses direct writes (EINVAL, as tmpfs on older
// kernels) is written through the page cache instead.
type directWriter struct {
	f      *os.File
	raw    []byte // backing store of buf
	buf    []byte // directAlign-aligned, len directBuf
	n      int    // bytes in buf
	direct bool   // O_DIRECT is set on f
	failed bool   // direct writes were refused: write through the cache
	wrote  int64  // bytes written directly
}

const (
	directAlign = 4096    // address, length and offset of a direct write
	directBuf   = 1 << 20 // a multiple of directAlign
)

func newFileWriter(f *os.File) flushWriter {
	w := &directWriter{f: f, raw: make([]byte, directBuf+directAlign)}
	off := int(-uintptr(unsafe.Pointer(&w.raw[0])) & (directAlign - 1))
	w.buf = w.raw[off : off+directBuf]
	return w
}

func (w *directWriter) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		c := copy(w.buf[w.n:], p)
		w.n += c
		p = p[c:]
		if w.n == len(w.buf) {
			if err := w.flushBlocks(); err != nil {
				return total - len(p), err
			}
		}
	}
	return total, nil
}

// flushBlocks writes the whole blocks of buf, directly when it can, and
// keeps the rest.
func (w *directWriter) flushBlocks() error {
	m := w.n &^ (directAlign - 1)
	if m == 0 {
		return nil
	}
	if !w.direct && !w.failed {
		w.failed = setDirect(w.f, true) != nil
		w.direct = !w.failed
	}
	n, err := w.f.Write(w.buf[:m])
	if err != nil && w.direct && errors.Is(err, syscall.EINVAL) {
		// Refused (a file system without direct I/O, or a short write
		// left the offset unaligned): the rest goes through the cache.
		w.failed = true
		if err = setDirect(w.f, false); err == nil {
			w.direct = false
			var k int
			k, err = w.f.Write(w.buf[n:m])
			n += k
		}
	}
	if err != nil {
		return err
	}
	if w.direct {
		w.wrote += int64(m)
	}
	w.n = copy(w.buf, w.buf[m:w.n])
	return nil
}

// Flush writes everything: the whole blocks directly once the file is
// being written directly, the last partial block (or all of a file smaller
// than the buffer) through the page cache.
func (w *directWriter) Flush() error {
	if w.direct {
		if err := w.flushBlocks(); err != nil {
			return err
		}
	}
	if w.n == 0 {
		return nil
	}
	if w.direct {
		if err := setDirect(w.f, false); err != nil {
			return err
		}
		w.direct = false
	}
	if _, err := w.f.Write(w.buf[:w.n]); err != nil {
		return err
	}
	w.n = 0
	return nil
}

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
