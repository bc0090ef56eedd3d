package output

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"lifecycle/msg"
)

// ErrClosed is returned by Destination.Write after Commit or Abort.
var ErrClosed = msg.Errorf("output destination already closed")

// Destination is where a command's data goes: standard output, or a file
// written atomically. Write to it, then call Commit; call Abort (typically
// deferred) to give up. A Destination is not safe for concurrent use.
//
// For a file, the data goes to a temporary file in the same directory
// (".<name>.tmp<pid>-<random>", locked while written, created with mode 0666
// less the umask, or with the mode of the file it replaces; see temp.go);
// Commit flushes, fsyncs and renames it over the path, then fsyncs the
// directory; Abort or a failed Commit removes it. Open first removes the
// temporary files of the same name left by writers that are gone.
// On Linux a temporary file that outgrows its buffer is written past the
// page cache (O_DIRECT), since it is fsynced anyway (see directWriter).
// The path thus holds either its old content or all the new content. A kill
// by SIGKILL can leave the hidden temporary file behind (until the next run
// writing the path), never a partial path; on SIGINT or SIGTERM the command
// removes it (RemoveTemporaries).
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
		return nil, msg.Errorf("open output %q: is a directory", path)
	case err == nil && !fi.Mode().IsRegular():
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, msg.Errorf("open output: %w", err)
		}
		return &Destination{name: path, tmp: f, buf: bufio.NewWriterSize(f, bufSize)}, nil
	case err == nil:
		perm, keep = fi.Mode().Perm(), true
	case !errors.Is(err, fs.ErrNotExist):
		return nil, msg.Errorf("open output: %w", err)
	}
	removeLeftovers(filepath.Split(target))
	f, err := createTemp(target, perm, keep)
	if err != nil {
		return nil, msg.Errorf("open output %q: %w", path, err)
	}
	return &Destination{name: path, path: target, tmp: f, atomic: true, buf: newFileWriter(f)}, nil
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

// Commit finishes the output: Commit(d). Commit after a successful Commit
// does nothing; after Abort or a failed Commit it fails with ErrClosed.
func (d *Destination) Commit() error { return Commit(d) }

// Commit finishes the outputs of one command together: every one is
// written whole (flushed; an atomic file also fsynced) before any file is
// renamed over its path, so that when one fails none replaces its path:
// the atomic files' temporary files are removed and their paths left as
// they were. Standard output and direct files (devices, pipes) are flushed
// after the atomic files are synced, and before the renames: what they
// were sent cannot be taken back, but their failure still renames nothing.
// The renames come last, one after the other, and a signal handler's
// RemoveTemporaries waits for them; should a rename itself fail (the path
// became a directory meanwhile), the files renamed before it stay renamed.
// Each renamed file's directory is then fsynced.
//
// A nil Destination (an optional output not asked for) and one committed
// before are skipped; one aborted, or whose Commit failed, makes Commit
// fail with ErrClosed (and abort the others). After Commit, successful or
// not, every Destination is closed.
func Commit(ds ...*Destination) error {
	ds = slices.DeleteFunc(slices.Clone(ds), func(d *Destination) bool { return d == nil })
	for _, d := range ds {
		if d.done && !d.written {
			abortAll(ds)
			return ErrClosed
		}
	}
	// Atomic files first: should one fail (a full disk shows at the
	// fsync), standard output and direct files have been sent nothing.
	for _, atomic := range []bool{true, false} {
		for _, d := range ds {
			if d.done || d.atomic != atomic {
				continue
			}
			if err := d.finishWrite(); err != nil {
				abortAll(ds)
				return msg.Errorf("write %s: %w", d.name, err)
			}
		}
	}
	var err error
	live.Lock()
	for _, d := range ds {
		if d.done {
			continue
		}
		d.done = true
		if !d.atomic {
			d.written = true
			continue
		}
		if err != nil { // an earlier rename failed: give up the rest
			removeTemp(d.tmp)
			delete(live.names, d.tmp.Name())
			continue
		}
		if rerr := os.Rename(d.tmp.Name(), d.path); rerr != nil {
			removeTemp(d.tmp)
			err = msg.Errorf("write %s: %w", d.name, rerr)
		} else {
			d.written = true
			if holdWhileRenaming {
				d.tmp.Close() // synced: nothing left to fail; releases the lock
			}
		}
		delete(live.names, d.tmp.Name())
	}
	live.Unlock()
	for _, d := range ds {
		if d.atomic && d.written {
			syncDir(filepath.Dir(d.path))
		}
	}
	return err
}

// finishWrite writes out what d buffers. An atomic file is fsynced, and
// closed where it cannot be renamed open; a direct file is closed.
func (d *Destination) finishWrite() error {
	err := d.buf.Flush()
	if d.stdout != nil {
		return err
	}
	if err == nil && d.atomic {
		err = d.tmp.Sync()
	}
	if !d.atomic || !holdWhileRenaming {
		if cerr := d.tmp.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// abortAll aborts the Destinations of a failed Commit; those committed
// before stay so.
func abortAll(ds []*Destination) {
	for _, d := range ds {
		d.Abort()
	}
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
	switch {
	case d.atomic:
		removeTemp(d.tmp) // where Commit closed it before failing, Close fails: no matter
		dropLive(d.tmp.Name())
	case d.tmp != nil:
		d.tmp.Close()
	}
}
