package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// ErrClosed is returned by Destination.Write after Commit or Abort.
var ErrClosed = errors.New("output destination already closed")

// Destination is where a command's data goes: standard output, or a file
// written atomically. Write to it, then call Commit; call Abort (typically
// deferred) to give up. A Destination is not safe for concurrent use.
//
// For a file, the data goes to a temporary file in the same directory
// (".<name>.tmp<random>", created with mode 0666 less the umask, or with the
// mode of the file it replaces); Commit flushes, fsyncs and renames it over
// the path, then fsyncs the directory; Abort or a failed Commit removes it.
// On Linux a temporary file that outgrows its buffer is written past the
// page cache (O_DIRECT), since it is fsynced anyway (see directWriter).
// The path thus holds either its old content or all the new content. A kill
// by SIGKILL can leave the hidden temporary file behind, never a partial path.
//
// A path naming an existing non-regular file (a device such as /dev/null, a
// named pipe) is written directly, as such files cannot be replaced.
type Destination struct {
	name    string    // what to call the destination in messages
	path    string    // final path of an atomic file
	tmp     *os.File  // temporary file of an atomic file, or a direct file
	stdout  io.Writer // set when writing to standard output
	buf     flushWriter
	atomic  bool // tmp must be renamed to path on Commit
	done    bool // Commit or Abort was called
	written bool // Commit succeeded
}

// Open returns the Destination for an -o value: "" or "-" is stdout (written
// through a buffer, not atomic), anything else a file path written
// atomically. Open fails when the path is a directory or its directory cannot
// hold a new file.
func Open(path string, stdout io.Writer) (*Destination, error) {
	if isStdoutPath(path) {
		return &Destination{name: "standard output", stdout: stdout, buf: bufio.NewWriterSize(stdout, bufSize)}, nil
	}
	target := path
	var perm fs.FileMode = 0o666 // less the umask
	keep := false                // keep perm exactly: the file exists
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// Replace the file the link points to, not the link.
		if resolved, err := filepath.EvalSymlinks(path); err == nil {
			target = resolved
		}
	}
	fi, err := os.Stat(target)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("open output %q: is a directory", path)
	case err == nil && !fi.Mode().IsRegular():
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("open output: %w", err)
		}
		return &Destination{name: path, tmp: f, buf: bufio.NewWriterSize(f, bufSize)}, nil
	case err == nil:
		perm, keep = fi.Mode().Perm(), true
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open output: %w", err)
	}
	f, err := createTemp(target, perm, keep)
	if err != nil {
		return nil, fmt.Errorf("open output %q: %w", path, err)
	}
	return &Destination{name: path, path: target, tmp: f, atomic: true, buf: newFileWriter(f)}, nil
}

// createTemp creates a new temporary file next to target with mode perm,
// less the umask unless keep is set.
func createTemp(target string, perm fs.FileMode, keep bool) (*os.File, error) {
	dir, base := filepath.Split(target)
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			// Name the directory, not the random temporary name.
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("cannot create a file in %s: %w", filepath.Clean(dir), pe.Err)
			}
			return nil, err
		}
		if keep {
			// Replacing a file: keep its mode exactly, whatever the umask.
			if err := f.Chmod(perm); err != nil {
				f.Close()
				os.Remove(name)
				return nil, err
			}
		}
		return f, nil
	}
	return nil, errors.New("cannot create a temporary file: too many collisions")
}

// flushWriter is a buffered writer.
type flushWriter interface {
	io.Writer
	Flush() error
}

// Name returns the -o path, or "standard output".
func (d *Destination) Name() string { return d.name }

// Write buffers p for the destination. It fails with ErrClosed after Commit
// or Abort.
func (d *Destination) Write(p []byte) (int, error) {
	if d.done {
		return 0, ErrClosed
	}
	return d.buf.Write(p)
}

// Commit finishes the output. For standard output or a direct file it
// flushes the buffer; for an atomic file it flushes, fsyncs, closes and
// renames the temporary file over the path, then fsyncs the directory; on
// failure the temporary file is removed and the path left as it was.
// Commit after a successful Commit does nothing; after Abort it fails with
// ErrClosed.
func (d *Destination) Commit() error {
	if d.done {
		if d.written {
			return nil
		}
		return ErrClosed
	}
	d.done = true
	if d.stdout != nil {
		if err := d.buf.Flush(); err != nil {
			return fmt.Errorf("write %s: %w", d.name, err)
		}
		d.written = true
		return nil
	}
	err := d.buf.Flush()
	if err == nil && d.atomic {
		err = d.tmp.Sync()
	}
	if cerr := d.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && d.atomic {
		err = os.Rename(d.tmp.Name(), d.path)
	}
	if err != nil {
		if d.atomic {
			os.Remove(d.tmp.Name())
		}
		return fmt.Errorf("write %s: %w", d.name, err)
	}
	if d.atomic {
		syncDir(filepath.Dir(d.path))
	}
	d.written = true
	return nil
}

// syncDir makes a rename in dir durable, where the system allows it; errors
// are ignored (the rename itself has succeeded).
func syncDir(dir string) {
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = f.Sync()
	f.Close()
}

// Abort gives up the output: an atomic file's temporary file is closed and
// removed (the path is left as it was), buffered standard output is dropped.
// Abort after Commit or Abort does nothing, so it can be deferred.
func (d *Destination) Abort() {
	if d.done {
		return
	}
	d.done = true
	if s, ok := d.buf.(interface{ stop() }); ok {
		s.stop()
	}
	d.buf = nil
	if d.tmp != nil {
		d.tmp.Close()
		if d.atomic {
			os.Remove(d.tmp.Name())
		}
	}
}
